"""The files a published report is stored as: the HTML in the official layout (a fragment the
portal page embeds), DOCX and PDF."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.report.model import AnnualReport
from gongkai.report.writers import render
from gongkai.report.writers.html import render_fragment


@dataclass(frozen=True, slots=True)
class Files:
    html: str
    docx: bytes
    pdf: bytes


def render_files(report: AnnualReport) -> Files:
    return Files(
        html=render_fragment(report),
        docx=render(report, "docx").content,
        pdf=render(report, "pdf").content,
    )
