"""Write paths of redaction; each is one audit event on the request's trail."""

from __future__ import annotations

import secrets
from collections import defaultdict
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import event_record
from gongkai.redaction import bounded, pdf
from gongkai.redaction.grounds import ground_text
from gongkai.redaction.models import Mark, Redaction
from gongkai.redaction.pdf import Rect, RedactionError
from gongkai.requests.guards import require_writer
from gongkai.requests.models import Application, Attachment

PDF = "application/pdf"
MAX_MARKS = 2000  # per document: far above a real redaction, well below a page that chokes
MAX_PHRASE = 200


def _store(application: Application, name: str, content: bytes, content_type: str) -> Attachment:
    """A new private attachment of the request under a random stored name."""
    attachment = Attachment(
        application=application,
        original_name=name[:200],
        content_type=content_type,
        size=len(content),
    )
    suffix = name.rsplit(".", 1)[-1][:8] if "." in name else "bin"
    suffix = "".join(c for c in suffix if c.isalnum()) or "bin"
    attachment.file.save(f"{secrets.token_hex(16)}.{suffix}", ContentFile(content), save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


def read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return bytes(handle.read())


CONTENT_TYPES = {
    "pdf": PDF,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@transaction.atomic
def redaction_start(
    *, actor: Any, application: Application, name: str, content: bytes
) -> Redaction:
    """Keep the agency's document (private) as an attachment of the request and open it for
    marking; a DOCX or XLSX is converted to PDF first (LibreOffice), or refused."""
    require_writer(actor, application.agency)
    kind = pdf.kind_of(content)
    converted = content if kind == "pdf" else pdf.to_pdf(content, kind)
    pages = bounded.page_count(converted)
    original = _store(application, name or f"文件.{kind}", content, CONTENT_TYPES[kind])
    working = original
    if kind != "pdf":
        working = _store(application, f"{name.rsplit('.', 1)[0]}（转换）.pdf", converted, PDF)
    redaction = Redaction(
        application=application,
        original=original,
        pdf=working,
        page_count=pages,
        created_by=actor,
    )
    redaction.full_clean()
    redaction.save()
    event_record(
        actor=actor,
        action="redaction.start",
        obj=application,
        agency=application.agency,
        changes={"redaction": [None, redaction.pk], "file": [None, original.original_name]},
    )
    return redaction


def _require_open(actor: Any, redaction: Redaction) -> None:
    require_writer(actor, redaction.application.agency)
    if redaction.released_id is not None:
        raise RedactionError("该文件已生成公开文本，不能再修改标记；如需重做请重新上传。")


def _require_ground(ground: str) -> str:
    if not ground_text(ground):
        raise RedactionError("请为标记选择不予公开的理由（条例第十四条、第十五条或第十六条）。")
    return ground


def _room(redaction: Redaction, adding: int) -> None:
    if redaction.marks.count() + adding > MAX_MARKS:
        raise RedactionError(f"一个文件最多 {MAX_MARKS} 处标记。")


def _mark_event(actor: Any, redaction: Redaction, marks: list[Mark], what: str) -> None:
    event_record(
        actor=actor,
        action="redaction.mark",
        obj=redaction.application,
        agency=redaction.application.agency,
        changes={
            "redaction": [None, redaction.pk],
            "marks": [None, [f"第{m.page}页 {_box(m.rect)}" for m in marks]],
        },
        reason=f"{what}；理由：{ground_text(marks[0].ground)}",
    )


def _box(rect: Rect) -> str:
    return "(" + ", ".join(f"{v:.0f}" for v in rect) + ")"


@transaction.atomic
def mark_area(*, actor: Any, redaction: Redaction, page: int, rect: Rect, ground: str) -> Mark:
    """One rectangle on one page (PDF points from the top-left corner)."""
    redaction = Redaction.objects.select_for_update().get(pk=redaction.pk)
    _require_open(actor, redaction)
    _require_ground(ground)
    _room(redaction, 1)
    clipped = bounded.check_rect(read(redaction.pdf), page, rect)
    mark = _new_mark(actor, redaction, page, clipped, ground, "")
    _mark_event(actor, redaction, [mark], "标记区域")
    return mark


def _new_mark(
    actor: Any, redaction: Redaction, page: int, rect: Rect, ground: str, phrase: str
) -> Mark:
    x0, y0, x1, y1 = rect
    mark = Mark(
        redaction=redaction,
        page=page,
        x0=x0,
        y0=y0,
        x1=x1,
        y1=y1,
        ground=ground,
        phrase=phrase,
        created_by=actor,
    )
    mark.full_clean()
    mark.save()
    return mark


@transaction.atomic
def mark_phrase(*, actor: Any, redaction: Redaction, phrase: str, ground: str) -> list[Mark]:
    """Every place the phrase appears, on every page, marked with one ground."""
    redaction = Redaction.objects.select_for_update().get(pk=redaction.pk)
    _require_open(actor, redaction)
    _require_ground(ground)
    phrase = phrase.strip()
    if not phrase or len(phrase) > MAX_PHRASE:
        raise RedactionError(f"请输入要检索的文字（1 至 {MAX_PHRASE} 个字）。")
    found = bounded.find(read(redaction.pdf), phrase)
    if not found:
        raise RedactionError(f"文件中没有找到“{phrase}”（扫描件的文字须先经文字识别）。")
    _room(redaction, len(found))
    marks = [_new_mark(actor, redaction, page, rect, ground, phrase) for page, rect in found]
    _mark_event(actor, redaction, marks, f"检索并标记“{phrase}”，共 {len(marks)} 处")
    return marks


@transaction.atomic
def mark_remove(*, actor: Any, mark: Mark) -> None:
    redaction = Redaction.objects.select_for_update().get(pk=mark.redaction_id)
    _require_open(actor, redaction)
    event_record(
        actor=actor,
        action="redaction.unmark",
        obj=redaction.application,
        agency=redaction.application.agency,
        changes={
            "redaction": [None, redaction.pk],
            "marks": [f"第{mark.page}页 {_box(mark.rect)}", None],
        },
        reason=mark.phrase,
    )
    mark.delete()


@transaction.atomic
def redaction_release(*, actor: Any, redaction: Redaction) -> Attachment:
    """The released PDF: the marked content removed; a new attachment of the request."""
    redaction = Redaction.objects.select_for_update().get(pk=redaction.pk)
    _require_open(actor, redaction)
    marks = list(redaction.marks.all())
    if not marks:
        raise RedactionError("尚未标记任何不予公开的内容。")
    released = bounded.redact(read(redaction.pdf), [(m.page, m.rect) for m in marks])
    stem = redaction.original.original_name.rsplit(".", 1)[0]
    attachment = _store(redaction.application, f"{stem}（区分处理后公开）.pdf", released, PDF)
    redaction.released, redaction.released_at, redaction.released_by = (
        attachment,
        timezone.now(),
        actor,
    )
    redaction.full_clean()
    redaction.save()
    event_record(
        actor=actor,
        action="redaction.release",
        obj=redaction.application,
        agency=redaction.application.agency,
        changes={"redaction": [None, redaction.pk], "released": [None, attachment.original_name]},
        reason="；".join(line for line in withheld_parts(redaction)),
    )
    return attachment


def withheld_rows(redaction: Redaction) -> list[tuple[str, str]]:
    """The withheld parts as the reply's 不予公开的部分及理由 takes them (条例第三十七条):
    (the part, the withheld.* key of its ground), one per ground, naming the document and pages."""
    pages: dict[str, set[int]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for mark in redaction.marks.all():
        pages[mark.ground].add(mark.page)
        counts[mark.ground] += 1
    name = redaction.original.original_name.rsplit(".", 1)[0]
    rows = []
    for g in sorted(pages):
        numbers = "、".join(str(p) for p in sorted(pages[g]))
        rows.append((f"《{name}》第{numbers}页中删除的{counts[g]}处内容"[:300], g))
    return rows


def withheld_parts(redaction: Redaction) -> list[str]:
    """The rows above as sentences: the part, and the ground it is withheld on."""
    return [f"{part}，依据{ground_text(g)}不予公开" for part, g in withheld_rows(redaction)]
