"""A row read from its texts (``TextRow``) is read exactly as the same row's cells are: the
recogniser's text paths (label-only rows, a template row's numbers, fifteen unlabelled 表四
values) must give the values, warnings, sources (and their order), doubts and found tables
that reading the cells gives."""

from __future__ import annotations

from gongkai.report.formats import Format, template
from gongkai.report.readers.cells import CellKind, Parsed, TextRow, parse_cell
from gongkai.report.readers.tables import TableReading, read_tables

F2021 = template(Format.F2021)
RUN = "1" * 25  # the digits of several cells printed together: never a value by itself


def _both(rows: list[TextRow]) -> tuple[TableReading, TableReading]:
    texts = read_tables([TextRow(list(r.texts), r.table, r.row, r.places) for r in rows], F2021)
    cells = read_tables([r.cells() for r in rows], F2021)
    return texts, cells


def _same(texts: TableReading, cells: TableReading) -> None:
    assert texts.tables == cells.tables
    assert list(texts.sources.items()) == list(cells.sources.items())
    assert texts.warnings == cells.warnings
    assert (texts.found, texts.doubts) == (cells.found, cells.doubts)


def test_a_parsed_cell_knows_what_a_row_stores_for_it() -> None:
    assert parse_cell("12").read == 12
    assert parse_cell("1.50").read == 1.5
    assert parse_cell("3元").read == 3
    assert parse_cell("—").read is None
    assert parse_cell("合计").read is None
    assert parse_cell(RUN).kind is CellKind.NUMBER and parse_cell(RUN).read is None
    assert Parsed(CellKind.NUMBER, 7).read == 7
    assert Parsed(CellKind.NUMBER, 7) == parse_cell("7")  # not compared


def _requests_rows() -> list[TextRow]:
    rows = [
        TextRow(["二、主动公开政府信息情况"], 1, 1),
        TextRow(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], 1, 2),
        TextRow(["第二十条第（一）项", "规章", "3", "", "12"], 1, 3),
        TextRow(["第二十条第（八）项", "行政事业性收费", "250元"], 1, 4),
        TextRow(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"], 2, 1),
    ]
    for n, row in enumerate(F2021.requests.rows, 2):
        numbers = [str(n + c) for c in range(7)]
        if n % 3 == 0:
            numbers[2] = "-"
        if n % 5 == 0:
            numbers[4] = RUN
        labels = [row.group, row.label] if row.group else [row.label]
        places = [(n - 1, c, c == 1) for c in range(1, len(labels) + 8)] if n % 2 else None
        rows.append(TextRow([*labels, *numbers], 2, n, places))
    rows.append(TextRow(["（七）总计", "1", "2"], 2, 40))  # too few values: read from cells
    rows.append(TextRow(["规章", "9", "9", "9"], 3, 1))  # printed twice: from cells
    return rows


def test_template_rows_read_from_texts_as_from_cells() -> None:
    texts, cells = _both(_requests_rows())
    _same(texts, cells)
    assert list(texts.tables["proactive"]["regulations"].values()) == [3, None, 12]
    assert "requests" in texts.found
    assert any("单位是元" in w for w in texts.warnings)
    assert any("为空白" in w for w in texts.warnings)


def test_fifteen_unlabelled_values_read_from_texts_as_from_cells() -> None:
    values = [str(v) for v in range(1, 16)]
    values[3], values[11] = "", RUN
    places = [(2, c, False) for c in range(2, 17)]
    rows = [TextRow(["行政复议", "行政诉讼"], 3, 1), TextRow(values, 3, 2, places)]
    texts, cells = _both(rows)
    _same(texts, cells)
    appeals = texts.tables["appeals"]
    assert [list(row.values()) for row in appeals.values()] == [
        [1, 2, 3, None, 5],
        [6, 7, 8, 9, 10],
        [11, None, 13, 14, 15],
    ]
    # 表四 read already: a second run of fifteen is not 表四 again.
    texts, cells = _both([*rows, TextRow([str(v) for v in range(20, 35)], 3, 3)])
    _same(texts, cells)


def test_a_heading_row_read_from_texts_names_the_group_of_five_values() -> None:
    rows = [
        TextRow(["行政复议", "行政诉讼"], 4, 1),
        TextRow(["未经复议直接起诉"], 4, 2),
        TextRow(["1", "2", "3", "4", "10"], 4, 3),
        TextRow(["复议后起诉", "其他"], 4, 4),  # a label-only row of two: the last ones count
        TextRow(["5", "6", "7", "8", "26"], 4, 5),
    ]
    texts, cells = _both(rows)
    _same(texts, cells)
    appeals = texts.tables["appeals"]
    assert list(appeals["litigation_direct"].values()) == [1, 2, 3, 4, 10]
    assert list(appeals["litigation_after_review"].values()) == [5, 6, 7, 8, 26]
