"""Writers: :class:`AnnualReport` → the published report (HTML, DOCX, PDF, XLSX, OFD).

Every writer draws the official template's tables from one grid (:mod:`.layout`) and returns
the file's bytes with the warnings a reader of the output should know about: each blank (null)
cell, printed empty as the template expects (0 stays 0), and each legacy figure whose sentence
is not in the text (legacy figures are marked where the prose states them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.report.model import AnnualReport
from gongkai.report.writers.figures import unmarked
from gongkai.report.writers.layout import blank_cells

FORMATS = ("html", "docx", "pdf", "xlsx", "ofd")


@dataclass(slots=True)
class Rendered:
    content: bytes
    warnings: list[str] = field(default_factory=list)


def _html(report: AnnualReport) -> bytes:
    from gongkai.report.writers.html import render_page

    return render_page(report).encode("utf-8")


def _docx(report: AnnualReport) -> bytes:
    from gongkai.report.writers.docx import render_docx

    return render_docx(report)


def _pdf(report: AnnualReport) -> bytes:
    from gongkai.report.writers.pdf import render_pdf

    return render_pdf(report)


def _ofd(report: AnnualReport) -> bytes:
    from gongkai.report.writers.ofd import render_ofd

    return render_ofd(report)


def _xlsx(report: AnnualReport) -> bytes:
    from gongkai.report.writers.xlsx import render_xlsx

    return render_xlsx(report)


# Imported lazily: WeasyPrint takes a second to load and only the PDF writer needs it.
_WRITERS: dict[str, Callable[[AnnualReport], bytes]] = {
    "html": _html,
    "docx": _docx,
    "pdf": _pdf,
    "xlsx": _xlsx,
    "ofd": _ofd,
}


def render(report: AnnualReport, to: str) -> Rendered:
    """The report as a file of kind ``to`` (html, docx, pdf, xlsx or ofd)."""
    if to not in _WRITERS:
        raise ValueError(f"不支持的输出格式 {to!r}；可用：{'、'.join(FORMATS)}")
    warnings = blank_cells(report) + unmarked(report.sections, report.legacy_figures)
    return Rendered(_WRITERS[to](report), warnings)


__all__ = ["FORMATS", "Rendered", "render"]
