"""The annual report's workflow: built from the records, checked, submitted, published, locked,
corrected; every change in the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.audit.models import Event
from gongkai.report.checks import check_report
from gongkai.reports import services
from gongkai.reports.models import Status
from gongkai.reports.selectors import published_report
from gongkai.requests.selectors import table_three
from tests.web.reports_fixtures import YEAR, year_of_requests


@pytest.fixture
def built(operator: Any, agency_a: Any, clerk_a: Any, reviewer_a: Any) -> Any:
    year_of_requests(operator, agency_a)
    return services.report_build(actor=clerk_a, agency=agency_a, year=YEAR)


def _acknowledge_all(draft: Any, actor: Any) -> None:
    for checked in services.draft_findings(draft):
        if not checked.is_error and checked.blocks:
            services.report_acknowledge(
                actor=actor, draft=draft, key=checked.key, reason="表二部分栏目本年度无此类事项"
            )


def test_it_fills_table_three_from_the_requests(built: Any, agency_a: Any) -> None:
    report = built.report
    assert report.requests == table_three(agency_a, YEAR)
    assert report.requests["new"]["total"] > 0


def test_it_drafts_the_overview_with_the_years_figures(built: Any) -> None:
    report = built.report
    new = report.requests["new"]["total"]
    forward = report.requests["carried_forward"]["total"]
    overview = report.sections["overview"]
    assert f"新收政府信息公开申请{new}件" in overview
    assert f"结转下年度继续办理{forward}件" in overview
    # Rule 9 reads the figures back from the prose and finds them equal to the tables.
    assert not [f for f in check_report(report) if f.rule.value == "R9"]


def test_it_refuses_an_override_without_a_reason(built: Any, clerk_a: Any) -> None:
    with pytest.raises(services.ReportStateError):
        services.report_override(
            actor=clerk_a, draft=built, cell="requests/new/total", value="99", reason=" "
        )


def test_it_records_an_override_with_its_reason_in_the_audit_trail(
    built: Any, clerk_a: Any
) -> None:
    original = built.report.requests["new"]["natural_person"]
    services.report_override(
        actor=clerk_a,
        draft=built,
        cell="requests/new/natural_person",
        value=str(original + 1),
        reason="纸质申请一件未录入平台",
    )
    built.refresh_from_db()
    assert built.report.requests["new"]["natural_person"] == original + 1
    assert built.overrides["requests/new/natural_person"]["built"] == original
    event = Event.objects.get(action="report.override")
    assert event.reason == "纸质申请一件未录入平台"
    assert event.changes == {"requests/new/natural_person": [original, original + 1]}


def test_it_blocks_submission_while_the_tables_have_errors(
    built: Any, clerk_a: Any, reviewer_a: Any
) -> None:
    value = built.report.requests["new"]["natural_person"] + 1
    services.report_override(
        actor=clerk_a, draft=built, cell="requests/new/natural_person", value=str(value), reason="x"
    )
    _acknowledge_all(built, clerk_a)
    with pytest.raises(services.ReportBlocked) as refused:
        services.report_submit(actor=reviewer_a, draft=built)
    assert any(c.finding.rule.value == "R1" for c in refused.value.findings)
    built.refresh_from_db()
    assert built.status == Status.DRAFT


def test_it_blocks_submission_until_each_warning_has_a_reason(
    built: Any, clerk_a: Any, reviewer_a: Any
) -> None:
    warnings = [c for c in services.draft_findings(built) if not c.is_error]
    assert warnings  # table 二's entered rows are blank: completeness warnings
    with pytest.raises(services.ReportBlocked):
        services.report_submit(actor=reviewer_a, draft=built)
    _acknowledge_all(built, clerk_a)
    services.report_submit(actor=reviewer_a, draft=built, today=date(2026, 1, 20))
    assert built.status == Status.SUBMITTED


def test_it_lets_only_a_reviewer_submit_and_publish(built: Any, clerk_a: Any) -> None:
    _acknowledge_all(built, clerk_a)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=clerk_a, draft=built)


def test_it_locks_a_published_report_and_corrects_it_as_a_new_version(
    built: Any, clerk_a: Any, reviewer_a: Any, agency_a: Any
) -> None:
    _acknowledge_all(built, clerk_a)
    services.report_submit(actor=reviewer_a, draft=built)
    services.report_publish(actor=reviewer_a, draft=built)
    assert built.status == Status.PUBLISHED
    assert bytes(built.pdf).startswith(b"%PDF") and bytes(built.docx).startswith(b"PK")
    assert agency_a.name in built.html
    with pytest.raises(services.ReportStateError):
        services.report_update(actor=clerk_a, draft=built, sections={"other": "改"})
    with pytest.raises(services.ReportStateError):
        services.report_correct(actor=reviewer_a, draft=built, change_note="")
    new = services.report_correct(actor=reviewer_a, draft=built, change_note="更正表三一处笔误")
    assert (new.version, new.status) == (2, Status.DRAFT)
    services.report_update(actor=clerk_a, draft=new, sections={"other": "无。"})
    # The published version is unchanged until the correction is published.
    assert published_report(agency_a, YEAR) == built
    assert Event.objects.filter(action="report.correct", reason="更正表三一处笔误").exists()


def test_it_lets_the_supervisor_return_a_submitted_report(
    built: Any, clerk_a: Any, reviewer_a: Any, supervisor: Any
) -> None:
    _acknowledge_all(built, clerk_a)
    services.report_submit(actor=reviewer_a, draft=built)
    with pytest.raises(services.ReportStateError):
        services.report_return(actor=supervisor, draft=built, comments="")
    services.report_return(actor=supervisor, draft=built, comments="表二收费金额请补填")
    assert (built.status, built.comments) == (Status.RETURNED, "表二收费金额请补填")
    services.report_update(actor=clerk_a, draft=built, sections={"other": "无。"})


def test_it_keeps_other_supervisors_and_clerks_from_returning(
    built: Any, clerk_a: Any, reviewer_a: Any, other_supervisor: Any
) -> None:
    _acknowledge_all(built, clerk_a)
    services.report_submit(actor=reviewer_a, draft=built)
    for actor in (other_supervisor, clerk_a):
        with pytest.raises(PermissionDenied):
            services.report_return(actor=actor, draft=built, comments="退回")


def test_it_keeps_clerk_b_from_building_as_report(agency_a: Any, clerk_b: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.report_build(actor=clerk_b, agency=agency_a, year=YEAR)


def test_it_writes_an_event_per_change(built: Any, clerk_a: Any) -> None:
    services.report_update(actor=clerk_a, draft=built, sections={"problems": "一是……"})
    services.report_update(actor=clerk_a, draft=built, sections={"problems": "一是……"})
    actions = list(
        Event.objects.filter(object_type="annual_reports.reportversion").values_list(
            "action", flat=True
        )
    )
    assert actions.count("report.build") == 1 and actions.count("report.edit") == 1


def test_it_keeps_the_narrative_and_overrides_when_rebuilt(
    built: Any, clerk_a: Any, agency_a: Any
) -> None:
    services.report_update(actor=clerk_a, draft=built, sections={"other": "本年度未收费。"})
    services.report_override(
        actor=clerk_a, draft=built, cell="appeals/review/upheld", value="7", reason="复议决定迟到"
    )
    again = services.report_build(actor=clerk_a, agency=agency_a, year=YEAR)
    assert again.pk == built.pk
    report = again.report
    assert report.sections["other"] == "本年度未收费。"
    assert report.appeals["review"]["upheld"] == 7
    assert again.overrides["appeals/review/upheld"]["reason"] == "复议决定迟到"


def test_it_records_a_late_submission(built: Any, clerk_a: Any, reviewer_a: Any) -> None:
    _acknowledge_all(built, clerk_a)
    services.report_submit(actor=reviewer_a, draft=built, today=date(2026, 2, 3))
    event = Event.objects.get(action="report.submit")
    assert event.reason == "逾期报送（期限2026-01-31）"
