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

The embedded fonts are deflated at zlib's default level (6) instead of pydyf's 9: a subset of
a Noto CJK face keeps its glyph numbering, so it is 0.3 to 0.9 MB of font data a report, and
level 9 spent 8 % of a report's instructions on it to make the PDF 0.2 % smaller. The fonts,
the text and the pages are the same; only the deflated bytes differ.
"""

from __future__ import annotations

import threading
import zlib
from functools import cache
from typing import Any

from gongkai.report.model import AnnualReport
from gongkai.report.writers.html import CSS, render_page

_lock = threading.Lock()

# zlib's default: what most PDF producers use.
FONT_DEFLATE_LEVEL = 6


def render_pdf(report: AnnualReport) -> bytes:
    import weasyprint  # slow to import; only this writer needs it

    font_config, stylesheet = _shared()
    page = weasyprint.HTML(string=render_page(report, inline_css=False, annotated=False))
    with _lock:
        document = page.render(font_config=font_config, stylesheets=[stylesheet])
        pdf: bytes = document.write_pdf(finisher=_deflate_fonts)
    return pdf


def _deflate_fonts(document: Any, pdf: Any) -> None:
    """Deflate the streams that are one block of bytes (the embedded font files) here, at
    :data:`FONT_DEFLATE_LEVEL`, and leave them to be written as they are; pydyf would deflate
    them at level 9. Called by WeasyPrint once the PDF's objects are built, before they are
    written."""
    import pydyf

    for item in pdf.objects:
        if not isinstance(item, pydyf.Stream) or not item.compress:
            continue
        if len(item.stream) != 1 or not isinstance(item.stream[0], bytes):
            continue
        item.stream = [zlib.compress(item.stream[0], FONT_DEFLATE_LEVEL)]
        item.compress = False
        item.extra["Filter"] = "/FlateDecode"


@cache
def _shared() -> tuple[Any, Any]:
    from weasyprint import CSS as Stylesheet
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    return font_config, Stylesheet(string=CSS, font_config=font_config)
