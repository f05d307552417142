"""The demo loads on any day it is run: no record it writes is dated after that day (a
document written, reviewed or published tomorrow is refused by the services, and ``gongkai
demo`` would stop with a traceback on such a day)."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.appeals.models import Case
from gongkai.catalogue.models import Document
from gongkai.demo import load_demo
from gongkai.demo.appeals import load_appeals_demo
from gongkai.demo.catalogue import FIRST_DAY, load_catalogue_demo


class _Rollback(Exception):
    pass


# Two weeks of days on which to run it: the demo steps 1 to 6 days between documents, so over
# two weeks the last step before "today" lands on every side of it.
DAYS = [FIRST_DAY + timedelta(days=40 + n) for n in range(14)]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_catalogue_demo_loads_on_any_day(operator: Any, agency_a: Agency, today: date) -> None:
    with (
        time_machine.travel(f"{today} 23:30 +0800", tick=False),
        contextlib.suppress(_Rollback),
        transaction.atomic(),
    ):
        load_catalogue_demo(operator, [agency_a])
        documents = Document.objects.filter(agency=agency_a)
        assert documents.exists()
        assert not documents.filter(written_on__gt=today).exists()
        raise _Rollback


# Days early in a year, when last year's cases are still being decided: a case filed or decided
# after today is refused (Case.clean).
YEAR_START = ["2027-01-01", "2027-01-18", "2027-02-09", "2027-02-11", "2026-12-31"]


@pytest.mark.parametrize("today", YEAR_START)
def test_the_appeals_demo_loads_early_in_a_year(
    operator: Any, agency_a: Agency, today: str
) -> None:
    with (
        time_machine.travel(f"{today} 00:10 +0800", tick=False),
        contextlib.suppress(_Rollback),
        transaction.atomic(),
    ):
        day = date.fromisoformat(today)
        load_appeals_demo(operator, agency_a)
        cases = Case.objects.filter(agency=agency_a)
        assert cases.count() == 6
        assert not cases.filter(Q(filed_on__gt=day) | Q(decided_on__gt=day)).exists()
        raise _Rollback


@pytest.mark.parametrize(
    "instant",
    [
        # 16:10 UTC is 00:10 the next day in 北京时间: the day the demo counts from is the next.
        "2026-12-06 16:10 +0000",
        # The first minutes of a year: last year's report, cases and register are all there is.
        "2027-01-01 00:10 +0800",
    ],
)
def test_the_whole_demo_loads_just_after_midnight_in_china(db: Any, instant: str) -> None:
    with time_machine.travel(instant, tick=False):
        assert load_demo()
