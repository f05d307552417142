"""The supervising office's pages: every agency below it, the 汇总, charts, XLSX, import."""

from __future__ import annotations

from collections import defaultdict
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from openpyxl import load_workbook

from gongkai.accounts.access import Role, role_required, visible_agencies
from gongkai.accounts.staff import chosen_year
from gongkai.agencies.models import Agency
from gongkai.lib.safe_cells import append_row
from gongkai.report.checks import check_report, check_series
from gongkai.report.errors import ReportError
from gongkai.report.formats import format_for_year
from gongkai.report.model import AnnualReport
from gongkai.report.sandbox import read_bytes as read_bounded
from gongkai.report.writers import render as render_report
from gongkai.report.writers.html import CSS, render_fragment
from gongkai.reports import services
from gongkai.reports.charts import by_agency_shares, outcome_bars, trend_bars
from gongkai.reports.forms import ImportForm
from gongkai.reports.models import ReportVersion, Status
from gongkai.reports.selectors import agency_states
from gongkai.reports.services import draft_findings
from gongkai.reports.summary import Summary, summarize
from gongkai.reports.views import CONTENT_TYPES

SUPERVISORS = (Role.SUPERVISOR,)


def _year(request: HttpRequest) -> int:
    return chosen_year(request, default=timezone.localdate().year - 1)


def _agencies(request: HttpRequest) -> list[Agency]:
    return list(visible_agencies(request.user).order_by("short_code"))


def published_by_agency(agencies: list[Agency]) -> dict[int, dict[int, AnnualReport]]:
    """agency id → year → the latest published version's report."""
    found: dict[int, dict[int, AnnualReport]] = defaultdict(dict)
    for draft in ReportVersion.objects.filter(
        agency__in=agencies, status=Status.PUBLISHED
    ).order_by("version"):
        found[draft.agency_id][draft.year] = draft.report
    return found


@role_required(*SUPERVISORS)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    agencies = _agencies(request)
    states = agency_states(agencies, year, timezone.localdate())
    history = published_by_agency(agencies)
    rows = []
    for state in states:
        checked = draft_findings(state.draft) if state.draft is not None else []
        series = check_series([r for _, r in sorted(history.get(state.agency.pk, {}).items())])
        rows.append(
            {
                "state": state,
                "errors": sum(1 for c in checked if c.is_error),
                "warnings": sum(1 for c in checked if not c.is_error),
                "series": series,
            }
        )
    counts: dict[str, int] = defaultdict(int)
    for state in states:
        counts[state.label] += 1
    return render(
        request,
        "reports/dashboard.html",
        {"year": year, "rows": rows, "counts": sorted(counts.items())},
    )


# What the 汇总 sums: every report that has reached the supervising office, each marked.
SUMMED = (Status.SUBMITTED, Status.ACCEPTED, Status.PUBLISHED)


def summed_versions(agencies: list[Agency], year: int) -> dict[int, ReportVersion]:
    """agency id → its latest version of the year that was submitted, accepted or published
    (a correction under review supersedes the published version it corrects)."""
    found: dict[int, ReportVersion] = {}
    for version in ReportVersion.objects.filter(
        agency__in=agencies, year=year, status__in=SUMMED
    ).order_by("version"):
        found[version.agency_id] = version
    return found


def region_summary(
    request: HttpRequest, year: int
) -> tuple[Summary, list[Agency], dict[int, ReportVersion]]:
    agencies = _agencies(request)
    versions = summed_versions(agencies, year)
    reports = [versions[a.pk].report for a in agencies if a.pk in versions]
    own = getattr(request.user, "agency", None)
    region = own.name if own is not None else "全部机关"
    return summarize(reports, region=region, year=year), agencies, versions


@role_required(*SUPERVISORS)
def summary(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    result, agencies, versions = region_summary(request, year)
    history = published_by_agency(agencies)
    this_year = {pk: {year: version.report} for pk, version in versions.items()}
    marks = {pk: version.get_status_display() for pk, version in versions.items()}
    has_tables = format_for_year(year).has_tables
    return render(
        request,
        "reports/summary.html",
        {
            "year": year,
            "summary": result,
            "summed": [(a, versions[a.pk]) for a in agencies if a.pk in versions],
            "findings": check_report(result.report) if has_tables else [],
            "tables_html": render_fragment(result.report) if has_tables else "",
            "report_css": CSS.split("@media screen")[0],
            "outcomes": outcome_bars(result.report) if has_tables else [],
            "trend": trend_bars(history),
            "shares": by_agency_shares(agencies, this_year, year, marks),
        },
    )


@role_required(*SUPERVISORS)
def export(request: HttpRequest) -> HttpResponse:
    """Everything in one workbook: the 汇总 tables (the engine's XLSX writer) and a sheet of
    every agency's state and findings."""
    year = _year(request)
    result, agencies, _ = region_summary(request, year)
    workbook = load_workbook(BytesIO(render_report(result.report, "xlsx").content))
    sheet = workbook.create_sheet("各机关报送情况")
    sheet.append(["机关", "年度", "状态", "版本", "错误", "提示", "报送时间", "公开时间"])
    for state in agency_states(agencies, year, timezone.localdate()):
        draft = state.draft
        checked = draft_findings(draft) if draft is not None else []
        append_row(
            sheet,
            [
                state.agency.name,
                year,
                state.label,
                draft.version if draft else None,
                sum(1 for c in checked if c.is_error),
                sum(1 for c in checked if not c.is_error),
                _when(draft.submitted_at if draft else None),
                _when(draft.published_at if draft else None),
            ],
        )
    out = BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="summary-{year}.xlsx"'
    return response


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@require_http_methods(["GET", "POST"])
@role_required(Role.SUPERVISOR, Role.ADMIN)
def import_report(request: HttpRequest) -> HttpResponse:
    """Reports published outside the platform, read by the engine's readers."""
    form = ImportForm(
        request.POST or None, request.FILES or None, agencies=visible_agencies(request.user)
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = upload.read()
            # Read in the bounded worker: the file is untrusted (gongkai.report.sandbox).
            report = read_bounded(content, upload.name)
            draft = services.report_import(
                actor=request.user,
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                report=report,
                source_name=upload.name,
                original=content,
            )
        except ReportError as error:
            form.add_error("file", f"导入失败：{error}")
        except services.ReportStateError as error:
            messages.error(request, f"导入失败：{error}")
        else:
            messages.success(request, f"已导入 {draft}。")
            return redirect("reports:edit", pk=draft.pk)
    return render(request, "reports/import.html", {"form": form})
