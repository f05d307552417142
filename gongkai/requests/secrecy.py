"""保密审查 before a reply is sent (条例第十七条: an agency reviews information for state
secrets and other grounds before it is disclosed; 保守国家秘密法). The review is a recorded step
— reviewer, date, opinion, conclusion — of one draft: ``application_answer`` refuses a draft that
no passed review covers, and a draft changed after its review must be reviewed again."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.audit.services import event_record
from gongkai.requests import casework, guards
from gongkai.requests.models import Application, SecrecyReview, Status


def draft_digest(application: Application) -> str:
    text = f"{application.draft_outcome}\n{application.letter_text.strip()}"
    return hashlib.sha256(text.encode()).hexdigest()


def current_review(application: Application) -> SecrecyReview | None:
    """The latest review of the draft as it stands now, if any."""
    return (
        application.secrecy_reviews.filter(draft_digest=draft_digest(application))
        .order_by("-pk")
        .first()
    )


def require_passed(application: Application, answered_on: date) -> None:
    review = current_review(application)
    if review is None:
        raise guards.TransitionError("答复稿尚未经保密审查（或审查后又作了修改），不能发出。")
    if not review.passed:
        raise guards.TransitionError(f"保密审查未同意发出：{review.opinion}")
    if review.reviewed_on > answered_on:
        raise guards.TransitionError(
            f"答复日期（{answered_on}）早于保密审查日期（{review.reviewed_on}）。"
        )


@transaction.atomic
def application_secrecy_review(
    *, actor: Any, application: Application, reviewed_on: date, passed: bool, opinion: str
) -> SecrecyReview:
    """Record the review of the current draft, by the agency's reviewer or administrator."""
    application = (
        Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    )
    if not casework.may_assign(actor, application):
        raise PermissionDenied("保密审查须由本机关的审核人或管理员进行。")
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    if not application.draft_outcome or not application.letter_text.strip():
        raise guards.TransitionError("请先拟定办理结果和答复告知书，再作保密审查。")
    if not opinion.strip():
        raise guards.TransitionError("请填写审查意见。")
    guards.not_before(reviewed_on, application.received_on, "审查日期", "收到申请日期")
    review = SecrecyReview(
        application=application,
        reviewer=actor,
        reviewed_on=reviewed_on,
        passed=passed,
        opinion=opinion.strip(),
        draft_digest=draft_digest(application),
    )
    review.full_clean()
    review.save()
    event_record(
        actor=actor,
        action="application.secrecy_review",
        obj=application,
        agency=application.agency,
        changes={
            "reviewed_on": [None, reviewed_on.isoformat()],
            "passed": [None, passed],
            "draft_outcome": [None, application.draft_outcome],
        },
        reason=opinion.strip(),
    )
    return review
