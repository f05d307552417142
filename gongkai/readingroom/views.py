"""Staff pages for the reading-room register: a year's visits and day totals, a visit's entry
and correction, and the correction of a day's totals entered before visits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    chosen_year,
    parse_day,
    require_write,
    year_choices,
)
from gongkai.readingroom.forms import RegisterDayForm, VisitCorrectForm, VisitForm
from gongkai.readingroom.models import COUNTERS, RegisterDay, Visit
from gongkai.readingroom.selectors import day_totals, overview_sentence, year_totals
from gongkai.readingroom.services import (
    TRACKED,
    VISIT_FIELDS,
    register_day_save,
    visit_correct,
    visit_record,
)


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
            "days": day_totals(agency, year),
            "visits": Visit.objects.filter(agency=agency, day__year=year)[:500],
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
    if existing is None and request.method == "GET":
        # New days are registered visit by visit; this page only corrects old day totals.
        return redirect(f"{reverse('readingroom:visit_new')}?agency={agency.pk}&day={day}")
    form = RegisterDayForm(request.POST or None, instance=existing, initial={"day": day})
    if request.method == "POST" and form.is_valid():
        if not RegisterDay.objects.filter(agency=agency, day=form.cleaned_data["day"]).exists():
            form.add_error("day", "该日没有按日合计的旧登记；新的查阅请逐次登记来访。")
            return render(
                request,
                "readingroom/day_form.html",
                {"agency": agency, "form": form, "existing": existing},
                status=400,
            )
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


def _back_to_register(agency_pk: int, year: int) -> HttpResponse:
    return redirect(f"{reverse('readingroom:register')}?agency={agency_pk}&year={year}")


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def visit_new(request: HttpRequest) -> HttpResponse:
    """Register one visit; a second visit the same day is added to the day, never replaces it."""
    agency = chosen_agency(request)
    require_write(request.user, agency)
    day = parse_day(request.GET.get("day", "")) or timezone.localdate()
    form = VisitForm(request.POST or None, initial={"day": day})
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_record(
                actor=request.user,
                agency=agency,
                **{name: form.cleaned_data[name] for name in VISIT_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已登记 {visit.day:%Y-%m-%d} {visit.visitor_masked} 的查阅。"
            )
            return _back_to_register(agency.pk, visit.day.year)
    return render(
        request, "readingroom/visit_form.html", {"agency": agency, "form": form, "visit": None}
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit: Visit = get_object_for_user(request.user, Visit.objects.select_related("agency"), pk=pk)
    require_write(request.user, visit.agency)
    form = VisitCorrectForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit_correct(
                actor=request.user,
                visit=visit,
                reason=data["reason"],
                **{name: data[name] for name in VISIT_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已更正该次查阅登记。")
            return _back_to_register(visit.agency_id, data["day"].year)
    return render(
        request,
        "readingroom/visit_form.html",
        {"agency": visit.agency, "form": form, "visit": visit},
    )
