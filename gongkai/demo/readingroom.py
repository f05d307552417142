"""The demo reading-room register: every working day of last year, for each agency that keeps
a reading room (政府信息查阅场所)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.readingroom.services import register_day_save
from gongkai.workdays.clock import Calendar
from gongkai.workdays.selectors import platform_calendar


def load_reading_room_demo(actor: Any, agencies: list[Agency], today: date | None = None) -> None:
    calendar = platform_calendar()
    rng = random.Random(20260102)
    year = (today or timezone.localdate()).year - 1
    for agency in agencies:
        if agency.has_reading_room:
            _reading_room(actor, agency, year, calendar, rng)


def _reading_room(
    actor: Any, agency: Agency, year: int, calendar: Calendar, rng: random.Random
) -> None:
    day = date(year, 1, 1)
    while day.year == year:
        if calendar.is_working_day(day):
            visitors = rng.randint(12, 40)
            physical = rng.randint(8, 30)
            register_day_save(
                actor=actor,
                agency=agency,
                day=day,
                visitors=visitors,
                files_physical=physical,
                files_electronic=rng.randint(5, 20),
                current_doc_visits=rng.randint(0, 2),
                current_docs=rng.randint(0, 6),
                copies=physical * rng.randint(3, 12),
                certificates=rng.randint(5, 30),
                reason="演示数据",
            )
        day += timedelta(days=1)
