"""The write paths of the annual report; one audit event per change (see the package docstring).

Who may do what: the agency's clerk, reviewer and admin build and edit; the reviewer or admin
submits (审核报送) and publishes; the supervising office (a supervisor above the agency) returns a
submitted report with comments. Each function checks that itself, so views, CLI and demo share
the same rules.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.access import Role, can_write, visible_agency_ids
from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record
from gongkai.errors import DomainError
from gongkai.report.canonical import report_to_dict
from gongkai.report.formats import NARRATIVE_SECTIONS, Kind
from gongkai.report.model import AnnualReport
from gongkai.report.readers.detect import OLE2_MAGIC
from gongkai.report.writers.html import render_fragment
from gongkai.reports.build import report_from_platform
from gongkai.reports.checking import Checked, findings_for
from gongkai.reports.models import Origin, ReportVersion, Status
from gongkai.reports.publishing import render_files
from gongkai.reports.selectors import last_year_report


class ReportStateError(DomainError, ValueError):
    status = 409

    """The action does not fit the report's state; the message says why, in Chinese."""


class ReportBlocked(ReportStateError):
    """Submission or publication refused by the consistency checks."""

    def __init__(self, message: str, findings: list[Checked]) -> None:
        super().__init__(message)
        self.findings = findings


APPROVERS = (Role.REVIEWER, Role.ADMIN)
FILE_KINDS = ("pdf", "docx", "xlsx")


def _require_write(actor: Any, agency: Agency) -> None:
    if not can_write(actor, agency):
        raise PermissionDenied("您不能修改该机关的年度报告。")


def _require_approver(actor: Any, agency: Agency) -> None:
    _require_write(actor, agency)
    if not (actor.is_superuser or actor.role in APPROVERS):
        raise PermissionDenied("只有本机关的审核人或管理员可以报送和公开年度报告。")


def _require_editable(draft: ReportVersion) -> None:
    if draft.status not in (Status.DRAFT, Status.RETURNED):
        raise ReportStateError(
            f"{draft}{draft.get_status_display()}，不能再修改；如需更正请新建版本。"
        )


def _save(draft: ReportVersion, report: AnnualReport | None = None) -> None:
    if report is not None:
        draft.data = report_to_dict(report)
    draft.updated_at = timezone.now()
    draft.full_clean()
    draft.save()


def current_draft(agency: Agency, year: int) -> ReportVersion | None:
    return ReportVersion.objects.filter(agency=agency, year=year).order_by("-version").first()


@transaction.atomic
def report_build(*, actor: Any, agency: Agency, year: int) -> ReportVersion:
    """Fill tables 二/三/四 from the records (a new draft, or a refresh of an editable one:
    the narrative the clerk wrote and every override with its reason are kept)."""
    _require_write(actor, agency)
    built = report_from_platform(agency, year)
    previous = last_year_report(agency, year)
    draft = current_draft(agency, year)
    if draft is None:
        draft = ReportVersion(agency=agency, year=year, data={})
        action = "report.build"
    else:
        _require_editable(draft)
        built.sections = draft.report.sections
        action = "report.rebuild"
    for cell, override in draft.overrides.items():
        table, row, column = cell.split("/")
        override["built"] = getattr(built, table)[row][column]
        getattr(built, table)[row][column] = override["value"]
    draft.last_year_text = previous.sections if previous is not None else {}
    _save(draft, built)
    event_record(
        actor=actor,
        action=action,
        obj=draft,
        agency=agency,
        changes={"requests/new/total": [None, built.requests["new"]["total"]]},
        reason="从平台数据生成表二、表三、表四",
    )
    return draft


