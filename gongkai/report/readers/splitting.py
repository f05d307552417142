"""Recover the cells of a row whose numbers ran together when the page was scraped.

``一、本年新收政府信息公开申请数量230 000023`` has seven cells, but the separators between some
of them were lost. Every way of cutting the digit runs into the right number of cells is tried,
and only the cuts that satisfy the row's own consistency rule are kept (表三 rule 1: 总计 = the
six applicant columns; 表四 rule 4: each group's 总计 = its four results). One surviving cut is
used (and the reader says so); several are reported as an ambiguity, never picked silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

Split = list[int | float]  # one way of reading a row's numbers
Rule = Callable[[Split], bool]
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


def candidate_splits(runs: Sequence[str], cells: int, consistent: Rule) -> list[Split]:
    """The cuts of ``runs`` into ``cells`` numbers that pass ``consistent``."""
    found: list[Split] = []
    for count, values in enumerate(_splits(runs, cells)):
        if count >= MAX_CANDIDATES:
            break
        split: Split = list(values)
        if consistent(split):
            found.append(split)
    return found


_DEAD_END = re.compile(r"^-?0\d|.*\..*\.")  # a leading zero, or two decimal points
_JOINED = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def _number(text: str) -> int | float | None:
    """A joined run as a number: no leading zero, a sign only in front, decimals at the end."""
    if not _JOINED.match(text):
        return None
    return float(text) if "." in text else int(text)


def joined_splits(
    runs: Sequence[str],
    cells: int,
    consistent: Rule,
    group: int | None = None,
) -> list[Split]:
    """The ways of reading more runs than cells (a stray space inside a number: ``4 06``) that
    pass ``consistent``: neighbouring runs joined, never across a sign (``16 -18``). The rule is
    checked on each complete ``group`` of cells as soon as it is complete (表四: groups of 5),
    so that the search stays small."""
    group = group or cells
    found: list[Split] = []
    visited = 0

    def walk(at: int, values: Split) -> None:
        nonlocal visited
        visited += 1
        if visited > MAX_CANDIDATES:
            return
        if values and len(values) % group == 0 and not consistent(values[-group:]):
            return
        left = len(runs) - at
        if len(values) == cells:
            if left == 0:
                found.append(list(values))
            return
        if left < cells - len(values):
            return
        text = ""
        for end in range(at, len(runs)):
            if end > at and runs[end].startswith("-"):
                break
            text += runs[end]
            if "." in runs[end] and end + 1 < len(runs) and "." in text[: -len(runs[end])]:
                break
            number = _number(text)
            if number is None:
                if _DEAD_END.match(text):
                    break
                continue
            walk(end + 1, [*values, number])

    walk(0, [])
    return found


def any_split(values: Split) -> bool:
    """Table 二 has no rule within a row: every split is admissible (the prose may decide)."""
    return True


def request_row_consistent(values: Split) -> bool:
    """表三 rule 1: 总计 equals the sum of the six applicant columns."""
    return sum(values[:6]) == values[6]


def appeal_row_consistent(values: Split) -> bool:
    """表四 rule 4, per group of five: 总计 equals 维持 + 纠正 + 其他 + 尚未审结."""
    return all(sum(values[i : i + 4]) == values[i + 4] for i in range(0, len(values), 5))


def sum_splits(runs: Sequence[str], cells: int, group: int) -> list[Split]:
    """The cuts of ``runs`` into ``cells`` numbers where, in each ``group`` of cells, the last is
    the sum of the others (表三 rule 1 per row, 表四 rule 4 per group). A group's last cell is
    not searched for but read off as the digits of the sum, so a row of twenty digits is cut in
    thousands of steps, not millions. A number never spans two runs, nor starts with a 0."""
    digits = "".join(runs)
    ends: set[int] = set()  # where a printed run ends: a number must end there too
    at = 0
    for run in runs:
        at += len(run)
        ends.add(at)
    found: list[Split] = []
    visited = 0

    def fits(start: int, end: int) -> bool:
        if end > len(digits) or (end - start > 1 and digits[start] == "0"):
            return False
        return not any(b in ends for b in range(start + 1, end))

    def walk(at: int, values: Split, partial: int) -> None:
        nonlocal visited
        visited += 1
        if visited > MAX_CANDIDATES * 10:
            return
        if len(values) == cells:
            if at == len(digits):
                found.append(list(values))
            return
        if len(digits) - at < cells - len(values):
            return
        if len(values) % group == group - 1:  # the group's total: the digits of the sum
            total = str(partial)
            end = at + len(total)
            if digits.startswith(total, at) and fits(at, end):
                walk(end, [*values, partial], 0)
            return
        for end in range(at + 1, len(digits) + 1):
            if not fits(at, end):
                break
            number = int(digits[at:end])
            walk(end, [*values, number], partial + number)

    walk(0, [], 0)
    return found
