"""Every textual layout of every report reads back as that report (tests/layouts.py).

Hypothesis generates consistent reports of both templates (2019 and 2021, (六) as one row or
three); each is written in every layout real sources produce and read with ``read_bytes`` as a
user's file would be. The tables, format, agency, year and title must come back exactly. Where a
layout runs numbers together or splits them with stray spaces, a row may have several readings
the rules admit: then the row must be left blank and a warning must list the candidates, the
true values among them; a row is never filled with a wrong guess.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.report.formats import Format
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.writers.layout import format_number
from tests.layouts import AMBIGUOUS, LAYOUTS, PUBLISHED, WITH_HEADER
from tests.strategies import consistent_reports

TABLES = ("proactive", "requests", "appeals")


def titled(report: AnnualReport) -> AnnualReport:
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    return dataclasses.replace(report, title=title)


def _label(report: AnnualReport, table: str, row: str) -> str:
    return report.template.known_row(table, row).label


def _explained(read: AnnualReport, truth: AnnualReport, table: str, row: str) -> bool:
    """A row read blank, with a warning that lists the true values among its candidates."""
    got = getattr(read, table)[row]
    want = getattr(truth, table)[row]
    if any(value is not None for value in got.values()):
        return False
    shown = "、".join(format_number(v) for v in want.values())
    if table == "appeals":
        label = "表四"
        shown = "、".join(
            format_number(v)
            for r in ("review", "litigation_direct", "litigation_after_review")
            for v in truth.appeals[r].values()
        )
    else:
        label = _label(truth, table, row)
    return any(label in w and "可以读作" in w and shown in w for w in read.warnings)


def assert_reads_back(layout: str, truth: AnnualReport) -> None:
    text = LAYOUTS[layout](truth)
    read = read_bytes(text.encode("utf-8"), f"{layout}.txt")
    context = f"{layout}:\n{text}\nwarnings: {read.warnings}"
    assert (read.format, read.agency, read.year, read.title) == (
        truth.format,
        truth.agency,
        truth.year,
        truth.title,
    ), context
    if layout in WITH_HEADER:
        assert read.published == PUBLISHED, context
    for table in TABLES:
        got, want = getattr(read, table), getattr(truth, table)
        assert set(got) == set(want), context
        for row in want:
            if got[row] == want[row]:
                continue
            assert layout in AMBIGUOUS and _explained(read, truth, table, row), (
                f"{table}/{row}: read {got[row]}, printed {want[row]}\n{context}"
            )


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("fmt", [Format.F2019, Format.F2021])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_layout_of_every_report_reads_back(
    layout: str, fmt: Format, data: st.DataObject
) -> None:
    assert_reads_back(layout, titled(data.draw(consistent_reports(fmt))))
