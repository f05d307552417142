"""The generated clean-table tests change no finding and no error of ``check_report``.

``check_report`` skips the general rule code for a table that the generated test of its layout
(``gongkai.report.cleantables``) finds clean. Here every report is checked twice — as it runs,
and with the generated tests switched off, so that the general code checks every table — and
the two must give the same findings, compared by repr (3 vs 3.0, NaN, order), or the same error.
The reports: the real ones, and generated ones with cells blank, negative, fractional, NaN,
infinite, huge or off by a little, rows missing, reordered or unknown, columns missing or extra.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import canonical, checks, cleantables
from gongkai.report.checks import check_report
from gongkai.report.findings import KINDS
from gongkai.report.formats import Format, Kind
from gongkai.report.model import AnnualReport, Cell
from gongkai.report.readers import read_path
from tests.strategies import consistent_reports

DATA = Path(__file__).parent / "data"

_REAL = [
    canonical.load(path)
    for path in sorted([*DATA.glob("*.json"), *(DATA / "pdf-read").glob("*.json")])
] + [read_path(path) for path in sorted(DATA.glob("pingtan-*.txt"))]
_TABLED = [r for r in _REAL if r.format != Format.LEGACY]


def _outcome(check: Callable[[AnnualReport], object], report: AnnualReport) -> object:
    try:
        return [repr(f) for f in check(report)]  # type: ignore[attr-defined]
    except Exception as error:  # the general code's error must stay the same
        return ("raises", type(error), str(error))


def _general_only(report: AnnualReport) -> object:
    """``check_report`` with every table checked by the general code."""
    original = checks.clean_test
    checks.clean_test = lambda *_: None  # type: ignore[assignment]
    try:
        return _outcome(check_report, report)
    finally:
        checks.clean_test = original


def assert_same_as_general(report: AnnualReport) -> None:
    assert _outcome(check_report, report) == _general_only(report)


def test_the_real_reports_give_the_general_findings() -> None:
    assert len(_TABLED) >= 6
    for report in _REAL:
        assert_same_as_general(report)
    # Not vacuous: the real reports' tables are mostly found clean by the generated tests.
    clean = 0
    for report in _TABLED:
        for key in ("proactive", "requests", "appeals"):
            table = getattr(report, key)
            test = cleantables.clean_test(report.format, key, table)
            clean += test is not None and test(table)
    assert clean >= 12


_DAMAGE: st.SearchStrategy[Cell] = st.one_of(
    st.just(None),
    st.integers(-3, 3),  # added to the cell: near misses of the sums, negatives
    st.integers(-(2**70), 2**70),
    st.sampled_from([2**64 - 1, 2**64, -(2**63), 10**30]),
    st.sampled_from([0.5, 2.0, 3.0, -1.5, 0.0, -0.0, 4068.208, 1e300]),
    st.sampled_from([float("nan"), float("inf"), -float("inf")]),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def damaged_reports(draw: st.DrawFn) -> AnnualReport:
    report = copy.deepcopy(draw(st.one_of(consistent_reports(), st.sampled_from(_TABLED))))
    rate = draw(st.sampled_from([0, 0, 40, 10, 3]))  # one cell in ``rate`` changed; 0: none
    for key in ("proactive", "requests", "appeals"):
        table = getattr(report, key)
        for cells in table.values():
            for column in cells:
                if rate and draw(st.integers(0, rate - 1)) == 0:
                    change = draw(_DAMAGE)
                    if type(change) is int and -3 <= change <= 3:
                        base = cells[column]
                        change = (base if isinstance(base, int) else 0) + change
                    cells[column] = change
        if draw(st.integers(0, 9)) == 0 and table:
            # The layout changed: a row missing, a column missing or extra, rows reordered,
            # an unknown row.
            rows = list(table)
            row = draw(st.sampled_from(rows))
            change = draw(st.sampled_from(["drop row", "drop column", "extra", "reverse", "new"]))
            if change == "drop row":
                del table[row]
            elif change == "drop column" and table[row]:
                del table[row][draw(st.sampled_from(list(table[row])))]
            elif change == "extra":
                table[row]["unexpected"] = draw(st.sampled_from([0, 1, None]))
            elif change == "reverse":
                setattr(report, key, dict(reversed(table.items())))
            else:
                table["unknown_row"] = dict(next(iter(table.values())))
    return report


_VALUE: st.SearchStrategy[Cell] = st.one_of(
    st.integers(0, 30), st.integers(0, 30), st.integers(0, 30), _DAMAGE
)


@st.composite
def balanced_reports(draw: st.DrawFn) -> AnnualReport:
    """A report whose sums hold by construction over any values (negative, fractional, huge):
    the part cells drawn, each total derived; then some cells moved in pairs that keep the
    column sums (rule 1 alone broken), or one cell changed. Money and 本年增/减 cells of any sign."""
    report = copy.deepcopy(draw(st.one_of(consistent_reports(), st.sampled_from(_TABLED))))

    # Per report: plain counts only (the tables clean but for the changes below), or any value.
    values = draw(st.sampled_from([st.integers(0, 30), st.integers(0, 30), _VALUE]))

    def value() -> Cell:
        return draw(values)

    def total(parts: list[Cell]) -> Cell:
        try:
            return sum(parts)  # type: ignore[arg-type]
        except TypeError:
            return None

    requests = report.requests
    columns = [c for c in next(iter(requests.values())) if c != "total"]
    for row, cells in requests.items():
        if row not in ("new", "result_total"):
            for column in columns:
                cells[column] = value()
    results = [
        r for r in requests if r not in ("new", "carried_over", "result_total", "carried_forward")
    ]
    for column in columns:
        requests["result_total"][column] = total([requests[r][column] for r in results])
        try:
            requests["new"][column] = (
                requests["result_total"][column]  # type: ignore[operator]
                + requests["carried_forward"][column]
                - requests["carried_over"][column]
            )
        except TypeError:
            requests["new"][column] = None
    for cells in requests.values():
        cells["total"] = total([cells[c] for c in columns])
    for cells in report.appeals.values():
        for column in list(cells)[:4]:
            cells[column] = value()
        cells["total"] = total(list(cells.values())[:4])
    for cells in report.proactive.values():
        for column in cells:
            if draw(st.integers(0, 3)) == 0:
                cells[column] = draw(st.one_of(values, st.sampled_from([-2, -0.5, 2.5, 7.0])))
    if draw(st.booleans()) and len(results) > 1:
        # Moved in a pair within a column: the column sums hold, two row totals do not.
        column = draw(st.sampled_from(columns))
        a, b = draw(st.sampled_from(results)), draw(st.sampled_from(results))
        step = draw(st.integers(1, 3))
        if isinstance(requests[a][column], int) and isinstance(requests[b][column], int):
            requests[a][column] += step  # type: ignore[operator]
            requests[b][column] -= step  # type: ignore[operator]
    return report


@settings(max_examples=500, deadline=None)
@given(balanced_reports())
def test_balanced_reports_give_the_general_findings(report: AnnualReport) -> None:
    assert_same_as_general(report)


@settings(max_examples=600, deadline=None)
@given(damaged_reports())
def test_generated_reports_give_the_general_findings(report: AnnualReport) -> None:
    assert_same_as_general(report)


@settings(max_examples=300, deadline=None)
@given(consistent_reports())
def test_consistent_reports_are_found_clean(report: AnnualReport) -> None:
    """The fast path is taken: a consistent report's tables pass their generated tests (a test
    that always failed would keep the findings too, and save nothing)."""
    for key in ("requests", "appeals"):
        table = getattr(report, key)
        test = cleantables.clean_test(report.format, key, table)
        assert test is not None and test(table)
    assert_same_as_general(report)


@pytest.mark.parametrize(
    ("key", "row", "column", "value"),
    [
        ("requests", "new", "total", None),
        ("requests", "new", "natural_person", -1),
        ("requests", "carried_forward", "total", 2.0),
        ("requests", "result_total", "commercial", 2**64),
        ("appeals", "review", "total", float("nan")),
        ("appeals", "review", "upheld", -0.0),
        ("proactive", "fees", "amount", -0.5),
        ("proactive", "fees", "amount", float("nan")),
        ("proactive", "licensing", "decisions", 2.5),
        ("proactive", "regulations", "issued", None),
    ],
)
def test_a_damaged_cell_is_not_clean(key: str, row: str, column: str, value: Cell) -> None:
    report = copy.deepcopy(next(r for r in _TABLED if r.agency == "淮安市人民政府"))
    getattr(report, key)[row][column] = value
    table = getattr(report, key)
    test = cleantables.clean_test(report.format, key, table)
    assert test is not None and not test(table)
    assert_same_as_general(report)


def test_it_finds_a_table_unclean_for_any_one_cell_not_a_count() -> None:
    """Every cell is checked for being an int, whichever of the packed chunks it is in: one
    cell made a float of the same value (the sums still hold) and the table is not clean."""
    checked = 0
    for report in _TABLED:
        for key in ("proactive", "requests", "appeals"):
            table = getattr(report, key)
            test = cleantables.clean_test(report.format, key, table)
            if test is None or not test(table):
                continue
            kinds = KINDS[(report.format, key)]
            for row, cells in table.items():
                for column, value in cells.items():
                    if kinds[row][column] is Kind.MONEY:
                        continue  # a fee may be a fraction
                    damaged = copy.deepcopy(table)
                    damaged[row][column] = float(value)  # type: ignore[arg-type]
                    assert not test(damaged), (report.agency, key, row, column)
                    checked += 1
    assert checked > 500
