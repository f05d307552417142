"""The dashboard's other deadlines: everything the office must watch besides the request list
itself — consulted parties' deadlines (条例第三十二条、第三十四条), the agency's answers in reviews
and suits (行政复议法第四十八条, 行政诉讼法第六十七条), catalogue publication of new and changed
documents (条例第二十六条) and the annual report (条例第四十九条). Each read is one indexed query
bounded by a horizon."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from gongkai.accounts.access import scope_to_user, visible_agencies
from gongkai.accounts.lookups import enabled as lookups_enabled
from gongkai.accounts.lookups import renew_shared_generation, shared_generation
from gongkai.appeals.selectors import answers_open_for
from gongkai.catalogue.models import Document
from gongkai.lib.web_tags import url_kept
from gongkai.reports.deadlines import report_deadline
from gongkai.reports.models import ReportVersion, Status
from gongkai.requests.models import FINISHED, Consultation

LIMIT = 50
HORIZON_DAYS = 20  # working days ahead the dashboard looks (and everything overdue)


class Item(NamedTuple):
    """One row of the board (a tuple: built for up to 150 rows a page, a frozen dataclass's
    ``__init__`` was a tenth of the board's time)."""

    kind: str
    what: str
    url: str
    agency: str
    due: date
    basis: str
    provisional: bool = False

    def overdue(self, today: date) -> bool:
        return self.due < today


def other_deadlines(
    user: Any, horizon: date, today: date, agencies: list[Any] | None = None
) -> list[Item]:
    """``agencies``: ``visible_agencies(user)`` if the caller has read them already."""
    items = [
        *_consultations(user, horizon),
        *_answers(user),
        *_catalogue(user, horizon),
        *_reports(user, today, horizon, agencies),
    ]
    return sorted(items, key=lambda i: (i.due, i.kind))


def consultations_waiting(horizon: date) -> Any:
    return (
        Consultation.objects.filter(
            answered_on__isnull=True,
            silence_recorded_on__isnull=True,
            reply_due_on__lte=horizon,
        )
        .exclude(application__status__in=FINISHED)
        .select_related("application__agency")
        .order_by("reply_due_on")
    )


# What a board item shows of each row, read as plain values (no model instances: the board
# lists up to 150 rows, and building them was most of its time): the bodies and the rest of
# the columns are not read.
CONSULTATION_SHOWN = (
    "application_id",
    "application__tracking_number",
    "party",
    "application__agency__name",
    "reply_due_on",
)
DOCUMENT_SHOWN = ("pk", "title", "agency__name")


def _consultations(user: Any, horizon: date) -> list[Item]:
    qs = scope_to_user(consultations_waiting(horizon), user, via="application__agency")
    return [
        Item(
            "征求意见答复",
            f"{tracking_number} {party}",
            url_kept("requests:detail", application_id),
            agency,
            reply_due_on,
            "条例第三十二条、第三十四条：自收到征求意见书之日起15个工作日",
        )
        for application_id, tracking_number, party, agency, reply_due_on in qs.values_list(
            *CONSULTATION_SHOWN
        )[:LIMIT]
    ]


def _answers(user: Any) -> list[Item]:
    return [
        Item(
            "复议书面答复" if c.kind == "review" else "诉讼答辩状",
            str(c),
            reverse("appeals:detail", args=[c.pk]),
            c.agency.name,
            c.answer_due_on,
            "行政复议法第四十八条" if c.kind == "review" else "行政诉讼法第六十七条",
            c.answer_due_provisional,
        )
        for c in answers_open_for(user)[:LIMIT]
        if c.answer_due_on is not None
    ]


def catalogue_due(horizon: date) -> tuple[Any, Any]:
    """Documents whose publication (new) or change publication is due by ``horizon``."""
    new = Document.objects.filter(published_on__isnull=True, publication_due__lte=horizon)
    changed = Document.objects.filter(
        change_published_on__isnull=True, change_publication_due__lte=horizon
    )
    return new.select_related("agency"), changed.select_related("agency")


def _catalogue(user: Any, horizon: date) -> list[Item]:
    new, changed = (scope_to_user(qs, user) for qs in catalogue_due(horizon))
    new_rows = new.order_by("publication_due").values_list(
        *DOCUMENT_SHOWN, "publication_due", "due_provisional"
    )
    changed_rows = changed.order_by("change_publication_due").values_list(
        *DOCUMENT_SHOWN, "change_publication_due", "change_due_provisional"
    )
    url = "catalogue:detail"
    return [
        *(
            Item(
                "主动公开",
                title,
                url_kept(url, pk),
                agency,
                due,
                "条例第二十六条：形成之日起20个工作日",
                provisional,
            )
            for pk, title, agency, due, provisional in new_rows[:LIMIT]
        ),
        *(
            Item(
                "公开修改/废止",
                title,
                url_kept(url, pk),
                agency,
                due,
                "条例第二十六条：变更之日起20个工作日",
                provisional,
            )
            for pk, title, agency, due, provisional in changed_rows[:LIMIT]
            if due is not None
        ),
    ]


def _reports(user: Any, today: date, horizon: date, visible: list[Any] | None) -> list[Item]:
    year = today.year if today.month == 12 else today.year - 1
    agencies = visible[:LIMIT] if visible is not None else list(visible_agencies(user)[:LIMIT])
    # One read of the year's versions for both steps: which agencies submitted, which published.
    versions = ReportVersion.objects.filter(agency__in=agencies, year=year).filter(
        Q(submitted_at__isnull=False) | Q(status=Status.PUBLISHED)
    )
    read = list(versions.order_by().values_list("agency_id", "submitted_at", "status"))
    submitted = {pk for pk, at, _ in read if at is not None}
    published = {pk for pk, _, status in read if status == Status.PUBLISHED}
    items = []
    for agency in agencies:
        deadline = report_deadline(agency, year)
        for step, by, done in (
            ("年度报告报送", deadline.submit_by, agency.pk in submitted),
            ("年度报告公开", deadline.publish_by, agency.pk in published),
        ):
            if by is not None and not done and by <= horizon:
                items.append(
                    Item(
                        step,
                        f"{year}年度报告",
                        reverse("reports:index"),
                        agency.name,
                        by,
                        deadline.basis,
                    )
                )
    return items


def board_reminders(today: date, days: int) -> list[Any]:
    """``gongkai remind``'s part for consulted parties' deadlines and catalogue publication:
    one e-mail per agency to its clerks, for what is due within ``days`` working days or
    overdue."""
    from gongkai.accounts.models import User
    from gongkai.requests.reminders import Reminder, agency_emails
    from gongkai.workdays.clock import add_working_days
    from gongkai.workdays.selectors import platform_calendar

    horizon = add_working_days(platform_calendar(), today, days).due
    lines: dict[int, tuple[str, list[str]]] = {}

    def add(agency: Any, text: str, due: date) -> None:
        late = f"，已超期 {(today - due).days} 日" if due < today else ""
        lines.setdefault(agency.pk, (agency.name, []))[1].append(
            f"{text}：期限 {due:%Y-%m-%d}{late}"
        )

    for c in consultations_waiting(horizon):
        text = f"{c.application.tracking_number} 征求{c.party}意见的答复（届满未答复的请登记）"
        add(c.application.agency, text, c.reply_due_on)
    new, changed = catalogue_due(horizon)
    for d in new.order_by("publication_due"):
        add(d.agency, f"主动公开《{d.title}》", d.publication_due)
    for d in changed.order_by("change_publication_due"):
        assert d.change_publication_due is not None
        add(d.agency, f"公开《{d.title}》{d.get_status_display()}", d.change_publication_due)
    return [
        Reminder(
            name,
            "clerk",
            agency_emails(pk, str(User.Role.CLERK)),
            f"【期限提醒】{name}：征求意见、主动公开共 {len(items)} 项将到期或已超期",
            "\n".join(
                ["以下事项的期限将至或已过（条例第二十六条、第三十二条、第三十四条）：", "", *items]
            ),
            pk,
        )
        for pk, (name, items) in lines.items()
    ]


# The board kept per user. Its queries and rows were a third of the request list's time, and
# they change only when one of the models below does, or with the day. What is kept holds
# titles, tracking numbers and parties' names, so it stays in this process's memory (like
# gongkai.accounts.lookups), never in the shared cache: only the *board generation* is shared,
# replaced once any change to those models (or to a user, an agency or the calendar, which
# change what a user may see and when things fall due) is committed. An entry is for one user
# only (it is found by their id), under the generation read before it was computed (a change
# committed meanwhile leaves it under the old one, which nobody asks for again), the day and
# the horizon; it expires after ``STAFF_BOARD_CACHE_SECONDS`` (0: computed for each request)
# for writes behind the ORM's back. On only with ``ACCOUNT_LOOKUP_CACHE``, which says that
# every server process shares the cache the generation lives in.

BOARD_GENERATION = "requests:board:generation"
MAX_BOARDS = 2000  # users per process; the least recently used goes first


class Board(NamedTuple):
    items: tuple[Item, ...]  # shared by the user's requests: not to be changed
    rows: str  # board_rows(items, today): safe HTML


_clock = time.monotonic  # seconds, for the expiry
_boards_lock = threading.Lock()
# user id -> ((generation, today, horizon), stored at, board)
_boards: OrderedDict[int, tuple[tuple[str, date, date], float, Board]] = OrderedDict()


def board_seconds() -> int:
    if not lookups_enabled():
        return 0
    return int(getattr(settings, "STAFF_BOARD_CACHE_SECONDS", 0))


def board_generation() -> str:
    return shared_generation(BOARD_GENERATION)


def board_changed() -> None:
    renew_shared_generation(BOARD_GENERATION)


def _board_stale(sender: Any, **kwargs: Any) -> None:
    transaction.on_commit(board_changed)


def _application_saved(sender: Any, created: bool = False, **kwargs: Any) -> None:
    # The board reads requests only through their consultations, which a new request (the
    # public form's, a registration) has none of yet: only a change to one moves it on.
    if not created:
        transaction.on_commit(board_changed)


# A user's row is saved at every sign-in (last_login) and failed attempt: none of that decides
# what the user may see (gongkai.accounts.access reads is_superuser, is_active, agency and role).
_SIGN_IN_FIELDS = frozenset(
    {
        "last_login",
        "failed_logins",
        "locked_at",
        "password",
        "must_change_password",
        "password_changed_at",
    }
)


def _user_saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if update_fields and not set(update_fields) - _SIGN_IN_FIELDS:
        return
    transaction.on_commit(board_changed)


def connect_board_invalidation() -> None:
    """Called once from RequestsConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from gongkai.accounts.models import User
    from gongkai.agencies.models import Agency
    from gongkai.appeals.models import Case
    from gongkai.requests.models import Application
    from gongkai.workdays.models import CalendarDay, HolidayYear
    from gongkai.workdays.signals import calendar_changed

    # What the board reads, and what decides what a user may see or when things fall due.
    post_save.connect(
        _application_saved, sender=Application, dispatch_uid="gongkai.requests.board.application"
    )
    post_delete.connect(
        _board_stale, sender=Application, dispatch_uid="gongkai.requests.board.application.delete"
    )
    for model in (
        Consultation,
        Case,
        Document,
        ReportVersion,
        Agency,
        HolidayYear,
        CalendarDay,
    ):
        uid = f"gongkai.requests.board.{model._meta.label_lower}"
        post_save.connect(_board_stale, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_board_stale, sender=model, dispatch_uid=f"{uid}.delete")
    post_save.connect(_user_saved, sender=User, dispatch_uid="gongkai.requests.board.user.save")
    post_delete.connect(
        _board_stale, sender=User, dispatch_uid="gongkai.requests.board.user.delete"
    )
    for relation in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _board_stale, sender=relation, dispatch_uid=f"gongkai.requests.board.{relation}"
        )
    calendar_changed.connect(_board_stale, dispatch_uid="gongkai.requests.board.calendar")


def clear_boards() -> None:
    with _boards_lock:
        _boards.clear()


def _board(user: Any, horizon: date, today: date, agencies: list[Any] | None) -> Board:
    from gongkai.requests.templatetags.requests_tags import board_rows

    items = tuple(other_deadlines(user, horizon, today, agencies))
    return Board(items, board_rows(items, today))


def kept_board(user: Any, horizon: date, today: date, agencies: list[Any] | None = None) -> Board:
    """``other_deadlines`` and their rows for the user, kept in this process while nothing
    they depend on has changed (see above)."""
    seconds = board_seconds()
    if seconds <= 0 or user.pk is None:
        return _board(user, horizon, today, agencies)
    key = (board_generation(), today, horizon)
    now = _clock()
    with _boards_lock:
        kept = _boards.get(user.pk)
        if kept is not None and kept[0] == key and now - kept[1] < seconds:
            _boards.move_to_end(user.pk)
            return kept[2]
    board = _board(user, horizon, today, agencies)
    with _boards_lock:
        _boards[user.pk] = (key, now, board)
        _boards.move_to_end(user.pk)
        while len(_boards) > MAX_BOARDS:
            _boards.popitem(last=False)
    return board
