"""The remedy paragraph of every reply, written from the law (not from the templates):

- 行政复议法（2023, in force 2024-01-01）第二十三条第一款第（四）项: "申请政府信息公开，行政机关
  不予公开" must go to 行政复议 first; 第二款: the agency says so when it decides; a suit only
  against the 复议 decision, within 15 days of receiving it (行政诉讼法第四十五条);
- every other decision: 复议 within 60 days (复议法第二十条第一款) or a suit within 6 months
  (行政诉讼法第四十六条第一款), as the applicant chooses;
- the 复议机关 is named: for a department of a county-level or higher government, that
  government; for a government, the one above (复议法第二十四条第一款第（一）、（二）项).
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.documents.models import DocumentSettings
from gongkai.documents.remedies import PLACEHOLDER, review_body
from gongkai.requests import letters
from gongkai.requests.models import Outcome
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db

FIRST, CHOICE, SPLIT = "复议前置", "自由选择", "部分复议前置"
# (outcome, remedy under the law, articles the decision must cite)
LAW: list[tuple[str, str, tuple[str, ...]]] = [
    ("disclosed", CHOICE, ("第三十六条第（二）项",)),
    ("partially_disclosed", SPLIT, ("第三十七条",)),
    ("withheld.state_secret", FIRST, ("第十四条",)),
    ("withheld.prohibited_by_law", FIRST, ("第十四条",)),
    ("withheld.security_stability", FIRST, ("第十四条",)),
    ("withheld.third_party_rights", FIRST, ("第十五条",)),
    ("withheld.internal_affairs", FIRST, ("第十六条第一款",)),
    ("withheld.process_information", FIRST, ("第十六条第二款",)),
    ("withheld.enforcement_files", FIRST, ("第十六条第二款",)),
    ("withheld.administrative_inquiry", FIRST, ("第三十六条第（七）项",)),
    ("unavailable.not_held", CHOICE, ("第三十六条第（四）项",)),
    ("unavailable.needs_creation", CHOICE, ("第三十八条",)),
    ("unavailable.still_unclear", CHOICE, ("第三十条",)),
    ("not_processed.petition", CHOICE, ("第三十九条第一款",)),
    ("not_processed.duplicate", CHOICE, ("第三十六条第（六）项",)),
    ("not_processed.publication", CHOICE, ("第三十九条第二款",)),
    ("not_processed.excessive", CHOICE, ("第三十五条",)),
    ("not_processed.confirm_or_reissue", CHOICE, ("第二条",)),
    ("other.no_correction", CHOICE, ("第三十条",)),
    ("other.fee_unpaid", CHOICE, ("信息处理费管理办法",)),
    ("other.other", CHOICE, ()),
]
REVIEW_FIRST = "应当自收到本告知书之日起六十日内先向江临市人民政府申请行政复议"
AFTER_REVIEW = "可以自收到行政复议决定书之日起十五日内依法向人民法院提起行政诉讼"
CHOICE_REVIEW = "六十日内向江临市人民政府申请行政复议"
CHOICE_SUIT = "也可以自收到本告知书之日起六个月内依法向人民法院提起行政诉讼"


def test_the_table_covers_every_outcome() -> None:
    assert sorted(key for key, _, _ in LAW) == sorted(Outcome.values)


@pytest.fixture
def case_a(clerk_a, agency_a):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        return register(clerk_a, agency_a, date(2026, 2, 6))[0]


@pytest.mark.parametrize(("outcome", "remedy", "articles"), LAW)
def test_it_gives_the_remedy_the_law_gives(case_a, outcome, remedy, articles) -> None:
    text = letters.default_text(case_a, outcome, on=date(2026, 3, 2))
    for article in articles:
        assert article in text
    first = REVIEW_FIRST in text and AFTER_REVIEW in text and "第二十三条第一款第（四）项" in text
    choice = CHOICE_REVIEW in text and CHOICE_SUIT in text and "第四十六条第一款" in text
    assert (first, choice) == {FIRST: (True, False), CHOICE: (False, True), SPLIT: (True, True)}[
        remedy
    ]
    if remedy == SPLIT:  # 复议前置 for the withheld part, the choice for the rest
        assert "对本答复中不予公开部分的决定不服" in text and "对本答复的其他内容不服" in text
    assert "第五十一条" not in text  # the 条例's complaint article is not a remedy in court


def test_before_2024_a_refusal_could_go_straight_to_court(case_a) -> None:
    text = letters.default_text(case_a, "withheld.state_secret", on=date(2023, 12, 29))
    assert CHOICE_SUIT in text and "先向" not in text and "2017年修正" in text


def _agency(operator, name: str, code: str, kind: str, parent: Agency | None) -> Agency:
    return agency_create(
        actor=operator,
        name=name,
        short_code=code,
        kind=kind,
        parent=parent,
        disclosure_unit="办公室",
    )


def test_it_names_the_review_body_from_the_hierarchy(operator, agency_a) -> None:
    province = _agency(operator, "某省人民政府", "SH", Agency.Kind.GOVERNMENT, None)
    city = _agency(operator, "某市人民政府", "SHI", Agency.Kind.GOVERNMENT, province)
    bureau = _agency(operator, "某市财政局", "SHI-CZ", Agency.Kind.DEPARTMENT, city)
    county = _agency(operator, "某县人民政府", "XIAN", Agency.Kind.GOVERNMENT, city)
    county_office = _agency(operator, "某县人民政府办公室", "XIAN-BGS", Agency.Kind.OFFICE, county)
    assert review_body(bureau) == "某市人民政府"  # 第二十四条第一款第（一）项
    assert review_body(county) == "某市人民政府"  # 第二十四条第一款第（二）项
    assert review_body(county_office) == "某县人民政府"  # the government's own office
    assert review_body(agency_a) == "江临市人民政府"  # below 江临市人民政府办公室
    assert review_body(province) == PLACEHOLDER  # 第二十四条第二款: set by hand
    assert review_body(bureau, "国家税务总局某市税务局") == "国家税务总局某市税务局"


def test_an_agency_setting_names_the_review_body(case_a, agency_a) -> None:
    DocumentSettings.objects.create(agency=agency_a, review_body="某某人民政府")
    text = letters.default_text(case_a, "withheld.state_secret", on=date(2026, 3, 2))
    assert "先向某某人民政府申请行政复议" in text
