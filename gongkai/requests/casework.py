"""Who handles a case: assignment and reassignment to a clerk of the agency (issue 20), one case
or many at once from the dashboard. Each change is one event on the case's trail."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from gongkai.accounts.access import WRITER_ROLES, Role, can_write
from gongkai.accounts.models import User
from gongkai.audit.services import event_record
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import FINISHED, Application

# Who hands out cases: the agency's reviewer (审核人) and its administrator.
ASSIGNER_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


def may_assign(user: Any, application: Application) -> bool:
    if not can_write(user, application.agency):
        return False
    return bool(user.is_superuser or user.role in ASSIGNER_ROLES)


def assignable_users(agency_ids: Iterable[int]) -> QuerySet[User]:
    """The active staff of these agencies who may handle a case (not a supervisor)."""
    return User.objects.filter(
        agency_id__in=list(agency_ids), is_active=True, role__in=list(WRITER_ROLES)
    ).order_by("agency__short_code", "username")


@transaction.atomic
def application_assign(
    *, actor: Any, application: Application, assignee: User | None, reason: str = ""
) -> Application:
    """Give the case to ``assignee`` (``None``: take it back, unassigned). A closed case keeps
    the one who closed it."""
    fresh = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    if not may_assign(actor, fresh):
        raise PermissionDenied("只有本机关的审核人或管理员可以分派案件。")
    if fresh.status in FINISHED:
        raise TransitionError(f"{fresh.tracking_number} {fresh.get_status_display()}，不能再分派。")
    if assignee is not None and not assignable_users([fresh.agency_id]).filter(pk=assignee.pk):
        raise TransitionError(f"{assignee} 不是本机关可承办案件的在岗人员。")
    before = fresh.assignee
    if before == assignee:
        return fresh
    fresh.assignee = assignee
    fresh.full_clean()
    fresh.save(update_fields=["assignee"])
    event_record(
        actor=actor,
        action="application.assign",
        obj=fresh,
        agency=fresh.agency,
        changes={"assignee": [_name(before), _name(assignee)]},
        reason=reason,
    )
    return fresh


def applications_assign(
    *, actor: Any, cases: Iterable[Application], assignee: User | None, reason: str = ""
) -> int:
    """The dashboard's bulk assignment: all or none (one transaction); returns how many cases
    changed hands."""
    changed = 0
    with transaction.atomic():
        for application in cases:
            before = application.assignee_id
            after = application_assign(
                actor=actor, application=application, assignee=assignee, reason=reason
            )
            changed += after.assignee_id != before
    return changed


def _name(user: User | None) -> str | None:
    if user is None:
        return None
    return f"{user.get_full_name() or user.username}（{user.username}）"
