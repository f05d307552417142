"""Demo records for the disclosure work outside requests: a catalogue of a few hundred documents
per demo department (2024 to today, across year boundaries; ``scale`` times as many for load
tests), a 权责清单, entered table 二 figures, review and litigation cases, and a year of the
市档案局 reading-room register. Everything goes through the service functions. Deterministic (a
seeded generator), so the demo reads the same every time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Category, DocType, PowerKind, Status
from gongkai.catalogue.publication import LEGAL_REVIEW_TYPES, document_publish, document_review
from gongkai.catalogue.services import (
    document_create,
    document_set_status,
    power_item_create,
    year_figures_set,
)
from gongkai.workdays.clock import Calendar
from gongkai.workdays.selectors import platform_calendar

FIRST_DAY = date(2024, 1, 2)
# The demo's recent documents go through 保密审查 and publication in the platform; older ones
# are registered as published before it (historical publication), as an agency's catalogue is
# when it starts using gongkai.
REVIEWED_IN_PLATFORM_DAYS = 60

# (prefix of 文号, subject category, topics) per department code.
PROFILES: dict[str, tuple[str, Any, list[str]]] = {
    "JL-JYJ": (
        "临教",
        Category.EDUCATION,
        [
            "中小学校学生欠费管理",
            "义务教育阶段招生入学",
            "民办学校年度检查",
            "校外培训机构监管",
            "学前教育资助",
            "教师资格认定",
            "中小学课后服务",
            "校园食品安全",
            "高中阶段学校招生",
            "特殊教育提升",
            "学生体质健康监测",
            "教育督导评估",
        ],
    ),
    "JL-ZRJ": (
        "临自然资规",
        Category.LAND,
        [
            "国有建设用地使用权出让",
            "不动产登记便民服务",
            "国土空间总体规划",
            "耕地占补平衡",
            "地质灾害防治",
            "测绘成果管理",
            "建设项目用地预审",
            "城市更新单元规划",
            "自然资源确权登记",
            "矿产资源开发利用",
        ],
    ),
    "JL-DAJ": (
        "临档",
        Category.CULTURE,
        [
            "机关档案工作规范",
            "档案开放审核",
            "电子文件归档",
            "档案馆接收进馆",
            "重大活动档案管理",
            "档案安全检查",
            "村级档案规范化管理",
            "档案信息化建设",
        ],
    ),
}
KINDS = [
    ("关于印发《江临市{t}办法》的通知", DocType.NORMATIVE, "发"),
    ("关于进一步加强{t}工作的通知", DocType.NORMATIVE, "发"),
    ("关于{t}有关事项的公告", DocType.OTHER, "告"),
    ("关于做好{t}工作的通知", DocType.OTHER, "办"),
    ("关于{t}情况的通报", DocType.OTHER, "办"),
    ("关于公布{t}结果的公告", DocType.OTHER, "告"),
    ("{y}年{t}工作要点", DocType.OTHER, "办"),
]
BODY = (
    "各有关单位：\n"
    "为贯彻落实上级关于{t}的决策部署，进一步规范{t}工作，结合本市实际，现就有关事项通知如下。\n"
    "一、总体要求。坚持依法行政、公开透明，明确职责分工，确保{t}各项工作落到实处。\n"
    "二、主要任务。各单位要按照职责分工，细化工作措施，建立工作台账，"
    "于每季度末报送工作进展。\n"
    "三、保障措施。加强组织领导，强化督促检查，对工作不力的单位予以通报。\n"
    "本文件自发布之日起施行，有效期五年。"
)


def load_catalogue_demo(
    actor: Any, agencies: list[Agency], today: date | None = None, scale: int = 1
) -> None:
    """Catalogue, table 二 figures and power list for each department in ``agencies``.
    ``scale`` documents are written on each demo day instead of one (``scale=1`` is the usual
    demo)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    today = today or timezone.localdate()
    calendar = platform_calendar()
    rng = random.Random(20260101)
    for agency in agencies:
        profile = PROFILES.get(agency.short_code)
        if profile is None:
            continue
        _catalogue(actor, agency, profile, calendar, rng, today, scale)
        _powers(actor, agency, profile[2])
        for year in range(FIRST_DAY.year, today.year):
            _figures(actor, agency, year, rng)


