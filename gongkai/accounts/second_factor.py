"""TOTP second factor (等保 2.0 三级 8.1.4.1 身份鉴别 d: 两种或两种以上组合的鉴别技术), on
django-otp: a ``TOTPDevice`` (an authenticator app, RFC 6238, 30-second codes) and a
``StaticDevice`` holding ten one-time recovery codes, shown once at enrolment.

Required (``second_factor_required``) for superusers, the platform roles and the 公开办 supervisors
when ``TWO_FACTOR_REQUIRED`` is on (the default); optional for agency staff. The log-in is two
steps: the password (Django's log-in view) and then, for a user with a device, a code
(``accounts:second_factor_verify``); until then ``AccountGuardMiddleware`` lets the session reach
no staff page and no admin page. Each step, each failure, enrolment, removal and reset is an
audit event; a wrong code counts towards the account lockout (``gongkai.accounts.lockout``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.lookups import remembered
from gongkai.accounts.models import PLATFORM_ROLES, User
from gongkai.accounts.services import login_failure_record, login_success_record, user_event

RECOVERY_CODES = 10
REQUIRED_ROLES = frozenset({User.Role.SUPERVISOR, *PLATFORM_ROLES})


def second_factor_required(user: Any) -> bool:
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in REQUIRED_ROLES)


def has_second_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return remembered(user, "has_second_factor", lambda: bool(user_has_device(user)))


def is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (a new secret the first time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def _clean(token: str) -> str:
    return "".join(token.split()).lower()[:16]


@transaction.atomic
def second_factor_enrol(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms ``device`` with a code it produced; returns the new recovery codes (to be shown
    once), or ``None`` when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=user)
    user_event(
        actor=user,
        action="user.second_factor_enrol",
        user=user,
        changes={"second_factor": [False, True]},
    )
    return codes


def recovery_codes_renew(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="恢复码")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


@transaction.atomic
def recovery_codes_replace(*, user: User) -> list[str]:
    codes = recovery_codes_renew(user=user)
    user_event(
        actor=user,
        action="user.recovery_codes_renew",
        user=user,
        changes={"recovery_codes_left": [None, len(codes)]},
    )
    return codes


@transaction.atomic
def second_factor_check(*, user: User, token: str, request: Any) -> Device | None:
    """The device that accepts ``token`` (a code of the authenticator, or an unused recovery
    code, which is then spent), or ``None`` — a failed log-in."""
    cleaned = _clean(token)
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        if cleaned and device.verify_token(cleaned):
            login_success_record(user=user, request=request, step="second_factor")
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                user_event(
                    actor=user,
                    action="auth.recovery_code",
                    user=user,
                    changes={"recovery_codes_left": [left + 1, left]},
                )
            return device
    login_failure_record(username=user.get_username(), request=request, reason="动态口令错误")
    return None


@transaction.atomic
def second_factor_remove(*, actor: Any, user: User, reason: str = "") -> None:
    """Removes the user's authenticator and recovery codes: by themselves (where it is optional)
    or by a security administrator (a lost phone: the user enrols again at the next log-in)."""
    had = any(True for _ in devices_for_user(user, confirmed=None))
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    if had:
        own = getattr(actor, "pk", None) == user.pk
        user_event(
            actor=actor,
            action="user.second_factor_disable" if own else "user.second_factor_reset",
            user=user,
            changes={"second_factor": [True, False]},
            reason=reason,
        )
