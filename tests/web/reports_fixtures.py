"""Shared set-up for the annual-report tests: a year of demo-like requests for agency A."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.demo.requests import load_requests_demo

YEAR = 2025


def year_of_requests(operator: Any, agency: Any, count: int = 12) -> int:
    """Requests received through 2025 (and a few carried into 2026), through the services."""
    return load_requests_demo(
        operator, [agency], today=date(2026, 1, 20), per_agency={agency.short_code: count}
    )