@transaction.atomic
def report_update(*, actor: Any, draft: ReportVersion, sections: dict[str, str]) -> ReportVersion:
    """Edit the narrative sections (一、五、六)."""
    _require_write(actor, draft.agency)
    _require_editable(draft)
    unknown = set(sections) - set(NARRATIVE_SECTIONS)
    if unknown:
        raise ReportStateError(f"未知的章节：{'、'.join(sorted(unknown))}")
    report = draft.report
    changes = {
        key: [report.sections.get(key, ""), text]
        for key, text in sections.items()
        if report.sections.get(key, "") != text
    }
    if not changes:
        return draft
    report.sections.update(sections)
    _save(draft, report)
    event_record(actor=actor, action="report.edit", obj=draft, agency=draft.agency, changes=changes)
    return draft


def parse_value(cell: str, text: str, report: AnnualReport) -> int | float:
    table, row, column = cell.split("/")
    kind = report.template.known_row(table, row).column(column).kind
    try:
        value = float(text) if kind is Kind.MONEY else int(text)
    except ValueError:
        raise ReportStateError(f"“{text}”不是有效的数字。") from None
    if value < 0 and kind is not Kind.SIGNED:
        raise ReportStateError("该栏目不能为负数。")
    return value


@transaction.atomic
def report_override(
    *, actor: Any, draft: ReportVersion, cell: str, value: str, reason: str
) -> ReportVersion:
    """Print another number than the records give, with the reason in the audit trail."""
    _require_write(actor, draft.agency)
    _require_editable(draft)
    if not reason.strip():
        raise ReportStateError("修改数字必须说明理由。")
    report = draft.report
    table, row, column = _cell(cell, report)
    number = parse_value(cell, value, report)
    before = getattr(report, table)[row][column]
    built = draft.overrides.get(cell, {}).get("built", before)
    getattr(report, table)[row][column] = number
    draft.overrides[cell] = {"built": built, "value": number, "reason": reason.strip()}
    _save(draft, report)
    event_record(
        actor=actor,
        action="report.override",
        obj=draft,
        agency=draft.agency,
        changes={cell: [before, number]},
        reason=reason.strip(),
    )
    return draft


def _cell(cell: str, report: AnnualReport) -> tuple[str, str, str]:
    parts = cell.split("/")
    if len(parts) != 3:
        raise ReportStateError(f"无效的单元格 {cell!r}。")
    table, row, column = parts
    try:
        report.template.known_row(table, row).column(column)
    except KeyError:
        raise ReportStateError(f"本年度报告格式中没有单元格 {cell!r}。") from None
    return table, row, column


@transaction.atomic
def report_acknowledge(*, actor: Any, draft: ReportVersion, key: str, reason: str) -> ReportVersion:
    """Record why a warning stands (it then no longer blocks submission)."""
    _require_write(actor, draft.agency)
    _require_editable(draft)
    if not reason.strip():
        raise ReportStateError("请说明保留该提示的理由。")
    before = draft.acknowledged.get(key)
    draft.acknowledged[key] = reason.strip()
    _save(draft)
    event_record(
        actor=actor,
        action="report.acknowledge",
        obj=draft,
        agency=draft.agency,
        changes={key: [before, reason.strip()]},
        reason=reason.strip(),
    )
    return draft


def draft_findings(draft: ReportVersion) -> list[Checked]:
    return findings_for(
        draft.report, last_year_report(draft.agency, draft.year), draft.acknowledged
    )


def _require_clean(draft: ReportVersion, doing: str) -> None:
    findings = draft_findings(draft)
    errors = sum(1 for f in findings if f.is_error)
    open_warnings = sum(1 for f in findings if f.blocks and not f.is_error)
    if errors or open_warnings:
        raise ReportBlocked(
            f"不能{doing}：{errors} 个错误，{open_warnings} 个提示尚未说明理由。", findings
        )


@transaction.atomic
def report_submit(*, actor: Any, draft: ReportVersion, today: date | None = None) -> ReportVersion:
    """条例第四十九条: submit to the supervising office by 31 January. Errors block; each
    warning needs an acknowledged reason."""
    _require_approver(actor, draft.agency)
    _require_editable(draft)
    _require_clean(draft, "报送")
    now = timezone.now()
    late = (today or timezone.localdate()) > draft.deadline
    draft.status, draft.submitted_at, draft.comments = Status.SUBMITTED, now, ""
    _save(draft)
    event_record(
        actor=actor,
        action="report.submit",
        obj=draft,
        agency=draft.agency,
        changes={"status": ["draft", "submitted"]},
        reason=f"逾期报送（期限{draft.deadline.isoformat()}）" if late else "",
    )
    return draft


