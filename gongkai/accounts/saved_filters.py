"""Named searches of a staff list, one user's own (``SavedFilter``): saving keeps only the
list's known parameters, each bounded, so a saved filter is a plain link back to the list."""

from __future__ import annotations

import copy
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict

from gongkai.accounts.lookups import remembered
from gongkai.accounts.models import SavedFilter

REQUESTS = "requests"  # SavedFilter.Page.REQUESTS
# The request list's parameters (``requests.views.dashboard``); paging is not a filter.
PARAMETERS: dict[str, tuple[str, ...]] = {
    REQUESTS: (
        "q",
        "status",
        "category",
        "channel",
        "agency",
        "year",
        "mine",
        "closed",
    ),
}
MAX_PER_USER = 30
MAX_VALUE = 100


def filter_query(page: str, params: Any) -> str:
    """The list's known, non-empty parameters of ``params`` as a query string."""
    kept = QueryDict(mutable=True)
    for name in PARAMETERS[page]:
        value = str(params.get(name, "")).strip()[:MAX_VALUE]
        if value:
            kept[name] = value
    return kept.urlencode()


def saved_filter_list(user: Any, page: str) -> list[SavedFilter]:
    """The user's saved filters of ``page``, remembered with the user's other lookups
    (gongkai.accounts.lookups: saving or deleting one starts them afresh, see
    ``gongkai.accounts.signals``); each call gets its own copies."""
    kept = remembered(
        user,
        f"saved_filters:{page}",
        lambda: tuple(SavedFilter.objects.filter(user=user, page=page)),
    )
    return [copy.copy(saved) for saved in kept]


@transaction.atomic
def saved_filter_save(*, user: Any, page: str, name: str, params: Any) -> SavedFilter:
    """Save (or, under a name already used, replace) the user's filter."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请给筛选条件起个名称。"})
    query = filter_query(page, params)
    if not query:
        raise ValidationError({"name": "当前没有任何筛选条件，无需保存。"})
    found = SavedFilter.objects.filter(user=user, page=page, name=name).first()
    if found is None:
        if SavedFilter.objects.filter(user=user, page=page).count() >= MAX_PER_USER:
            raise ValidationError({"name": f"最多保存 {MAX_PER_USER} 个筛选条件，请先删除不用的。"})
        found = SavedFilter(user=user, page=page, name=name)
    found.query = query
    found.full_clean()
    found.save()
    return found


def saved_filter_delete(*, user: Any, saved: SavedFilter) -> None:
    if saved.user_id != user.pk:
        raise ValidationError("只能删除自己保存的筛选条件。")
    saved.delete()
