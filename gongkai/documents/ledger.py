"""The documents ledger (文书台账): every document with its 文号, date and 送达, as XLSX."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.documents.models import Document
from gongkai.requests.ledger import sheet_xlsx

HEADERS = (
    "文号",
    "文书种类",
    "受理编号",
    "发文机关",
    "主送",
    "状态",
    "成文日期",
    "签发人",
    "送达日期",
    "送达方式",
    "签收日期",
)
WIDTHS = (26, 12, 18, 22, 16, 10, 12, 10, 12, 24, 12)


def ledger_row(d: Document) -> list[object]:
    approver = d.approved_by
    row: list[object] = [
        d.number or "（草稿）",
        d.get_kind_display(),
        d.application.tracking_number,
        d.agency.name,
        d.addressee,
        d.get_status_display(),
        d.issued_on,
        (approver.get_full_name() or approver.username) if approver else "",
        d.sent_on,
        d.delivery_method,
        d.received_on,
    ]
    return [_cell(v) if isinstance(v, str) else v for v in row]


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (an addressee typed as "=…")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def ledger_xlsx(documents: Iterable[Document], year: int) -> bytes:
    rows = (ledger_row(d) for d in documents)
    return sheet_xlsx(f"{year}年文书台账", HEADERS, rows, WIDTHS)
