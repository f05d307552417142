"""Log-in, failed log-in and log-out, whichever page they come from (the staff log-in, the
admin's, a test client): audit events and the lockout count (gongkai.accounts.services)."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gongkai.accounts.services import login_failure_record, login_success_record, logout_record

LAST_SEEN = "gongkai_last_seen"  # session key: the time of the last request (idle timeout)


@receiver(user_login_failed, dispatch_uid="gongkai.accounts.login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    username = str(credentials.get("username") or "")
    if username:
        login_failure_record(username=username, request=request)


@receiver(user_logged_in, dispatch_uid="gongkai.accounts.logged_in")
def _logged_in(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    login_success_record(user=user, request=request)
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


@receiver(user_logged_out, dispatch_uid="gongkai.accounts.logged_out")
def _logged_out(sender: Any, request: Any, user: Any, **kw: Any) -> None:
    logout_record(user=user, request=request, reason=getattr(request, "gongkai_logout_reason", ""))
    if user is not None:
        from gongkai.accounts import lookups

        lookups.forget(user.pk)


def _lookups_stale(sender: Any, **kw: Any) -> None:
    from gongkai.accounts import lookups

    lookups.invalidate()


def connect_lookup_invalidation() -> None:
    """A user, an agency, a second-factor device or a saved filter changed: every process
    reads its per-user lookups again (gongkai.accounts.lookups). Called once from
    AccountsConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.accounts.models import SavedFilter, User
    from gongkai.agencies.models import Agency

    for model in (User, Agency, TOTPDevice, StaticDevice, SavedFilter):
        uid = f"gongkai.accounts.lookups.{model._meta.label_lower}"
        post_save.connect(_lookups_stale, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_lookups_stale, sender=model, dispatch_uid=f"{uid}.delete")
    for relation in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _lookups_stale, sender=relation, dispatch_uid=f"gongkai.accounts.lookups.{relation}"
        )
