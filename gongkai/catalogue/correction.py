"""更正 of a published document: a typo in its title, text or particulars is corrected in
place, not by registering a new document (a new document is for an amendment, 条例第二十六条
"变更", with the old one marked 已修改 or 已废止).

The corrected content is what the public will see, so it goes through the same 保密审查 as a
draft (条例第十七条; 法制审核 for a 规章 or 规范性文件): it is prepared as a
``DocumentCorrection`` (a clerk may prepare it, as a draft), reviewed by the agency's reviewer or
administrator — the review records the digest of the corrected content and the 更正说明 — and
applied by them only while that digest still matches. Applying keeps the 索引号 and the 发布日期,
sets the 更正日期 (the day the public sees the new content: today) and keeps the content the
public saw before in ``previous``. The portal shows "本文于……更正：……" for each correction;
the earlier text itself is shown to staff only: it was replaced because it was wrong, and
publishing it again beside the corrected one would spread the error the correction withdraws.

A file is corrected by a replacement (``CorrectionFile``), reviewed with the rest: the digest
covers the files as the public will see them once the correction is applied. A file is not
added or removed by a correction: that changes the document, which is a new document.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.access import can_write
from gongkai.audit.services import event_record, snapshot
from gongkai.catalogue.deadlines import document_save_recorded, publication_due
from gongkai.catalogue.models import (
    Attachment,
    CorrectionFile,
    Document,
    DocumentCorrection,
    DocumentReview,
)
from gongkai.catalogue.publication import (
    REVIEWED_FIELDS,
    content_digest,
    may_review,
    review_check,
    review_save,
)
from gongkai.catalogue.services import checked_extension, stored_name


def correction_digest(correction: DocumentCorrection) -> str:
    """The corrected content, the 更正说明 the portal will show, and the files as they will be
    published (the replacements in place of the files they correct)."""
    return content_digest(
        correction,
        correction.document,
        attachments=corrected_files(correction),
        extra=(f"note={correction.note}",),
    )


def corrected_files(correction: DocumentCorrection) -> list[Attachment | CorrectionFile]:
    """The document's files in ``pk`` order, each replaced by its correction, if any."""
    replacing = {f.replaces_id: f for f in correction.files.all()} if correction.pk else {}
    files = correction.document.attachments.order_by("pk")
    return [replacing.get(a.pk, a) for a in files]


def _changes_nothing(correction: DocumentCorrection, document: Document) -> bool:
    same = snapshot(correction, REVIEWED_FIELDS) == snapshot(document, REVIEWED_FIELDS)
    return same and not correction.files.exists()


def open_correction(document: Document) -> DocumentCorrection | None:
    """The correction being prepared, if any (at most one: a constraint)."""
    return document.corrections.filter(applied_on__isnull=True, withdrawn_on__isnull=True).first()


def correction_review_of(correction: DocumentCorrection) -> DocumentReview | None:
    """The latest review of the correction as it stands now, if any."""
    return (
        correction.reviews.filter(draft_digest=correction_digest(correction))
        .select_related("reviewer")
        .order_by("-pk")
        .first()
    )


