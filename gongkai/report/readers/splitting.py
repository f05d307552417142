"""Recover the cells of a row whose numbers ran together when the page was scraped.

``一、本年新收政府信息公开申请数量230 000023`` has seven cells, but the separators between some
of them were lost. Every way of cutting the digit runs into the right number of cells is tried,
and only the cuts that satisfy the row's own consistency rule are kept (表三 rule 1: 总计 = the
six applicant columns; 表四 rule 4: each group's 总计 = its four results). One surviving cut is
used (and the reader says so); several are reported as an ambiguity, never picked silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import combinations

# A row of 7 or 15 cells from a few runs of digits has few cuts, but guard the worst case.
MAX_CANDIDATES = 20_000


def _cuts(run: str, parts: int) -> Iterator[list[int]]:
    """Every way to cut one digit run into ``parts`` numbers, none with a leading zero."""
    if parts == 1:
        if run and (run == "0" or not run.startswith("0")):
            yield [int(run)]
        return
    # A leading zero can only be the number 0 itself.
    limit = 1 if run.startswith("0") else len(run) - parts + 1
    for size in range(1, limit + 1):
        for rest in _cuts(run[size:], parts - 1):
            yield [int(run[:size]), *rest]


def _splits(runs: Sequence[str], cells: int) -> Iterator[list[int]]:
    if not runs:
        if cells == 0:
            yield []
        return
    head, tail = runs[0], runs[1:]
    # Each run holds at least one number and at most one per digit.
    most = min(len(head), cells - len(tail))
    for parts in range(1, most + 1):
        for first in _cuts(head, parts):
            for rest in _splits(tail, cells - parts):
                yield first + rest


def candidate_splits(
    runs: Sequence[str], cells: int, consistent: Callable[[list[int]], bool]
) -> list[list[int]]:
    """The cuts of ``runs`` into ``cells`` numbers that pass ``consistent``."""
    found: list[list[int]] = []
    for count, values in enumerate(_splits(runs, cells)):
        if count >= MAX_CANDIDATES:
            break
        if consistent(values):
            found.append(values)
    return found


def _joins(runs: Sequence[str], cells: int) -> Iterator[list[int]]:
    """Every way to join neighbouring runs (split by a stray space) into ``cells`` numbers."""
    gaps = len(runs) - 1
    for kept in combinations(range(gaps), cells - 1):
        numbers: list[int] = []
        start = 0
        for end in (*[k + 1 for k in kept], len(runs)):
            text = "".join(runs[start:end])
            if len(text) > 1 and text.startswith("0"):
                break
            numbers.append(int(text))
            start = end
        else:
            yield numbers


def joined_splits(
    runs: Sequence[str], cells: int, consistent: Callable[[list[int]], bool]
) -> list[list[int]]:
    """The ways of reading more runs than cells (stray spaces inside numbers) that pass
    ``consistent``."""
    found: list[list[int]] = []
    for count, values in enumerate(_joins(runs, cells)):
        if count >= MAX_CANDIDATES:
            break
        if consistent(values):
            found.append(values)
    return found


def any_split(values: list[int]) -> bool:
    """Table 二 has no rule within a row: every split is admissible (the prose may decide)."""
    return True


def request_row_consistent(values: list[int]) -> bool:
    """表三 rule 1: 总计 equals the sum of the six applicant columns."""
    return sum(values[:6]) == values[6]


def appeal_row_consistent(values: list[int]) -> bool:
    """表四 rule 4, per group of five: 总计 equals 维持 + 纠正 + 其他 + 尚未审结."""
    return all(sum(values[i : i + 4]) == values[i + 4] for i in range(0, len(values), 5))
