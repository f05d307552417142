"""Paginators for catalogue lists that never count more than they must.

A search that matches half the catalogue says "1000+ 件" instead of counting every match (the
count is the slow part of a common word), and a *broad* search (see
``selectors.is_broad_search``) is not counted at all: each page fetches one row more than it
shows, to know whether there is a next page. On PostgreSQL a word search is counted only on
demand (``count=True``, the list's "统计总数" link, see ``selectors.count_on_demand``): until
then the page says how many it has found so far ("已找到 20 件以上"), which is exact on the
last page.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import DateField, ExpressionWrapper, F

from gongkai.lib.prepared import Fixed, prepared

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: Any, per_page: int, cap: int = COUNT_CAP, counted: bool = True
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.counted = counted
        self.broad = False  # set by search_page: too many matches to count at all
        self.countable = False  # set by search_page: uncounted, but a count may be asked for
        self._pages_seen = 1
        # Uncounted: the rows up to and including the page shown, and whether more follow.
        self.seen = 0
        self.more = False

    @cached_property
    def _counted(self) -> int:
        # COUNT(*) over a LIMITed subquery of ids: the database stops after cap + 1 rows, and
        # without the list's ORDER BY it may take them in whatever order is cheapest.
        return int(self.object_list.order_by().values("id")[: self.cap + 1].count())

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap) if self.counted else 0

    @cached_property
    def capped(self) -> bool:
        return self.counted and self._counted > self.cap

    @property
    def num_pages(self) -> int:
        if self.counted:
            return max(1, -(-self.count // self.per_page))
        return self._pages_seen

    def page(self, number: Any) -> Page:
        if self.counted:
            return super().page(number)
        number = int(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        self.more = len(rows) > self.per_page
        self._pages_seen = number + 1 if self.more else number
        shown = rows[: self.per_page]
        self.seen = bottom + len(shown) if shown else 0
        return self._get_page(shown, number, self)

    def get_page(self, number: Any) -> Page:
        if self.counted:
            return super().get_page(number)
        text = str(number or "1")
        wanted = int(text) if text.isdigit() and int(text) > 0 else 1
        page = self.page(wanted)
        # Past the end (an old link): the first page, rather than "found 0" for a search
        # that finds something.
        return page if page.object_list or wanted == 1 else self.page(1)


def search_page(
    queryset: Any,
    query: Any,
    number: Any,
    per_page: int,
    ordering: tuple[str, ...],
    *,
    count: bool = False,
) -> Page:
    """One page of ``document_search`` results; what every catalogue list (portal, staff,
    bench) shows. Counted (up to the cap) unless the search is broad, or unless counting it
    is left to the user's asking (``count``) on this database."""
    from gongkai.catalogue.selectors import document_search

    def rows(broad: bool) -> Any:
        found = document_search(queryset, query, broad=broad)
        return found.order_by(*_list_order(query, ordering)).defer("body")

    return _capped_page(CappedPaginator, rows, query, number, per_page, count)


def _capped_page(
    paginator_class: type[CappedPaginator],
    rows: Any,
    query: Any,
    number: Any,
    per_page: int,
    count: bool,
) -> Page:
    """The page ``number`` of ``rows(broad)`` (whether the search is broad): counted (up to the
    cap) unless the search is broad or counting it is left to the user's asking (``count``)."""
    from gongkai.catalogue.selectors import count_on_demand, is_broad_search

    broad = is_broad_search(query)
    counted = not broad and (count or not count_on_demand(query))
    paginator = paginator_class(rows(broad), per_page, counted=counted)
    paginator.broad = broad
    paginator.countable = not counted and not broad
    return paginator.get_page(number)


class _Rows:
    """An agency's documents found by a query (``agency_page``), as the paginator counts and
    slices them: through queries compiled once per process."""

    def __init__(self, agency_id: int, query: Any, ordering: tuple[str, ...], broad: bool) -> None:
        from gongkai.catalogue.selectors import search_terms, term_kinds

        terms = search_terms(query)
        # The filters by value (part of the shape); the words each a value of its own, how
        # each is searched for part of the shape.
        self.values = (
            agency_id,
            replace(query, q=""),
            Fixed(ordering),
            Fixed(term_kinds(terms)),
            broad,
            *terms,
        )

    def count_to(self, cap: int) -> int:
        return _agency_ids.count(Fixed(cap), *self.values)

    def __getitem__(self, bounds: slice) -> list[Any]:
        return _agency_rows(Fixed((bounds.start, bounds.stop)), *self.values)


def _agency_documents(
    agency_id: int, filters: Any, kinds: tuple[str, ...], broad: bool, terms: tuple[str, ...]
) -> Any:
    from gongkai.catalogue.models import Document
    from gongkai.catalogue.selectors import document_search_by

    return document_search_by(
        Document.objects.filter(agency=agency_id), filters, list(terms), kinds, broad=broad
    )


# What search_page reads for such a list: its rows in the list's order without their bodies,
# and the count (of ids, up to the cap, as CappedPaginator._counted counts them).
_agency_rows = prepared(
    lambda bounds, agency_id, filters, ordering, kinds, broad, *terms: (
        _agency_documents(agency_id, filters, kinds, broad, terms)
        .order_by(*_list_order(filters, ordering))
        .defer("body")[bounds[0] : bounds[1]]
    )
)
_agency_ids = prepared(
    lambda cap, agency_id, filters, ordering, kinds, broad, *terms: (
        _agency_documents(agency_id, filters, kinds, broad, terms)
        .order_by()
        .values_list("id")[: cap + 1]
    )
)


class _AgencyPaginator(CappedPaginator):
    @cached_property
    def _counted(self) -> int:
        return int(self.object_list.count_to(self.cap))


def agency_page(
    agency_id: int,
    query: Any,
    number: Any,
    per_page: int,
    ordering: tuple[str, ...],
    *,
    count: bool = False,
) -> Page:
    """``search_page`` of the agency's documents (the staff list, its filters and its search),
    through queries compiled once per process (gongkai.lib.prepared)."""
    return _capped_page(
        _AgencyPaginator,
        lambda broad: _Rows(agency_id, query, ordering, broad),
        query,
        number,
        per_page,
        count,
    )


def _list_order(query: Any, ordering: tuple[str, ...]) -> list[Any]:
    """``ordering``, except on PostgreSQL when a year (成文年度, ``written_on``) narrows a list
    kept in another date's order: there the first key becomes an expression (the date plus 0
    days, the same order) that no index provides. Otherwise the planner walks the
    (agency, published_on) index from the newest row, expecting a year's documents all along
    it, and reads every newer year before the first match (a word and a year at 200,000
    documents: 280 ms); with no index order to follow it takes the year's rows from the
    (agency, written_on) index and sorts the few hundred that match (20-40 ms)."""
    first = ordering[0].lstrip("-") if ordering else ""
    if not (query.year and first and first != "written_on" and connection.vendor == "postgresql"):
        return list(ordering)
    shifted = ExpressionWrapper(F(first) + 0, output_field=DateField())
    key = shifted.desc() if ordering[0].startswith("-") else shifted.asc()
    return [key, *ordering[1:]]
