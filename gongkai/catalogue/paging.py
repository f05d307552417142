"""Paginators for catalogue lists that never count more than they must.

A search that matches half the catalogue says "1000+ 件" instead of counting every match (the
count is the slow part of a common word), and a *broad* search (see
``selectors.is_broad_search``) is not counted at all: each page fetches one row more than it
shows, to know whether there is a next page.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: Any, per_page: int, cap: int = COUNT_CAP, counted: bool = True
    ) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap
        self.counted = counted
        self._pages_seen = 1

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
        self._pages_seen = number + 1 if len(rows) > self.per_page else number
        return self._get_page(rows[: self.per_page], number, self)

    def get_page(self, number: Any) -> Page:
        if self.counted:
            return super().get_page(number)
        text = str(number or "1")
        return self.page(int(text) if text.isdigit() and int(text) > 0 else 1)


def search_page(
    queryset: Any, query: Any, number: Any, per_page: int, ordering: tuple[str, ...]
) -> Page:
    """One page of ``document_search`` results, counted unless the search is broad; what every
    catalogue list (portal, staff, bench) shows."""
    from gongkai.catalogue.selectors import document_search, is_broad_search

    broad = is_broad_search(query)
    found = document_search(queryset, query, broad=broad).order_by(*ordering).defer("body")
    return CappedPaginator(found, per_page, counted=not broad).get_page(number)
