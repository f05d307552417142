"""Staff home (one page, a section per role) and the list of users."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import (
    Role,
    can_write,
    get_object_for_user,
    is_staff_user,
    role_required,
    staff_required,
    visible_agencies,
)
from gongkai.accounts.forms import UserChangeForm, UserCreateForm
from gongkai.accounts.models import User
from gongkai.accounts.roles import is_platform_user
from gongkai.accounts.selectors import users_visible_to
from gongkai.accounts.services import user_create, user_deactivate, user_reactivate, user_set_role
from gongkai.agencies.selectors import agency_tree
from gongkai.audit.selectors import events_visible_to
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar

# Where a platform role lands after logging in: its work is not an agency's records.
PLATFORM_HOME = {
    Role.SYSADMIN: "admin:index",
    Role.SECADMIN: "admin:accounts_user_changelist",
    Role.AUDITOR: "audit:event_list",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if is_platform_user(request.user):
        return redirect(PLATFORM_HOME[request.user.role])
    return _staff_home(request)


@staff_required
def _staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    calendar = platform_calendar()
    agencies = list(visible_agencies(user).select_related("parent"))
    context = {
        "today": today,
        "today_is_working_day": calendar.is_working_day(today),
        "today_covered": calendar.covers(today.year),
        # 条例第三十条、第三十三条: what an application received today would be due by.
        "reply_due": add_working_days(calendar, today, 20),
        "correction_due": add_working_days(calendar, today, 7),
        "agency_tree": agency_tree(agencies),
        "recent_events": events_visible_to(user)[:8],
        "agency_users": (
            users_visible_to(user) if user.is_superuser or user.role == Role.ADMIN else None
        ),
        "is_supervisor": user.role == Role.SUPERVISOR,
        "staff": is_staff_user(user),
    }
    return render(request, "accounts/home.html", context)


@role_required(Role.ADMIN, Role.SUPERVISOR)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/user_list.html",
        {"users": users_visible_to(request.user), "can_manage": _manages_users(request.user)},
    )


def _manages_users(user: User) -> bool:
    # Platform operators manage users in the admin, where they also pick the agency.
    return user.role == Role.ADMIN


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def user_new(request: HttpRequest) -> HttpResponse:
    if request.user.agency is None:
        return redirect("admin:accounts_user_add")
    agency = request.user.agency
    form = UserCreateForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = user_create(
            actor=request.user,
            username=data["username"],
            password=data["password"],
            agency=agency,
            role=data["role"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            reason="机关管理员新增用户",
            must_change_password=True,
        )
        messages.success(request, f"已新增用户 {user.username}。")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_new.html", {"form": form, "agency": agency})


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target: User = get_object_for_user(request.user, User, pk=pk)
    if not can_write(request.user, target.agency):
        raise PermissionDenied("只能管理本机关的用户。")
    if target.pk == request.user.pk:
        raise PermissionDenied("不能修改自己的角色或停用自己的账号，请联系其他管理员。")
    form = UserChangeForm(
        request.POST or None,
        agency=target.agency,
        initial={"role": target.role, "is_active": target.is_active},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user_set_role(actor=request.user, user=target, role=data["role"], reason=data["reason"])
        if target.is_active and not data["is_active"]:
            user_deactivate(actor=request.user, user=target, reason=data["reason"])
        elif not target.is_active and data["is_active"]:
            user_reactivate(actor=request.user, user=target, reason=data["reason"])
        messages.success(request, f"用户 {target.username} 已更新。")
        return redirect("accounts:user_list")
    return render(request, "accounts/user_edit.html", {"form": form, "target": target})
