"""Staff pages of the annual report: the editor with the live check, and the workflow buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.access import can_write, get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    chosen_year,
    require_write,
)
from gongkai.lib.uploads import protect_download
from gongkai.report.formats import NARRATIVE_SECTIONS
from gongkai.report.model import AnnualReport
from gongkai.report.writers import render as render_report
from gongkai.report.writers.html import CSS, render_fragment
from gongkai.reports import services
from gongkai.reports.build import NoTablesError
from gongkai.reports.checking import findings_for
from gongkai.reports.forms import NarrativeForm, OverrideForm, ReasonForm
from gongkai.reports.models import ReportVersion, Status
from gongkai.reports.repeats import THRESHOLD, repetitions
from gongkai.reports.selectors import last_year_report

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def report_index(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    year = chosen_year(request, default=_report_year())
    drafts = ReportVersion.objects.filter(agency=agency).order_by("-year", "-version")
    return render(
        request,
        "reports/index.html",
        {**agency_context(request, agency), "year": year, "drafts": drafts},
    )


def _report_year() -> int:
    """The year a report is usually written about: last year."""
    return timezone.localdate().year - 1


@require_POST
@role_required(*WRITERS)
def report_build(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    year = chosen_year(request, default=_report_year())
    try:
        draft = services.report_build(actor=request.user, agency=agency, year=year)
    except (services.ReportStateError, NoTablesError) as error:
        messages.error(request, str(error))
        return redirect(f"/reports/?agency={agency.pk}&year={year}")
    messages.success(request, f"已从平台数据生成{year}年度报告的表二、表三、表四。")
    return redirect("reports:edit", pk=draft.pk)


def _draft(request: HttpRequest, pk: int) -> ReportVersion:
    draft: ReportVersion = get_object_for_user(
        request.user, ReportVersion.objects.select_related("agency"), pk=pk
    )
    return draft


def _editor_context(
    request: HttpRequest, draft: ReportVersion, sections: dict[str, str]
) -> dict[str, Any]:
    report = draft.report
    report.sections.update(sections)
    checked = findings_for(report, last_year_report(draft.agency, draft.year), draft.acknowledged)
    repeated = repetitions(report.sections, draft.last_year_text)
    return {
        "draft": draft,
        "can_write": can_write(request.user, draft.agency),
        "editable": draft.status in (Status.DRAFT, Status.RETURNED),
        "editing": draft.status in (Status.DRAFT, Status.RETURNED)
        and can_write(request.user, draft.agency),
        "findings": checked,
        "errors": sum(1 for c in checked if c.is_error),
        "open_warnings": sum(1 for c in checked if c.blocks and not c.is_error),
        "repeated": repeated,
        "flagged": [r for r in repeated if r.flagged],
        "threshold": round(THRESHOLD * 100),
    }


@staff_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = NarrativeForm(request.POST or None, initial=draft.report.sections)
    if request.method == "POST":
        if not can_write(request.user, draft.agency):
            raise PermissionDenied("您只能查看该机关的年度报告。")
        if form.is_valid():
            try:
                services.report_update(actor=request.user, draft=draft, sections=form.cleaned_data)
                messages.success(request, "已保存。")
            except services.ReportStateError as error:
                messages.error(request, str(error))
            return redirect("reports:edit", pk=draft.pk)
    report = draft.report
    cells = _cell_choices(report)
    context = _editor_context(request, draft, {})
    context.update(
        {
            "form": form,
            "tables_html": render_fragment(report),
            "report_css": CSS.split("@media screen")[0],
            "override_form": OverrideForm(cells=cells),
            # Each section beside last year's, so the clerk writes this year's rather than copies.
            "pairs": [(form[key], draft.last_year_text.get(key, "")) for key in NARRATIVE_SECTIONS],
            "overrides": [{"cell": dict(cells).get(k, k), **v} for k, v in draft.overrides.items()],
            "versions": ReportVersion.objects.filter(agency=draft.agency, year=draft.year),
            "is_approver": request.user.is_superuser
            or getattr(request.user, "role", "") in services.APPROVERS,
            "is_supervisor": getattr(request.user, "role", "") == "supervisor"
            or request.user.is_superuser,
        }
    )
    return render(request, "reports/edit.html", context)


def _cell_choices(report: AnnualReport) -> list[tuple[str, str]]:
    fmt = report.template
    return [
        (f"{table.key}/{row.key}/{column.key}", f"表{table.number} {row.label} · {column.label}")
        for table in fmt.tables
        for row in fmt.rows_as_printed(table.key, getattr(report, table.key))
        for column in row.columns
    ]


@require_POST
@staff_required
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live check (htmx): the engine's findings on the narrative as typed, not yet saved."""
    draft = _draft(request, pk)
    form = NarrativeForm(request.POST)
    sections = form.cleaned_data if form.is_valid() else {}
    return render(request, "reports/_findings.html", _editor_context(request, draft, sections))


