"""The applicant's case page: what happened, in plain words, with each due date (临时 where the
working-day calendar of that year is not yet published), what the agency asks of the applicant,
every letter the agency issued (签发) — never a draft — and the files released with the reply.
Reached after the /status/ look-up or from a one-time link; the case is then held in the
session, nowhere in the URL, and every file below is served only for the case in the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from gongkai.accounts.access import public_view
from gongkai.audit.models import Event
from gongkai.documents.models import Document
from gongkai.documents.render import Page, render_pdf
from gongkai.documents.views import file_response, page_of
from gongkai.lib.media import serve_upload
from gongkai.lib.uploads import protect_download
from gongkai.portal.forms import CorrectionForm
from gongkai.portal.views import portal_context
from gongkai.redaction.models import Redaction
from gongkai.requests import letters, notices, online, outcomes, secrecy
from gongkai.requests.models import Application, Attachment, Status
from gongkai.workdays.clock import Calendar
from gongkai.workdays.selectors import platform_calendar

SESSION_CASE = "requests_status_case"
ISSUED = ("approved", "sent")  # 已签发、已送达: a draft or a letter under review is not shown


@dataclass(frozen=True)
class Step:
    on: date
    text: str
    due: date | None = None
    due_label: str = ""
    provisional: bool = False  # 临时: counted on a calendar the State Council has not published


def _due(calendar: Calendar, day: date | None) -> bool:
    return day is not None and not calendar.covers(day.year)


def case_timeline(a: Application, calendar: Calendar, pending: set[str]) -> list[Step]:
    """The case's history from its own dates, oldest first (条例第三十条至第三十五条). A period
    that runs from the applicant's receipt of a notice (``pending``: receipt not recorded) has
    no date yet: the agency's reckoning from the notice's own date would be too early."""
    correction_due = None if "correction" in pending else a.correction_due_on
    fee_due = None if "fee" in pending else a.fee_due_on
    steps = [Step(a.received_on, f"{a.agency.name}收到您的申请（条例第三十一条）。")]
    if a.correction_requested_on:
        steps.append(
            Step(
                a.correction_requested_on,
                "本机关告知需要补正申请内容，补正期间答复期限暂停计算（条例第三十条）。",
                correction_due,
                "补正期限",
                _due(calendar, correction_due),
            )
        )
    if a.correction_received_on:
        steps.append(
            Step(
                a.correction_received_on,
                "收到补正后的申请，20 个工作日的答复期限从这一天重新计算（条例第三十条）。",
            )
        )
    if a.reasons_requested_on:
        steps.append(Step(a.reasons_requested_on, "本机关请您说明申请的理由（条例第三十五条）。"))
    if a.extension_notified_on:
        steps.append(
            Step(
                a.extension_notified_on,
                f"答复期限延长 {a.extension_days} 个工作日（条例第三十三条第二款）。",
            )
        )
    if a.later_deadline:
        steps.append(
            Step(
                a.reasons_received_on or a.later_deadline,
                "本机关确定了延迟答复的期限（条例第三十五条）。",
                a.later_deadline,
                "答复期限",
                _due(calendar, a.later_deadline),
            )
        )
    if a.fee_notice_on:
        steps.append(
            Step(
                a.fee_notice_on,
                f"本机关发出收费通知，信息处理费 {a.fee_amount} 元；缴费期间不计入答复期限。",
                fee_due,
                "缴费期限",
                _due(calendar, fee_due),
            )
        )
    if a.fee_paid_on:
        steps.append(Step(a.fee_paid_on, "收到您缴纳的信息处理费，继续办理。"))
    if a.closed_on:
        steps.append(Step(a.closed_on, f"办结：{a.outcome_label()}。"))
    return sorted(steps, key=lambda s: s.on)


def correction_items(a: Application) -> str:
    """The 补正 items as the agency listed them (recorded with the request, 条例第三十条)."""
    event = (
        Event.objects.filter(
            action="application.request_correction",
            object_type=Application._meta.label_lower,
            object_id=str(a.pk),
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.reason if event else ""


def issued_letters(a: Application) -> list[Document]:
    return list(
        Document.objects.filter(application=a, status__in=ISSUED).order_by("issued_on", "pk")
    )


def released_files(a: Application) -> list[Attachment]:
    """The files released to the applicant with the reply: the PDFs of a 部分公开 made by
    redaction (条例第三十七条), generated before the reply was sent, of a reply that provides
    information and whose draft passed 保密审查 (条例第十七条; ``application_answer`` sends
    nothing else). The agency's originals are never among them."""
    if a.status != Status.CLOSED or not a.outcome:
        return []
    if not outcomes.BY_KEY[a.outcome].provides_information:
        return []
    review = secrecy.current_review(a)
    answered = (
        Event.objects.filter(
            action="application.answer",
            object_type=Application._meta.label_lower,
            object_id=str(a.pk),
        )
        .order_by("-at", "-pk")
        .first()
    )
    if review is None or not review.passed or answered is None:
        return []
    redactions = Redaction.objects.filter(
        application=a,
        released__isnull=False,
        released_at__lte=answered.at,
        released__removed_at__isnull=True,
    ).select_related("released")
    return [r.released for r in redactions if r.released is not None]


