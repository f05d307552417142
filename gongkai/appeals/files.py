"""The documents of a review or suit: uploaded by the agency's staff, checked by content
(``lib.uploads``: the kind is sniffed, the size bounded; the uploaded name never becomes a path),
kept privately, served as a download, each upload one audit event."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.base import File
from django.db import transaction

from gongkai.accounts.access import can_write
from gongkai.appeals.models import Case, CaseFile
from gongkai.audit.services import event_record
from gongkai.lib.uploads import DOCUMENT_KINDS, checked_kind

MAX_BYTES = 30 << 20  # a scanned 判决书 or a bundle of evidence, not a video


@transaction.atomic
def case_file_add(*, actor: Any, case: Case, title: str, file: File[Any]) -> CaseFile:
    from django.core.exceptions import PermissionDenied

    if not can_write(actor, case.agency):
        raise PermissionDenied("只有本机关工作人员可以上传案件文件。")
    kind = checked_kind(file, DOCUMENT_KINDS, MAX_BYTES)
    original = str(getattr(file, "name", "") or "").rsplit("/", 1)[-1][:200]
    item = CaseFile(
        case=case,
        title=title.strip(),
        original_name=original,
        size=int(getattr(file, "size", 0) or 0),
        uploaded_by=actor,
    )
    item.file.save(f"{secrets.token_hex(16)}.{kind.extension}", file, save=False)
    item.full_clean()
    item.save()
    event_record(
        actor=actor,
        action="case.add_file",
        obj=case,
        agency=case.agency,
        changes={"file": [None, item.title], "size": [None, item.size]},
    )
    return item