def _require_supervisor(actor: Any, draft: ReportVersion, doing: str) -> None:
    if not (actor.is_superuser or getattr(actor, "role", "") == Role.SUPERVISOR):
        raise PermissionDenied(f"只有上级政务公开工作主管部门可以{doing}年度报告。")
    if draft.agency_id not in visible_agency_ids(actor) or draft.agency_id == actor.agency_id:
        raise PermissionDenied("该机关不在您的监督范围内。")


@transaction.atomic
def report_accept(*, actor: Any, draft: ReportVersion, comments: str = "") -> ReportVersion:
    """The supervising office accepts a submitted report (who and when are kept on the version
    and in the audit trail); the agency then publishes it (条例第四十九条、第五十条)."""
    _require_supervisor(actor, draft, "审核通过")
    if draft.status != Status.SUBMITTED:
        raise ReportStateError("只能审核通过已报送、尚未公开的报告。")
    draft.status, draft.comments = Status.ACCEPTED, comments.strip()
    draft.accepted_at, draft.accepted_by = timezone.now(), actor
    _save(draft)
    event_record(
        actor=actor,
        action="report.accept",
        obj=draft,
        agency=draft.agency,
        changes={"status": ["submitted", "accepted"]},
        reason=comments.strip(),
    )
    return draft


@transaction.atomic
def report_return(*, actor: Any, draft: ReportVersion, comments: str) -> ReportVersion:
    """The supervising office sends a submitted report back with its comments."""
    _require_supervisor(actor, draft, "退回")
    if draft.status not in (Status.SUBMITTED, Status.ACCEPTED):
        raise ReportStateError("只能退回已报送、尚未公开的报告。")
    if not comments.strip():
        raise ReportStateError("退回时请写明意见。")
    before = str(draft.status)
    draft.status, draft.comments = Status.RETURNED, comments.strip()
    draft.accepted_at, draft.accepted_by = None, None
    _save(draft)
    event_record(
        actor=actor,
        action="report.return",
        obj=draft,
        agency=draft.agency,
        changes={"status": [before, "returned"]},
        reason=comments.strip(),
    )
    return draft


@transaction.atomic
def report_publish(*, actor: Any, draft: ReportVersion, today: date | None = None) -> ReportVersion:
    """Publish a submitted report: the HTML page and the DOCX/PDF files are rendered once and
    stored, and the version is locked. The report is dated ``today`` (by default the day it is
    published)."""
    _require_approver(actor, draft.agency)
    if draft.status not in (Status.SUBMITTED, Status.ACCEPTED):
        raise ReportStateError("只能公开已审核报送的报告。")
    _require_clean(draft, "公开")
    before = str(draft.status)
    report = draft.report
    report.published = (today or timezone.localdate()).isoformat()
    _publish(draft, report)
    event_record(
        actor=actor,
        action="report.publish",
        obj=draft,
        agency=draft.agency,
        changes={"status": [before, "published"]},
    )
    return draft


def _publish(draft: ReportVersion, report: AnnualReport) -> None:
    files = render_files(report)
    draft.html, draft.docx, draft.pdf = files.html, files.docx, files.pdf
    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    _save(draft, report)


def original_kind(content: bytes) -> str | None:
    """What an uploaded report file is, by its content (never by its name): "pdf", "docx",
    "xlsx", or None for HTML, text and JSON (those are rendered when downloaded)."""
    if b"%PDF-" in content[:1024]:
        return "pdf"
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        # The readers have already bounded this archive before the report was read.
        members = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in members:
        return "docx"
    if "xl/workbook.xml" in members:
        return "xlsx"
    return None


