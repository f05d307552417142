"""The admin site: its log-in form says when an account is locked, and it admits a user who must
have a second factor only once the session has been verified with it (the same rule as
``AccountGuardMiddleware``, stated here too so the admin does not rely on middleware order)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from gongkai.accounts.lockout import LockoutMessageMixin


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    locked = False


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    site_header = "gongkai 政府信息公开工作平台 · 管理后台"
    site_title = "gongkai 管理后台"
    index_title = "平台管理"

    def has_permission(self, request: HttpRequest) -> bool:
        from gongkai.accounts.middleware import pending_step

        return bool(super().has_permission(request)) and pending_step(request) is None
