"""Reading stays linear in the input's size: counted in operations, not timed.

A crawler's one-line text of four times the size must cost about four times the work, never
sixteen. The work is counted as the Python function calls the read makes (cProfile), which a
busy machine does not change; the regular expressions that scan the whole line are written so
that they cannot backtrack over it (a quadratic one would show in the calls around it, and in
``bench/bench_parse.py``, which times one-line texts of growing size against a bare decode).
"""

from __future__ import annotations

import contextlib
import cProfile
import pstats
from pathlib import Path

import pytest

from gongkai.report.errors import ReportParseError
from gongkai.report.readers import read_bytes

DATA = Path(__file__).parent / "data"
RULE = "==================== 正文 ====================\n"


def one_line_text(size: int) -> bytes:
    """pingtan-2022's body repeated on one line to about ``size`` bytes, under its header."""
    head, body = (DATA / "pingtan-2022.txt").read_text("utf-8").split(RULE, 1)
    body = body.strip()
    copies = max(size // len(body.encode()), 1)
    return (head + RULE + " ".join([body] * copies) + "\n").encode()


def calls(data: bytes) -> int:
    profile = cProfile.Profile()
    with contextlib.suppress(ReportParseError):
        profile.runcall(read_bytes, data, "big.txt")
    return pstats.Stats(profile).total_calls  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    "make",
    [
        one_line_text,
        lambda size: ("规章0行政许可1 " * (size // 24)).encode(),  # labels, nothing else
        lambda size: ("1 " * (size // 2) + "x").encode(),  # numbers, no label
    ],
    ids=["report-one-line", "labels-only", "numbers-only"],
)
def test_a_text_four_times_longer_costs_about_four_times_the_work(make: object) -> None:
    small = calls(make(256 * 1024))  # type: ignore[operator]
    large = calls(make(1024 * 1024))  # type: ignore[operator]
    assert large <= 5 * small, (small, large)


def test_a_one_line_report_of_a_megabyte_is_read() -> None:
    report = read_bytes(one_line_text(1024 * 1024), "big.txt")
    assert report.requests["new"]["total"] == 74
