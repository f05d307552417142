"""Agency pages: the tree the user may see, one agency's details, and editing contact details."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import (
    Role,
    can_write,
    get_object_for_user,
    role_required,
    staff_required,
    visible_agencies,
)
from gongkai.agencies.forms import CONTACT_FIELDS, AgencyContactForm, AgencyGuideForm
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agency_tree
from gongkai.agencies.services import GUIDE_FIELDS, agency_guide_update, agency_update


@staff_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = list(visible_agencies(request.user).select_related("parent"))
    return render(request, "agencies/agency_list.html", {"tree": agency_tree(agencies)})


@staff_required
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agency: Agency = get_object_for_user(request.user, Agency, via="", pk=pk)
    return render(
        request,
        "agencies/agency_detail.html",
        {
            "agency": agency,
            "can_edit": can_write(request.user, agency)
            and (request.user.is_superuser or request.user.role == Role.ADMIN),
            "children": visible_agencies(request.user).filter(parent=agency),
        },
    )


def _own_agency(request: HttpRequest, pk: int) -> Agency:
    agency: Agency = get_object_for_user(request.user, Agency, via="", pk=pk)
    if not can_write(request.user, agency):
        raise PermissionDenied("只能修改本机关的信息。")
    return agency


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk, AgencyContactForm, CONTACT_FIELDS, agency_update, "修改机关信息")


@require_http_methods(["GET", "POST"])
@role_required(Role.ADMIN)
def agency_guide_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency's 政府信息公开指南 (条例第十二条), shown on its portal at /portal/<code>/guide/."""
    return _edit(
        request, pk, AgencyGuideForm, GUIDE_FIELDS, agency_guide_update, "政府信息公开指南"
    )


def _edit(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.ModelForm],
    fields: tuple[str, ...],
    service: Callable[..., Agency],
    heading: str,
) -> HttpResponse:
    agency = _own_agency(request, pk)
    form = form_class(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in fields}
        service(actor=request.user, agency=agency, reason=form.cleaned_data["reason"], **values)
        messages.success(request, "机关信息已保存。")
        return redirect("agencies:detail", pk=agency.pk)
    context = {
        "agency": agency,
        "form": form,
        "heading": heading,
        "guide": service is agency_guide_update,
    }
    return render(request, "agencies/agency_edit.html", context)