def _action(
    request: HttpRequest, pk: int, call: Callable[[ReportVersion], object], done: str
) -> HttpResponse:
    draft = _draft(request, pk)
    try:
        call(draft)
        messages.success(request, done)
    except services.ReportStateError as error:
        messages.error(request, str(error))
    target = ReportVersion.objects.filter(agency=draft.agency, year=draft.year).order_by("-version")
    return redirect("reports:edit", pk=target.first().pk)


@require_POST
@role_required(*WRITERS)
def report_override(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = OverrideForm(request.POST, cells=_cell_choices(draft.report))
    if not form.is_valid():
        messages.error(request, "请选择单元格，填写数字和修改理由。")
        return redirect("reports:edit", pk=pk)
    data = form.cleaned_data
    return _action(
        request,
        pk,
        lambda d: services.report_override(
            actor=request.user,
            draft=d,
            cell=data["cell"],
            value=data["value"],
            reason=data["reason"],
        ),
        "已修改数字，理由已记入审计日志。",
    )


@require_POST
@role_required(*WRITERS)
def report_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    key = request.POST.get("key", "")
    return _action(
        request,
        pk,
        lambda d: services.report_acknowledge(actor=request.user, draft=d, key=key, reason=reason),
        "已记录保留该提示的理由。",
    )


@require_POST
@role_required(*services.APPROVERS)
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda d: services.report_submit(actor=request.user, draft=d),
        "已审核并报送上级政务公开工作主管部门。",
    )


@require_POST
@role_required(*services.APPROVERS)
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        lambda d: services.report_publish(actor=request.user, draft=d),
        "已在门户网站公开。",
    )


@require_POST
@role_required(*services.APPROVERS)
def report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("change_note", "")
    return _action(
        request,
        pk,
        lambda d: services.report_correct(actor=request.user, draft=d, change_note=note),
        "已新建更正版本。",
    )


@require_POST
@role_required("supervisor")
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    comments = request.POST.get("comments", "")
    return _action(
        request,
        pk,
        lambda d: services.report_return(actor=request.user, draft=d, comments=comments),
        "已退回并附意见。",
    )


@require_POST
@role_required("supervisor")
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    comments = request.POST.get("comments", "")
    return _action(
        request,
        pk,
        lambda d: services.report_accept(actor=request.user, draft=d, comments=comments),
        "已审核通过，报送机关可以公开。",
    )


@staff_required
def report_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    draft = _draft(request, pk)
    return download_response(draft, kind)


def download_response(draft: ReportVersion, kind: str) -> HttpResponse:
    """The stored file of a published version, or a fresh rendering of a draft."""
    if kind == "original":
        return _original_response(draft)
    if kind not in CONTENT_TYPES:
        raise Http404("没有这种格式。")
    # A published version serves the file stored when it was published (or the agency's own,
    # for an imported one); a draft, or a format an import did not bring, is rendered now.
    stored = bytes(getattr(draft, kind, b"") or b"") if draft.status == Status.PUBLISHED else b""
    content = stored or render_report(draft.report, kind).content
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"{draft.agency.short_code}-{draft.year}-v{draft.version}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return protect_download(response)  # an imported report's own file is an upload


def _original_response(draft: ReportVersion) -> HttpResponse:
    """An imported report's own file of another kind (.doc/.wps, OFD, a web page), byte for
    byte, as a download of unknown type: never shown on our origin."""
    if not draft.original:
        raise Http404("该报告没有其他格式的原件。")
    response = HttpResponse(bytes(draft.original), content_type="application/octet-stream")
    name = (
        f"{draft.agency.short_code}-{draft.year}-v{draft.version}-original.{draft.original_suffix}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return protect_download(response)
