"""The write paths for staff users. Each records an audit event."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device

from gongkai.accounts.lockout import is_locked
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record
from gongkai.lib.ratelimit import client_address


def user_event(
    *, actor: Any, action: str, user: User, changes: dict[str, Any] | None = None, reason: str = ""
) -> None:
    """An event about a user's account; it belongs to their agency (whose admin sees it)."""
    event_record(
        actor=actor, action=action, obj=user, agency=user.agency, changes=changes, reason=reason
    )


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    agency: Agency | None,
    role: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    reason: str = "",
    must_change_password: bool = False,
) -> User:
    """A staff user of ``agency``. ``password=None`` leaves the account without a usable
    password (the admin sets one later). An administrator creating an account for someone
    passes ``must_change_password=True``: the password is an initial one."""
    user = User(
        username=username,
        agency=agency,
        role=role,
        first_name=full_name,
        email=email,
        phone=phone,
        must_change_password=must_change_password,
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
        changes={
            "username": [None, username],
            "role": [None, role],
            "agency": [None, str(agency or "")],
        },
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
        user_event(
            actor=actor,
            action="user.set_role",
            user=user,
            changes={"role": [old, role]},
            reason=reason,
        )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    """Staff leave; their accounts are deactivated, never deleted, so the audit trail still
    names them."""
    return _set_active(actor, user, False, "user.deactivate", reason)


@transaction.atomic
def user_reactivate(*, actor: Any, user: User, reason: str) -> User:
    return _set_active(actor, user, True, "user.reactivate", reason)


def _set_active(actor: Any, user: User, active: bool, action: str, reason: str) -> User:
    """Set ``is_active``, recording ``action`` only when it changes."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        user_event(
            actor=actor,
            action=action,
            user=user,
            changes={"is_active": [not active, active]},
            reason=reason,
        )
    return user


# --- log-in, lockout and credentials (events: auth.* and user.*) ---------------------------


def _address(request: Any) -> str:
    return client_address(request) if request is not None else ""


@transaction.atomic
def login_failure_record(*, username: str, request: Any, reason: str = "密码错误") -> None:
    """One failed log-in (wrong password, locked or inactive account, wrong second-factor
    code): an event, and the account's count, which locks it at ``LOGIN_FAILURE_LIMIT``."""
    address = _address(request)
    # No ordering: User's default one joins the agency, which PostgreSQL cannot lock FOR UPDATE.
    user = User.objects.select_for_update().filter(username=username).order_by("pk").first()
    if user is None:
        event_record(
            actor=None,
            action="auth.login_failed",
            changes={"username": [None, username[:150]], "address": [None, address]},
            reason="用户名不存在",
        )
        return
    if user.locked_at is not None and not is_locked(user):  # the lock has run out: start afresh
        user.failed_logins, user.locked_at = 0, None
    was_locked = is_locked(user)
    user.failed_logins += 1
    user_event(
        actor=None,
        action="auth.login_failed",
        user=user,
        changes={"address": [None, address], "failed_logins": [None, user.failed_logins]},
        reason="账号已锁定" if was_locked else reason,
    )
    if not was_locked and user.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_at = timezone.now()
        user_event(
            actor=None,
            action="user.lockout",
            user=user,
            changes={"address": [None, address]},
            reason=f"连续 {user.failed_logins} 次登录失败",
        )
    user.save(update_fields=["failed_logins", "locked_at"])


@transaction.atomic
def login_success_record(*, user: User, request: Any, step: str = "password") -> None:
    """The password (``step="password"``) or the second factor (``"second_factor"``) was
    accepted. The failure count starts again once the log-in is complete: a password alone does
    not reset it for a user with a second factor, so that wrong codes keep counting."""
    complete = step != "password" or not user_has_device(user)
    if complete and (user.failed_logins or user.locked_at):
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_at=None)
        user.failed_logins, user.locked_at = 0, None
    user_event(
        actor=user,
        action="auth.login" if step == "password" else "auth.second_factor",
        user=user,
        changes={"address": [None, _address(request)]},
    )


def logout_record(*, user: Any, request: Any, reason: str = "") -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        return
    user_event(
        actor=user,
        action="auth.logout",
        user=user,
        changes={"address": [None, _address(request)]},
        reason=reason,
    )


@transaction.atomic
def user_unlock(*, actor: Any, user: User, reason: str) -> User:
    if user.locked_at is not None or user.failed_logins:
        changes: dict[str, Any] = {"failed_logins": [user.failed_logins, 0]}
        if user.locked_at is not None:
            changes["locked_at"] = [
                timezone.localtime(user.locked_at).strftime("%Y-%m-%d %H:%M"),
                None,
            ]
        user.failed_logins, user.locked_at = 0, None
        user.save(update_fields=["failed_logins", "locked_at"])
        user_event(actor=actor, action="user.unlock", user=user, changes=changes, reason=reason)
    return user


@transaction.atomic
def user_password_change(*, actor: Any, user: User, password: str, reason: str = "") -> User:
    """Sets the password. By the user themselves it is their own choice; by an administrator
    it is an initial password, which the user must change at the next log-in."""
    own = getattr(actor, "pk", None) == user.pk
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = not own
    user.password_changed_at = timezone.now() if own else None
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    user_event(
        actor=actor,
        action="user.password_change" if own else "user.password_reset",
        user=user,
        reason=reason,
    )
    return user
