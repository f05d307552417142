"""The write paths for staff users. Each records an audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    agency: Agency,
    role: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    reason: str = "",
) -> User:
    """A staff user of ``agency``. ``password=None`` leaves the account without a usable
    password (the admin sets one later)."""
    user = User(
        username=username,
        agency=agency,
        role=role,
        first_name=full_name,
        email=email,
        phone=phone,
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    event_record(
        actor=actor,
        action="user.create",
        obj=user,
        agency=agency,
        changes={"username": [None, username], "role": [None, role], "agency": [None, str(agency)]},
        reason=reason,
    )
    return user


@transaction.atomic
def user_set_role(*, actor: Any, user: User, role: str, reason: str = "") -> User:
    old = user.role
    user.role = role
    user.full_clean()
    user.save(update_fields=["role"])
    if old != role:
        event_record(
            actor=actor,
            action="user.set_role",
            obj=user,
            agency=user.agency,
            changes={"role": [old, role]},
            reason=reason,
        )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    """Staff leave; their accounts are deactivated, never deleted, so the audit trail still
    names them."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        event_record(
            actor=actor,
            action="user.deactivate",
            obj=user,
            agency=user.agency,
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User, reason: str) -> User:
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        event_record(
            actor=actor,
            action="user.reactivate",
            obj=user,
            agency=user.agency,
            changes={"is_active": [False, True]},
            reason=reason,
        )
    return user