def case_context(a: Application, **extra: Any) -> dict[str, Any]:
    """The case page's context; ``extra`` overrides (the correction form as posted)."""
    calendar = platform_calendar()
    pending = {kind for kind in ("correction", "fee") if notices.receipt_pending(a, kind)}
    return {
        "a": a,
        "steps": case_timeline(a, calendar, pending),
        "pending": pending,
        "items": correction_items(a) if a.status == Status.CORRECTION else "",
        "letters": issued_letters(a),
        "correction_provisional": _due(calendar, a.correction_due_on),
        "fee_provisional": _due(calendar, a.fee_due_on),
        "paragraphs": letters.letter_paragraphs(a) if not a.is_open else [],
        "released": released_files(a),
        "correction_open": online.accepts_correction(a, timezone.localdate()),
        "correction_ended": (
            online.correction_ended_on(a, timezone.localdate())
            if a.status == Status.CORRECTION
            else None
        ),
        "online_corrections": list(a.online_corrections.all()),
        "correction_form": CorrectionForm(),
        **extra,
    }


def session_case(request: HttpRequest) -> Application:
    pk = request.session.get(SESSION_CASE)
    application = Application.objects.select_related("agency").filter(pk=pk).first() if pk else None
    if application is None:
        raise Http404("请先用受理编号和查询码查询。")
    return application


@public_view
@require_safe
def case(request: HttpRequest) -> HttpResponse:
    application = session_case(request)
    return render(
        request,
        "requests/public/case.html",
        portal_context(application.agency, **case_context(application)),
    )


@public_view
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt, to print (the print stylesheet leaves out the site's menus)."""
    application = session_case(request)
    return render(
        request, "requests/public/receipt.html", portal_context(application.agency, a=application)
    )


@public_view
@require_safe
def case_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """One issued letter of the case in the session, as PDF; any other number is a 404."""
    application = session_case(request)
    document = get_object_or_404(Document, application=application, status__in=ISSUED, pk=pk)
    name = f"{application.tracking_number}-{document.get_kind_display()}-{document.number}"
    return protect_download(file_response(page_of(document), "pdf", name))


@public_view
@require_safe
def case_file(request: HttpRequest, pk: int) -> HttpResponse:
    """One file released with the reply of the case in the session, as a download (never
    inline: ``serve_upload``); any other file, or another case's, is a 404."""
    application = session_case(request)
    item = next((f for f in released_files(application) if f.pk == pk), None)
    if item is None:
        raise Http404("没有这个文件。")
    return serve_upload(request, "requests", item.file.name, item.original_name)


def receipt_page(a: Application) -> Page:
    """The receipt as a document page (the letters' layout, ``documents.render``)."""
    if a.is_open:
        due = f"当前期限：{a.due_on:%Y年%-m月%-d日}" + (
            "（临时：按尚未公布的节假日安排推算，可能调整）。" if a.due_provisional else "。"
        )
    else:
        due = f"本申请已于{a.closed_on:%Y年%-m月%-d日}办结。"
    return Page(
        a.agency.name,
        f"受理编号：{a.tracking_number}",
        "政府信息公开申请受理回执",
        [
            "申请人：",
            f"{a.agency.name}已于{a.received_on:%Y年%-m月%-d日}收到您的政府信息公开申请"
            "（条例第三十一条）。",
            due,
            "答复期限为收到申请之日起20个工作日（收到当日不计）；补正、征求意见、缴费等期间"
            "依法另计（条例第三十条、第三十三条）。",
            "请凭受理编号和查询码在本机关门户网站查询办理进度和答复。",
            a.agency.name,
            f"{a.received_on:%Y年%-m月%-d日}",
        ],
        False,
    )


@public_view
@require_safe
def receipt_pdf(request: HttpRequest) -> HttpResponse:
    """The receipt as PDF, besides the print view (WeasyPrint, as the letters)."""
    application = session_case(request)
    response = HttpResponse(render_pdf(receipt_page(application)), content_type="application/pdf")
    name = quote(f"{application.tracking_number}-受理回执.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return protect_download(response)
