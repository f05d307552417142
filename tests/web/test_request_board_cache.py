"""The request list's board of other deadlines kept per user (gongkai.requests.board.kept_board):
after each kind of committed change it reads, the kept board is what a fresh computation
gives, because the change moved the board generation on; a user never gets another's board;
nothing is kept when the setting is 0."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.accounts.models import User
from gongkai.appeals.services import case_update
from gongkai.requests import board
from gongkai.requests import services as s
from tests.web.appeals_helpers import open_case
from tests.web.catalogue_helpers import make_document, review_and_publish
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db

TODAY, HORIZON = date(2026, 3, 10), date(2026, 4, 8)
PARTY = "江临宏达建设有限公司"


def _at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 10:00 +0800", tick=False)


@pytest.fixture
def kept(settings: Any) -> Any:
    settings.ACCOUNT_LOOKUP_CACHE = True
    settings.STAFF_BOARD_CACHE_SECONDS = 60
    board.clear_boards()
    yield board
    board.clear_boards()


@pytest.fixture
def world(clerk_a: User, reviewer_a: User, operator: User, agency_a: Any) -> dict[str, Any]:
    """One of each thing the board lists for agency A, all open."""
    with _at("2026-03-03"):
        application, _ = register(clerk_a, agency_a, date(2026, 3, 2))
        consultation = s.application_consult(
            actor=clerk_a,
            application=application,
            kind="third_party",
            party=PARTY,
            sent_on=date(2026, 3, 3),
            delivery={"method": "in_person", "sent_on": date(2026, 3, 3)},
        )
        case = open_case(clerk_a, agency_a, date(2026, 3, 3), copy_received_on=date(2026, 3, 3))
        draft = make_document(
            clerk_a,
            agency_a,
            written_on=date(2026, 3, 2),
            title="关于校车管理的通知",
            unpublished=True,
        )
    return {"consultation": consultation, "case": case, "draft": draft}


def _fresh(user_id: int) -> board.Board:
    return board._board(User.objects.get(pk=user_id), HORIZON, TODAY, None)


def _kept(user_id: int) -> board.Board:
    return board.kept_board(User.objects.get(pk=user_id), HORIZON, TODAY)


def _answer_consultation(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    s.application_receive_opinion(
        actor=clerk, consultation=w["consultation"], answered_on=date(2026, 3, 9), opinion="同意"
    )


def _answer_appeal(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    case_update(actor=clerk, case=w["case"], answered_on=date(2026, 3, 9))


def _publish(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    review_and_publish(reviewer, w["draft"], on=date(2026, 3, 9))


def _submit_report(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    from gongkai.reports.models import ReportVersion
    from gongkai.reports.models import Status as ReportStatus

    ReportVersion.objects.create(
        agency=clerk.agency,
        year=2025,
        status=ReportStatus.SUBMITTED,
        submitted_at=datetime(2026, 1, 20, tzinfo=UTC),
        data={},
    )


def _move_agency(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    from gongkai.agencies.models import Agency

    clerk.agency = Agency.objects.get(name="江临市档案局")
    clerk.save()


def _change_role(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    from gongkai.accounts.services import user_set_role

    user_set_role(actor=operator, user=clerk, role=User.Role.REVIEWER, reason="调岗")


def _add_calendar_day(w: dict[str, Any], clerk: User, reviewer: User, operator: User) -> None:
    from gongkai.workdays.services import calendar_year_set

    calendar_year_set(
        actor=operator,
        year=2031,
        holidays={date(2031, 1, 2): "元旦"},
        makeup_workdays={},
        notice="测试",
    )


CHANGES: dict[str, tuple[Callable[..., None], bool]] = {
    # name: (the change, whether it changes clerk A's board between 3 March and 8 April)
    "consultation answered": (_answer_consultation, True),
    "appeal answer recorded": (_answer_appeal, True),
    "document published": (_publish, True),
    "report submitted": (_submit_report, True),
    "agency changed": (_move_agency, True),
    "role changed": (_change_role, False),
    "calendar day added": (_add_calendar_day, False),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_the_kept_board_follows_each_committed_change(
    kept,
    world,
    name,
    clerk_a,
    clerk_b,
    reviewer_a,
    operator,
    django_capture_on_commit_callbacks,
) -> None:
    change, shows = CHANGES[name]
    with _at("2026-03-10"):
        before = _kept(clerk_a.pk)
        assert before == _fresh(clerk_a.pk)
        user = User.objects.get(pk=clerk_a.pk)
        with CaptureQueriesContext(connection) as again:
            assert board.kept_board(user, HORIZON, TODAY) is before  # kept: no query
        assert len(again) == 0
        generation = board.board_generation()
        with django_capture_on_commit_callbacks(execute=True):
            change(world, User.objects.get(pk=clerk_a.pk), reviewer_a, operator)
        # Without the invalidation for this kind of change, the generation would stay and the
        # old board would be served.
        assert board.board_generation() != generation, name
        after = _kept(clerk_a.pk)
        assert after == _fresh(clerk_a.pk)
        assert (after != before) is shows, name


def test_a_change_not_yet_committed_leaves_the_kept_board(
    kept, world, clerk_a, django_capture_on_commit_callbacks
) -> None:
    """The generation moves when the change commits (a board computed meanwhile is kept under
    the old generation, which nobody asks for again)."""
    with _at("2026-03-10"):
        before = _kept(clerk_a.pk)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            case_update(actor=clerk_a, case=world["case"], answered_on=date(2026, 3, 9))
        assert _kept(clerk_a.pk) is before
        for callback in callbacks:
            callback()
        assert _kept(clerk_a.pk) == _fresh(clerk_a.pk) != before


def test_two_agencies_clerks_never_see_each_other_s_board(
    kept, world, clerk_a, clerk_b, agency_a, agency_b
) -> None:
    with _at("2026-03-10"):
        mine, theirs = _kept(clerk_a.pk), _kept(clerk_b.pk)
        assert mine.items and {i.agency for i in mine.items} == {agency_a.name}
        assert agency_a.name not in {i.agency for i in theirs.items}
        assert PARTY not in theirs.rows and PARTY in mine.rows
        assert theirs == _fresh(clerk_b.pk) and _kept(clerk_b.pk) is theirs
        assert _kept(clerk_a.pk) is mine
        # The same on the page, clerk A's board kept first.
        pages = {}
        for user in (clerk_a, clerk_b, clerk_a):
            client = Client()
            client.force_login(user)
            pages[user.username] = client.get(reverse("requests:dashboard")).content.decode()
        assert PARTY in pages[clerk_a.username]
        assert PARTY not in pages[clerk_b.username]
        assert "关于校车管理的通知" not in pages[clerk_b.username]


def test_nothing_is_kept_when_the_setting_is_0_or_the_lookups_are_off(
    kept, settings, world, clerk_a
) -> None:
    with _at("2026-03-10"):
        for seconds, lookups in ((0, True), (60, False)):
            settings.STAFF_BOARD_CACHE_SECONDS = seconds
            settings.ACCOUNT_LOOKUP_CACHE = lookups
            user = User.objects.get(pk=clerk_a.pk)
            first = board.kept_board(user, HORIZON, TODAY)
            with CaptureQueriesContext(connection) as again:
                second = board.kept_board(user, HORIZON, TODAY)
            assert second == first and second is not first
            assert len(again) > 1
            assert not board._boards


def test_a_kept_board_expires(kept, monkeypatch, world, clerk_a) -> None:
    now = [1000.0]
    monkeypatch.setattr(board, "_clock", lambda: now[0])
    with _at("2026-03-10"):
        first = _kept(clerk_a.pk)
        now[0] += 59
        assert _kept(clerk_a.pk) is first
        now[0] += 2
        assert _kept(clerk_a.pk) is not first


def test_the_kept_boards_are_bounded(kept, monkeypatch, world, clerk_a, clerk_b) -> None:
    monkeypatch.setattr(board, "MAX_BOARDS", 1)
    with _at("2026-03-10"):
        _kept(clerk_a.pk)
        _kept(clerk_b.pk)
        assert list(board._boards) == [clerk_b.pk]


def _saves(world: dict[str, Any], clerk: User, agency: Any, operator: User) -> dict[str, Any]:
    """One committed save (or delete, or signal) of each thing the board depends on."""
    from gongkai.reports.models import ReportVersion
    from gongkai.workdays.models import CalendarDay, HolidayYear
    from gongkai.workdays.signals import calendar_changed

    consultation = world["consultation"]
    return {
        "application": consultation.application.save,
        "consultation": consultation.save,
        "appeal": world["case"].save,
        "document": world["draft"].save,
        "report version": lambda: ReportVersion.objects.create(agency=agency, year=2025, data={}),
        "agency": agency.save,
        "user": clerk.save,
        "user's groups": lambda: clerk.groups.clear(),
        "calendar year": lambda: HolidayYear.objects.create(year=2032, source="manual"),
        "calendar day": lambda: CalendarDay.objects.create(
            year=HolidayYear.objects.get_or_create(year=2033, source="manual")[0],
            date=date(2033, 1, 3),
            kind=CalendarDay.Kind.HOLIDAY,
        ),
        "calendar day deleted": lambda: (
            CalendarDay.objects.filter(date__year=2026).first().delete()
        ),  # type: ignore[union-attr]
        "calendar changed": lambda: calendar_changed.send(
            sender=None, actor=operator, years=[2026], reason="测试"
        ),
    }


SAVES = [
    "application",
    "consultation",
    "appeal",
    "document",
    "report version",
    "agency",
    "user",
    "user's groups",
    "calendar year",
    "calendar day",
    "calendar day deleted",
    "calendar changed",
]


@pytest.mark.parametrize("name", SAVES)
def test_each_model_the_board_depends_on_moves_the_generation_on(
    kept, world, name, clerk_a, agency_a, operator, django_capture_on_commit_callbacks
) -> None:
    """Each receiver on its own (the changes above may save several models at once)."""
    change = _saves(world, clerk_a, agency_a, operator)[name]
    generation = board.board_generation()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    assert board.board_generation() != generation, name


def test_a_new_request_leaves_the_boards_kept(
    kept, world, clerk_a, agency_a, django_capture_on_commit_callbacks
) -> None:
    """A new request has no consultation yet: nothing on any board changes."""
    with _at("2026-03-10"):
        before = _kept(clerk_a.pk)
        generation = board.board_generation()
        with django_capture_on_commit_callbacks(execute=True):
            register(clerk_a, agency_a, date(2026, 3, 9))
        assert board.board_generation() == generation
        assert _kept(clerk_a.pk) is before == _fresh(clerk_a.pk)


def test_a_sign_in_leaves_the_boards_kept_and_a_role_change_does_not(
    kept, world, clerk_a, client, django_capture_on_commit_callbacks
) -> None:
    """Every sign-in saves the user's last_login (and a wrong password its failed count): that
    decides nothing a board shows, so it must not empty every user's board; a change of role,
    saved the same way with update_fields, must."""
    generation = board.board_generation()
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(clerk_a)
        clerk_a.failed_logins = 1
        clerk_a.save(update_fields=["failed_logins", "locked_at"])
    assert board.board_generation() == generation
    with django_capture_on_commit_callbacks(execute=True):
        clerk_a.role = clerk_a.Role.REVIEWER
        clerk_a.save(update_fields=["role"])
    assert board.board_generation() != generation
