"""The 汇总 of N agencies equals the sum of their tables, cell by cell (property test), and the
supervising office's summary page sums the published reports of the agencies below it."""

from __future__ import annotations

import math
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import find, given, settings
from hypothesis import strategies as st

from gongkai.report.canonical import dumps
from gongkai.report.checks import check_report
from gongkai.report.formats import Format
from gongkai.report.model import AnnualReport, Cell
from gongkai.reports.selectors import published_report
from gongkai.reports.summary import summarize
from tests.strategies import consistent_reports

TABLES = ("proactive", "requests", "appeals")


def _sum(values: list[Cell]) -> Cell:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _blank_some(report: AnnualReport, rng: random.Random) -> AnnualReport:
    for table in TABLES:
        for cells in getattr(report, table).values():
            for key in cells:
                if rng.random() < 0.05:
                    cells[key] = None
    return report


@settings(max_examples=40, deadline=None)
@given(
    st.lists(consistent_reports(Format.F2021), min_size=1, max_size=6),
    st.integers(0, 2**16),
)
def test_it_sums_every_cell_of_every_agency(reports: list[AnnualReport], seed: int) -> None:
    rng = random.Random(seed)
    reports = [_blank_some(r, rng) for r in reports]
    result = summarize(reports, region="江临市", year=2025)
    assert len(result.included) == len(reports) and not result.skipped
    for table in TABLES:
        summed = getattr(result.report, table)
        keys = {(row, col) for r in reports for row, c in getattr(r, table).items() for col in c}
        for row, column in keys:
            expected = _sum([getattr(r, table).get(row, {}).get(column) for r in reports])
            got = summed[row][column]
            if expected is None or got is None:
                assert got == expected, (table, row, column)
            else:
                assert math.isclose(got, expected, abs_tol=1e-6), (table, row, column)


@settings(max_examples=25, deadline=None)
@given(st.lists(consistent_reports(Format.F2021), min_size=1, max_size=5))
def test_it_keeps_the_table_rules_in_the_sum_of_consistent_reports(
    reports: list[AnnualReport],
) -> None:
    # Rules 1–4 are linear: a sum of tables that satisfy them satisfies them too, so an error
    # in the summary points at the summing, not at an agency.
    result = summarize(reports, region="江临市", year=2025)
    errors = [f for f in check_report(result.report) if f.severity.value == "error"]
    assert errors == []


def test_it_names_a_report_in_another_format_instead_of_summing_it() -> None:
    report = AnnualReport(format=Format.F2019, agency="某县人民政府", year=2025)
    result = summarize([report], region="江临市", year=2025)
    assert result.included == [] and "某县人民政府" in result.skipped[0]


def canonical_json(agency: str, year: int, seed: int) -> SimpleUploadedFile:
    """A consistent 2021-format report as the canonical JSON an agency off the platform sends."""
    report = _seeded(seed)
    report.agency, report.year = agency, year
    return SimpleUploadedFile(f"{agency}{year}.json", dumps(report).encode("utf-8"))


def _seeded(seed: int) -> AnnualReport:
    """The simplest consistent report with more than ``seed`` new requests."""
    return find(
        consistent_reports(Format.F2021),
        lambda r: r.requests["new"]["total"] > seed and "other" not in r.requests,
    )


def test_it_sums_the_published_reports_on_the_summary_page(
    client: Any, supervisor: Any, agency_a: Any, agency_b: Any
) -> None:
    client.force_login(supervisor)
    totals = 0
    for agency, seed in ((agency_a, 5), (agency_b, 9)):
        upload = canonical_json(agency.name, 2025, seed)
        client.post(reverse("reports:import"), {"agency": agency.pk, "year": 2025, "file": upload})
    for agency in (agency_a, agency_b):
        totals += published_report(agency, 2025).report.requests["new"]["total"]
    page = client.get(f"{reverse('reports:summary')}?year=2025").content.decode()
    assert "汇总了 2 个机关" in page
    result_new = f">{totals}<"
    assert result_new in page
