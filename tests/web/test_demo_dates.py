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

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Document
from gongkai.demo import load_demo
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


def test_the_whole_demo_loads_just_after_midnight_in_china(db: Any) -> None:
    # 16:10 UTC is 00:10 the next day in 北京时间: the day the demo counts from is the next day.
    with time_machine.travel("2026-12-06 16:10 +0000", tick=False):
        assert load_demo()
