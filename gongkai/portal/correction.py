"""The applicant's online 补正 from the case page (条例第三十条): a form that only validates
(the files exactly as the public application form checks them), the service
``online.application_correct_online``, and back to the case page with the restarted clock."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.access import public_view
from gongkai.portal.case import case_context, session_case
from gongkai.portal.forms import CorrectionForm
from gongkai.portal.views import portal_context
from gongkai.requests import guards, online


@public_view
@require_POST
def correction(request: HttpRequest) -> HttpResponse:
    application = session_case(request)
    form = CorrectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            online.application_correct_online(
                application=application,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except guards.TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已收到您的补正，答复期限自今天起重新计算（条例第三十条）。")
            return redirect("requests:case")
    # Shown again with what was typed; files must be chosen again (browsers never refill them).
    return render(
        request,
        "requests/public/case.html",
        portal_context(application.agency, **case_context(application, correction_form=form)),
        status=400,
    )
