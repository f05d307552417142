"""Every change to a document is one function here: keyword-only, one transaction, the
permission check, ``full_clean`` and one audit event (``document.<step>``).

Life of a document: generated (草稿) → edited by the clerk → submitted → the reviewer approves
(签发: the 文号 is taken then, so a draft never holds a number and the sequence has no gaps) or
returns it with comments → the clerk revises and resubmits → … → approved → sent (送达, recorded
recorded on the case's notice through ``document_record_delivery``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import changes_record, event_record, snapshot
from gongkai.documents import texts
from gongkai.documents.models import (
    NUMBER_WORD,
    Document,
    DocumentCounter,
    DocumentSettings,
    Kind,
)
from gongkai.documents.remedies import PLACEHOLDER
from gongkai.documents.selectors import number_prefix_for
from gongkai.requests import guards, notices
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, Consultation, Notice


def _event(actor: Any, document: Document, step: str, reason: str = "", **changes: Any) -> None:
    event_record(
        actor=actor,
        action=f"document.{step}",
        obj=document,
        agency=document.agency,
        changes={"status": [None, document.status], **changes},
        reason=reason,
    )


def _locked(document: Document) -> Document:
    return (
        Document.objects.select_for_update()
        .select_related("agency", "application")
        .get(pk=document.pk)
    )


def next_number(agency: Any, year: int, kind: str) -> tuple[int, str]:
    """The next serial and 文号 of ``kind`` for the agency and year: gapless, the counter row
    locked until the approving transaction commits (as tracking numbers: requests.codes)."""
    DocumentCounter.objects.get_or_create(agency=agency, year=year, kind=kind)
    counter = DocumentCounter.objects.select_for_update().get(agency=agency, year=year, kind=kind)
    counter.last += 1
    counter.save(update_fields=["last"])
    number = f"{number_prefix_for(agency)}{NUMBER_WORD[kind]}〔{year}〕{counter.last}号"
    return counter.last, number


# One of these per case (a correction is asked once: 条例第三十条); an extension may be approved
# in more than one step (at most 20 working days in all), a consultation letter goes to each party.
ONE_PER_CASE = frozenset({"receipt", "correction", "fee", "reply"})


def _require_not_issued(
    application: Application, kind: str, consultation: Consultation | None
) -> None:
    issued = Document.objects.filter(
        application=application, kind=kind, status__in=("approved", "sent")
    )
    if kind == "consultation":
        issued = issued.filter(consultation=consultation)
    elif kind not in ONE_PER_CASE:
        return
    first = issued.first()
    if first is not None:
        raise TransitionError(f"本申请的{first.get_kind_display()}已签发（{first.number}）。")


@transaction.atomic
def document_generate(
    *,
    actor: Any,
    application: Application,
    kind: str,
    consultation: Consultation | None = None,
    on: date | None = None,
) -> Document:
    """A new draft of ``kind`` from its template; an open draft of the same kind (and
    consultation) is regenerated instead, so a case has one draft per document."""
    guards.require_writer(actor, application.agency)
    if kind not in Kind.values:
        raise TransitionError(f"没有这种文书：{kind}")
    if consultation is not None and consultation.application_id != application.pk:
        raise TransitionError("征求意见不属于本申请。")
    _require_not_issued(application, kind, consultation)
    try:
        text = texts.generate(kind, application, on or guards.today(), consultation)
    except texts.NotAvailable as error:
        raise TransitionError(str(error)) from None
    document = (
        Document.objects.select_for_update()
        .filter(
            application=application,
            kind=kind,
            consultation=consultation,
            status__in=("draft", "returned", "submitted"),
        )
        .first()
    )
    if document is None:
        document = Document(
            application=application,
            agency=application.agency,
            kind=kind,
            consultation=consultation,
            created_by=actor,
        )
    before = document.text
    document.addressee = texts.addressee(kind, application, consultation)
    document.generated_text = document.text = text
    document.status = "draft"
    document.full_clean()
    document.save()
    _event(actor, document, "generate", text=[before or None, text])
    return document


@transaction.atomic
def document_edit(*, actor: Any, document: Document, text: str) -> Document:
    """The clerk's wording. A reply's text is the case's letter: it is kept in step through
    the reply service (``application_draft_reply``)."""
    document = _locked(document)
    guards.require_writer(actor, document.agency)
    if not document.is_editable:
        raise TransitionError(f"文书为“{document.get_status_display()}”，不能修改。")
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not text:
        raise TransitionError("正文不能为空。")
    before = document.text
    if text == before:
        return document
    if document.kind == "reply":
        from gongkai.requests.services import application_draft_reply

        application = document.application
        application_draft_reply(
            actor=actor,
            application=application,
            outcome=application.draft_outcome,
            letter_text=text,
        )
    document.text = text
    document.full_clean()
    document.save()
    _event(actor, document, "edit", text=[before, text])
    return document


def _require_complete(document: Document) -> None:
    if PLACEHOLDER in document.text or "【请填写" in document.text:
        raise TransitionError(
            "正文中还有待填写的内容（如“【请填写行政复议机关】”：请在文书设置中填写本机关的"
            "行政复议机关，或在正文中写明）。"
        )


@transaction.atomic
def document_submit(*, actor: Any, document: Document) -> Document:
    """The clerk sends the draft (or the revised draft) to the reviewer."""
    document = _locked(document)
    guards.require_writer(actor, document.agency)
    if not document.is_editable:
        raise TransitionError(f"文书为“{document.get_status_display()}”，不能提交审核。")
    _require_complete(document)
    document.status = "submitted"
    document.full_clean()
    document.save()
    _event(actor, document, "submit")
    return document


@transaction.atomic
def document_return(*, actor: Any, document: Document, comments: str) -> Document:
    """The reviewer sends the draft back with comments, which the clerk sees on the page."""
    document = _locked(document)
    guards.require_reviewer(actor, document.agency)
    if document.status not in ("draft", "submitted"):
        raise TransitionError(f"文书为“{document.get_status_display()}”，不能退回。")
    if not comments.strip():
        raise TransitionError("退回时请写明审核意见。")
    document.comments = comments.strip()
    document.status = "returned"
    document.full_clean()
    document.save()
    _event(actor, document, "return", reason=document.comments)
    return document


@transaction.atomic
def document_approve(*, actor: Any, document: Document, on: date | None = None) -> Document:
    """签发: the reviewer approves; the 文号 is taken now and the date is the document's."""
    document = _locked(document)
    guards.require_reviewer(actor, document.agency)
    if document.status not in ("draft", "submitted"):
        raise TransitionError(
            f"文书为“{document.get_status_display()}”，"
            + ("请经办人修改后重新提交。" if document.status == "returned" else "不能再次签发。")
        )
    _require_complete(document)
    day = on or guards.today()
    document.year = day.year
    document.serial, document.number = next_number(document.agency, day.year, document.kind)
    document.status = "approved"
    document.approved_by = actor
    document.approved_at = timezone.now()
    document.issued_on = day
    document.full_clean()
    document.save()
    _event(actor, document, "approve", number=[None, document.number])
    return document


