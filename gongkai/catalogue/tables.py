"""Table 二 (主动公开政府信息情况) for one agency and year, with the report engine's keys.

规章 and 行政规范性文件 are counted from the catalogue; every other cell comes from the
entered ``YearFigures`` and stays blank (``None``) when nobody entered it — never a guessed 0.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import DocType, Document, Status, YearFigures
from gongkai.errors import DomainError
from gongkai.report.formats import Column, Kind, Table, tables_for_year
from gongkai.report.model import Cell, TableData

# Rows of table 二 that the catalogue counts, and the document type each counts.
CATALOGUE_ROWS: dict[str, str] = {
    "regulations": str(DocType.REGULATION),
    "normative_documents": str(DocType.NORMATIVE),
}


def proactive_format(year: int) -> Table:
    """Table 二 of the template the platform counts ``year`` in."""
    return tables_for_year(year).proactive


def entered_cells(year: int) -> list[tuple[str, Column]]:
    """The (row key, column) pairs of ``year``'s table 二 that are entered, not counted."""
    table = proactive_format(year)
    return [
        (row.key, column)
        for row in table.rows
        if row.key not in CATALOGUE_ROWS
        for column in row.columns
    ]


def proactive_table(agency: Agency, year: int) -> TableData:
    table = proactive_format(year)
    documents = Document.objects.filter(agency=agency)
    data: TableData = {}
    for row in table.rows:
        if row.key in CATALOGUE_ROWS:
            counted = documents.filter(doc_type=CATALOGUE_ROWS[row.key])
            data[row.key] = _document_counts(counted, year, row.columns)
        else:
            data[row.key] = dict.fromkeys((c.key for c in row.columns), None)
    figures = YearFigures.objects.filter(agency=agency, year=year).first()
    if figures is not None:
        for row_key, column in entered_cells(year):
            raw = figures.values.get(f"{row_key}/{column.key}")
            data[row_key][column.key] = parse_cell(column, raw) if raw is not None else None
    return data


def _document_counts(
    documents: QuerySet[Document], year: int, columns: tuple[Column, ...]
) -> dict[str, Cell]:
    """Each column the catalogue can count, by what the column means; a column it cannot
    count (none today) stays blank.

    Table 二 is the report of 主动公开 (条例第五十条第（一）项 "行政机关主动公开政府信息的情况")
    of the 规章 and 规范性文件 of 条例第二十条第（一）项, so a document counts from its 发布日期,
    the day it was proactively disclosed — not its 成文日期: a draft never published was not
    disclosed, and one written in December and published in January was 制发 (made *and*
    issued) in January; an unpublished 规范性文件 is no basis of administration at all
    (国办发〔2018〕37号 "未经公开发布的行政规范性文件不得作为行政管理依据"). A date still in the
    future (a scheduled publication) is not yet disclosed. 本年废止 and 现行有效 count only
    disclosed documents too, which keeps rule 7 (现行有效 = 上年现行有效 + 本年制发 − 本年废止)
    exact from year to year."""
    end = min(date(year, 12, 31), timezone.localdate())
    published = documents.filter(published_on__lte=end)
    # 已修改 documents stay in force (amended, not revoked); only 已废止 ends a document.
    repealed_by_end = Q(status=Status.REPEALED, status_changed_on__lte=end)
    counts: dict[str, Callable[[], QuerySet[Document]]] = {
        # 2021 template: 本年制发 / 本年废止 / 现行有效
        "issued": lambda: published.filter(published_on__year=year),
        "repealed": lambda: published.filter(status=Status.REPEALED, status_changed_on__year=year),
        "in_force": lambda: published.exclude(repealed_by_end),
        # 2019 template: 本年新制作 / 本年新公开 / 对外公开总数量
        "made": lambda: documents.filter(written_on__year=year),
        "published": lambda: published.filter(published_on__year=year),
        "total_published": lambda: published.exclude(repealed_by_end),
    }
    return {c.key: counts[c.key]().count() if c.key in counts else None for c in columns}


class CellError(DomainError, ValueError):
    """A value that does not fit its cell; the message says why, in Chinese."""


def parse_cell(column: Column, raw: object) -> int | float:
    """A cell value from text or a number, checked against the column's kind (rule 5)."""
    text = str(raw).strip().replace(",", "").replace("，", "")
    if text == "":
        raise CellError("数值为空")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{raw}”不是数字") from None
    if column.kind == Kind.MONEY:
        if number < 0:
            raise CellError(f"金额不能为负数：{text}")
        return float(number)
    if number != number.to_integral_value():
        raise CellError(f"应为整数：{text}")
    if column.kind == Kind.COUNT and number < 0:
        raise CellError(f"件数不能为负数：{text}")
    return int(number)
