"""Users in the admin, split by platform role (三权分立, gongkai.accounts.roles): the system
administrator edits agency staff's accounts and resets their passwords, the security
administrator assigns roles, unlocks accounts and resets second factors, and neither reaches the
other's work; each change is an audit event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.lockout import is_locked
from gongkai.accounts.models import User
from gongkai.accounts.roles import Role, assignable_roles, manageable_users
from gongkai.accounts.second_factor import second_factor_remove
from gongkai.accounts.services import user_event, user_unlock
from gongkai.audit.admin import AuditedModelAdmin

# Device secrets are nobody's to read, not even a superuser's: a lost phone is a reset (below).
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

STATUS = ("must_change_password", "failed_logins", "locked_at", "last_login", "date_joined")
PROFILE = ("first_name", "last_name", "email", "phone")


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    audit_entity = "user"
    list_display = ("username", "first_name", "agency", "role", "is_active", "locked")
    list_filter = ("role", "agency", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("agency",)
    actions = ("unlock_accounts", "reset_second_factors")
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("机关与角色", {"fields": ("first_name", "agency", "role")}),
    )

    @admin.display(boolean=True, description="已锁定")
    def locked(self, obj: User) -> bool:
        return is_locked(obj)

    def audit_agency(self, obj: Any) -> Any:
        return obj.agency

    def get_queryset(self, request: HttpRequest) -> Any:
        return manageable_users(request.user, super().get_queryset(request))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        sections: list[Any] = [
            (None, {"fields": ("username", "password")}),
            ("个人信息", {"fields": PROFILE}),
            ("机关与角色", {"fields": ("agency", "role", "is_active")}),
            ("账号安全", {"fields": STATUS}),
        ]
        if request.user.is_superuser:
            sections.insert(3, ("超级用户", {"fields": ("is_staff", "is_superuser")}))
        return sections

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        if request.user.is_superuser or request.user.role == Role.SYSADMIN:
            return STATUS
        # The security administrator assigns roles and nothing else.
        return ("username", *PROFILE, "agency", "is_active", *STATUS)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kw)
        allowed = assignable_roles(request.user, obj)
        current = obj.role if obj is not None else ""

        class RoleCheckedForm(base):  # type: ignore[valid-type,misc]
            def clean_role(self) -> str:
                role = str(self.cleaned_data.get("role") or "")
                if role != current and role not in allowed:
                    raise forms.ValidationError("您的角色无权分配这一角色（三权分立）。")
                return role

        return RoleCheckedForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            obj.must_change_password = True  # an initial password, chosen by someone else
        super().save_model(request, obj, form, change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        target = self.get_object(request, unquote(id))
        if target is not None and not (
            request.user.is_superuser or request.user.role == Role.SYSADMIN
        ):
            raise PermissionDenied
        before = target.password if target is not None else None
        response: HttpResponse = super().user_change_password(request, id, form_url)
        if target is not None and request.method == "POST":
            target.refresh_from_db()
            if target.password != before:
                own = target.pk == request.user.pk
                target.must_change_password = not own
                target.password_changed_at = timezone.now() if own else None
                target.save(update_fields=["must_change_password", "password_changed_at"])
                user_event(
                    actor=request.user,
                    action="user.password_change" if own else "user.password_reset",
                    user=target,
                    reason="管理后台",
                )
        return response

    def has_unlock_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("accounts.unlock_user"))

    def has_reset_second_factor_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("accounts.reset_second_factor"))

    @admin.action(description="解除所选账号的登录锁定", permissions=["unlock"])
    def unlock_accounts(self, request: HttpRequest, queryset: Any) -> None:
        done = 0
        for user in queryset.exclude(pk=request.user.pk):
            if user.locked_at is not None or user.failed_logins:
                user_unlock(actor=request.user, user=user, reason="安全管理员解锁")
                done += 1
        messages.success(request, f"已解除 {done} 个账号的锁定。")

    @admin.action(
        description="重置所选账号的双因素认证（下次登录重新绑定）",
        permissions=["reset_second_factor"],
    )
    def reset_second_factors(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            second_factor_remove(actor=request.user, user=user, reason="安全管理员重置")
        messages.success(request, "已重置所选账号的双因素认证。")
