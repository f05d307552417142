"""The catalogue's write paths: 索引号 never duplicated, the 第二十六条 clock, status changes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.audit.models import Event
from gongkai.catalogue.models import DocType, Document, Status, validate_index_pattern
from gongkai.catalogue.selectors import late_documents
from gongkai.catalogue.services import (
    catalogue_set_pattern,
    document_set_status,
    document_update,
    year_figures_set,
)
from tests.web.appeals_helpers import open_case
from tests.web.catalogue_helpers import make_document, review_and_publish

pytestmark = pytest.mark.django_db


def test_it_numbers_documents_by_the_default_pattern(clerk_a: Any, agency_a: Any) -> None:
    first = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    second = make_document(clerk_a, agency_a, written_on=date(2025, 3, 4))
    next_year = make_document(clerk_a, agency_a, written_on=date(2026, 1, 5))
    assert [first.index_number, second.index_number, next_year.index_number] == [
        "JL-JYJ/2025-00001",
        "JL-JYJ/2025-00002",
        "JL-JYJ/2026-00001",
    ]


def test_it_numbers_by_the_agencys_own_pattern(clerk_a: Any, agency_a: Any) -> None:
    catalogue_set_pattern(
        actor=clerk_a, agency=agency_a, pattern="{agency}-{category}/{year}/{serial:03d}"
    )
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    assert document.index_number == "JL-JYJ-10/2025/001"
    assert Event.objects.filter(action="catalogue.set_pattern").count() == 1


def test_it_never_repeats_a_number_when_the_pattern_changes_back(
    clerk_a: Any, agency_a: Any
) -> None:
    make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))  # JL-JYJ/2025-00001
    catalogue_set_pattern(actor=clerk_a, agency=agency_a, pattern="{agency}/{year}-{serial:04d}")
    make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))  # JL-JYJ/2025-0001
    # A pattern whose scope restarts at 1 but collides with a number already given out.
    catalogue_set_pattern(actor=clerk_a, agency=agency_a, pattern="{agency}/{year}-0000{serial}")
    third = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    numbers = list(Document.objects.values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 3
    assert third.index_number == "JL-JYJ/2025-00002"


def test_the_database_refuses_a_duplicate_number(clerk_a: Any, agency_a: Any) -> None:
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    copy = Document.objects.get(pk=document.pk)
    copy.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


@pytest.mark.parametrize(
    "pattern", ["{agency}/{year}", "{agency}/{serial}/{secret}", "{agency/{serial}"]
)
def test_it_rejects_a_pattern_that_could_repeat_or_does_not_parse(pattern: str) -> None:
    with pytest.raises(ValidationError):
        validate_index_pattern(pattern)


def test_it_sets_the_due_date_twenty_working_days_after_the_document_is_formed(
    clerk_a: Any, agency_a: Any
) -> None:
    # Monday 2025-03-03; day of formation not counted; 20 working days = four weeks.
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    assert document.publication_due == date(2025, 3, 31)


def test_it_flags_late_and_overdue_documents(clerk_a: Any, agency_a: Any) -> None:
    on_time = make_document(
        clerk_a, agency_a, written_on=date(2025, 3, 3), published_on=date(2025, 3, 31)
    )
    late = make_document(
        clerk_a, agency_a, written_on=date(2025, 3, 3), published_on=date(2025, 4, 1)
    )
    pending = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    assert not on_time.is_late() and late.is_late()
    assert not pending.is_late(today=date(2025, 3, 31))
    assert pending.is_late(today=date(2025, 4, 1))
    with time_machine.travel(date(2025, 4, 1)):
        flagged = set(late_documents(Document.objects.all()).values_list("pk", flat=True))
    assert flagged == {late.pk, pending.pk}


def test_a_new_formation_date_restarts_the_clock(clerk_a: Any, agency_a: Any) -> None:
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    document_update(actor=clerk_a, document=document, written_on=date(2025, 3, 10))
    assert document.publication_due > date(2025, 3, 31)
    event = Event.objects.get(action="document.update")
    assert event.changes["written_on"] == ["2025-03-03", "2025-03-10"]


def test_it_refuses_a_publication_date_before_the_document_exists(
    clerk_a: Any, agency_a: Any
) -> None:
    with pytest.raises(ValidationError) as error:
        make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), published_on=date(2025, 3, 1))
    assert "published_on" in error.value.message_dict


def test_it_records_a_repeal_with_its_date_and_successor(clerk_a: Any, agency_a: Any) -> None:
    old = make_document(clerk_a, agency_a, written_on=date(2020, 3, 3), doc_type=DocType.NORMATIVE)
    new = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), doc_type=DocType.NORMATIVE)
    document_set_status(
        actor=clerk_a,
        document=old,
        status=Status.REPEALED,
        changed_on=date(2025, 3, 3),
        replaced_by=new,
    )
    old.refresh_from_db()
    assert (old.status, old.status_changed_on, old.replaced_by) == (
        Status.REPEALED,
        date(2025, 3, 3),
        new,
    )
    assert list(new.replaces.all()) == [old]
    assert Event.objects.filter(action="document.set_status", object_id=str(old.pk)).count() == 1


def test_a_repeal_needs_a_date(clerk_a: Any, agency_a: Any) -> None:
    document = make_document(clerk_a, agency_a, written_on=date(2020, 3, 3))
    with pytest.raises(ValidationError):
        document_set_status(
            actor=clerk_a, document=document, status=Status.REPEALED, changed_on=None
        )


def test_a_successor_must_belong_to_the_same_agency(
    clerk_a: Any, agency_a: Any, clerk_b: Any, agency_b: Any
) -> None:
    mine = make_document(clerk_a, agency_a, written_on=date(2020, 3, 3))
    theirs = make_document(clerk_b, agency_b, written_on=date(2021, 3, 3))
    with pytest.raises(ValidationError):
        document_set_status(
            actor=clerk_a,
            document=mine,
            status=Status.REPEALED,
            changed_on=date(2021, 3, 3),
            replaced_by=theirs,
        )


def test_it_writes_one_event_per_document_created(clerk_a: Any, agency_a: Any) -> None:
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))
    events = Event.objects.filter(action="document.create", object_id=str(document.pk))
    assert events.count() == 1
    assert events.get().agency == agency_a


def test_entered_figures_are_checked_against_their_cell(clerk_a: Any, agency_a: Any) -> None:
    with pytest.raises(ValidationError) as error:
        year_figures_set(
            actor=clerk_a,
            agency=agency_a,
            year=2025,
            values={"licensing/decisions": "-3", "fees/amount": "abc", "regulations/issued": 1},
        )
    assert set(error.value.message_dict) == {
        "licensing/decisions",
        "fees/amount",
        "regulations/issued",
    }
    figures = year_figures_set(
        actor=clerk_a, agency=agency_a, year=2025, values={"fees/amount": "12.5"}
    )
    assert figures.values == {"fees/amount": 12.5}


def test_every_action_of_these_apps_has_a_chinese_name(
    clerk_a: Any, reviewer_a: Any, agency_a: Any, clerk_b: Any, agency_b: Any
) -> None:
    from gongkai.appeals.services import case_decide
    from gongkai.audit.labels import action_label
    from gongkai.readingroom.services import register_day_save

    make_document(clerk_a, agency_a, written_on=date(2025, 3, 3))  # historical publication
    document = make_document(clerk_a, agency_a, written_on=date(2025, 3, 3), unpublished=True)
    document_update(actor=clerk_a, document=document, title="新标题")
    review_and_publish(reviewer_a, document)
    document_set_status(
        actor=clerk_a, document=document, status=Status.REPEALED, changed_on=date(2025, 4, 1)
    )
    catalogue_set_pattern(actor=clerk_a, agency=agency_a, pattern="{agency}-{serial}")
    year_figures_set(actor=clerk_a, agency=agency_a, year=2025, values={"fees/amount": 1})
    case = open_case(clerk_a, agency_a, date(2025, 4, 1))
    case_decide(actor=clerk_a, case=case, result="upheld", decided_on=date(2025, 6, 1))
    register_day_save(actor=clerk_b, agency=agency_b, day=date(2025, 3, 3), visitors=1)
    actions = set(Event.objects.values_list("action", flat=True))
    mine = {a for a in actions if not a.startswith(("agency.", "user."))}
    assert len(mine) >= 8
    assert all(action_label(a) for a in mine), sorted(a for a in mine if not action_label(a))
