"""Staff pages for review and litigation cases, and table 四."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import can_write, get_object_for_user, role_required, staff_required
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    chosen_year,
    flash_form_action,
    require_write,
    year_choices,
)
from gongkai.appeals.forms import CaseForm, DecideForm
from gongkai.appeals.models import Case
from gongkai.appeals.services import CASE_FIELDS, case_create, case_decide, case_update
from gongkai.appeals.tables import appeals_table
from gongkai.audit.selectors import events_visible_to
from gongkai.report.formats import tables_for_year


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    year = chosen_year(request)
    data = appeals_table(agency, year)
    table = tables_for_year(year).appeals
    rows = [
        {
            "group": row.group,
            "label": row.label,
            "cells": [(c.label, data[row.key][c.key]) for c in row.columns],
        }
        for row in table.rows
    ]
    return render(
        request,
        "appeals/case_list.html",
        {
            **agency_context(request, agency),
            "year": year,
            "years": year_choices(2019),
            "cases": Case.objects.filter(agency=agency, filed_on__year=year),
            "rows": rows,
            "columns": [c.label for c in table.rows[0].columns],
        },
    )


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case: Case = get_object_for_user(request.user, Case, pk=pk)
    events = events_visible_to(request.user).filter(
        object_type="appeals.case", object_id=str(case.pk)
    )
    decide = DecideForm(
        initial={"stage": case.stage, "result": case.result, "decided_on": case.decided_on}
    )
    return render(
        request,
        "appeals/case_detail.html",
        {
            "case": case,
            "can_write": can_write(request.user, case.agency),
            "decide_form": decide,
            "events": events[:50],
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def case_new(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    form = CaseForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        case = case_create(
            actor=request.user,
            agency=agency,
            reason=form.cleaned_data["reason"],
            **{name: form.cleaned_data[name] for name in CASE_FIELDS},
        )
        messages.success(request, "案件已登记。")
        return redirect("appeals:detail", pk=case.pk)
    return render(request, "appeals/case_form.html", {"form": form, "agency": agency, "case": None})


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case: Case = get_object_for_user(request.user, Case, pk=pk)
    require_write(request.user, case.agency)
    form = CaseForm(request.POST or None, instance=Case.objects.get(pk=case.pk), agency=case.agency)
    if request.method == "POST" and form.is_valid():
        case_update(
            actor=request.user,
            case=case,
            reason=form.cleaned_data["reason"],
            **{name: form.cleaned_data[name] for name in CASE_FIELDS},
        )
        messages.success(request, "已保存。")
        return redirect("appeals:detail", pk=case.pk)
    return render(
        request, "appeals/case_form.html", {"form": form, "agency": case.agency, "case": case}
    )


@require_POST
@role_required(*WRITERS)
def case_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    case: Case = get_object_for_user(request.user, Case, pk=pk)
    require_write(request.user, case.agency)

    def act(data: dict[str, Any]) -> str:
        case_decide(
            actor=request.user,
            case=case,
            result=data["result"],
            decided_on=data["decided_on"],
            stage=data["stage"],
            reason=data["reason"],
        )
        return f"已记录：{case.get_stage_display()}，{case.get_result_display()}。"

    flash_form_action(request, DecideForm(request.POST), act)
    return redirect(reverse("appeals:detail", args=[case.pk]))