def _published(document_pk: int) -> Document:
    """The document under a row lock, refused unless it has been published."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document_pk)
    if document.published_on is None:
        raise ValidationError("文件尚未发布，不需要更正：请直接修改草稿。")
    if document.published_on > timezone.localdate():
        raise ValidationError(
            f"文件定于{document.published_on}发布，尚未公开，不需要更正：请撤回发布安排后修改草稿。"
        )
    return document


@transaction.atomic
def correction_prepare(
    *, actor: Any, document: Document, note: str, reason: str = "", **fields: Any
) -> DocumentCorrection:
    """Prepare (or rewrite) the correction of a published document. A rewritten correction
    needs a new review: its digest no longer matches."""
    unknown = set(fields) - set(REVIEWED_FIELDS)
    if unknown:
        raise TypeError(f"correction_prepare: unknown fields {sorted(unknown)}")
    document = _published(document.pk)
    if not can_write(actor, document.agency):
        raise PermissionDenied("只能更正本机关的文件。")
    correction = open_correction(document) or DocumentCorrection(document=document)
    before = snapshot(correction, (*REVIEWED_FIELDS, "note")) if correction.pk else None
    for name, value in fields.items():
        setattr(correction, name, value)
    correction.note = note.strip()
    correction.prepared_by = actor
    errors: dict[str, str] = {}
    current = snapshot(document, REVIEWED_FIELDS)
    # Unchanged fields are accepted here: the correction may be of a file, uploaded next.
    if not correction.note:
        errors["note"] = "请填写更正说明（将在门户的文件页公开显示）。"
    if correction.written_on is not None:
        # The document's own rules (发布日期 and 修改/废止日期 not before the 成文日期), checked
        # now rather than when the reviewed correction is applied.
        trial = copy.copy(document)
        for name, value in fields.items():
            setattr(trial, name, value)
        try:
            trial.clean()
        except ValidationError as exc:
            errors["written_on"] = "；".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    correction.full_clean()
    correction.save()
    after = snapshot(correction, (*REVIEWED_FIELDS, "note"))
    # A new correction is told against the published content, a rewritten one against itself.
    baseline = before or {**current, "note": None}
    changes = {
        name: [baseline[name], value] for name, value in after.items() if baseline[name] != value
    }
    event_record(
        actor=actor,
        action="document.correction_prepare",
        obj=document,
        agency=document.agency,
        changes=changes,
        reason=reason or correction.note,
    )
    return correction


@transaction.atomic
def correction_review(
    *,
    actor: Any,
    document: Document,
    reviewed_on: date,
    passed: bool,
    opinion: str,
    legal_opinion: str = "",
) -> DocumentReview:
    """The 保密审查 (and 法制审核) of the correction being prepared (条例第十七条)."""
    document = _published(document.pk)
    if not may_review(actor, document):
        raise PermissionDenied("更正的保密审查须由本机关的审核人或管理员进行。")
    correction = open_correction(document)
    if correction is None:
        raise ValidationError("没有待审查的更正。")
    if _changes_nothing(correction, document):
        raise ValidationError("更正稿与已发布的内容相同，没有需要审查的更正。")
    review_check(correction, reviewed_on, passed, opinion, legal_opinion)
    return review_save(
        actor=actor,
        review=DocumentReview(
            document=document, correction=correction, draft_digest=correction_digest(correction)
        ),
        reviewed_on=reviewed_on,
        passed=passed,
        opinion=opinion,
        legal_opinion=legal_opinion,
        action="document.correction_review",
    )


@transaction.atomic
def correction_apply(*, actor: Any, document: Document, reason: str = "") -> DocumentCorrection:
    """Replace the published content by the reviewed correction, today. The 索引号 and the
    发布日期 stay; a corrected 成文日期 moves the 第二十六条 deadline with it, as in a draft."""
    document = _published(document.pk)
    if not may_review(actor, document):
        raise PermissionDenied("更正须由本机关的审核人或管理员发布。")
    correction = open_correction(document)
    if correction is None:
        raise ValidationError("没有待发布的更正。")
    review = correction_review_of(correction)
    if review is None:
        raise ValidationError(
            "更正尚未经保密审查（或审查后又作了修改），不能发布（条例第十七条）。"
        )
    if not review.passed:
        raise ValidationError(f"保密审查未同意公开：{review.opinion}")
    before = snapshot(document, (*REVIEWED_FIELDS, "publication_due", "due_provisional"))
    for name in REVIEWED_FIELDS:
        setattr(document, name, getattr(correction, name))
    today = timezone.localdate()
    document.corrected_on = today  # the lists' 已更正 (not an event field: the note says it)
    if before["written_on"] != snapshot(document, ["written_on"])["written_on"]:
        document.publication_due, document.due_provisional = publication_due(document.written_on)
    note = f"本文于{today:%Y-%m-%d}更正：{correction.note}"
    document_save_recorded(
        document,
        actor=actor,
        action="document.correct",
        before=before,
        reason=f"{note}（经 {review.reviewed_on} 保密审查）{reason}".strip(),
    )
    _replace_files(correction, actor)
    correction.previous = {name: before[name] for name in REVIEWED_FIELDS}
    correction.applied_on = today
    correction.applied_by = actor
    correction.full_clean()
    correction.save()
    return correction


def applied_corrections(document: Document) -> list[DocumentCorrection]:
    """The corrections the public sees noted on the document's page, oldest first."""
    return list(document.corrections.filter(applied_on__isnull=False).order_by("applied_on", "pk"))


