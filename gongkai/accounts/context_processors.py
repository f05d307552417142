"""Template context shared by every page: the signed-in user's agency and role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.accounts.access import is_staff_user


def staff(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"is_staff_user": is_staff_user(user)}