# The kinds of any other file the readers take, by the suffix the upload was named with; the
# file is served back as an attachment of unknown type whatever it holds.
OTHER_SUFFIXES = frozenset({"doc", "wps", "xls", "et", "ofd", "html", "htm", "txt", "json"})


def other_suffix(content: bytes, name: str) -> str:
    """The suffix an imported file of another kind is served back with: its own when the
    readers take that kind, else what its bytes show (an OLE2 document, an OFD archive)."""
    suffix = name.rpartition(".")[2].lower() if "." in name else ""
    if suffix in OTHER_SUFFIXES:
        return suffix
    if content.startswith(OLE2_MAGIC):
        return "doc" if "WordDocument".encode("utf-16-le") in content[: 1 << 20] else "xls"
    if content.startswith(b"PK\x03\x04"):
        return "ofd"  # the only other archive the readers take
    return {b"<": "html", b"{": "json"}.get(content.lstrip()[:1], "txt")


def _keep_original(draft: ReportVersion, report: AnnualReport, original: bytes) -> None:
    """An imported report is published as the agency printed it: its own PDF, DOCX or XLSX is
    kept in its own kind (the other formats are rendered when downloaded); a file of any other
    kind (.doc/.wps, OFD, a web page) is kept as it came, to download beside the rendered ones."""
    draft.html = render_fragment(report)
    kind = original_kind(original)
    draft.pdf, draft.docx, draft.xlsx = (original if kind == k else b"" for k in FILE_KINDS)
    if kind is None and original:
        draft.original, draft.original_suffix = original, other_suffix(original, draft.source_name)
    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    _save(draft, report)


@transaction.atomic
def report_correct(*, actor: Any, draft: ReportVersion, change_note: str) -> ReportVersion:
    """A correction of a published report: a new editable version with the change recorded;
    the published version stays as it was until the new one is published."""
    _require_approver(actor, draft.agency)
    if draft.status != Status.PUBLISHED:
        raise ReportStateError("只有已公开的报告需要以新版本更正。")
    if current_draft(draft.agency, draft.year) != draft:
        raise ReportStateError("该报告已有更新的版本。")
    if not change_note.strip():
        raise ReportStateError("请说明更正的内容和原因。")
    new = ReportVersion(
        agency=draft.agency,
        year=draft.year,
        version=draft.version + 1,
        data=draft.data,
        overrides=draft.overrides,
        acknowledged=draft.acknowledged,
        last_year_text=draft.last_year_text,
        change_note=change_note.strip(),
    )
    _save(new)
    event_record(
        actor=actor,
        action="report.correct",
        obj=new,
        agency=draft.agency,
        changes={"version": [draft.version, new.version]},
        reason=change_note.strip(),
    )
    return new


@transaction.atomic
def report_import(
    *,
    actor: Any,
    agency: Agency,
    year: int,
    report: AnnualReport,
    source_name: str,
    original: bytes = b"",
) -> ReportVersion:
    """A report an agency not on the platform published elsewhere, read by the engine's
    readers: stored as that agency and year's published report so the summary covers it."""
    if not (actor.is_superuser or getattr(actor, "role", "") in (Role.SUPERVISOR, Role.ADMIN)):
        raise PermissionDenied("只有管理员或上级主管部门可以导入报告。")
    if agency.pk not in visible_agency_ids(actor):
        raise PermissionDenied("该机关不在您的管理范围内。")
    if report.year is not None and report.year != year:
        raise ReportStateError(
            f"{source_name}：文件中读出的是{report.year}年度报告，与所选的{year}年度不符。"
        )
    report.year = year
    latest = current_draft(agency, report.year)
    report.agency = agency.name
    draft = ReportVersion(
        agency=agency,
        year=report.year,
        version=latest.version + 1 if latest else 1,
        origin=Origin.IMPORTED,
        source_name=source_name[:200],
        data={},
    )
    _keep_original(draft, report, original)
    event_record(
        actor=actor,
        action="report.import",
        obj=draft,
        agency=agency,
        changes={"source": [None, source_name]},
    )
    return draft
