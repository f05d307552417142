"""Numbers from a query string, bounded: every view reads ``?year=`` and ``?agency=`` here.

``int()`` accepts ``-1``, ``²`` (after ``str.isdigit`` said yes, it raises), 40-digit numbers
that overflow a database integer, and years that ``date()`` refuses — each of which used to
answer HTTP 500. A value that is not plain ASCII digits within its range reads as absent, and
the page falls back to its default (or shows nothing)."""

from __future__ import annotations

# The 条例 took effect in 2008; annual reports and statistics before it do not exist. The upper
# bound keeps date arithmetic (deadlines run into the next year) far from date.max.
FIRST_YEAR = 2008
LAST_YEAR = 2100
MAX_ID = 2**63 - 1  # a database big integer


def int_param(value: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """``value`` as an int in ``[low, high]``, or None for anything else."""
    if not value or len(value) > 19 or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if low <= number <= high else None


def year_param(value: str | None) -> int | None:
    return int_param(value, low=FIRST_YEAR, high=LAST_YEAR)


def id_param(value: str | None) -> int | None:
    return int_param(value, low=1)
