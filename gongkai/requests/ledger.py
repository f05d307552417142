"""The ledger (台账): every request of a year as an XLSX sheet, one row per application."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from gongkai.lib.safe_cells import append_row
from gongkai.requests.models import Application

HEADERS = (
    "受理编号",
    "受理机关",
    "收到日期",
    "渠道",
    "申请人类别",
    "申请人",
    "所需信息",
    "获取方式",
    "状态",
    "期限",
    "延长工作日",
    "补正告知",
    "收到补正",
    "信息处理费（元）",
    "办结日期",
    "办理结果",
)
WIDTHS = (18, 22, 12, 14, 12, 12, 40, 10, 10, 12, 10, 12, 12, 12, 12, 40)


def ledger_row(a: Application) -> list[object]:
    return [
        a.tracking_number,
        a.agency.name,
        a.received_on,
        a.get_channel_display(),
        a.get_category_display(),
        a.applicant_name_masked,
        a.description,
        a.get_form_wanted_display(),
        a.get_status_display(),
        a.due_on,
        a.extension_days or None,
        a.correction_requested_on,
        a.correction_received_on,
        float(a.fee_amount) if a.fee_amount is not None else None,
        a.closed_on,
        a.outcome_label(),
    ]


def ledger_xlsx(applications: Iterable[Application], year: int) -> bytes:
    return sheet_xlsx(f"{year}年台账", HEADERS, (ledger_row(a) for a in applications), WIDTHS)


def sheet_xlsx(
    title: str,
    headers: Sequence[str],
    rows: Iterable[list[object]],
    widths: Sequence[int] = (),
) -> bytes:
    """One sheet: a bold, frozen header row, dates as yyyy-mm-dd (also the documents ledger)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        append_row(sheet, row)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if hasattr(cell.value, "isoformat"):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
