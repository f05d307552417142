"""信息处理费: the 办法's two calculators, on the spec's worked examples and band edges."""

from __future__ import annotations

import pytest

from gongkai.requests.fees import (
    FeeError,
    per_application_fee,
    per_application_total,
    per_volume_fee,
)


def test_it_charges_35_applications_in_a_month_3000_yuan() -> None:
    assert per_application_total(35) == 20 * 100 + 5 * 200 == 3000


def test_it_charges_150_pages_1700_yuan() -> None:
    assert per_volume_fee(150) == 70 * 10 + 50 * 20 == 1700


@pytest.mark.parametrize(
    ("ordinal", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_it_steps_the_per_application_fee_at_each_band(ordinal: int, fee: int) -> None:
    assert per_application_fee(ordinal) == fee


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_it_charges_pages_progressively(pages: int, fee: int) -> None:
    assert per_volume_fee(pages) == fee


def test_it_refuses_counts_that_cannot_be_charged() -> None:
    with pytest.raises(FeeError):
        per_application_fee(0)
    with pytest.raises(FeeError):
        per_volume_fee(-1)
