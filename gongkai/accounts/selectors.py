"""Reads about staff users, always scoped by ``gongkai.accounts.access``."""

from __future__ import annotations

from typing import Any

from django.db import models

from gongkai.accounts.access import scope_to_user
from gongkai.accounts.models import User


def users_visible_to(user: Any) -> models.QuerySet[User]:
    return scope_to_user(User.objects.select_related("agency"), user).order_by(
        "agency__short_code", "role", "username"
    )
