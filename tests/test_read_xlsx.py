"""A workbook read back gives canonical JSON that is canonical: dumping, loading and dumping
again changes nothing — also for a workbook whose ZIP members were renamed, dropped or
duplicated (fuzz findings: the one-row （六）其他处理 came out in the header's column order)."""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pytest

from gongkai.report import canonical
from gongkai.report.errors import ReportParseError
from gongkai.report.formats import template
from gongkai.report.formats.common import OTHER_ONE_ROW
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render
from tests import fuzz_helpers as fz

DATA = Path(__file__).parent / "data"
REPORTS = sorted(p.name for p in DATA.glob("*.json"))


@cache
def workbook(name: str = "hongze-district-2024.json") -> bytes:
    return render(canonical.load(DATA / name), "xlsx").content


def assert_canonical(report: AnnualReport) -> None:
    text = canonical.dumps(report)
    assert canonical.dumps(canonical.loads(text)) == text


@pytest.mark.parametrize("name", REPORTS)
def test_it_reads_every_rendered_report_into_json_that_round_trips_unchanged(name: str) -> None:
    assert_canonical(read_bytes(workbook(name), f"{name}.xlsx"))


def test_it_keeps_a_one_row_other_in_the_rows_column_order() -> None:
    report = read_bytes(workbook(), "hongze.xlsx")
    assert list(report.requests["other"]) == [c.key for c in OTHER_ONE_ROW.columns]
    assert list(report.requests) == list(canonical.loads(canonical.dumps(report)).requests)


def test_every_other_request_row_keeps_the_templates_column_order() -> None:
    report = read_bytes(workbook("huaian-city-2024.json"), "huaian.xlsx")
    for row in template(report.format).requests.rows:
        if row.key in report.requests:
            assert list(report.requests[row.key]) == [c.key for c in row.columns]


def mutated(member: str, action: str) -> bytes:
    out: list[tuple[str, bytes]] = []
    for name, body in fz._members(workbook()):
        if name != member:
            out.append((name, body))
        elif action == "rename":
            out.append((name + ".old", body))
        elif action == "duplicate":
            out += [(name, body), (name, body)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
        return fz._rezip(out)


@pytest.mark.parametrize(
    ("member", "action"),
    [
        ("docProps/app.xml", "rename"),
        ("docProps/core.xml", "drop"),
        ("xl/theme/theme1.xml", "drop"),
        ("xl/worksheets/sheet1.xml", "duplicate"),
        ("xl/workbook.xml", "duplicate"),
        ("[Content_Types].xml", "duplicate"),
    ],
)
def test_a_workbook_with_a_member_renamed_dropped_or_duplicated_reads_canonically(
    member: str, action: str
) -> None:
    try:
        report = read_bytes(mutated(member, action), "damaged.xlsx")
    except ReportParseError as exc:
        assert "damaged.xlsx" in str(exc) and "\n" not in str(exc)
    else:
        assert "other" in report.requests
        assert_canonical(report)
