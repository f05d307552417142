"""The report as PDF: the HTML page laid out by WeasyPrint.

WeasyPrint embeds (subsets of) the Noto CJK fonts, so the text stays selectable and readable
back; the page's print CSS keeps table rows whole and repeats header rows on each page.
"""

from __future__ import annotations

from gongkai.report.model import AnnualReport
from gongkai.report.writers.html import render_page


def render_pdf(report: AnnualReport) -> bytes:
    import weasyprint  # slow to import; only this writer needs it

    document = weasyprint.HTML(string=render_page(report)).render()
    pdf: bytes = document.write_pdf()
    return pdf
