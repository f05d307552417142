"""The report as a web page in the official layout (also the source of the PDF).

Plain string building, no template engine: the report engine imports nothing from Django. The
page is self-contained (inline CSS) and prints on A4; :func:`render_fragment` gives only the
``<article>`` for embedding in the portal.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from gongkai.report.formats import SECTIONS
from gongkai.report.model import AnnualReport, LegacyFigure
from gongkai.report.writers.figures import paragraphs
from gongkai.report.writers.layout import Grid, GridCell, report_grids

_TABLE_SECTIONS = {"proactive": 0, "requests": 1, "appeals": 2}
_SECTION_LABELS = dict(SECTIONS)
# The text before the first heading ("现将全年工作情况报告如下"), printed without a heading.
PREAMBLE = "preamble"

# 公文 typography: 小标宋-like heavy serif title, 黑体 headings, 仿宋/宋体-like serif body in
# 三号 (16pt); the Noto CJK faces stand in for them on a Debian machine. Margins follow
# GB/T 9704 (上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm).
CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center { content: "- " counter(page) " -"; font: 14pt "Noto Serif CJK SC", serif; } }
.gk-report { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif;
  font-size: 16pt; line-height: 1.75; color: #000; max-width: 156mm; margin: 0 auto; }
.gk-report h1 { font-family: "Noto Serif CJK SC", serif; font-weight: 900; font-size: 22pt;
  text-align: center; line-height: 1.5; margin: 0 0 1em; }
.gk-report h2 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-weight: 400; font-size: 16pt; margin: 0.6em 0 0.3em; text-indent: 2em; }
.gk-report p { margin: 0; text-indent: 2em; text-align: justify; }
.gk-report .gk-date { text-align: center; text-indent: 0; margin: -0.6em 0 1em; }
.gk-report .gk-signature { text-align: right; text-indent: 0; margin-top: 2em; }
.gk-report table { border-collapse: collapse; width: 100%; margin: 0.4em 0 1em;
  font-size: 10.5pt; line-height: 1.35; table-layout: auto; }
.gk-report table.gk-appeals { font-size: 9pt; }
.gk-report th, .gk-report td { border: 0.75pt solid #000; padding: 2pt 3pt;
  text-align: center; vertical-align: middle; font-weight: 400; word-break: break-all; }
.gk-report td.gk-label { text-align: left; }
/* Table 三's numbered rows: wide enough for 2.其他法律行政法规禁止公开 on one line. */
.gk-report table.gk-requests td.gk-item { min-width: 12.5em; }
/* A number never wraps: "6294083" split over two lines reads as two numbers. */
.gk-report td.gk-value { white-space: nowrap; padding: 2pt 1pt; }
.gk-report th.gk-group { background: #dbe4f1; }
.gk-report th.gk-note { text-align: left; font-size: 9pt; }
.gk-report td.gk-results { width: 1.4em; }
.gk-report tr { break-inside: avoid; page-break-inside: avoid; }
/* Table 四 is four rows: keep it whole, with its heading. */
.gk-report table.gk-appeals { break-inside: avoid; page-break-inside: avoid; }
.gk-report h2 { break-after: avoid; page-break-after: avoid; }
.gk-report thead { display: table-header-group; }
.gk-report mark.gk-figure { background: #fff3b0; color: inherit; }
@media print { .gk-report mark.gk-figure { background: none; text-decoration: underline; } }
@media screen { body { background: #f3f3f3; margin: 0; padding: 2em 0; }
  .gk-report { background: #fff; padding: 30mm 26mm; box-shadow: 0 0 4px #aaa; } }
@media print { body { margin: 0; } .gk-report { max-width: none; } }
"""


def render_page(report: AnnualReport, *, inline_css: bool = True, annotated: bool = True) -> str:
    """A complete, self-contained HTML page of the report; without its ``<style>`` when the
    caller applies :data:`CSS` itself (the PDF writer parses it once for every report).

    ``annotated=False`` leaves out the ``data-*`` attributes that name the report's format, its
    sections, tables and cells for scripts and the HTML reader: nothing on the page shows them,
    and they are a third of a page's bytes that the PDF writer would parse for nothing."""
    title = escape(heading(report))
    meta = _meta(report)
    style = f"<style>{CSS}</style>" if inline_css else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n{meta}{style}\n</head>\n<body>\n"
        f"{render_fragment(report, annotated=annotated)}</body>\n</html>\n"
    )


def heading(report: AnnualReport) -> str:
    """The name of the page or file: the report's title, or for an untitled report a label that
    says so (not a made-up title, which a reader would take for the report's own)."""
    return report.title or f"{report.label}（原报告无标题）"


def printed_date(report: AnnualReport) -> str | None:
    """The publication date as Chinese documents print it: 2024年1月20日."""
    if not report.published:
        return None
    date = dt.date.fromisoformat(report.published)
    return f"{date.year}年{date.month}月{date.day}日"


def _meta(report: AnnualReport) -> str:
    # WeasyPrint copies author/dcterms.created into the PDF's metadata.
    items = [("author", report.agency), ("dcterms.created", report.published)]
    items += [("gongkai.format", report.format)]
    items += [("gongkai.year", None if report.year is None else str(report.year))]
    return "".join(
        f'<meta name="{name}" content="{escape(value)}">\n' for name, value in items if value
    )