def _catalogue(
    actor: Any,
    agency: Agency,
    profile: tuple[str, Any, list[str]],
    calendar: Calendar,
    rng: random.Random,
    today: date,
    scale: int = 1,
) -> None:
    prefix, category, topics = profile
    serials: dict[tuple[int, str], int] = {}
    day = FIRST_DAY
    # The 规范性文件 still in force, by topic (and by generator, see below): what a new one on
    # the same topic may replace.
    in_force: dict[tuple[str, bool], list[Any]] = {}
    extra = random.Random(f"{agency.short_code}-scale")
    recent = timedelta(days=REVIEWED_IN_PLATFORM_DAYS)
    while day < today - timedelta(days=3):
        day += timedelta(days=rng.choice((1, 2, 3, 4, 5, 6)))
        if day > today:
            break  # nothing is written after the day the demo is loaded
        if day.weekday() >= 5:
            continue
        for copy in range(scale):
            # The extra documents of a scaled demo draw from their own generator and replace only
            # each other, so the days and the first document of each stay the usual demo's.
            draw = rng if copy == 0 else extra
            template, doc_type, kind = draw.choice(KINDS)
            topic = draw.choice(topics)
            serial = serials[(day.year, kind)] = serials.get((day.year, kind), 0) + 1
            # Mostly published within a week; one in fifteen past the 20-working-day limit.
            delay = draw.choice((1, 2, 3, 5, 7)) if draw.random() > 1 / 15 else 35
            published = day + timedelta(days=delay)
            document = document_create(
                actor=actor,
                agency=agency,
                calendar=calendar,
                title=f"{agency.name}{template.format(t=topic, y=day.year)}",
                doc_number=f"{prefix}{kind}〔{day.year}〕{serial}号",
                issuer=agency.name,
                written_on=day,
                historical_published_on=(published if published < today - recent else None),
                category=category if draw.random() > 0.2 else Category.GENERAL,
                doc_type=doc_type,
                body=BODY.format(t=topic),
                reason="演示数据",
            )
            if document.published_on is None:
                _review_and_publish(actor, document, published, today, draw)
            if doc_type == DocType.NORMATIVE:
                same_topic = in_force.setdefault((topic, copy > 0), [])
                _maybe_supersede(actor, same_topic, document, draw)
                same_topic.append(document)
    for year in range(FIRST_DAY.year, today.year):
        written = date(year + 1, 1, 20)
        if written < today:
            document_create(
                actor=actor,
                agency=agency,
                calendar=calendar,
                title=f"{agency.name}{year}年政府信息公开工作年度报告",
                issuer=agency.name,
                written_on=written,
                historical_published_on=written + timedelta(days=5),
                category=Category.GENERAL,
                doc_type=DocType.ANNUAL_REPORT,
                body=f"根据《中华人民共和国政府信息公开条例》，现公布{agency.name}{year}年"
                "政府信息公开工作年度报告。",
                reason="演示数据",
            )


def _review_and_publish(
    actor: Any, document: Any, published: date, today: date, rng: random.Random
) -> None:
    """A recent document: reviewed a day before its publication and published — or, when that
    day has not come, left as a draft, reviewed or not (the staff's work in progress)."""
    reviewed_on = min(published - timedelta(days=1), today)
    if published > today and rng.random() < 0.5:
        return  # still a draft, waiting for its 保密审查
    document_review(
        actor=actor,
        document=document,
        reviewed_on=max(reviewed_on, document.written_on),
        passed=True,
        opinion="经审查，不涉及国家秘密、商业秘密和个人隐私，同意公开。",
        legal_opinion="经合法性审核，同意发布。" if document.doc_type in LEGAL_REVIEW_TYPES else "",
    )
    if published <= today:
        document_publish(actor=actor, document=document, published_on=published)


def _maybe_supersede(actor: Any, in_force: list[Any], new: Any, rng: random.Random) -> None:
    """Now and then a new 规范性文件 repeals or amends an earlier one in force on the same topic
    (``in_force``, which loses the one replaced)."""
    if not in_force or rng.random() > 0.3:
        return
    old = rng.choice(in_force)
    in_force.remove(old)
    document_set_status(
        actor=actor,
        document=old,
        status=Status.REPEALED if rng.random() < 0.6 else Status.AMENDED,
        changed_on=new.written_on,
        replaced_by=new,
        reason="演示数据：新文件施行",
    )


def _powers(actor: Any, agency: Agency, topics: list[str]) -> None:
    kinds = [PowerKind.LICENSING, PowerKind.PENALTY, PowerKind.INSPECTION, PowerKind.CONFIRMATION]
    for number, topic in enumerate(topics, start=1):
        kind = kinds[number % len(kinds)]
        power_item_create(
            actor=actor,
            agency=agency,
            code=f"{agency.short_code}-{str(kind).upper()[:2]}-{number:03d}",
            kind=kind,
            name=f"{topic}{'许可' if kind == PowerKind.LICENSING else '监督检查'}",
            legal_basis=f"《江临市{topic}管理条例》第{number + 5}条",
            implementing_body=agency.name,
            reason="演示数据：权责清单",
        )


def _figures(actor: Any, agency: Agency, year: int, rng: random.Random) -> None:
    values: dict[str, Any] = {
        "licensing/decisions": rng.randint(80, 900),
        "penalty/decisions": rng.randint(0, 60),
        "coercion/decisions": rng.randint(0, 5),
        "fees/amount": round(rng.uniform(0, 120), 2),
    }
    year_figures_set(actor=actor, agency=agency, year=year, values=values, reason="演示数据")
