"""Account lockout (等保 2.0 三级 8.1.4.1 身份鉴别 b: 登录失败处理, 限制非法登录次数).

After ``LOGIN_FAILURE_LIMIT`` consecutive failed log-ins to one account — from any address, on
the staff log-in page, the admin log-in page or anything else that calls ``authenticate`` — the
account is locked: ``AccountBackend`` refuses even the right password until
``LOGIN_LOCKOUT_SECONDS`` have passed (0: until a security administrator unlocks it in the
admin). A wrong second-factor code counts as a failure too. Counted on the user row (not in a
cache), so every server process sees the same count and a restart forgets nothing.

django-axes was considered: it locks per user name as well, but keeps its own attempt tables and
answers a locked log-in with its own page; unlocking there deletes attempt rows in the admin
without an audit event or a role check. Django's own ``user_login_failed`` signal and an
authentication backend cover every log-in path just as well, and keep the lock, the unlock
(``user_unlock``, 安全管理员 only) and their events in one audited place.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.accounts import lookups
from gongkai.accounts.models import User
from gongkai.accounts.roles import role_permissions


def is_locked(user: User) -> bool:
    if user.locked_at is None:
        return False
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    return seconds <= 0 or timezone.now() < user.locked_at + timedelta(seconds=seconds)


def lock_message() -> str:
    seconds = settings.LOGIN_LOCKOUT_SECONDS
    until = (
        f"{max(1, seconds // 60)} 分钟后自动解锁，或请安全管理员解锁"
        if seconds > 0
        else "请联系安全管理员解锁"
    )
    return f"该账号因连续 {settings.LOGIN_FAILURE_LIMIT} 次登录失败已被锁定，{until}。"


class AccountBackend(ModelBackend):
    """Django's model backend, refusing locked accounts and adding the permissions of the
    user's platform role (``gongkai.accounts.roles``)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(super().user_can_authenticate(user)) and not is_locked(user)

    def get_user(self, user_id: Any) -> Any:
        # A lock stops new log-ins, not the sessions already open: otherwise anyone who knows a
        # user name could throw its owner out by failing five times. (A session still waiting
        # for the second factor cannot finish it once locked: see second_factor_verify.)
        user = lookups.session_user(user_id, _load_user)
        return user if user is not None and super().user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        own: set[str] = set(super().get_all_permissions(user_obj, obj))
        if obj is not None:
            return own
        return own | role_permissions(user_obj)


def _load_user(user_id: Any) -> User | None:
    # With the agency: every staff page names it and scopes its queries by it.
    found: User | None = User._default_manager.select_related("agency").filter(pk=user_id).first()
    return found


class LockoutMessageMixin:
    """For an authentication form: when the log-in failed because the account is locked, say
    so (whatever the password was, so the message tells nothing about it)."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            username = str(self.cleaned_data.get("username") or "")  # type: ignore[attr-defined]
            user = User.objects.filter(username=username).first()
            if user is not None and is_locked(user):
                self.locked = True
                raise ValidationError(lock_message(), code="locked") from None
            raise


class LoginForm(LockoutMessageMixin, AuthenticationForm):
    locked = False
