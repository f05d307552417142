"""A lost query code: a one-time link to the case page, e-mailed to the address on file.

The page answers the same whether or not the case exists and the address matches, and takes as
long: the same look-up and signing happen either way, and the message (if any) is sent off the
request thread. The link carries a random nonce signed with a timestamp
(``django.core.signing.TimestampSigner``, valid ``CASE_LINK_MAX_AGE`` seconds); its row records
its one use. Opening it takes a click (a POST): a mail scanner fetching the link does not use it
up. The message names nothing but the tracking number and the agency."""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
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
from gongkai.portal.case import SESSION_CASE
from gongkai.portal.forms import RecoverForm
from gongkai.portal.models import CaseLink
from gongkai.portal.views import portal_context
from gongkai.requests.models import Application

logger = logging.getLogger(__name__)
MAIL_THREAD = "gongkai-case-link-mail"
_SALT = "gongkai.portal.case-link"


def _signer() -> TimestampSigner:
    return TimestampSigner(salt=_SALT)


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


def case_link_message(application: Application, url: str) -> EmailMessage:
    hours = settings.CASE_LINK_MAX_AGE // 3600
    body = (
        "您好：\n\n"
        f"有人在政府信息公开门户为受理编号 {application.tracking_number} 的申请请求了查询链接。"
        "打开下面的链接，即可查看办理情况、需要您办理的事项和已发出的文书：\n\n"
        f"{url}\n\n"
        f"链接在 {hours} 小时内有效，只能使用一次。查询码无法找回；"
        "以后可再次通过“找回查询方式”获取新的链接。\n\n"
        "如果这不是您本人的操作，请忽略本邮件，您的申请不受影响。\n\n"
        f"{application.agency.name}\n（本邮件由系统自动发送，请勿回复。）\n"
    )
    return EmailMessage(
        subject=f"政府信息公开申请 {application.tracking_number} 的查询链接",
        body=body,
        to=[application.email],
    )


def case_link_request(
    *, tracking_number: str, email: str, link_for: Callable[[str], str]
) -> EmailMessage | None:
    """The message to send, or ``None`` when the case is unknown, the address is not the one
    on file or the case has had its links for now. The caller answers the same either way."""
    application = (
        Application.objects.select_related("agency")
        .filter(tracking_number=tracking_number.strip().upper())
        .first()
    )
    nonce = secrets.token_urlsafe(32)
    token = _signer().sign(nonce)  # the same work whether or not a link goes out
    on_file = application.email if application is not None else ""
    if application is None or not on_file or not _same_address(on_file, email):
        return None
    if _case_over_limit(application):
        return None
    with transaction.atomic():
        CaseLink.objects.create(application=application, nonce=nonce)
        event_record(
            actor=None,
            action="application.case_link_sent",
            obj=application,
            agency=application.agency,
        )
    return case_link_message(application, link_for(token))


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
    try:
        nonce = _signer().unsign(token, max_age=settings.CASE_LINK_MAX_AGE)
    except BadSignature:  # forged, altered, or expired (SignatureExpired is a BadSignature)
        return None
    unused = CaseLink.objects.filter(nonce=nonce, used_at=None).exists()
    return nonce if unused else None


def send_off_thread(message: EmailMessage | None) -> None:
    """Send (or not) on another thread: the answer is not delayed by the mail server, so its
    timing tells nothing. A failure is logged; the applicant can ask again."""

    def run() -> None:
        if message is None:
            return
        try:
            message.send()
        except Exception:  # any backend's failure: logged, never shown to the visitor
            logger.exception("查询链接邮件发送失败")

    threading.Thread(target=run, name=MAIL_THREAD, daemon=True).start()


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
            message = case_link_request(
                tracking_number=form.cleaned_data["tracking_number"],
                email=form.cleaned_data["email"],
                link_for=lambda token: request.build_absolute_uri(
                    reverse("requests:case_link", args=[token])
                ),
            )
            send_off_thread(message)
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
