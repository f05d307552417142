"""The supervising office accepts a submitted report (or returns it); the 汇总 covers submitted,
accepted and published reports, each marked; the outcome chart colours each bar by its group;
an imported report is kept and served back in its own kind (issue 20, item 6)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.audit.models import Event
from gongkai.report.writers import render
from gongkai.reports import services
from gongkai.reports.charts import group_class
from gongkai.reports.models import ReportVersion, Status
from tests.web.reports_fixtures import YEAR, year_of_requests
from tests.web.test_reports_summary import _seeded

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def submitted(operator: Any, agency_a: Any, clerk_a: Any, reviewer_a: Any) -> ReportVersion:
    year_of_requests(operator, agency_a, count=6)
    draft = services.report_build(actor=clerk_a, agency=agency_a, year=YEAR)
    for checked in services.draft_findings(draft):
        if checked.blocks and not checked.is_error:
            services.report_acknowledge(actor=clerk_a, draft=draft, key=checked.key, reason="无")
    return services.report_submit(actor=reviewer_a, draft=draft)


def test_it_lets_the_supervisor_accept_a_submitted_report(
    client: Any, submitted: ReportVersion, supervisor: Any, reviewer_a: Any
) -> None:
    client.force_login(supervisor)
    page = client.get(reverse("reports:edit", args=[submitted.pk])).content.decode()
    assert 'id="accept-report"' in page
    client.post(reverse("reports:accept", args=[submitted.pk]), {"comments": "数据核对无误"})
    submitted.refresh_from_db()
    assert submitted.status == Status.ACCEPTED
    assert submitted.accepted_by == supervisor and submitted.accepted_at is not None
    event = Event.objects.filter(action="report.accept").get()
    assert event.actor == supervisor and event.reason == "数据核对无误"
    # The agency sees who accepted it, and may now publish.
    client.force_login(reviewer_a)
    page = client.get(reverse("reports:edit", args=[submitted.pk])).content.decode()
    assert "上级主管部门已审核通过：周正" in page and 'id="publish-report"' in page
    client.post(reverse("reports:publish", args=[submitted.pk]))
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED


def test_it_refuses_acceptance_to_agency_staff_and_other_supervisors(
    submitted: ReportVersion, reviewer_a: Any, other_supervisor: Any
) -> None:
    for actor in (reviewer_a, other_supervisor):
        with pytest.raises(PermissionDenied):
            services.report_accept(actor=actor, draft=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_it_accepts_only_a_submitted_report_and_can_still_return_an_accepted_one(
    submitted: ReportVersion, supervisor: Any
) -> None:
    services.report_accept(actor=supervisor, draft=submitted)
    with pytest.raises(services.ReportStateError):
        services.report_accept(actor=supervisor, draft=submitted)
    services.report_return(actor=supervisor, draft=submitted, comments="发现表三数字有误")
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED and submitted.accepted_by is None


def test_it_sums_submitted_and_accepted_reports_each_marked(
    client: Any, submitted: ReportVersion, supervisor: Any, agency_b: Any
) -> None:
    client.force_login(supervisor)
    from tests.web.test_reports_summary import canonical_json

    upload = canonical_json(agency_b.name, YEAR, seed=3)
    client.post(reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload})
    url = f"{reverse('reports:summary')}?year={YEAR}"
    page = client.get(url).content.decode()
    assert "汇总了 2 个机关" in page
    assert re.search(r"江临市教育局</a><span class=\"state state-submitted\">已报送", page)
    assert re.search(r"江临市档案局</a><span class=\"state state-published\">已公开", page)
    services.report_accept(actor=supervisor, draft=submitted)
    page = client.get(url).content.decode()
    assert 'state-accepted">上级已审核通过' in page
    new = submitted.report.requests["new"]["total"]
    imported = ReportVersion.objects.get(agency=agency_b).report.requests["new"]["total"]
    book = load_workbook(io.BytesIO(client.get(f"{reverse('reports:export')}?year={YEAR}").content))
    cells = [
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    ]
    assert new + imported in cells


def test_it_colours_each_outcome_by_its_group(
    client: Any, submitted: ReportVersion, supervisor: Any
) -> None:
    assert group_class("（三）不予公开") == "g-withheld"
    assert group_class("部分公开") == "g-partial" and group_class("予以公开") == "g-open"
    assert group_class("（六）其他处理") == "g-other"
    client.force_login(supervisor)
    page = client.get(f"{reverse('reports:summary')}?year={YEAR}").content.decode()
    bars = re.findall(r'<li><span>([^<]+)</span><span class="bar w\d+ (g-\w+)"', page)
    assert bars and {css for _, css in bars} >= {"g-open", "g-partial", "g-withheld"}
    for label, css in bars:
        assert css == group_class(label), label
    # The stacked bar: a part's class follows its label, not its position among non-zero parts.
    parts = re.findall(r'<span class="(g-\w+) w\d+" title="(\S+) ', page)
    assert parts and all(css == group_class(label) for css, label in parts)


@pytest.mark.parametrize(
    ("kind", "content_type"), [("xlsx", XLSX), ("docx", DOCX), ("pdf", "application/pdf")]
)
def test_it_serves_an_imported_report_back_in_its_own_kind(
    client: Any, supervisor: Any, agency_b: Any, kind: str, content_type: str
) -> None:
    report = _seeded(4)
    report.agency, report.year = agency_b.name, YEAR
    report.title = f"{agency_b.name}{YEAR}年政府信息公开工作年度报告"
    printed = render(report, kind).content
    client.force_login(supervisor)
    # The name says nothing true: the kind is read from the content.
    upload = SimpleUploadedFile("档案局年报.bin", printed)
    client.post(reverse("reports:import"), {"agency": agency_b.pk, "year": YEAR, "file": upload})
    version = ReportVersion.objects.get(agency=agency_b, year=YEAR)
    stored = {k: bytes(getattr(version, k)) for k in ("pdf", "docx", "xlsx")}
    assert stored[kind] == printed
    assert all(not v for k, v in stored.items() if k != kind)
    response = client.get(reverse("reports:download", args=[version.pk, kind]))
    assert response.content == printed and response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].endswith(f'.{kind}"')
    client.logout()
    public = client.get(reverse("portal:report_file", args=["JL-DAJ", YEAR, kind]))
    assert public.content == printed and public["Content-Type"] == content_type


def test_an_accepted_report_is_submitted_but_still_to_be_published(
    submitted: ReportVersion, supervisor: Any
) -> None:
    """条例第四十九条第一款: a department submits *and* publishes by 31 January; the office's
    acceptance settles the submission, not the publication."""
    from datetime import date

    from gongkai.reports.reminders import report_reminders

    services.report_accept(actor=supervisor, draft=submitted)
    reminders = report_reminders(date(YEAR + 1, 1, 20), days=30)
    (own,) = [r for r in reminders if r.agency == submitted.agency.name]
    assert "向社会公布" in own.subject and "报送" not in own.subject
