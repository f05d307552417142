"""Reads: the dashboard's open requests, the ledger, the reminders, and table 三."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.db.models.aggregates import Count

from gongkai.accounts.access import scope_to_user, visible_agency_ids
from gongkai.agencies.models import Agency
from gongkai.lib.prepared import Fixed, prepared
from gongkai.report.formats import APPLICANT_COLUMNS, Template, tables_for_year
from gongkai.report.model import TableData
from gongkai.requests.models import FINISHED, Application, Status
from gongkai.workdays.clock import Calendar, ClockError, working_days_count

DUE_SOON_DAYS = 5  # highlighted on the dashboard


def applications_for(user: Any) -> QuerySet[Application]:
    return scope_to_user(Application.objects.select_related("agency"), user)


def applications_search(user: Any, **filters: Any) -> QuerySet[Application]:
    """The dashboard list, by ``search_values``' filters: sorted by the stored due date, which
    orders cases by working days left just as well (the clock is monotonic)."""
    return cases_matching(*search_values(user, **filters))


def search_values(
    user: Any,
    *,
    open_only: bool = True,
    status: str = "",
    category: str = "",
    channel: str = "",
    agency_id: int | None = None,
    year: int | None = None,
    q: str = "",
    assignee: Any = None,
) -> tuple[Any, ...]:
    """What ``applications_search`` finds the cases by, as ``cases_matching`` takes it: the
    agencies the user sees, the filters, the words, the assignee's id."""
    return (
        tuple(sorted(visible_agency_ids(user))),
        open_only,
        status,
        category,
        channel,
        agency_id,
        year,
        q.strip(),
        assignee.pk if assignee is not None else None,
    )


def cases_matching(
    scope: tuple[int, ...],
    open_only: bool,
    status: str,
    category: str,
    channel: str,
    agency_id: int | None,
    year: int | None,
    q: str,
    assignee_id: int | None,
) -> QuerySet[Application]:
    """``applications_search`` by its ``search_values``: conditions chosen only by whether
    each value is given (``gongkai.lib.prepared`` compiles it once per process)."""
    # One filter() of every condition: each queryset call copies the query (the list asks
    # for this on each request).
    conditions = [~Q(status__in=FINISHED)] if open_only and not status else []
    filters = {
        "status": status,
        "category": category,
        "channel": channel,
        "agency_id": agency_id,
        "year": year,
    }
    conditions += [Q(**{k: v}) for k, v in filters.items() if v]
    if assignee_id is not None:  # "我的案件"
        conditions.append(Q(assignee_id=assignee_id))
    if q:
        conditions.append(
            Q(tracking_number__icontains=q)
            | Q(applicant_name__icontains=q)
            | Q(description__icontains=q)
        )
    qs = Application.objects.select_related("agency").filter(agency__in=scope)
    qs = qs.select_related("assignee")
    if conditions:
        qs = qs.filter(*conditions)
    # The primary key last: two agencies' cases can share a deadline, a day and a serial, and
    # without a total order PostgreSQL may list such a pair either way round, so a page could
    # repeat one case and leave the other out.
    return qs.order_by("due_on", "received_on", "serial", "pk")


# The columns the request list shows of a case (requests_tags.request_row) and counts its days
# left from (``list_rows``), read as plain values: no model instance of the case, its agency or
# its assignee is built for a row. The rest — the applicant's contact details, the encrypted
# identity number, the notes — is neither read nor decrypted.
LIST_COLUMNS = (
    "pk",
    "tracking_number",
    "received_on",
    "applicant_name",
    "category",
    "description",
    "status",
    "outcome",
    "due_on",
    "due_provisional",
    "agency__name",
    "assignee__first_name",
    "assignee__last_name",
    "assignee__username",
)


class Listed(NamedTuple):
    """A case as the request list reads it (``LIST_COLUMNS``, in their order); the assignee's
    names are None when no one is assigned."""

    pk: int
    tracking_number: str
    received_on: date
    applicant_name: str
    category: str
    description: str
    status: str
    outcome: str
    due_on: date
    due_provisional: bool
    agency_name: str
    assignee_first_name: str | None
    assignee_last_name: str | None
    assignee_username: str | None

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED


