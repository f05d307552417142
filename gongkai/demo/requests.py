"""Demo records: a year of disclosure requests for the demo city's departments, every one taken
through the service functions (so the audit trail and due dates are real), across outcomes,
applicant categories and channels. Deterministic: the same demo every time for the same day."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.notifications.models import Notification, NotifyStatus
from gongkai.requests import services as s
from gongkai.requests.letters import Reply
from gongkai.requests.models import Application
from gongkai.requests.secrecy import application_secrecy_review
from gongkai.workdays.clock import Calendar, add_working_days
from gongkai.workdays.selectors import platform_calendar

CATEGORIES = (
    ("natural_person", 70),
    ("commercial", 12),
    ("legal_service", 8),
    ("research", 4),
    ("social_welfare", 2),
    ("other_org", 4),
)
CHANNELS = (("web", 45), ("post", 25), ("in_person", 15), ("email", 10), ("fax", 5))
OUTCOMES = (
    ("disclosed", 40),
    ("partially_disclosed", 12),
    ("unavailable.not_held", 18),
    ("unavailable.needs_creation", 5),
    ("withheld.process_information", 3),
    ("withheld.third_party_rights", 2),
    ("withheld.internal_affairs", 2),
    ("withheld.enforcement_files", 1),
    ("not_processed.petition", 4),
    ("not_processed.duplicate", 3),
    ("not_processed.publication", 1),
    ("not_processed.confirm_or_reissue", 1),
)
TOPICS = {
    "JL-JYJ": (
        "江临市{y}年义务教育阶段学校招生计划及学区划分方案",
        "江临市第一中学{y}年度部门预算及“三公”经费支出情况",
        "江临市{y}年民办学校年检结果",
        "关于江临市实验小学校舍改扩建工程的立项批复文件",
        "江临市{y}年教师招聘考试成绩及录用名单的确定依据",
        "江临市校外培训机构审批登记名单",
    ),
    "JL-ZRJ": (
        "江临市城东片区控制性详细规划（{y}年修编）",
        "某地块国有建设用地使用权出让合同及出让金缴纳情况",
        "江临市{y}年度土地征收成片开发方案",
        "关于某村集体土地征收补偿安置方案的批复",
        "江临市国土空间总体规划公示材料",
    ),
    "JL-DAJ": (
        "1998年江临市国有企业改制的相关批复文件",
        "江临市{y}年档案馆开放档案目录",
        "1985年某厂职工招工审批表",
        "江临市地方志办公室{y}年工作总结",
    ),
}
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周婷", "吴斌", "徐丽")
ORGANISATIONS = {
    "commercial": ("江临宏达建设有限公司", "江临新思路教育科技有限公司"),
    "legal_service": ("浙江江临律师事务所", "江临正源律师事务所"),
    "research": ("江临大学公共管理学院",),
    "social_welfare": ("江临市绿色家园环保协会",),
    "other_org": ("江临市东湖村村民委员会",),
}
PER_AGENCY = {"JL-JYJ": 60, "JL-ZRJ": 30, "JL-DAJ": 30}


def load_requests_demo(
    operator: User,
    agencies: Sequence[Agency],
    *,
    today: date | None = None,
    since: date | None = None,
    per_agency: Mapping[str, int] = PER_AGENCY,
) -> int:
    """Create ``per_agency`` requests received between ``since`` (by default a year before
    ``today``) and ``today``; returns how many."""
    today = today or timezone.localdate()
    span = (today - since).days if since else 365
    rng = random.Random(2026)
    calendar = platform_calendar()
    total = 0
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for agency in agencies:
        clerk = _staff(agency, str(User.Role.CLERK)) or operator
        reviewer = _staff(agency, str(User.Role.REVIEWER)) or operator
        count = per_agency.get(agency.short_code, 20)
        days = sorted(
            _working_day(calendar, today - timedelta(days=rng.randint(0, span)), today)
            for _ in range(count)
        )
        for received in days:
            application = _register(rng, clerk, agency, received)
            _story(rng, calendar, today, clerk, reviewer, application)
            total += 1
    _messages_sent(after_pk=before)
    return total


def _messages_sent(*, after_pk: int) -> int:
    """The messages the demo's cases wrote to the outbox, shown as sent when written.

    The demo's cases are a past the notifier would have served step by step; left pending,
    they were hundreds of messages to example.com (which takes no mail) for ``gongkai notify`` to
    try and fail, burying the outbox (/notifications/). Nothing is sent here either."""
    written = Notification.objects.filter(pk__gt=after_pk, status=NotifyStatus.PENDING)
    return written.update(status=NotifyStatus.SENT, sent_at=F("created_at"))


def _staff(agency: Agency, role: str) -> User | None:
    return User.objects.filter(agency=agency, role=role, is_active=True).order_by("pk").first()


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _working_day(calendar: Calendar, day: date, today: date) -> date:
    while not calendar.is_working_day(day) and day < today:
        day += timedelta(days=1)
    return day


def _register(rng: random.Random, clerk: User, agency: Agency, received: date) -> Application:
    category = _pick(rng, CATEGORIES)
    person = category == "natural_person"
    name = rng.choice(NAMES) if person else rng.choice(ORGANISATIONS[category])
    topic = rng.choice(TOPICS.get(agency.short_code, TOPICS["JL-JYJ"])).format(y=received.year - 1)
    application, _ = s.application_register(
        actor=clerk,
        agency=agency,
        channel=_pick(rng, CHANNELS),
        received_on=received,
        category=category,
        applicant_name=name,
        id_type="居民身份证" if person else "统一社会信用代码",
        id_number=f"3301021980{rng.randint(10000000, 99999999)}"
        if person
        else f"91330100MA{rng.randint(10000000, 99999999)}",
        phone=f"139{rng.randint(10000000, 99999999)}",
        email=f"applicant{rng.randint(100, 999)}@example.com",
        address=f"江临市人民路{rng.randint(1, 300)}号",
        description=topic,
        form_wanted=rng.choice(("electronic", "paper", "electronic", "inspection")),
        delivery=rng.choice(("email", "post", "pickup")),
        reason="演示数据",
    )
    return application


def _story(
    rng: random.Random,
    calendar: Calendar,
    today: date,
    clerk: User,
    reviewer: User,
    app: Application,
) -> None:
    """Take the case as far along a realistic path as today allows."""

    def day(n: int) -> date | None:
        found = add_working_days(calendar, app.received_on, n).due
        return found if found <= today else None

    roll = rng.random()
    steps: list[tuple[int, Callable[[date], Any]]]
    if roll < 0.08:  # 补正 (条例第三十条)
        corrected = rng.random() < 0.6
        steps = [
            (
                3,
                lambda d: s.application_request_correction(
                    actor=clerk,
                    application=app,
                    requested_on=d,
                    correction_days=10,
                    items="请写明所需信息的名称、文号或其他特征",
                    delivery=_handed(d),
                ),
            )
        ]
        if corrected:
            steps += [
                (
                    8,
                    lambda d: s.application_receive_correction(
                        actor=clerk, application=app, received_on=d
                    ),
                )
            ]
            steps += _reply(
                rng,
                clerk,
                reviewer,
                app,
                20,
                "unavailable.still_unclear" if rng.random() < 0.4 else None,
            )
        else:
            steps += [
                (15, lambda d: s.application_deem_abandoned(actor=clerk, application=app, on=d))
            ]
    elif roll < 0.14:  # third party consulted (第三十二条)
        steps = [
            (
                5,
                lambda d: s.application_consult(
                    actor=clerk,
                    application=app,
                    kind="third_party",
                    party="江临宏达建设有限公司",
                    sent_on=d,
                    delivery=_handed(d),
                ),
            )
        ]
        steps += [
            (
                12,
                lambda d: s.application_receive_opinion(
                    actor=clerk,
                    consultation=app.consultations.get(),
                    answered_on=d,
                    opinion="不同意公开，涉及商业秘密",
                ),
            )
        ]
        steps += _reply(rng, clerk, reviewer, app, 22, "withheld.third_party_rights")
    elif roll < 0.17 and app.form_wanted != "inspection":  # fee (办法; 第五条: not 查阅)
        steps = [
            (
                4,
                lambda d: s.application_send_fee_notice(
                    actor=clerk,
                    application=app,
                    method="per_volume",
                    notice_on=d,
                    pages=150,
                    delivery=_handed(d),
                ),
            )
        ]
        if rng.random() < 0.5:
            steps += [
                (
                    10,
                    lambda d: s.application_record_payment(actor=clerk, application=app, paid_on=d),
                )
            ]
            steps += _reply(rng, clerk, reviewer, app, 30, "disclosed")
        else:
            steps += [
                (26, lambda d: s.application_deem_abandoned(actor=clerk, application=app, on=d))
            ]
    elif roll < 0.22:  # extension (第三十三条第二款)
        steps = [
            (
                16,
                lambda d: s.application_extend(
                    actor=reviewer,
                    application=app,
                    days=20,
                    reason="所需信息涉及多个科室，需调取历史档案",
                    approved_on=d,
                    notified_on=d,
                    delivery=_handed(d),
                ),
            )
        ]
        steps += _reply(rng, clerk, reviewer, app, 32, None)
    elif roll < 0.25:
        steps = [
            (
                4,
                lambda d: s.application_withdraw(
                    actor=clerk, application=app, withdrawn_on=d, reason="申请人来电撤回申请"
                ),
            )
        ]
    elif roll < 0.27 and day(30) is None:  # a few days late: the dashboard's red rows
        steps = []
    else:
        steps = _reply(rng, clerk, reviewer, app, rng.randint(3, 19), None)
    for offset, step in steps:
        when = day(offset)
        if when is None:
            return
        step(when)
        app.refresh_from_db()


def _reply(
    rng: random.Random, clerk: User, reviewer: User, app: Application, at: int, outcome: str | None
) -> list[tuple[int, Callable[[date], Any]]]:
    chosen = outcome or _pick(rng, OUTCOMES)
    # 条例第三十七条: a 部分公开 letter lists the disclosed part and each withheld part.
    reply = (
        Reply(
            disclosed_part="申请公开信息中的项目名称、批准文号和实施情况",
            withheld=(("其中涉及的个人身份信息和联系方式", "withheld.third_party_rights"),),
        )
        if chosen == "partially_disclosed"
        else None
    )
    return [
        (
            at - 1,
            lambda d: s.application_draft_reply(
                actor=clerk, application=app, outcome=chosen, letter_date=d, reply=reply
            ),
        ),
        (at, lambda d: _reviewed_and_answered(reviewer, app, d)),
    ]


def _reviewed_and_answered(reviewer: Any, app: Any, day: date) -> Any:
    """保密审查 of the draft (条例第十七条), then the reply, the same day."""
    application_secrecy_review(
        actor=reviewer,
        application=app,
        reviewed_on=day,
        passed=True,
        opinion="经审查，答复内容不涉及国家秘密、商业秘密和个人隐私，同意发出。",
    )
    return s.application_answer(actor=reviewer, application=app, answered_on=day)


def _handed(day: date) -> dict[str, Any]:
    """Handed over on the day (直接送达): received that day."""
    return {"method": "in_person", "sent_on": day}