def render_fragment(report: AnnualReport, *, annotated: bool = True) -> str:
    """The ``<article>`` alone, for embedding in another page (the portal)."""
    data = f' data-format="{report.format}"' if annotated else ""
    parts = [f'<article class="gk-report"{data}>\n']
    if report.title:
        # A report printed without a title gets none here either: the page must say what the
        # report says (the <title> still names it for the browser tab).
        parts.append(f"<h1>{escape(report.title)}</h1>\n")
    if report.published:
        # Under the title, as portals print it; the 落款 at the end repeats it.
        parts.append(f'<p class="gk-date">（{printed_date(report)}）</p>\n')
    if not report.template.has_tables:
        parts += _legacy_sections(report, annotated)
    else:
        parts += _paragraphs(report.sections.get(PREAMBLE, ""))
        grids = report_grids(report)
        for key, label in SECTIONS:
            data = f' data-section="{key}"' if annotated else ""
            parts.append(f"<section{data}>\n<h2>{escape(label)}</h2>\n")
            parts += _paragraphs(report.sections.get(key, ""))
            if key in _TABLE_SECTIONS:
                parts.append(render_table(grids[_TABLE_SECTIONS[key]], annotated=annotated))
            parts.append("</section>\n")
        parts += _extra_sections(report)
    parts += _signature(report)
    parts.append("</article>\n")
    return "".join(parts)


def _paragraphs(text: str, figures: list[LegacyFigure] | None = None) -> list[str]:
    """One ``<p>`` per line; a legacy report's figures marked where the text states them."""
    out = []
    for pieces in paragraphs(text, figures or []):
        inner = "".join(
            escape(piece)
            if what is None
            else f'<mark class="gk-figure" title="{escape(what)}">{escape(piece)}</mark>'
            for piece, what in pieces
        )
        out.append(f"<p>{inner}</p>\n")
    return out


def _extra_sections(report: AnnualReport) -> list[str]:
    """Sections outside the template's six, kept under their own heading so nothing is lost."""
    parts = []
    for key, text in report.sections.items():
        if key not in _SECTION_LABELS and key != PREAMBLE:
            parts.append(f"<section>\n<h2>{escape(key)}</h2>\n")
            parts += _paragraphs(text)
            parts.append("</section>\n")
    return parts


def _legacy_sections(report: AnnualReport, annotated: bool) -> list[str]:
    """The sections as the report heads them; the figures are marked in the prose, not
    repeated in a table, so that the page says nothing the report does not."""
    parts = []
    for key, text in report.sections.items():
        if key == PREAMBLE:
            parts += _paragraphs(text, report.legacy_figures)
            continue
        label = _SECTION_LABELS.get(key, key)
        data = f' data-section="{escape(key)}"' if annotated else ""
        parts.append(f"<section{data}>\n<h2>{escape(label)}</h2>\n")
        parts += _paragraphs(text, report.legacy_figures)
        parts.append("</section>\n")
    return parts


def _signature(report: AnnualReport) -> list[str]:
    """The 落款: the agency and the date, right-aligned at the end as on the printed report."""
    lines = [escape(report.agency)] if report.agency else []
    if report.published:
        lines.append(f"{printed_date(report)}")
    if not lines:
        return []
    return [f'<p class="gk-signature">{"<br>".join(lines)}</p>\n']


def render_table(grid: Grid, *, annotated: bool = True) -> str:
    """One table in the official merged-cell layout; header rows in ``<thead>`` so that they
    repeat on every printed page; the table and its value cells named by ``data-*`` attributes
    unless ``annotated`` is false."""
    total = sum(grid.widths)
    cols = "".join(f'<col style="width:{w / total:.2%}">' for w in grid.widths)
    name = grid.table.key
    data = f' data-table="{name}"' if annotated else ""
    out = [f'<table class="gk-table gk-{name}"{data}>\n<colgroup>{cols}</colgroup>\n']
    for r, cells in enumerate(grid.rows()):
        if r == 0:
            out.append("<thead>\n" if grid.header_rows else "<tbody>\n")
        if r == grid.header_rows and r:
            out.append("</thead>\n<tbody>\n")
        out.append("<tr>" + "".join(_cell(cell, grid, annotated) for cell in cells) + "</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _cell(cell: GridCell, grid: Grid, annotated: bool) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = escape(cell.text)
    if cell.role == "value":
        data = f' data-key="{cell.key}"' if annotated else ""
        return f'<td class="gk-value"{data}{attrs}>{text}</td>'
    if cell.role == "label":
        css = "gk-label"
        if cell.rowspan > 3 and cell.col == 0:
            css = "gk-label gk-results"
        elif grid.table.key == "requests" and cell.col == 2:
            css = "gk-label gk-item"
        return f'<td class="{css}"{attrs}>{text}</td>'
    css = "gk-head"
    if cell.colspan == grid.n_cols:
        css = "gk-head gk-group"
    elif cell.rowspan > 1 and cell.colspan > 1:
        css = "gk-head gk-note"
    return f'<th class="{css}"{attrs}>{text}</th>'


__all__ = ["CSS", "heading", "printed_date", "render_fragment", "render_page", "render_table"]
