"""The report as PDF: the HTML page laid out by WeasyPrint.

WeasyPrint embeds (subsets of) the Noto CJK fonts, so the text stays selectable and readable
back; the page's print CSS keeps table rows whole and repeats header rows on each page.

One font configuration and one parsed stylesheet serve every report a process renders: building
them again for each report (Fontconfig's font list, the CSS parsed and its fonts matched) was a
fifth of a report's time, and a batch (``gongkai render`` of many files, the portal's PDFs) pays
it once. A lock keeps two threads from sharing them at the same moment.

The page is given without its ``data-*`` attributes: they show nothing, and parsing them was 2 %
of a report's instructions (callgrind, the bench's seven reports); the PDF is byte for byte the
same.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

from gongkai.report.model import AnnualReport
from gongkai.report.writers.html import CSS, render_page

_lock = threading.Lock()


def render_pdf(report: AnnualReport) -> bytes:
    import weasyprint  # slow to import; only this writer needs it

    font_config, stylesheet = _shared()
    page = weasyprint.HTML(string=render_page(report, inline_css=False, annotated=False))
    with _lock:
        document = page.render(font_config=font_config, stylesheets=[stylesheet])
        pdf: bytes = document.write_pdf()
    return pdf


@cache
def _shared() -> tuple[Any, Any]:
    from weasyprint import CSS as Stylesheet
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    return font_config, Stylesheet(string=CSS, font_config=font_config)