# The case's notice kind for each document kind (requests.NoticeKind).
NOTICE_KIND = {
    "receipt": "acceptance",
    "correction": "correction",
    "extension": "extension",
    "consultation": "consultation",
    "fee": "fee",
    "reply": "reply",
}


@transaction.atomic
def document_record_delivery(
    *,
    actor: Any,
    document: Document,
    method: str,
    sent_on: date,
    received_on: date | None = None,
    tracking_number: str = "",
) -> Document:
    """送达 of an approved document, recorded once: on the case's notice of the same kind (the
    one the workflow issued with the step; made now when there is none), through
    ``requests.notices`` so that a period running from its receipt (补正, 收费) is computed from
    this record. Called again when the receipt is known or to correct it."""
    document = _locked(document)
    guards.require_writer(actor, document.agency)
    if document.status not in ("approved", "sent"):
        raise TransitionError("文书签发后才能送达。")
    assert document.issued_on is not None
    guards.not_before(sent_on, document.issued_on, "送达日期", "成文日期")
    before = _delivery(document)
    notice = document.notice or _notice_for(actor, document)
    notice = notices.notice_record_delivery(
        actor=actor,
        notice=notice,
        method=method,
        sent_on=sent_on,
        received_on=received_on,
        tracking_number=tracking_number,
    )
    document.notice, document.status = notice, "sent"
    document.full_clean()
    document.save()
    _event(actor, document, "deliver", delivery=[before, _delivery(document)])
    return document


def _delivery(document: Document) -> str | None:
    if document.notice is None or document.sent_on is None:
        return None
    received = f"，{document.received_on} 签收" if document.received_on else ""
    return f"{document.sent_on} {document.delivery_method}{received}"


def _notice_for(actor: Any, document: Document) -> Notice:
    kind = NOTICE_KIND[document.kind]
    # The step's notice: the latest of its kind not yet tied to a document, issued by the
    # workflow on or before the day the document was signed.
    found = (
        Notice.objects.filter(
            application=document.application,
            kind=kind,
            dated_on__lte=document.issued_on,
            consultation=document.consultation,
            document__isnull=True,
        )
        .order_by("-dated_on", "-pk")
        .first()
    )
    if found is not None:
        return found
    assert document.issued_on is not None
    return notices.notice_issue(
        actor=actor,
        application=document.application,
        kind=kind,
        dated_on=document.issued_on,
        consultation=document.consultation,
    )


@transaction.atomic
def document_settings_save(
    *, actor: Any, agency: Any, number_prefix: str, review_body: str
) -> DocumentSettings:
    """The agency's 文号 prefix and, where the hierarchy does not name it, its 复议机关."""
    guards.require_writer(actor, agency)
    if not (actor.is_superuser or actor.role == "admin"):
        raise PermissionDenied("文书设置由机关管理员维护。")
    found, _ = DocumentSettings.objects.get_or_create(agency=agency)
    before = snapshot(found, ("number_prefix", "review_body"))
    found.number_prefix, found.review_body = number_prefix.strip(), review_body.strip()
    found.full_clean()
    found.save()
    changes_record(actor=actor, action="document.settings", obj=found, agency=agency, before=before)
    return found
