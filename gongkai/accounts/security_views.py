"""The signed-in user's own account: 账号安全 (password, second factor) and the log-in's second
step. Every view here is ``own_account_view``: it reads and changes only ``request.user``."""

from __future__ import annotations

import io
from base64 import b32encode
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.access import own_account_view
from gongkai.accounts.lockout import is_locked, lock_message
from gongkai.accounts.second_factor import (
    has_second_factor,
    is_verified,
    recovery_codes_replace,
    second_factor_check,
    second_factor_enrol,
    second_factor_remove,
    second_factor_required,
    totp_device_pending,
)
from gongkai.accounts.services import user_password_change


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态口令或恢复码",
        max_length=20,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class EnrolForm(forms.Form):
    token = forms.CharField(
        label="身份验证器显示的 6 位动态口令",
        max_length=20,
        widget=forms.TextInput({"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(label="当前密码", widget=forms.PasswordInput, strip=False)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return resolve_url("home")


class PasswordChange(PasswordChangeView):
    template_name = "accounts/password_change.html"

    def form_valid(self, form: Any) -> HttpResponse:
        user = self.request.user
        user_password_change(
            actor=user, user=user, password=form.cleaned_data["new_password1"], reason="本人修改"
        )
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "密码已修改。")
        return redirect(_next(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "next": _next(self.request),
            "expired": self.request.user.password_expired(),
            "max_age": settings.PASSWORD_MAX_AGE_DAYS,
        }


password_change = own_account_view(PasswordChange.as_view())


@require_GET
@own_account_view
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    static = user.staticdevice_set.filter(confirmed=True).first()
    context = {
        "has_second_factor": has_second_factor(user),
        "required": second_factor_required(user),
        "verified": is_verified(user),
        "codes_left": static.token_set.count() if static else 0,
        "form": PasswordConfirmForm(),
    }
    return render(request, "accounts/security.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@own_account_view
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_second_factor(user) or is_verified(user):
        return redirect(_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.refresh_from_db(fields=["failed_logins", "locked_at"])
        device = None
        if not is_locked(user):
            token = form.cleaned_data["token"]
            device = second_factor_check(user=user, token=token, request=request)
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        user.refresh_from_db(fields=["failed_logins", "locked_at"])
        if is_locked(user):
            request.gongkai_logout_reason = "账号已锁定"
            logout(request)
            messages.error(request, lock_message())
            return redirect("login")
        form.add_error("token", "动态口令或恢复码不正确，请重新输入。")
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next(request)}
    )


@never_cache
@require_http_methods(["GET", "POST"])
@own_account_view
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_second_factor(user):
        return redirect("accounts:security")
    device = totp_device_pending(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor_enrol(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error(
            "token", "动态口令不正确：请核对手机时间，输入身份验证器当前显示的 6 位数字。"
        )
    context = {
        "form": form,
        "secret": b32encode(device.bin_key).decode(),
        "uri": device.config_url,
        "required": second_factor_required(user),
        "next": _next(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@never_cache
@require_GET
@own_account_view
def second_factor_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the authenticator being set up (our own SVG, no user content in it)."""
    if has_second_factor(request.user):
        return HttpResponse(status=404)
    device = totp_device_pending(request.user)
    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).save(out)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


@never_cache
@require_POST
@own_account_view
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes (the old ones stop working), shown once; asks for the password."""
    user = request.user
    form = PasswordConfirmForm(request.POST)
    if not has_second_factor(user) or not is_verified(user):
        return redirect("accounts:security")
    if not form.is_valid() or not user.check_password(form.cleaned_data["password"]):
        messages.error(request, "当前密码不正确，恢复码未更换。")
        return redirect("accounts:security")
    codes = recovery_codes_replace(user=user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})


@require_POST
@own_account_view
def second_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if second_factor_required(user):
        messages.error(
            request, "您的角色必须使用双因素认证，不能停用；更换手机请联系安全管理员重置。"
        )
        return redirect("accounts:security")
    form = PasswordConfirmForm(request.POST)
    if not form.is_valid() or not user.check_password(form.cleaned_data["password"]):
        messages.error(request, "当前密码不正确，双因素认证未停用。")
        return redirect("accounts:security")
    second_factor_remove(actor=user, user=user, reason="本人停用")
    messages.success(request, "已停用双因素认证。")
    return redirect("accounts:security")
