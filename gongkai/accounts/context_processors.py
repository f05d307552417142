"""Template context shared by every page: the signed-in user's agency and role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.accounts.access import is_staff_user
from gongkai.accounts.middleware import pending_step


def staff(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # While a log-in step is pending (second factor, initial password) no menu leads anywhere.
    return {"is_staff_user": is_staff_user(user) and pending_step(request) is None}
