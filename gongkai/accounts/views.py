"""Staff home (one page, a section per role) and the list of users."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.access import (
    Role,
    is_staff_user,
    role_required,
    staff_required,
    visible_agencies,
)
from gongkai.accounts.selectors import users_visible_to
from gongkai.agencies.selectors import agency_tree
from gongkai.audit.selectors import events_visible_to
from gongkai.workdays.clock import add_working_days
from gongkai.workdays.selectors import platform_calendar


@staff_required
def home(request: HttpRequest) -> HttpResponse:
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
        "recent_events": events_visible_to(user)[:10],
        "agency_users": (
            users_visible_to(user) if user.is_superuser or user.role == Role.ADMIN else None
        ),
        "is_supervisor": user.role == Role.SUPERVISOR,
        "staff": is_staff_user(user),
    }
    return render(request, "accounts/home.html", context)


@role_required(Role.ADMIN, Role.SUPERVISOR)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": users_visible_to(request.user)})
