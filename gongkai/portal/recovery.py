"""A lost query code: a one-time link to the case page, e-mailed to the address on file.

The page answers the same whether or not the case exists and the address matches, and takes as
long: the same look-up and signing happen either way, and the message (if any) goes into the
outbox (``gongkai.notifications``), sent by ``gongkai notify`` — never on the request thread,
so the answer's timing tells nothing, and a failed send is retried. The link carries a random
nonce signed with a timestamp (``django.core.signing.TimestampSigner``, valid
``CASE_LINK_MAX_AGE`` seconds); its row records its one use. Opening it takes a click (a POST):
a mail scanner fetching the link does not use it up. The message names nothing but the tracking
number and the agency.

The applicant's notification e-mails (gongkai.notifications.events) carry the same kind of
link, signed under their own salt and valid ``NOTIFY_LINK_MAX_AGE`` seconds: such a message
may be read days after it was sent."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.signing import BadSignature, TimestampSigner
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.accounts.access import public_view
from gongkai.audit.services import event_record
from gongkai.lib import ratelimit
from gongkai.notifications.services import recovery_link_enqueue
from gongkai.portal.case import SESSION_CASE
from gongkai.portal.forms import RecoverForm
from gongkai.portal.models import CaseLink
from gongkai.portal.views import portal_context
from gongkai.requests.models import Application

# purpose → (salt, the setting naming the link's lifetime in seconds)
_PURPOSES = {
    "recover": ("gongkai.portal.case-link", "CASE_LINK_MAX_AGE"),
    "notice": ("gongkai.portal.case-link.notice", "NOTIFY_LINK_MAX_AGE"),
}


def _signer(purpose: str = "recover") -> TimestampSigner:
    return TimestampSigner(salt=_PURPOSES[purpose][0])


def _same_address(on_file: str, given: str) -> bool:
    return hmac.compare_digest(on_file.strip().lower().encode(), given.strip().lower().encode())


def _case_over_limit(application: Application) -> bool:
    """At most ``RECOVER_CASE_LIMIT`` links per case and window, whoever asks."""
    limit, window = settings.RECOVER_CASE_LIMIT
    key = f"gongkai:rate:case-link:{application.pk}"
    if cache.add(key, 1, timeout=window):
        return False
    try:
        return int(cache.incr(key)) > limit
    except ValueError:
        cache.set(key, 1, timeout=window)
        return False


def case_link_issue(application: Application, *, purpose: str, nonce: str = "") -> str:
    """A new one-time link token to ``application``'s case page (its row saved; call inside
    the transaction of the message that carries it)."""
    nonce = nonce or secrets.token_urlsafe(32)
    CaseLink.objects.create(application=application, nonce=nonce)
    return _signer(purpose).sign(nonce)


def case_link_request(*, tracking_number: str, email: str, link_for: Callable[[str], str]) -> Any:
    """The queued message (a ``Notification``), or ``None`` when the case is unknown, the
    address is not the one on file or the case has had its links for now. The caller answers
    the same either way."""
    application = (
        Application.objects.select_related("agency")
        .filter(tracking_number=tracking_number.strip().upper())
        .first()
    )
    nonce = secrets.token_urlsafe(32)
    _signer().sign(nonce)  # the same work whether or not a link goes out
    on_file = application.email if application is not None else ""
    if application is None or not on_file or not _same_address(on_file, email):
        return None
    if _case_over_limit(application):
        return None
    with transaction.atomic():
        token = case_link_issue(application, purpose="recover", nonce=nonce)
        event_record(
            actor=None,
            action="application.case_link_sent",
            obj=application,
            agency=application.agency,
        )
        return recovery_link_enqueue(
            application=application,
            url=link_for(token),
            hours=settings.CASE_LINK_MAX_AGE // 3600,
        )


def case_link_use(token: str) -> Application | None:
    """The case a valid, unexpired, unused link opens — used up now; else ``None``."""
    nonce = case_link_nonce(token)
    if nonce is None:
        return None
    with transaction.atomic():
        if not CaseLink.objects.filter(nonce=nonce, used_at=None).update(used_at=timezone.now()):
            return None
        link = CaseLink.objects.select_related("application__agency").get(nonce=nonce)
        event_record(
            actor=None,
            action="application.case_link_used",
            obj=link.application,
            agency=link.application.agency,
        )
    return link.application


def case_link_nonce(token: str) -> str | None:
    if len(token) > 200:
        return None
    for purpose, (_salt, max_age) in _PURPOSES.items():
        try:
            nonce = _signer(purpose).unsign(token, max_age=getattr(settings, max_age))
        except BadSignature:  # forged, altered, expired, or another purpose's
            continue
        unused = CaseLink.objects.filter(nonce=nonce, used_at=None).exists()
        return nonce if unused else None
    return None


@public_view
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    sent = False
    if request.method == "POST":
        if ratelimit.refused(request, "recover", settings.RECOVER_RATE_LIMIT, form):
            return render(
                request, "requests/public/too_many.html", portal_context(None), status=429
            )
        if form.is_valid():
            case_link_request(
                tracking_number=form.cleaned_data["tracking_number"],
                email=form.cleaned_data["email"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("requests:case_link", args=[token])
                ),
            )
            sent = True
    context = portal_context(None, form=form, sent=sent, hours=settings.CASE_LINK_MAX_AGE // 3600)
    return render(request, "requests/public/recover.html", context)


@public_view
@require_http_methods(["GET", "POST"])
def case_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        application = case_link_use(token)
        if application is not None:
            request.session.cycle_key()
            request.session[SESSION_CASE] = application.pk
            return redirect("requests:case")
        valid = False
    else:
        valid = case_link_nonce(token) is not None
    return render(
        request,
        "requests/public/case_link.html",
        portal_context(None, valid=valid),
        status=200 if valid else 410,
    )
