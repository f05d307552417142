"""Staff log-in throttling: after ``LOGIN_FAILURE_LIMIT`` failed attempts for one user name from
one client address within ``LOGIN_FAILURE_WINDOW_SECONDS``, further attempts are refused
without checking the password, until the window ends. Counted in Django's cache (as
``gongkai.lib.ratelimit``): no extra service to run. Per name *and* address, so a script
guessing one clerk's password cannot lock that clerk out from the office's own machines."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gongkai.lib.ratelimit import client_address


def _key(request: HttpRequest | None, username: str) -> str:
    address = client_address(request) if request is not None else "unknown"
    digest = hashlib.sha256(f"{username.strip().lower()}\0{address}".encode()).hexdigest()
    return f"gongkai:login-failures:{digest}"


def login_blocked(request: HttpRequest | None, username: str) -> bool:
    return int(cache.get(_key(request, username), 0)) >= settings.LOGIN_FAILURE_LIMIT


def login_failed(request: HttpRequest | None, username: str) -> None:
    key = _key(request, username)
    # The window starts at the first failure (fixed window), like the public form's limit.
    if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def login_succeeded(request: HttpRequest | None, username: str) -> None:
    cache.delete(_key(request, username))


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's log-in form, refusing a user name + address that failed too often."""

    throttled = False

    def clean(self) -> dict[str, object]:
        username = str(self.cleaned_data.get("username") or "")
        if username and login_blocked(self.request, username):
            self.throttled = True
            minutes = max(1, settings.LOGIN_FAILURE_WINDOW_SECONDS // 60)
            raise ValidationError(
                f"登录失败次数过多，该账号在本机的登录已暂停，请 {minutes} 分钟后再试，"
                "或联系本机关管理员。",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            if username:
                login_failed(self.request, username)
            raise
        login_succeeded(self.request, username)
        return cleaned
