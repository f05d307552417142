"""What the applicant does on the case page without a clerk: sending the 补正 online
(条例第三十条). It goes through the same service path as a 补正 a clerk records
(``services.correction_received``): received the day it is submitted (条例第三十一条: online
submissions are confirmed on submission), so the 20-working-day reply period runs afresh from
that day; the one event on the case says it came online, with what was sent."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.requests import guards, notices, record, services
from gongkai.requests.forms import MAX_FILES
from gongkai.requests.models import Application, NoticeKind, OnlineCorrection, Status

MAX_TEXT = 5000  # characters: a correction names documents and clarifies, it is not a brief
ONLINE_REASON = "申请人在门户网站在线提交补正（条例第三十条）"


def correction_ended_on(application: Application, today: date) -> date | None:
    """The day the 补正 period ended, if it has ended by ``today``; None while it runs. A period
    that runs from the applicant's receipt of the notice has not started while that receipt is
    unrecorded (``notices.receipt_pending``), so it cannot have ended."""
    due = application.correction_due_on
    if due is None or notices.receipt_pending(application, NoticeKind.CORRECTION):
        return None
    return due if today > due else None


def accepts_correction(application: Application, today: date) -> bool:
    return (
        application.status == Status.CORRECTION and correction_ended_on(application, today) is None
    )


@transaction.atomic
def application_correct_online(
    *,
    application: Application,
    text: str,
    files: Sequence[UploadedFile] = (),
    on: date | None = None,
) -> OnlineCorrection:
    """Record the applicant's online 补正 as received ``on`` (today): its text and files kept
    for the clerk, the case reopened with the reply period restarted (条例第三十条). Refused
    once the 补正 period has ended (the case then lapses, 视为放弃), naming the day it ended."""
    day = on or guards.today()
    application, before = record.locked(application)
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise guards.TransitionError(f"补正内容不能超过 {MAX_TEXT} 个字。")
    if not text and not files:
        raise guards.TransitionError("请写明补正的内容，或上传补正材料。")
    if len(files) > MAX_FILES:
        raise guards.TransitionError(f"最多上传 {MAX_FILES} 个附件。")
    if application.status != Status.CORRECTION:
        raise guards.TransitionError("本申请当前不在补正阶段，无需在线补正。")
    ended = correction_ended_on(application, day)
    if ended is not None:
        raise guards.TransitionError(
            f"补正期限已于 {ended:%Y年%-m月%-d日} 届满，不能再在线提交补正"
            "（条例第三十条：逾期不补正的，视为放弃申请）。"
        )
    correction = OnlineCorrection(application=application, received_on=day, text=text)
    correction.full_clean()
    correction.save()
    # The same checks as the public application form's files (kind by content, size, count).
    names = [services._attach(application, f, correction).original_name for f in files]
    services.correction_received(
        application,
        before,
        actor=None,
        received_on=day,
        reason=ONLINE_REASON,
        extra={"online": [None, True], "attachments": [None, names]},
    )
    return correction
