"""信息处理费 — the 办法's two calculators (国办函〔2020〕109号), as pure functions.

Free by default (条例第四十二条). Where volume or frequency clearly exceeds a reasonable range
the agency may charge by ONE method per application, progressively:

- 按件计收: per applicant per calendar month, applications 1–10 free, 11–30 100 元 each, then
  bands of 10 each 100 元 dearer (31–40: 200, 41–50: 300, …);
- 按量计收: per application by pages, 1–30 free, 31–100 10 元/page, 101–200 20 元/page,
  from 201 40 元/page.
"""

from __future__ import annotations

from gongkai.errors import DomainError

FREE_APPLICATIONS = 10
FIRST_BAND_END = 30
BAND_SIZE = 10
STEP_YUAN = 100

# (first page of the band, last page or None for open-ended, 元 per page)
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeError(DomainError, ValueError):
    """A count that cannot be charged for (zero or negative)."""


def per_application_fee(ordinal: int) -> int:
    """The fee in 元 for the applicant's ``ordinal``-th application this calendar month."""
    if ordinal < 1:
        raise FeeError(f"本月申请序数必须是正整数：{ordinal}")
    if ordinal <= FREE_APPLICATIONS:
        return 0
    if ordinal <= FIRST_BAND_END:
        return STEP_YUAN
    return STEP_YUAN * (2 + (ordinal - FIRST_BAND_END - 1) // BAND_SIZE)


def per_application_total(count: int) -> int:
    """The month's total for ``count`` applications: 35 → 20×100 + 5×200 = 3,000 元."""
    if count < 0:
        raise FeeError(f"申请件数不能为负数：{count}")
    return sum(per_application_fee(n) for n in range(1, count + 1))


def per_volume_fee(pages: int) -> int:
    """The fee in 元 for one application of ``pages`` pages: 150 → 70×10 + 50×20 = 1,700 元."""
    if pages < 0:
        raise FeeError(f"页数不能为负数：{pages}")
    total = 0
    for first, last, price in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * price
    return total
