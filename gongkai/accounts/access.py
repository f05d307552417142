"""Per-agency visibility — the only place it is decided (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from gongkai.accounts.lookups import remembered
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agency_subtree_ids

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]

Role = User.Role
# Roles that may change their own agency's records; a supervisor only reads.
WRITER_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.ADMIN})


def is_staff_user(user: Any) -> bool:
    """A logged-in, active user with an agency and a role, or a platform superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or (user.agency_id and user.role))


def visible_agency_ids(user: Any) -> set[int]:
    if not is_staff_user(user):
        return set()
    if user.is_superuser:
        return set(remembered(user, "all_agency_ids", _all_agency_ids))
    if user.role == Role.SUPERVISOR:
        return set(
            remembered(user, "subtree_ids", lambda: frozenset(agency_subtree_ids(user.agency)))
        )
    return {user.agency_id}


def _all_agency_ids() -> frozenset[int]:
    return frozenset(Agency.objects.values_list("pk", flat=True))


def visible_agencies(user: Any) -> models.QuerySet[Agency]:
    return Agency.objects.filter(pk__in=visible_agency_ids(user))


def writable_agency_ids(user: Any) -> set[int]:
    if not is_staff_user(user):
        return set()
    if user.is_superuser:
        return set(remembered(user, "all_agency_ids", _all_agency_ids))
    return {user.agency_id} if user.role in WRITER_ROLES else set()


def can_write(user: Any, agency: Agency | None) -> bool:
    return agency is not None and agency.pk in writable_agency_ids(user)


def scope_to_user(
    queryset: models.QuerySet[M], user: Any, *, via: str = "agency"
) -> models.QuerySet[M]:
    """Only the rows whose agency (reached through the field path ``via``) the user may see."""
    lookup = f"{via}__in" if via else "pk__in"
    return queryset.filter(**{lookup: visible_agency_ids(user)})


def get_object_for_user(
    user: Any, queryset: models.QuerySet[M] | type[M], *, via: str = "agency", **lookup: Any
) -> M:
    """The object matching ``lookup`` if the user may see it; otherwise 404 (not 403), so that
    the existence of another agency's record is not disclosed."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()  # type: ignore[attr-defined]
    found: M = get_object_or_404(scope_to_user(queryset, user, via=via), **lookup)
    return found


def public_view(view: View) -> View:
    """Marks a view that anyone may open (the public portal, the login page). Every other view
    must be behind ``staff_required`` or ``role_required``; the permission tests check each URL
    and skip only views marked here."""
    view.gongkai_public = True  # type: ignore[attr-defined]
    return view


def staff_required(view: View) -> View:
    """Login required (else redirect to the login page); a logged-in non-staff user gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_user(request.user):
            raise PermissionDenied("您的账号尚未分配机关和角色。")
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: Any) -> Callable[[View], View]:
    """Staff with one of ``roles`` (superusers always pass); anyone else gets 403."""
    allowed = frozenset(str(role) for role in roles)

    def decorate(view: View) -> View:
        @staff_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_superuser or getattr(user, "role", "") in allowed):
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def audit_reader_required(view: View) -> View:
    """The audit trail: agency staff (their agencies' events, ``events_visible_to``) and the
    安全审计员 (every event); anyone else signed in gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from gongkai.accounts.roles import is_auditor

        if not (is_staff_user(request.user) or is_auditor(request.user)):
            raise PermissionDenied("您的角色无权查看审计日志。")
        return view(request, *args, **kwargs)

    return wrapper


def own_account_view(view: View) -> View:
    """A page about the signed-in user's own account (password, second factor), open to every
    signed-in user whatever their role — including one who has none yet; anonymous visitors go
    to the log-in page. It must show and change nothing but the user's own account."""
    wrapped = login_required(view)
    wrapped.gongkai_own_account = True
    return wrapped
