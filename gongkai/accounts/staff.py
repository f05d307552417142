"""Helpers shared by the staff views of every app: the agency and year a page is about, and the
write check (a supervisor only reads)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from gongkai.accounts.access import Role, can_write, visible_agencies
from gongkai.accounts.lookups import remembered
from gongkai.agencies.models import Agency
from gongkai.lib.params import id_param, year_param

# Roles that may write (a supervisor only reads); superusers always pass role_required.
WRITERS = (Role.CLERK, Role.REVIEWER, Role.ADMIN)


def chosen_agency(request: HttpRequest) -> Agency:
    """The agency a staff page is about: ``?agency=<id>`` among those the user may see, else
    the user's own (a supervisor or operator without one gets the first visible agency)."""
    agencies = visible_agency_list(request.user)
    wanted = id_param(request.GET.get("agency"))
    if wanted is not None:
        found = next((a for a in agencies if a.pk == wanted), None)
        if found is None:
            raise Http404("没有这个机关。")
        return found
    own: Agency | None = getattr(request.user, "agency", None)
    if own is not None and any(a.pk == own.pk for a in agencies):
        return own
    if not agencies:
        raise Http404("没有可查看的机关。")
    return agencies[0]


def visible_agency_list(user: Any) -> list[Agency]:
    """``visible_agencies(user)`` in its order, remembered with the user's other lookups
    (gongkai.accounts.lookups); each call gets its own copies, free to change."""
    kept = remembered(user, "visible_agencies", lambda: tuple(visible_agencies(user)))
    return [copy.copy(agency) for agency in kept]


def require_write(user: Any, agency: Agency) -> None:
    if not can_write(user, agency):
        raise PermissionDenied("您只能查看，不能修改该机关的记录。")


def chosen_year(request: HttpRequest, default: int | None = None) -> int:
    return year_param(request.GET.get("year")) or default or timezone.localdate().year


def year_choices(first: int = 2019) -> list[int]:
    return list(range(timezone.localdate().year, first - 1, -1))


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def agency_context(request: HttpRequest, agency: Agency) -> dict[str, Any]:
    """What every staff page of these apps shows: the agency, the switcher when the user sees
    several agencies, and whether the user may write there."""
    agencies = visible_agency_list(request.user)
    return {
        "agency": agency,
        "agency_options": agencies if len(agencies) > 1 else [],
        "can_write": can_write(request.user, agency),
    }


def form_errors_text(form: Any) -> str:
    """Every error of a bound form, in one line for a flash message."""
    return "；".join(e for errors in form.errors.values() for e in errors)


def flash_form_action(
    request: HttpRequest, form: Any, act: Callable[[dict[str, Any]], str], failed: str = ""
) -> None:
    """A posted form's action, told in a flash message: if the form is valid, ``act`` is called
    with its cleaned data and the message it returns is a success; the form's errors, or the
    service's ``ValidationError``, become one error line after ``failed``."""
    if not form.is_valid():
        messages.error(request, failed + form_errors_text(form))
        return
    try:
        done = act(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, failed + "；".join(exc.messages))
    else:
        messages.success(request, done)