@dataclass(frozen=True)
class Row:
    application: Application | Listed
    days_left: int | None  # None once closed, or when the clock cannot count it (``far``)
    far: bool = False  # the due date is decades from today: a mistyped date, shown as such

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_over(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS


def list_rows(values: Iterable[tuple[Any, ...]], calendar: Calendar, today: date) -> list[Row]:
    """The request list's rows from its cases' ``values_list(*LIST_COLUMNS)``."""
    return [_row(Listed._make(v), calendar, today) for v in values]


def list_page(cases: QuerySet[Application], number: Any, per_page: int) -> Page:
    """The page ``number`` of ``cases`` (``applications_search``) as Django's paginator gives
    it, its rows as ``values_list(*LIST_COLUMNS)``. Counted exactly ("第 n / m 页"; the
    catalogue's capped count would change that text on a long list), but without the rows'
    joins, and not at all when the first page holds every case (one row more is read to know)."""
    values = cases.values_list(*LIST_COLUMNS)
    paginator = Paginator(values, per_page)
    if number in (None, "", "1"):
        rows = list(values[: per_page + 1])
        paginator.count = len(rows) if len(rows) <= per_page else cases.count()
        return paginator._get_page(rows[:per_page], 1, paginator)
    paginator.count = cases.count()
    return paginator.get_page(number)


# The request list's first page (one row more than it shows, to know whether more follow) and
# its count, by ``search_values``, compiled once per process: building the list's query again
# for each request was a fifth of the page's time.
_first_rows = prepared(
    lambda *values: cases_matching(*values[:-1]).values_list(*LIST_COLUMNS)[: values[-1]]
)
_case_ids = prepared(lambda *values: cases_matching(*values).order_by().values_list("pk"))


def search_list_page(values: tuple[Any, ...], number: Any, per_page: int) -> Page:
    """``list_page(cases_matching(*values), number, per_page)``: its first page, and the count
    when more cases follow, from queries compiled once per process."""
    if number not in (None, "", "1"):
        return list_page(cases_matching(*values), number, per_page)
    rows = _first_rows(*values, Fixed(per_page + 1))
    paginator = Paginator(rows, per_page)
    paginator.count = len(rows) if len(rows) <= per_page else _case_ids.count(*values)
    return paginator._get_page(rows[:per_page], 1, paginator)


def with_days_left(applications: list[Application], calendar: Calendar, today: date) -> list[Row]:
    return [_row(a, calendar, today) for a in applications]


def _row(application: Application | Listed, calendar: Calendar, today: date) -> Row:
    if not application.is_open:
        return Row(application, None)
    left = days_left(calendar, today, application.due_on)
    return Row(application, left, far=left is None)


def days_left(calendar: Calendar, today: date, due: date) -> int | None:
    """Working days from ``today`` to ``due`` (negative when overdue); ``None`` when the span is
    beyond what the clock counts (a case registered decades ago) — the page says so rather
    than failing (a stored date from before the form's bounds must not break the list)."""
    try:
        return working_days_count(calendar, today, due)
    except ClockError:
        return None


def due_between(first: date, last: date) -> QuerySet[Application]:
    """Open cases whose next deadline falls in [first, last] — one indexed range scan."""
    return (
        Application.objects.exclude(status__in=FINISHED)
        .filter(due_on__gte=first, due_on__lte=last)
        .select_related("agency")
        .order_by("agency_id", "due_on")
    )


def overdue_on(today: date) -> QuerySet[Application]:
    return (
        Application.objects.exclude(status__in=FINISHED)
        .filter(due_on__lt=today)
        .select_related("agency")
        .order_by("agency_id", "due_on")
    )


def applicant_month_ordinal(application: Application) -> int:
    """Which of this applicant's applications to the agency this one is in its calendar month
    (办法: 按件计收 counts per applicant per calendar month)."""
    day = application.received_on
    same = Application.objects.filter(
        agency=application.agency,
        applicant_name=application.applicant_name,
        id_number_digest=application.id_number_digest,
        received_on__year=day.year,
        received_on__month=day.month,
    ).exclude(status=Status.VOID)
    earlier = same.filter(received_on__lt=day).count()
    same_day = same.filter(received_on=day, serial__lte=application.serial).count()
    return earlier + same_day


# --- table 三 ---------------------------------------------------------------------------------


def table_three_queryset(agency: Agency | int, year: int) -> QuerySet[Any]:
    """Every application open at some time in ``year``, grouped by category and outcome, with
    how many of each group came from earlier years (``prior``) and how many are still open at
    the year's end (``pending``) — one aggregate query, grouped exactly as a bare
    ``GROUP BY category, outcome`` would be, a few dozen rows back."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        Application.objects.filter(agency=agency, received_on__lte=end)
        .exclude(status=Status.VOID)  # a record entered by mistake is no application
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values("category", "outcome")
        .annotate(
            # Never COUNT(id): every column read is in the covering index (received_on is
            # never null, so counting it counts rows).
            n=Count("*"),
            prior=Count("received_on", filter=Q(received_on__lt=start)),
            pending=Count("received_on", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )


def table_three(agency: Agency | int, year: int) -> TableData:
    """Table 三 for ``agency`` and ``year`` in the template of ``year``, as the canonical
    ``requests`` dict: received in the year (new), carried over from earlier years, closed in
    the year by outcome (each outcome code counted under the row the template gives it), and
    carried forward (open on 31 December). Rules 1–3 hold by construction: every counted
    application is new or carried over, and closed-with-an-outcome or carried forward."""
    return fold_table_three(table_three_queryset(agency, year), tables_for_year(year))


def fold_table_three(groups: Any, template: Template) -> TableData:
    table: TableData = {
        row.key: dict.fromkeys((c.key for c in row.columns), 0) for row in template.requests.rows
    }
    for group in groups:
        column, n, prior, pending = group["category"], group["n"], group["prior"], group["pending"]
        table["new"][column] += n - prior
        table["carried_over"][column] += prior
        table["carried_forward"][column] += pending
        if n > pending:  # closed within the year: the group's outcome is set
            row = template.row_for_outcome(group["outcome"])
            if row is None:
                raise ValueError(
                    f"{template.name}的表三没有办理结果 {group['outcome']!r} 所计入的行"
                )
            table[row][column] += n - pending
            table["result_total"][column] += n - pending
    for cells in table.values():
        cells["total"] = sum(int(cells[c] or 0) for c in APPLICANT_COLUMNS)
    return table


__all__ = ["applications_search", "due_between", "overdue_on", "table_three"]
