"""Put a report together from what a reader found: lines of text and rows of cells.

Every reader ends here, so format detection, the table-三 requirement, the legacy fallback and
the order of warnings are the same whatever the file type.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from operator import attrgetter

from gongkai.report.errors import ReportParseError
from gongkai.report.formats import Template, table_templates
from gongkai.report.model import AnnualReport
from gongkai.report.readers.anchors import read_by_labels
from gongkai.report.readers.cells import AnyRow, GridCell, GridRow, row_cells, row_texts
from gongkai.report.readers.detect import detect_format
from gongkai.report.readers.document import (
    ProseFigures,
    clean_lines,
    describe,
    prose_figures,
    template_sections,
    valid_agency,
)
from gongkai.report.readers.legacy import read_legacy
from gongkai.report.readers.tables import TableReading, read_tables

NOT_A_REPORT = "不是年度报告：未找到表三（收到和处理政府信息公开申请情况）"


def build_report(
    lines: Sequence[str],
    rows: Sequence[AnyRow],
    *,
    file: str,
    hint: str | None = None,
    fallback_rows: Sequence[GridRow] = (),
    rows_are_lines: bool = False,
    published: str | None = None,
    stream_cells: Sequence[GridCell] | None = None,
    publisher: str | None = None,
) -> AnnualReport:
    """The report in ``lines`` (reading order) and ``rows`` (table cells, in document order).

        ``fallback_rows`` are tried when ``rows`` hold no table 三 (a PDF without ruled tables is
        read from its text lines instead); ``rows_are_lines`` says that ``rows`` are lines of text,
        where a label may be wrapped over several lines; ``published`` is the date the page around
        the report states, used when the report itself states none; ``stream_cells`` is the document as cells in reading order for
    the label-anchored reading (module ``anchors``), by default the cells of ``rows``. Raises :class:`ReportParseError` for a non-report.
    """
    text = clean_lines(list(lines))
    info = describe(text, hint)
    # A web page prints its date in the page's metadata, outside the report's own text.
    info.published = info.published or published
    # The publisher a page names (发布机构) when the title names no agency; never a label.
    if info.agency is None and publisher and valid_agency(publisher):
        info.agency = publisher
    cells = _cell_texts(rows)
    # The template's column labels are in the tables; the text only where no table was found.
    fmt, format_warnings = detect_format(cells or text, info.year)
    if (fmt is not None and not fmt.has_tables) or (fmt is None and _is_legacy(text, info.year)):
        return read_legacy(text, info)
    prose = prose_figures(text)
    reading = _read(rows, fallback_rows, fmt, rows_are_lines, prose)
    if reading is None or not _complete(reading):
        # Lines and cells did not give every table whole: read the same document by its labels.
        stream = (
            stream_cells if stream_cells is not None else [c for r in rows for c in row_cells(r)]
        )
        reading = _better(reading, read_by_labels(stream, fmt, file, prose))
    if reading is None:
        if info.year is not None and info.year <= 2018:
            return read_legacy(text, info)
        raise ReportParseError(NOT_A_REPORT, file=file)
    report = AnnualReport(
        format=reading.format.key,
        agency=info.agency,
        year=info.year,
        title=info.title,
        published=info.published,
        proactive=reading.tables["proactive"],
        requests=reading.tables["requests"],
        appeals=reading.tables["appeals"],
        sources=reading.sources,
    )
    template_sections(text, info)
    report.sections = info.sections
    if fmt is None:
        format_warnings.append(f"表格栏目和年度都不足以判断模板版本；按 {reading.format} 版读取")
    report.warnings = [*info.warnings, *format_warnings, *reading.warnings]
    return report


_TEXTS = attrgetter("texts")


def _cell_texts(rows: Sequence[AnyRow]) -> list[str]:
    """The texts of every cell of ``rows``, in order. A web page's rows are all text rows, whose
    texts are taken without a Python call a row; a list of cells has no ``texts``."""
    try:
        return list(chain.from_iterable(map(_TEXTS, rows)))
    except AttributeError:
        return list(chain.from_iterable(map(row_texts, rows)))


def _is_legacy(text: Sequence[str], year: int | None) -> bool:
    return year is not None and year <= 2018 and any("政府信息公开" in line for line in text)


def _read(
    rows: Sequence[AnyRow],
    fallback_rows: Sequence[GridRow],
    fmt: Template | None,
    rows_are_lines: bool,
    prose: ProseFigures,
) -> TableReading | None:
    for candidate, lines in ((rows, rows_are_lines), (fallback_rows, True)):
        if not candidate:
            continue
        for attempt in (fmt,) if fmt is not None else table_templates():
            reading = read_tables(candidate, attempt, lines=lines, prose=prose)
            if "requests" in reading.found:
                if candidate is fallback_rows:
                    reading.warnings.insert(0, "表格没有可识别的表格线，按文本行读取")
                return reading
    return None


def _filled(reading: TableReading) -> int:
    return sum(
        value is not None
        for table in reading.tables.values()
        for cells in table.values()
        for value in cells.values()
    )


def _complete(reading: TableReading) -> bool:
    """Every table found and every row placed (blank cells printed blank are fine)."""
    return len(reading.found) == 3 and reading.doubts == 0


def _better(first: TableReading | None, second: TableReading | None) -> TableReading | None:
    """The reading with more cells read (the first one on a tie)."""
    if second is None or "requests" not in second.found:
        return first
    if first is None or _filled(second) > _filled(first):
        return second
    return first
