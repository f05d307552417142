"""The audit trail as CSV or XLSX, for the records office and for inspections."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.audit.models import Event
from gongkai.lib.safe_cells import append_row, csv_row

HEADERS = (
    "编号",
    "时间",
    "操作人",
    "所属机关",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "变更内容",
    "理由",
)


def event_rows(events: Iterable[Event]) -> Iterator[list[str]]:
    for event in events:
        yield [
            str(event.pk),
            timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
            event.actor_name or "系统",
            event.agency.name if event.agency else "",
            event.action,
            event.object_type,
            event.object_id,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.reason,
        ]


def events_csv(events: Iterable[Event]) -> bytes:
    # A BOM so that Excel, which most offices open CSV files with, reads the Chinese correctly.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(csv_row(row) for row in event_rows(events))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def events_xlsx(events: Iterable[Event]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "审计日志"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in event_rows(events):
        append_row(sheet, row)
    for column, width in zip("ABCDEFGHIJ", (8, 20, 20, 22, 18, 18, 10, 30, 50, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
