"""条例第四十九条, read from its text:
- 第一款 "县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关
  上一年度政府信息公开工作年度报告并向社会公布" — submit and publish, both by 31 January;
- 第二款 "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会公布本级政府
  上一年度政府信息公开工作年度报告" — the government's own report, published by 31 March.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import ReportVersion, Status
from gongkai.reports.selectors import agency_states

pytestmark = pytest.mark.django_db


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@pytest.fixture
def county_government(operator, city_office) -> Agency:
    return agency_create(
        actor=operator,
        name="江临市江北区人民政府",
        short_code="JB",
        kind=Agency.Kind.GOVERNMENT,
        level=Agency.Level.COUNTY,
        disclosure_unit="江北区政务公开办公室",
        parent=city_office,
    )


def _version(agency, status, submitted=None, published=None) -> ReportVersion:
    return ReportVersion.objects.create(
        agency=agency,
        year=2025,
        version=ReportVersion.objects.filter(agency=agency, year=2025).count() + 1,
        status=status,
        data={},
        submitted_at=_at(submitted) if submitted else None,
        published_at=_at(published) if published else None,
    )


def test_it_gives_a_county_government_until_31_march(county_government, agency_a) -> None:
    assert report_deadline(county_government, 2025).publish_by == date(2026, 3, 31)
    assert report_deadline(county_government, 2025).submit_by is None
    assert report_deadline(agency_a, 2025).submit_by == date(2026, 1, 31)
    assert report_deadline(agency_a, 2025).publish_by == date(2026, 1, 31)
    published_15_march = _version(
        county_government,
        Status.PUBLISHED,
        submitted=date(2026, 3, 15),
        published=date(2026, 3, 15),
    )
    assert not published_15_march.is_late(date(2026, 4, 1))


def test_it_flags_a_department_that_submitted_on_time_but_published_late(agency_a) -> None:
    version = _version(
        agency_a, Status.PUBLISHED, submitted=date(2026, 1, 20), published=date(2026, 2, 15)
    )
    assert version.is_late(date(2026, 3, 1))
    on_time = _version(agency_a, Status.SUBMITTED, submitted=date(2026, 1, 20))
    assert not on_time.is_late(date(2026, 1, 31))
    assert on_time.is_late(date(2026, 2, 1))  # submitted, not yet published


def test_it_shows_each_agencys_deadline_on_the_supervision_dashboard(
    supervisor, county_government, agency_a
) -> None:
    # Neither has started on 20 March: the department is late, the government is not yet.
    states = {
        s.agency.pk: s
        for s in agency_states([county_government, agency_a], 2025, date(2026, 3, 20))
    }
    assert not states[county_government.pk].late and states[agency_a.pk].late
    client = Client()
    client.force_login(supervisor)
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        page = client.get(reverse("reports:dashboard"), {"year": 2025}).content.decode()
    assert "公开 2026-03-31" in page and "报送并公开 2026-01-31" in page
