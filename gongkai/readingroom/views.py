"""Staff pages for the reading-room register: a year's days with totals, and one day's entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import role_required, staff_required
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    chosen_year,
    parse_day,
    require_write,
    year_choices,
)
from gongkai.readingroom.forms import RegisterDayForm
from gongkai.readingroom.models import COUNTERS, RegisterDay
from gongkai.readingroom.selectors import overview_sentence, year_totals
from gongkai.readingroom.services import TRACKED, register_day_save


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    year = chosen_year(request)
    totals = year_totals(agency, year)
    return render(
        request,
        "readingroom/register.html",
        {
            **agency_context(request, agency),
            "year": year,
            "years": year_choices(2019),
            "days": RegisterDay.objects.filter(agency=agency, day__year=year),
            "counters": COUNTERS,
            "totals": [(label, unit, totals[name]) for name, label, unit in COUNTERS],
            "days_count": totals["days"],
            "sentence": overview_sentence(agency, year),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def day_edit(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    day = parse_day(request.GET.get("day", "")) or timezone.localdate()
    existing = RegisterDay.objects.filter(agency=agency, day=day).first()
    form = RegisterDayForm(request.POST or None, instance=existing, initial={"day": day})
    if request.method == "POST" and form.is_valid():
        try:
            entry = register_day_save(
                actor=request.user,
                agency=agency,
                day=form.cleaned_data["day"],
                reason=form.cleaned_data["reason"],
                **{name: form.cleaned_data[name] for name in TRACKED},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{entry.day:%Y-%m-%d} 的查阅登记已保存。")
            return redirect(
                f"{reverse('readingroom:register')}?agency={agency.pk}&year={entry.day.year}"
            )
    return render(
        request,
        "readingroom/day_form.html",
        {"agency": agency, "form": form, "existing": existing},
    )