def correction_changes(correction: DocumentCorrection) -> list[tuple[str, Any, Any]]:
    """What an applied correction changed: (field label, before, after), choices by label."""
    after = snapshot(correction, REVIEWED_FIELDS)
    changed = []
    for name in REVIEWED_FIELDS:
        old, new = correction.previous.get(name), after[name]
        if old == new:
            continue
        field = DocumentCorrection._meta.get_field(name)
        labels = dict(field.choices or ())
        changed.append((str(field.verbose_name), labels.get(old, old), labels.get(new, new)))
    for item in correction.files.all():
        changed.append(("附件", item.previous_title, item.title))
    return changed


@transaction.atomic
def correction_replace_file(
    *, actor: Any, document: Document, attachment: Attachment, title: str, file: File[Any]
) -> CorrectionFile:
    """Upload the corrected version of one of the published files into the correction being
    prepared (again: the later upload replaces the earlier one). Checked like any upload."""
    document = _published(document.pk)
    if not can_write(actor, document.agency):
        raise PermissionDenied("只能更正本机关的文件。")
    if attachment.document_id != document.pk:
        raise ValidationError("该附件不属于本文件。")
    correction = open_correction(document)
    if correction is None:
        raise ValidationError("请先保存更正稿（含更正说明），再上传更正后的附件。")
    extension = checked_extension(file)
    item = correction.files.filter(replaces=attachment).first() or CorrectionFile(
        correction=correction, replaces=attachment
    )
    old_title = item.title if item.pk else attachment.title
    item.title = title.strip()
    item.file.save(stored_name(extension), file, save=False)
    item.full_clean()
    item.save()
    event_record(
        actor=actor,
        action="document.correction_file",
        obj=document,
        agency=document.agency,
        changes={"attachment": [old_title, item.title]},
        reason=correction.note,
    )
    return item


def _replace_files(correction: DocumentCorrection, actor: Any) -> None:
    """Part of ``correction_apply``: each replacement takes the place of its file, which is
    kept on the replacement for staff; one event per file."""
    for item in correction.files.select_related("replaces"):
        attachment = item.replaces
        item.previous_title, item.previous_file = attachment.title, attachment.file.name
        item.save(update_fields=["previous_title", "previous_file"])
        attachment.title, attachment.file.name = item.title, item.file.name
        attachment.full_clean()
        attachment.save(update_fields=["title", "file"])
        event_record(
            actor=actor,
            action="document.correct_file",
            obj=correction.document,
            agency=correction.document.agency,
            changes={"attachment": [item.previous_title, item.title]},
            reason=correction.note,
        )


@transaction.atomic
def correction_withdraw(*, actor: Any, document: Document, reason: str = "") -> DocumentCorrection:
    """撤回 the correction being prepared: the public content is unchanged; the correction and
    its reviews are kept, marked withdrawn."""
    document = _published(document.pk)
    if not can_write(actor, document.agency):
        raise PermissionDenied("只能撤回本机关文件的更正。")
    correction = open_correction(document)
    if correction is None:
        raise ValidationError("没有可撤回的更正。")
    correction.withdrawn_on = timezone.localdate()
    correction.full_clean()
    correction.save(update_fields=["withdrawn_on"])
    event_record(
        actor=actor,
        action="document.correction_withdraw",
        obj=document,
        agency=document.agency,
        changes={"correction": [correction.note, None]},
        reason=reason,
    )
    return correction
