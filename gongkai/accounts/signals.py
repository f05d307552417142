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
