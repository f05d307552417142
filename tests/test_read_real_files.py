"""More real reports, collected for the readers (tests/data/README.md says where each came from),
each read and compared with its hand transcription: every table cell, the metadata, and each
section by its first and last sentence where the transcription elides the middle (……)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_path

DATA = Path(__file__).parent / "data"
REAL = [
    ("shanghai-gov-office-2019.html", "shanghai-gov-office-2019.json"),
    ("shuyang-county-2025.txt", "shuyang-county-2025.json"),
]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def parsed() -> dict[str, AnnualReport]:
    return {name: read_path(DATA / name) for name, _ in REAL}


@pytest.mark.parametrize(("published", "transcribed"), REAL)
def test_it_reads_every_cell_as_transcribed(
    parsed: dict[str, AnnualReport], published: str, transcribed: str
) -> None:
    expected = canonical.load(DATA / transcribed)
    got = parsed[published]
    for field in ("format", "agency", "year", "title", "published"):
        assert getattr(got, field) == getattr(expected, field), field
    assert got.proactive == expected.proactive
    assert got.requests == expected.requests
    assert got.appeals == expected.appeals


@pytest.mark.parametrize(("published", "transcribed"), REAL)
def test_it_cuts_the_sections_at_their_headings(
    parsed: dict[str, AnnualReport], published: str, transcribed: str
) -> None:
    expected = canonical.load(DATA / transcribed).sections
    got = parsed[published].sections
    assert set(got) == set(expected)
    for key, text in expected.items():
        head, _, tail = squeeze(text).partition("……")
        if not tail:
            assert squeeze(got[key]) == head
        else:
            assert squeeze(got[key]).startswith(head) and squeeze(got[key]).endswith(tail)


def test_it_keeps_blank_web_cells_as_null_and_says_which(
    parsed: dict[str, AnnualReport],
) -> None:
    report = parsed["shanghai-gov-office-2019.html"]
    assert report.requests["disclosed"]["total"] is None
    warning = next(w for w in report.warnings if "（一）予以公开" in w)
    assert "「总计」" in warning and "空白" in warning and "第2个表格" in warning


def test_it_strips_the_unit_a_web_cell_prints(parsed: dict[str, AnnualReport]) -> None:
    report = parsed["shanghai-gov-office-2019.html"]
    assert report.proactive["procurement"]["amount"] == 251000
    assert report.sources["proactive/procurement/amount"].table == "二"


def test_it_reads_appeals_printed_as_three_small_tables(parsed: dict[str, AnnualReport]) -> None:
    appeals = parsed["shuyang-county-2025.txt"].appeals
    assert appeals["litigation_after_review"] == {
        "upheld": 8,
        "corrected": 0,
        "other": 1,
        "pending": 1,
        "total": 10,
    }
