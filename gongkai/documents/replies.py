"""The reply step: the reply's details (条例第三十六条、第三十七条) with the letter and its
document, and the answer that approves the letter (签发) as the case closes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.audit.services import changes_record, snapshot
from gongkai.documents.models import Document, ReplyDetails
from gongkai.documents.services import document_approve, document_generate
from gongkai.requests import outcomes
from gongkai.requests import services as requests
from gongkai.requests.guards import TransitionError
from gongkai.requests.letters import Reply
from gongkai.requests.models import Application

FIELDS = (
    "variant",
    "published_where",
    "reason",
    "holder",
    "holder_contact",
    "disclosed_part",
    "withheld",
)
NEEDS_LABELS = {
    "published_where": "已主动公开的获取方式、途径",
    "reason": "不属于本机关负责公开的理由",
}


def reply_problems(outcome: str, reply: Reply) -> dict[str, str]:
    """What the reply form is missing for ``outcome`` (field → message)."""
    entry = outcomes.get(outcome)
    problems: dict[str, str] = {}
    keys = [v.key for v in entry.variants]
    if reply.variant and reply.variant not in keys:
        problems["variant"] = f"“{entry.label}”没有这一答复情形。"
        return problems
    for need in entry.variant(reply.variant).needs:
        if not str(getattr(reply, need)).strip():
            problems[need] = f"请填写{NEEDS_LABELS[need]}（条例第三十六条）。"
    if entry.lists_withheld_parts:
        if not reply.disclosed_part.strip():
            problems["disclosed_part"] = "部分公开须说明予以公开的部分（条例第三十七条）。"
        if not reply.withheld:
            problems["withheld"] = "部分公开须逐项列明不予公开的部分及其理由（条例第三十七条）。"
    return problems


def reply_details(application: Application) -> Reply:
    found = ReplyDetails.objects.filter(application=application).first()
    if found is None:
        return Reply()
    return Reply(
        **{f: getattr(found, f) for f in FIELDS[:-1]},
        withheld=tuple((part, ground) for part, ground in found.withheld),
    )


def reply_document(application: Application) -> Document | None:
    return application.documents.filter(kind="reply").order_by("-pk").first()


@transaction.atomic
def reply_draft(
    *,
    actor: Any,
    application: Application,
    outcome: str,
    reply: Reply,
    letter_text: str = "",
    letter_date: date | None = None,
) -> Document:
    """The 拟定答复 step: the details, the letter (regenerated when its text was left as it
    was) and the reply document's draft, in one transaction."""
    if outcome not in outcomes.BY_KEY:
        raise TransitionError(f"未知的办理结果：{outcome}")
    problems = reply_problems(outcome, reply)
    if problems:
        raise TransitionError("；".join(problems.values()))
    current = reply_document(application)
    if current is not None and not current.is_draft:
        raise TransitionError(f"答复告知书已签发（{current.number}），不能再修改。")
    details, _ = ReplyDetails.objects.get_or_create(application=application)
    before = snapshot(details, FIELDS)
    for field in FIELDS[:-1]:
        setattr(details, field, getattr(reply, field).strip())
    details.withheld = [[part.strip(), ground] for part, ground in reply.withheld]
    details.full_clean()
    details.save()
    changes_record(
        actor=actor, action="reply.details", obj=details, agency=application.agency, before=before
    )
    if letter_text.strip() == application.letter_text.strip():
        letter_text = ""  # untouched: the letter follows the (new) details
    application = requests.application_draft_reply(
        actor=actor,
        application=application,
        outcome=outcome,
        letter_text=letter_text,
        letter_date=letter_date,
        reply=reply,
    )
    return document_generate(actor=actor, application=application, kind="reply")


@transaction.atomic
def reply_answer(*, actor: Any, application: Application, answered_on: date) -> Application:
    """条例第三十三条、第三十六条: the reviewer approves the reply letter (its 文号 taken) and the
    case closes. A letter returned for revision must be revised and resubmitted first."""
    document = reply_document(application)
    if document is not None and document.status == "returned":
        raise TransitionError("答复告知书已退回修改，请经办人修改并重新提交后再答复。")
    application = requests.application_answer(
        actor=actor, application=application, answered_on=answered_on
    )
    if document is None:  # drafted before documents existed: the letter becomes one
        document = document_generate(
            actor=actor, application=application, kind="reply", on=answered_on
        )
    if document.is_draft:
        document_approve(actor=actor, document=document, on=answered_on)
    return application


@transaction.atomic
def closing_letter(*, actor: Any, application: Application) -> Application:
    """A case closed without a reply (withdrawn, or deemed withdrawn: 条例第三十条, 办法) still
    sends a letter: its draft document, for review and a 文号 like any other."""
    if application.letter_text.strip() and reply_document(application) is None:
        document_generate(actor=actor, application=application, kind="reply")
    return application


def fee_notice_drafted(*, actor: Any, application: Application) -> Application:
    """After 发出收费通知 (办法): the 收费通知's draft, for review and its 文号."""
    document_generate(actor=actor, application=application, kind="fee")
    return application
