"""What a signed-in session must do before it reaches any staff page or the admin, and when it
ends (等保 2.0 三级 8.1.4.1 身份鉴别 b: 登录连接超时自动退出).

- Idle timeout: a session unused for ``SESSION_IDLE_SECONDS`` (default 30 minutes) is logged out
  (on top of the absolute ``SESSION_COOKIE_AGE``); the log-in page says why.
- Then, in this order: a user with a second factor enters a code (``second_factor_verify``); a
  user with an initial password, or one older than ``PASSWORD_MAX_AGE_DAYS``, chooses a new one (``password_change``); a user who must have a
  second factor and has none enrols (``second_factor_setup``). Until then every other page
  answers with a redirect there — public pages excepted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.functional import LazyObject, empty

from gongkai.accounts.second_factor import has_second_factor, is_verified, second_factor_required
from gongkai.accounts.signals import LAST_SEEN

# While a step is pending, the session reaches only that step's pages (and the log-out): a
# password change, for one, must wait for the second factor.
STEP_PAGES = {
    "accounts:second_factor_verify": frozenset({"accounts:second_factor_verify"}),
    "accounts:password_change": frozenset({"accounts:password_change"}),
    "accounts:second_factor_setup": frozenset(
        {"accounts:second_factor_setup", "accounts:second_factor_qr"}
    ),
}
ALWAYS = frozenset({"logout", "admin:logout"})
TOUCH_EVERY = 60  # seconds: the session is written at most once a minute for the idle clock


def pending_step(request: HttpRequest) -> str | None:
    """The URL name of the step the signed-in user must take first, or ``None``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    known: dict[int, str | None] = request.__dict__.setdefault("_gongkai_pending_step", {})
    if user.pk not in known:  # asked by the middleware, the admin site and the page's menu
        known[user.pk] = _pending_step(user)
    return known[user.pk]


def _pending_step(user: Any) -> str | None:
    verified = is_verified(user)
    if not verified and has_second_factor(user):
        return "accounts:second_factor_verify"
    if user.must_change_password or user.password_expired():
        return "accounts:password_change"
    if not verified and second_factor_required(user):
        return "accounts:second_factor_setup"
    return None


def resolved(user: Any) -> Any:
    """The object behind ``user``'s lazy proxies (evaluated now), or ``user`` if it is none."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class AccountGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        # The user itself from here on, not the lazy proxies Django's and django-otp's
        # middleware put in its place (the one around the other): each attribute a page reads
        # of the user went through both, some 500 calls a staff page. The middleware above have
        # done their part (the OTP one marked the user itself, through the proxies); log-in and
        # log-out assign request.user as well.
        request.user = resolved(request.user)
        if not request.user.is_authenticated:
            return None
        if self._idle(request):
            request.gongkai_logout_reason = "闲置超时"
            logout(request)
            minutes = max(1, settings.SESSION_IDLE_SECONDS // 60)
            messages.info(
                request, f"您已超过 {minutes} 分钟未操作，为安全起见已自动退出，请重新登录。"
            )
            return redirect_to_login(request.get_full_path())
        match = request.resolver_match
        name = match.view_name if match else ""
        if getattr(view, "gongkai_public", False) or name in ALWAYS:
            return None
        step = pending_step(request)
        if step is None or name in STEP_PAGES[step]:
            return None
        return redirect_to_login(request.get_full_path(), resolve_url(step))

    @staticmethod
    def _idle(request: HttpRequest) -> bool:
        now = int(time.time())
        last = request.session.get(LAST_SEEN)
        if isinstance(last, int) and now - last > settings.SESSION_IDLE_SECONDS:
            return True
        if not isinstance(last, int) or now - last >= TOUCH_EVERY:
            request.session[LAST_SEEN] = now
        return False
