"""The staff page that imports past requests from an old ledger (``gongkai.requests.history``)."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import role_required
from gongkai.accounts.staff import WRITERS, agency_context, chosen_agency, require_write
from gongkai.requests.history import (
    MAX_BYTES,
    OPTIONAL,
    REQUIRED,
    HistoryImport,
    HistoryImportError,
    history_import,
)


class HistoryForm(forms.Form):
    file = forms.FileField(label="原台账（CSV 或 XLSX）")


@require_http_methods(["GET", "POST"])
@role_required(*WRITERS)
def history_upload(request: HttpRequest) -> HttpResponse:
    agency = chosen_agency(request)
    require_write(request.user, agency)
    form = HistoryForm(request.POST or None, request.FILES or None)
    result: HistoryImport | None = None
    error = ""
    if request.method == "POST":
        if not form.is_valid():
            error = "请选择要导入的文件。"
        elif form.cleaned_data["file"].size > MAX_BYTES:
            error = f"{form.cleaned_data['file'].name}：文件超过 {MAX_BYTES // 1024 // 1024} MB。"
        else:
            upload = form.cleaned_data["file"]
            try:
                result = history_import(
                    actor=request.user,
                    agency=agency,
                    filename=upload.name,
                    content=upload.read(),
                    commit=request.POST.get("commit") == "1",
                )
            except HistoryImportError as exc:
                error = str(exc)
    return render(
        request,
        "requests/history_import.html",
        {
            **agency_context(request, agency),
            "form": form,
            "result": result,
            "error": error,
            "required": REQUIRED,
            "optional": OPTIONAL,
        },
    )
