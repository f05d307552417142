"""The calendar as staff see it, and a deadline calculator (the same clock as the CLI)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.access import staff_required
from gongkai.workdays.clock import Pause, add_working_days
from gongkai.workdays.forms import DeadlineForm
from gongkai.workdays.models import CalendarDay, HolidayYear
from gongkai.workdays.selectors import platform_calendar


@require_GET
@staff_required
def calendar_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = HolidayYear.objects.order_by("-year")
    next_year_known = years.filter(year=today.year + 1).exists()
    next_year_complete = years.filter(year=today.year + 1, complete=True).exists()
    return render(
        request,
        "workdays/overview.html",
        {
            "years": years,
            "today": today,
            "next_year": today.year + 1,
            "next_year_known": next_year_known,
            "next_year_complete": next_year_complete,
        },
    )


@require_GET
@staff_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    record = HolidayYear.objects.filter(year=year).first()
    if record is None:
        raise Http404("该年度尚无节假日安排数据")
    days = record.days.order_by("date")
    return render(
        request,
        "workdays/year.html",
        {
            "record": record,
            "holidays": days.filter(kind=CalendarDay.Kind.HOLIDAY),
            "workdays": days.filter(kind=CalendarDay.Kind.WORKDAY),
        },
    )


@require_GET
@staff_required
def deadline_calculator(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.GET or None, initial={"days": 20})
    result = None
    if form.is_valid():
        data = form.cleaned_data
        pauses = [Pause(data["pause_from"], data["pause_to"])] if data.get("pause_from") else []
        result = add_working_days(platform_calendar(), data["received"], data["days"], pauses)
    return render(request, "workdays/deadline.html", {"form": form, "result": result})
