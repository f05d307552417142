"""A catalogue document from draft to publication: 草稿 → 保密审查 → 发布.

条例第十七条 requires an agency to review information before it is disclosed (保密审查, under
the 保守国家秘密法 and its own 审查机制); a 规章 or 规范性文件 also needs its 法制审核 (合法性
审核, 国办发〔2018〕115号). So a document is registered as a draft (no 发布日期), a review of
that draft is recorded — reviewer, date, opinion, conclusion, and the 法制审核意见 where needed —
and only then does a separate publish action set the 发布日期. A review covers the draft as it
stood (``document_digest``): a draft changed afterwards (its text or its attached files) needs a
new review, as a reply's does in ``gongkai.requests.secrecy``.

Documents published before the agency used this system are registered with their historical
发布日期 (``document_create(historical_published_on=…)``); the event says so, because no review
of them was recorded here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai.accounts.access import can_write
from gongkai.accounts.models import User
from gongkai.audit.services import event_record, snapshot
from gongkai.catalogue.deadlines import document_save_recorded
from gongkai.catalogue.models import (
    Attachment,
    CorrectionFile,
    DocType,
    Document,
    DocumentReview,
)

Role = User.Role

# Who reviews and publishes: the agency's reviewer (审核人) and its administrator, as for the
# 保密审查 of a reply; a clerk drafts.
REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})

# 国办发〔2018〕115号: a 规范性文件 (and a 规章, 规章制定程序条例第十八条) is published only after
# the legality review by the agency's legal office.
LEGAL_REVIEW_TYPES = frozenset({DocType.REGULATION, DocType.NORMATIVE})

# What a review covers: everything that the portal shows of the document.
REVIEWED_FIELDS = (
    "title",
    "doc_number",
    "issuer",
    "written_on",
    "category",
    "doc_type",
    "body",
)

HISTORICAL_NOTE = "历史发布记录：本系统启用前已发布，发布前的保密审查未在本系统登记"


class Stage(models.TextChoices):
    DRAFT = "draft", "草稿（待保密审查）"
    REFUSED = "refused", "保密审查未通过"
    REVIEWED = "reviewed", "已审查，待发布"
    SCHEDULED = "scheduled", "已定发布日期"
    PUBLISHED = "published", "已发布"


def document_digest(document: Document, attachments: list[Attachment] | None = None) -> str:
    """A fingerprint of the draft as the portal would show it, files included (``attachments``
    when the caller has them already, in ``pk`` order)."""
    return content_digest(document, document if document.pk else None, attachments)


def content_digest(
    content: models.Model,
    files_of: Document | None,
    attachments: Sequence[Attachment | CorrectionFile] | None = None,
    extra: tuple[str, ...] = (),
) -> str:
    """The fingerprint of the ``REVIEWED_FIELDS`` of ``content`` (a document, or the corrected
    content of one), then ``extra`` lines, then the files of ``files_of``."""
    values = snapshot(content, REVIEWED_FIELDS)
    parts = [f"{name}={values[name]}" for name in REVIEWED_FIELDS]
    parts += extra
    if files_of is not None:
        files = attachments if attachments is not None else files_of.attachments.order_by("pk")
        parts += [f"file={a.title}|{a.file.name}" for a in files]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def current_review(
    document: Document, reviews: list[DocumentReview] | None = None, **digest: Any
) -> DocumentReview | None:
    """The latest review of the draft as it stands now, if any (among ``reviews``, newest
    first, when the caller has them already)."""
    fingerprint = document_digest(document, **digest)
    if reviews is not None:
        return next((r for r in reviews if r.draft_digest == fingerprint), None)
    return (
        document.reviews.filter(draft_digest=fingerprint)
        .select_related("reviewer")
        .order_by("-pk")
        .first()
    )


def document_stage(document: Document, today: date | None = None) -> Stage:
    """Where the document stands."""
    review = current_review(document) if document.published_on is None else None
    return stage_of(document, review, today)


def stage_of(document: Document, review: DocumentReview | None, today: date | None) -> Stage:
    """Where the document stands, given its :func:`current_review`."""
    if document.published_on is not None:
        future = document.published_on > (today or timezone.localdate())
        return Stage("scheduled" if future else "published")
    if review is None:
        return Stage("draft")
    return Stage("reviewed" if review.passed else "refused")


def may_review(user: Any, document: Document) -> bool:
    if not can_write(user, document.agency):
        return False
    return bool(user.is_superuser or getattr(user, "role", None) in REVIEWER_ROLES)


def require_draft(document: Document, what: str) -> None:
    """A published document is not edited: its amendment is a new document, and the old one is
    marked 已修改 or 已废止 (条例第二十六条 "变更"). Read from the database: the caller's copy
    may predate the publication."""
    published_on = (
        Document.objects.filter(pk=document.pk).values_list("published_on", flat=True).first()
    )
    if published_on is not None:
        raise ValidationError(
            f"文件已发布（{published_on}），不能再{what}；如需修改，请登记修改后的新文件"
            "并将本文件的效力状态改为“已修改”或“已废止”；笔误可“更正”。"
        )


def review_check(
    content: Document | Any, reviewed_on: date, passed: bool, opinion: str, legal_opinion: str
) -> None:
    """The rules of a 保密审查 record, for a draft and for a correction alike (``content``
    has the ``doc_type`` being reviewed)."""
    errors: dict[str, str] = {}
    if not opinion.strip():
        errors["opinion"] = "请填写保密审查意见。"
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "审查日期不能晚于今天。"
    if passed and content.doc_type in LEGAL_REVIEW_TYPES and not legal_opinion.strip():
        errors["legal_opinion"] = (
            f"{content.get_doc_type_display()}须经法制审核（合法性审核）后才能发布，请填写法制审核意见。"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_review(
    *,
    actor: Any,
    document: Document,
    reviewed_on: date,
    passed: bool,
    opinion: str,
    legal_opinion: str = "",
) -> DocumentReview:
    """Record the 保密审查 (and 法制审核) of the document's current draft."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    if not may_review(actor, document):
        raise PermissionDenied("发布前保密审查须由本机关的审核人或管理员进行。")
    require_draft(document, "审查")
    review_check(document, reviewed_on, passed, opinion, legal_opinion)
    return review_save(
        actor=actor,
        review=DocumentReview(document=document, draft_digest=document_digest(document)),
        reviewed_on=reviewed_on,
        passed=passed,
        opinion=opinion,
        legal_opinion=legal_opinion,
        action="document.secrecy_review",
    )


