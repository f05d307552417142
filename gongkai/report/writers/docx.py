"""The report as a Word document: A4, 公文-like typography, the tables with real merged cells.

The title is set in a heavy serif CJK face (Noto Serif CJK SC Black, standing in for 方正小标宋),
headings in Noto Sans CJK SC (for 黑体), the body in Noto Serif CJK SC at 三号 (16pt); the
east-Asian font is set through ``w:rFonts/@w:eastAsia``, which Word uses for CJK text. Tables
use 五号 (10.5pt) or smaller so that table 四's fifteen columns fit the page.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as Doc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.oxml.text.font import CT_RPr
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gongkai.lib.safe_cells import xml_text
from gongkai.report.formats import SECTIONS
from gongkai.report.model import AnnualReport, LegacyFigure
from gongkai.report.writers.figures import paragraphs
from gongkai.report.writers.html import PREAMBLE, heading, printed_date
from gongkai.report.writers.layout import Grid, report_grids

TITLE_FONT = "Noto Serif CJK SC Black"
HEADING_FONT = "Noto Sans CJK SC"
BODY_FONT = "Noto Serif CJK SC"
TABLE_STYLE = "GK Table"
SMALL_TABLE_STYLE = "GK Table Small"
_TABLE_SECTIONS = {"proactive": 0, "requests": 1, "appeals": 2}
_SECTION_LABELS = dict(SECTIONS)
_TEXT_WIDTH_MM = 210 - 28 - 26  # A4 less the GB/T 9704 side margins
_GROUP_SHADE = "DBE4F1"


def render_docx(report: AnnualReport) -> bytes:
    document = Document()
    _page_setup(document)
    if report.title:  # as in HTML: no title printed where the report has none
        _title(document.add_paragraph(), report.title)
    if report.published:
        dated = document.add_paragraph()
        dated.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(dated, f"（{printed_date(report)}）", BODY_FONT, 16)
    if not report.template.has_tables:
        for key, text in report.sections.items():
            label = "" if key == PREAMBLE else _SECTION_LABELS.get(key, key)
            _section(document, label, text, report.legacy_figures)
    else:
        _section(document, "", report.sections.get(PREAMBLE, ""))
        grids = report_grids(report)
        for key, label in SECTIONS:
            _section(document, label, report.sections.get(key, ""))
            if key in _TABLE_SECTIONS:
                _table(document, grids[_TABLE_SECTIONS[key]])
        for key, text in report.sections.items():
            if key not in _SECTION_LABELS and key != PREAMBLE:
                _section(document, key, text)
    _signature(document, report)
    document.core_properties.title = xml_text(heading(report))
    document.core_properties.author = xml_text(report.agency or "")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_setup(document: Doc) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    _east_asian(normal.element.get_or_add_rPr(), BODY_FONT)
    fmt = normal.paragraph_format
    # 公文: 28.95pt fixed lines (22 lines to the page); 28pt is close and keeps 三号 legible.
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    for name, size in ((TABLE_STYLE, 10.5), (SMALL_TABLE_STYLE, 9.0)):
        _table_style(document, name, size)


def _table_style(document: Doc, name: str, size: float) -> None:
    """A paragraph style for table cells: formatting each of ~300 runs by hand is what made
    the writer slow, and a style is also what a person editing the document would expect."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _east_asian(rpr: CT_RPr, font: str) -> None:
    """Set the font Word uses for CJK characters (python-docx's font.name sets only ASCII)."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def _run(paragraph: Paragraph, text: str, font: str, size: float, bold: bool = False) -> Run:
    run = paragraph.add_run(xml_text(text))
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(run._element.get_or_add_rPr(), font)
    return run


def _title(paragraph: Paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = Pt(36)
    paragraph.paragraph_format.space_after = Pt(16)
    _run(paragraph, text, TITLE_FONT, 22)  # 二号


def _section(
    document: Doc, label: str, text: str, figures: list[LegacyFigure] | None = None
) -> None:
    """A heading (none for the preamble) and the text's paragraphs, figures highlighted."""
    if label:
        head = document.add_paragraph()
        head.paragraph_format.first_line_indent = Pt(32)
        head.paragraph_format.keep_with_next = True
        _run(head, label, HEADING_FONT, 16)
    for pieces in paragraphs(text, figures or []):
        body = document.add_paragraph()
        body.paragraph_format.first_line_indent = Pt(32)
        body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        for piece, what in pieces:
            run = _run(body, piece, BODY_FONT, 16)
            if what is not None:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _signature(document: Doc, report: AnnualReport) -> None:
    lines = [report.agency] if report.agency else []
    if report.published:
        lines.append(f"{printed_date(report)}")
    for i, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if i == 0:
            paragraph.paragraph_format.space_before = Pt(28)
        _run(paragraph, line, BODY_FONT, 16)


def _table(document: Doc, grid: Grid) -> None:
    table: DocxTable = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Table 四 has fifteen columns: a size smaller.
    name = SMALL_TABLE_STYLE if grid.n_cols > 10 else TABLE_STYLE
    style = document.styles[name].style_id
    widths = [Mm(_TEXT_WIDTH_MM * w / sum(grid.widths)) for w in grid.widths]
    for r, row in enumerate(table.rows):
        _row_properties(row._tr, header=r < grid.header_rows)
    # python-docx's table.cell() walks the whole table each call: take every cell once, before
    # merging (the merges of the grid never overlap, so each reference stays valid).
    cells = table._cells
    for i, cell in enumerate(cells):
        cell.width = widths[i % grid.n_cols]
    for spec in grid.cells:
        cell = cells[spec.row * grid.n_cols + spec.col]
        if spec.rowspan > 1 or spec.colspan > 1:
            end_row, end_col = spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1
            cell = cell.merge(cells[end_row * grid.n_cols + end_col])
        _fill(cell, spec.text, style, left=spec.role == "label" and spec.rowspan == 1)
        if spec.colspan == grid.n_cols:
            _shade(cell, _GROUP_SHADE)
    document.add_paragraph()


def _row_properties(tr: CT_Row, *, header: bool) -> None:
    """Rows never split across pages; header rows repeat on each page."""
    props = tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _fill(cell: _Cell, text: str, style: str, *, left: bool) -> None:
    """The cell's text in the table paragraph style ``style`` (a style id)."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    # By id, on the XML: python-docx's style setter searches every style by name each time.
    paragraph._p.style = style
    if left:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if text:
        paragraph.add_run(xml_text(text))


def _shade(cell: _Cell, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shading)
