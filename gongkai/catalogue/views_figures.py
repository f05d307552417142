"""Staff pages for table 二 (counted and entered figures, CSV/XLSX import), the 权责清单 and the
index-number pattern."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.access import role_required, staff_required
from gongkai.accounts.staff import (
    WRITERS,
    agency_context,
    chosen_agency,
    chosen_year,
    require_write,
    year_choices,
)
from gongkai.catalogue.forms import FiguresForm, ImportForm, PatternForm, PowerItemForm
from gongkai.catalogue.imports import FigureImportError, figures_import
from gongkai.catalogue.models import CatalogueSettings, PowerItem, YearFigures
from gongkai.catalogue.services import (
    POWER_FIELDS,
    catalogue_set_pattern,
    power_item_create,
    year_figures_set,
)
from gongkai.catalogue.tables import CATALOGUE_ROWS, proactive_format, proactive_table
from gongkai.report.model import TableData

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _figures_url(agency_id: int, year: int) -> str:
    return f"{reverse('catalogue:figures')}?agency={agency_id}&year={year}"


@require_http_methods(["GET", "POST"])
@staff_required
def figures(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    year = chosen_year(request, default=_last_year())
    stored = YearFigures.objects.filter(agency=agency, year=year).first()
    form = FiguresForm(
        request.POST or None, year=year, initial_values=stored.values if stored else {}
    )
    if request.method == "POST":
        require_write(request.user, agency)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
            try:
                year_figures_set(
                    actor=request.user,
                    agency=agency,
                    year=year,
                    values=values,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                for key, errors in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, errors)
            else:
                messages.success(request, f"{year}年表二录入数据已保存。")
                return redirect(_figures_url(agency.pk, year))
    return render(
        request,
        "catalogue/figures.html",
        {
            **agency_context(request, agency),
            "year": year,
            "years": year_choices(2019),
            "rows": _table_rows(proactive_table(agency, year), year),
            "form": form,
            "import_form": ImportForm(),
        },
    )


def _last_year() -> int:
    return timezone.localdate().year - 1


def _table_rows(data: TableData, year: int) -> list[dict[str, object]]:
    table = proactive_format(year)
    return [
        {
            "group": row.group,
            "label": row.label,
            "counted": row.key in CATALOGUE_ROWS,
            "cells": [(column.label, data[row.key][column.key]) for column in row.columns],
        }
        for row in table.rows
    ]


@require_POST
@role_required(*WRITERS)
def figures_upload(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    form = ImportForm(request.POST, request.FILES)
    report = None
    error = ""
    if not form.is_valid():
        error = "请选择要导入的文件。"
    else:
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            error = f"{upload.name}：文件超过 5 MB。"
        else:
            try:
                report = figures_import(
                    actor=request.user, agency=agency, filename=upload.name, content=upload.read()
                )
            except FigureImportError as exc:
                error = str(exc)
    return render(
        request,
        "catalogue/figures_import.html",
        {"agency": agency, "report": report, "error": error},
    )


@staff_required
def power_list(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    return render(
        request,
        "catalogue/power_list.html",
        {
            **agency_context(request, agency),
            "items": PowerItem.objects.filter(agency=agency),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def power_new(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    form = PowerItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        power_item_create(
            actor=request.user,
            agency=agency,
            reason=form.cleaned_data["reason"],
            **{name: form.cleaned_data[name] for name in POWER_FIELDS},
        )
        messages.success(request, "已加入权责清单。")
        return redirect(f"{reverse('catalogue:powers')}?agency={agency.pk}")
    return render(request, "catalogue/power_form.html", {"agency": agency, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def pattern_edit(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    instance = CatalogueSettings.objects.filter(agency=agency).first() or CatalogueSettings(
        agency=agency
    )
    form = PatternForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        catalogue_set_pattern(
            actor=request.user,
            agency=agency,
            pattern=form.cleaned_data["index_pattern"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "索引号规则已保存，新登记的文件将按此编号。")
        return redirect(f"{reverse('catalogue:list')}?agency={agency.pk}")
    return render(request, "catalogue/pattern_form.html", {"agency": agency, "form": form})