def review_save(
    *,
    actor: Any,
    review: DocumentReview,
    reviewed_on: date,
    passed: bool,
    opinion: str,
    legal_opinion: str,
    action: str,
) -> DocumentReview:
    """Store a checked review of what ``review.draft_digest`` names, and its audit event."""
    review.reviewer, review.reviewed_on, review.passed = actor, reviewed_on, passed
    review.opinion, review.legal_opinion = opinion.strip(), legal_opinion.strip()
    review.full_clean()
    review.save()
    changes: dict[str, list[Any]] = {
        "reviewed_on": [None, reviewed_on.isoformat()],
        "passed": [None, passed],
    }
    if review.legal_opinion:
        changes["legal_opinion"] = [None, review.legal_opinion]
    event_record(
        actor=actor,
        action=action,
        obj=review.document,
        agency=review.document.agency,
        changes=changes,
        reason=review.opinion,
    )
    return review


@transaction.atomic
def document_publish(
    *, actor: Any, document: Document, published_on: date, reason: str = ""
) -> Document:
    """Set the 发布日期 of a reviewed draft (a later date schedules the publication: the portal
    shows a document from its 发布日期 on)."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    if not may_review(actor, document):
        raise PermissionDenied("发布须由本机关的审核人或管理员进行。")
    require_draft(document, "重复发布")
    review = current_review(document)
    if review is None:
        raise ValidationError(
            "文件尚未经保密审查（或审查后又作了修改），不能发布（条例第十七条）。"
        )
    if not review.passed:
        raise ValidationError(f"保密审查未同意公开：{review.opinion}")
    if published_on < review.reviewed_on:
        raise ValidationError(
            {
                "published_on": f"发布日期（{published_on}）早于保密审查日期（{review.reviewed_on}）。"
            }
        )
    before = snapshot(document, ("published_on",))
    document.published_on = published_on
    document_save_recorded(
        document,
        actor=actor,
        action="document.publish",
        before=before,
        reason=reason or f"经 {review.reviewed_on} 保密审查同意公开",
    )
    return document


@transaction.atomic
def document_unschedule(*, actor: Any, document: Document, reason: str = "") -> Document:
    """Cancel a publication set for a later day: the document is a draft again (still covered by
    its review while unchanged; edited, it is reviewed again). A document already public is not
    withdrawn this way: it is corrected (更正) or marked 已修改/已废止."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    if not may_review(actor, document):
        raise PermissionDenied("撤回发布安排须由本机关的审核人或管理员进行。")
    if document.published_on is None:
        raise ValidationError("文件尚未安排发布。")
    if document.published_on <= timezone.localdate():
        raise ValidationError(
            f"文件已于{document.published_on}发布，已公开的文件不能撤回发布：请更正，或登记为已修改/已废止。"
        )
    before = snapshot(document, ("published_on",))
    document.published_on = None
    document_save_recorded(
        document, actor=actor, action="document.unschedule", before=before, reason=reason
    )
    return document


def historical_publication_record(
    *, actor: Any, document: Document, published_on: date, reason: str
) -> None:
    """Part of ``document_create``: the document was published before this system kept the
    catalogue. Refused for a date after today, which would skip the review of a new document."""
    if published_on > timezone.localdate():
        raise ValidationError(
            {"published_on": "历史发布日期不能晚于今天；新文件须经保密审查后发布。"}
        )
    document.published_on = published_on
    document.full_clean()
    document.save(update_fields=["published_on"])
    event_record(
        actor=actor,
        action="document.publish_historical",
        obj=document,
        agency=document.agency,
        changes={"published_on": [None, published_on.isoformat()]},
        reason=f"{HISTORICAL_NOTE}。{reason}".rstrip("。") + "。",
    )
