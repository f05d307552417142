"""The public side of 依申请公开: the online application form (/apply/) and the applicant's status
page (/status/). CSRF-protected like every POST on the site, rate-limited per client address, and
showing an applicant nothing about the case beyond its state, dates and the reply letter."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import public_view
from gongkai.agencies.models import Agency
from gongkai.lib import ratelimit
from gongkai.portal.case import SESSION_CASE, case_context, session_case
from gongkai.portal.views import portal_context
from gongkai.requests import codes, services
from gongkai.requests.forms import PublicApplyForm, StatusForm
from gongkai.requests.models import Application
from gongkai.requests.views import letter_response

SESSION_RECEIPT = "requests_receipt"


def _portal(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    """Context for the portal's layout: the agency named by ``?agency=CODE`` (the portal links
    here from an agency's pages), and the links of its 依申请公开 menu item."""
    code = request.GET.get("agency", "")
    agency = Agency.objects.filter(short_code=code, is_active=True).first() if code else None
    return portal_context(agency, **extra)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "requests/public/too_many.html", _portal(request), status=429)


@public_view
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    context = _portal(request)
    form = PublicApplyForm(
        request.POST or None, request.FILES or None, initial={"agency": context["agency"]}
    )
    if request.method == "POST":
        # Only accepted submissions count: a form returned for a typo costs the applicant
        # nothing.
        if ratelimit.refused(request, "apply", settings.APPLY_RATE_LIMIT, form):
            return _too_many(request)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("agree")
            channels = [c for c in ("email", "sms") if data.pop(f"notify_{c}")]
            # 条例第三十一条: an online application is received the day both sides confirm —
            # the system confirms on submission.
            application, code, created = services.application_submit_online(
                submission_key=data.pop("submission"),
                received_on=timezone.localdate(),
                notify_channels=channels,
                **data,
            )
            request.session[SESSION_RECEIPT] = {
                "tracking_number": application.tracking_number,
                "query_code": code,
                "agency": application.agency.name,
                "received_on": application.received_on.isoformat(),
                "due_on": application.due_on.isoformat(),
                "due_provisional": application.due_provisional,
                "repeated": not created,
            }
            done = reverse("requests:apply_done")
            agency = context["agency"]
            return redirect(f"{done}?agency={agency.short_code}" if agency else done)
    return render(request, "requests/public/apply.html", {**context, "form": form})


@public_view
def apply_done(request: HttpRequest) -> HttpResponse:
    # Shown once: the query code exists nowhere else in clear text.
    receipt = request.session.pop(SESSION_RECEIPT, None)
    if receipt is None:
        return redirect("requests:status")
    return render(request, "requests/public/apply_done.html", _portal(request, receipt=receipt))


@public_view
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST or None)
    application = None
    context: dict[str, Any] = {}
    if request.method == "POST":
        # Every complete look-up counts (wrong codes included: that is guessing); an
        # incomplete form does not.
        if ratelimit.refused(request, "status", settings.STATUS_RATE_LIMIT, form):
            return _too_many(request)
        if form.is_valid():
            application = application_lookup(
                form.cleaned_data["tracking_number"], form.cleaned_data["query_code"]
            )
            if application is None:
                form.add_error(None, "受理编号或查询码不正确。")
            else:
                request.session[SESSION_CASE] = application.pk
                context = case_context(application)
    return render(request, "requests/public/status.html", _portal(request, form=form, **context))


def application_lookup(tracking_number: str, code: str) -> Application | None:
    application = (
        Application.objects.select_related("agency")
        .filter(tracking_number=tracking_number.strip().upper())
        .first()
    )
    if application is None:
        codes.query_code_hash(code)  # same work either way: no timing hint that it exists
        return None
    return application if codes.query_code_matches(application, code) else None


@public_view
def status_letter(request: HttpRequest) -> HttpResponse:
    application = session_case(request)
    if application.is_open or not application.letter_text:
        raise Http404("请先用受理编号和查询码查询。")
    return letter_response(application, "pdf")
