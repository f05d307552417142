"""The PDF reader on MuPDF reads every real PDF of the test data exactly as it did on pdfplumber
and pdfminer (issue 21): the same canonical JSON, warnings and sources (page, table, row and
column of every value) included, as recorded in ``tests/data/pdf-read/`` before the change."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.readers import read_bytes

DATA = Path(__file__).parent / "data"
PDFS = sorted(p.name for p in DATA.glob("*.pdf"))
# The PDF writer's output of every real report of the test data.
WRITTEN = sorted(f"written-{p.stem}" for p in DATA.glob("*.json"))


def test_every_real_pdf_has_its_recorded_reading() -> None:
    assert PDFS and sorted(p.stem for p in (DATA / "pdf-read").glob("*.json")) == [
        Path(name).stem for name in PDFS
    ]


@pytest.mark.parametrize("name", PDFS)
def test_the_reader_reads_a_real_pdf_as_it_did_on_pdfminer(name: str) -> None:
    recorded = (DATA / "pdf-read" / f"{Path(name).stem}.json").read_text("utf-8")
    read = canonical.dumps(read_bytes((DATA / name).read_bytes(), name))
    assert read == recorded


def sideways_pdf() -> bytes:
    """A page with upright and sideways text and a ruled table of two rows."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page()
    page.insert_text((72, 100), "Upright line 2024", fontsize=12)
    page.insert_text((400, 500), "Sideways words", fontsize=12, rotate=90)
    page.draw_rect(pymupdf.Rect(70, 200, 300, 260))
    page.draw_line((70, 230), (300, 230))
    page.draw_line((150, 200), (150, 260))
    page.insert_text((80, 220), "cell a", fontsize=10)
    page.insert_text((160, 250), "cell d", fontsize=10)
    return bytes(document.tobytes())


def written_pdf(name: str) -> bytes:
    from gongkai.report.writers import render

    stem = name.removeprefix("written-")
    return render(canonical.load(DATA / f"{stem}.json"), "pdf").content


@pytest.mark.parametrize("name", [*PDFS, "sideways", *WRITTEN])
def test_each_page_gives_pdfplumbers_lines_and_tables(name: str) -> None:
    """Page by page, MuPDF's glyphs and rules laid out by :mod:`pdfpage` give the text lines and
    table cells that pdfplumber gives on its own pages (sideways text: pdfplumber's own layout
    on MuPDF's glyphs), on the real PDFs and on the PDF writer's output."""
    import io

    import pdfplumber
    import pymupdf

    from gongkai.report.readers import pdfpage
    from gongkai.report.readers.pdflines import page_lines

    if name == "sideways":
        data = sideways_pdf()
    elif name.startswith("written-"):
        data = written_pdf(name)
    else:
        data = (DATA / name).read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        document = pymupdf.open(stream=data, filetype="pdf")
        assert len(plumbed.pages) == document.page_count
        for theirs, page in zip(plumbed.pages, document, strict=True):
            ours = pdfpage.open_page(page)
            assert [line.text for line in page_lines(ours)] == [
                line.text for line in page_lines(theirs)
            ]
            assert ours.extract_tables() == theirs.extract_tables()
    if name == "sideways":
        assert not ours.upright and ours.extract_tables() == [[["cell a", ""], ["", "cell d"]]]
