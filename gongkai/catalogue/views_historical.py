"""登记历史公开: the staff page that registers a document published before the agency kept its
catalogue here (``gongkai.catalogue.historical``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import role_required, writable_agency_ids
from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.catalogue.forms import HistoricalDocumentForm
from gongkai.catalogue.historical import document_register_historical, may_register_historical
from gongkai.catalogue.services import DOCUMENT_FIELDS


@require_http_methods(["GET", "POST"])
@role_required(User.Role.REVIEWER, User.Role.ADMIN)
def document_historical(request: HttpRequest) -> HttpResponse:
    writable = Agency.objects.filter(pk__in=writable_agency_ids(request.user))
    form = HistoricalDocumentForm(request.POST or None, agencies=writable)
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data.get("agency") or writable.first()
        if not may_register_historical(request.user, agency):
            raise PermissionDenied("登记历史公开须由本机关的审核人或管理员进行。")
        fields = {name: form.cleaned_data[name] for name in DOCUMENT_FIELDS}
        try:
            document = document_register_historical(
                actor=request.user,
                agency=agency,
                published_on=form.cleaned_data["published_on"],
                reason=form.cleaned_data["reason"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"已登记历史公开，索引号 {document.index_number}，发布日期 {document.published_on}。",
            )
            return redirect("catalogue:detail", pk=document.pk)
    return render(request, "catalogue/historical_form.html", {"form": form})
