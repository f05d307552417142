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


def test_every_real_pdf_has_its_recorded_reading() -> None:
    assert PDFS and sorted(p.stem for p in (DATA / "pdf-read").glob("*.json")) == [
        Path(name).stem for name in PDFS
    ]


@pytest.mark.parametrize("name", PDFS)
def test_the_reader_reads_a_real_pdf_as_it_did_on_pdfminer(name: str) -> None:
    recorded = (DATA / "pdf-read" / f"{Path(name).stem}.json").read_text("utf-8")
    read = canonical.dumps(read_bytes((DATA / name).read_bytes(), name))
    assert read == recorded
