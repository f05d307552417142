"""Every real report in tests/data parses to the JSON transcribed by hand, cell for cell.

Compared: everything in the canonical JSON except ``sources`` (provenance) and ``warnings``
(free text, written differently by hand); sections are compared with all whitespace removed
(PDF line breaks), legacy figures in document order, as the hand list gives them. The
deviations each report prints are asserted separately, by what the warnings must mention.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.report import canonical
from gongkai.report.readers import read_path

DATA = Path(__file__).parent / "data"
# (published file, its hand transcription)
FIXTURES = [
    ("hongze-district-2023.pdf", "hongze-district-2023.json"),
    ("hongze-district-2024.pdf", "hongze-district-2024.json"),
    ("huaian-city-2024.pdf", "huaian-city-2024.json"),
    ("yingkou-archives-2020.txt", "yingkou-archives-2020.json"),
    ("shenyang-archives-2017.txt", "shenyang-archives-2017.json"),
]


def comparable(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in data.items() if k not in {"sources", "warnings"}}
    out["sections"] = {k: re.sub(r"\s+", "", v) for k, v in data["sections"].items()}
    return out


@pytest.fixture(scope="module")
def parsed() -> dict[str, canonical.AnnualReport]:
    return {name: read_path(DATA / name) for name, _ in FIXTURES}


@pytest.mark.parametrize(("published", "transcribed"), FIXTURES)
def test_it_reads_each_fixture_as_transcribed_by_hand(
    parsed: dict[str, Any], published: str, transcribed: str
) -> None:
    expected = canonical.report_to_dict(canonical.load(DATA / transcribed))
    got = canonical.report_to_dict(parsed[published])
    assert comparable(got) == comparable(expected)


@pytest.mark.parametrize("published", [name for name, _ in FIXTURES[:4]])
def test_it_records_where_every_table_number_came_from(
    parsed: dict[str, Any], published: str
) -> None:
    report = parsed[published]
    for table in ("proactive", "requests", "appeals"):
        for row, cells in getattr(report, table).items():
            for column, value in cells.items():
                if value is not None:
                    assert f"{table}/{row}/{column}" in report.sources


def test_it_points_a_pdf_number_at_its_page_table_and_row(parsed: dict[str, Any]) -> None:
    source = parsed["huaian-city-2024.pdf"].sources["requests/other.other/total"]
    assert (source.page, source.table, source.column) == (5, "三", "总计")
    assert "其他" in (source.row or "")
    # 表三 runs over the page break: its first rows are on page 4.
    assert parsed["huaian-city-2024.pdf"].sources["requests/new/total"].page == 4


def test_it_points_a_text_number_at_its_line(parsed: dict[str, Any]) -> None:
    source = parsed["yingkou-archives-2020.txt"].sources["proactive/normative_documents/made"]
    assert source.line == 21 and source.table == "二"  # "1 |" under "规范性文件 |"


def test_it_reports_the_misprinted_label_and_the_merged_other_row(
    parsed: dict[str, Any],
) -> None:
    for name in ("hongze-district-2023.pdf", "hongze-district-2024.pdf"):
        warnings = "\n".join(parsed[name].warnings)
        assert "2.其他法律行政止公开" in warnings
        assert "（六）其他处理" in warnings and "other" in warnings


def test_it_reports_a_heading_that_differs_from_the_template(parsed: dict[str, Any]) -> None:
    warnings = parsed["yingkou-archives-2020.txt"].warnings
    assert any("五、存在的主要问题」" in w for w in warnings)
    assert any("agency" in w and "null" in w for w in warnings)


def test_it_does_not_guess_the_agency_of_an_untitled_text(parsed: dict[str, Any]) -> None:
    report = parsed["yingkou-archives-2020.txt"]
    assert (report.agency, report.title, report.year) == (None, None, 2020)


def test_it_keeps_each_legacy_figure_with_its_sentence(parsed: dict[str, Any]) -> None:
    report = parsed["shenyang-archives-2017.txt"]
    by_what = {f.what: f for f in report.legacy_figures}
    assert by_what["行政权力"].sentence == "简政放权后,市档案局共有行政权力5项。"
    # Approximate and dated figures are not figures: "2000余份", "5月8日", "图书各200本".
    assert not {2000, 200, 8} & {f.value for f in report.legacy_figures}
