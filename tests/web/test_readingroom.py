"""The reading-room register: one row per day, yearly totals, the 总体情况 sentence."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from gongkai.audit.models import Event
from gongkai.readingroom.models import RegisterDay
from gongkai.readingroom.selectors import overview_sentence, year_totals
from gongkai.readingroom.services import register_day_save

pytestmark = pytest.mark.django_db


def save(actor: Any, agency: Any, day: date, **counts: Any) -> RegisterDay:
    return register_day_save(actor=actor, agency=agency, day=day, **counts)


def test_it_totals_a_year_and_ignores_the_next(clerk_b: Any, agency_b: Any) -> None:
    save(clerk_b, agency_b, date(2025, 1, 2), visitors=10, files_physical=6, copies=30)
    save(clerk_b, agency_b, date(2025, 12, 31), visitors=5, files_electronic=4, certificates=2)
    save(clerk_b, agency_b, date(2026, 1, 2), visitors=100)
    totals = year_totals(agency_b, 2025)
    assert totals == {
        "days": 2,
        "visitors": 15,
        "files_physical": 6,
        "files_electronic": 4,
        "current_doc_visits": 0,
        "current_docs": 0,
        "copies": 30,
        "certificates": 2,
    }


def test_it_writes_the_overview_sentence_from_the_register(clerk_b: Any, agency_b: Any) -> None:
    save(
        clerk_b,
        agency_b,
        date(2017, 6, 1),
        visitors=6177,
        files_physical=4366,
        files_electronic=3016,
        current_doc_visits=119,
        current_docs=595,
        copies=19839,
        certificates=4990,
    )
    # The 沈阳市档案局 2017 figures: the sentence states each of them.
    assert overview_sentence(agency_b, 2017) == (
        "2017年，政府信息查阅场所接待查阅6177人次，利用档案资料7382卷（册）"
        "（其中实体档案4366卷（册），电子全文3016件），现行文件利用119人次、595件，"
        "复印19839张，出具证明4990份。"
    )
    assert overview_sentence(agency_b, 2018) == ""


def test_saving_a_day_again_corrects_it_and_says_so(clerk_b: Any, agency_b: Any) -> None:
    save(clerk_b, agency_b, date(2025, 3, 3), visitors=10)
    save(clerk_b, agency_b, date(2025, 3, 3), visitors=12)
    assert RegisterDay.objects.get().visitors == 12
    update = Event.objects.get(action="readingroom.update")
    assert update.changes == {"visitors": [10, 12]}


def test_an_agency_without_a_reading_room_keeps_no_register(clerk_a: Any, agency_a: Any) -> None:
    with pytest.raises(ValidationError, match="未设立政府信息查阅场所"):
        save(clerk_a, agency_a, date(2025, 3, 3), visitors=1)


def test_counts_cannot_be_negative(clerk_b: Any, agency_b: Any) -> None:
    with pytest.raises(ValidationError):
        save(clerk_b, agency_b, date(2025, 3, 3), visitors=-1)
