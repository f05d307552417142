"""Consultations (征求意见): a third party's (条例第三十二条) or a co-producing agency's
(条例第三十四条). Each is written; the party answers within 15 working days of *receiving*
the letter; the time does not count toward the reply period (第三十三条第三款) — a pause, not a
restart — and the pause ends at the answer or the party's own deadline, whichever is first.
Silence: the agency decides (第三十二条); a co-producing agency's silence is consent (第三十四条).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.requests import deadlines, guards, notices, record
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, Consultation, NoticeKind, Status
from gongkai.workdays.selectors import platform_calendar


@transaction.atomic
def application_consult(
    *,
    actor: Any,
    application: Application,
    kind: str,
    party: str,
    sent_on: date,
    delivery: dict[str, Any] | None = None,
) -> Consultation:
    """A written consultation sent on ``sent_on``; ``delivery`` records how the letter went out
    and when the party received it (its 15 working days run from that receipt)."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    guards.not_before(sent_on, application.period_start, "征求意见日期", "答复期限起算日")
    consultation = Consultation(
        application=application,
        kind=kind,
        party=party,
        sent_on=sent_on,
        reply_due_on=deadlines.from_receipt(
            platform_calendar(), sent_on, None, deadlines.CONSULTATION_DAYS
        ).on,
    )
    consultation.full_clean()
    consultation.save()
    application.status = Status.CONSULTING
    notices.save_with_notice(
        application,
        actor=actor,
        action="consult",
        before=before,
        kind=NoticeKind.CONSULTATION,
        dated_on=sent_on,
        delivery=delivery,
        consultation=consultation,
        extra={"consultation": [None, f"{consultation.get_kind_display()}：{party}"]},
    )
    consultation.refresh_from_db()
    return consultation


@transaction.atomic
def application_receive_opinion(
    *, actor: Any, consultation: Consultation, answered_on: date, opinion: str
) -> Application:
    """The consulted party's answer. On time, it ends the pause; late, it is kept on the file
    but the pause already ended at the party's deadline (条例第三十二条、第三十四条)."""
    application, before = record.locked(consultation.application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise TransitionError("该征求意见已经收到答复。")
    guards.not_before(answered_on, consultation.sent_on, "收到意见日期", "征求意见日期")
    consultation.answered_on = answered_on
    consultation.opinion = opinion
    consultation.full_clean()
    consultation.save()
    late = answered_on > consultation.reply_due_on
    _settle_status(application)
    return record.save(
        application,
        actor=actor,
        action="receive_opinion",
        before=before,
        reason=opinion,
        extra={
            "consultation": [consultation.party, answered_on.isoformat()],
            **({"late": [None, f"逾期（期限 {consultation.reply_due_on}）"]} if late else {}),
        },
    )


@transaction.atomic
def application_record_silence(
    *, actor: Any, consultation: Consultation, on: date | None = None
) -> Application:
    """No answer by the party's deadline: recorded, with what it means — the agency decides
    (第三十二条) or, for a co-producing agency, consent to disclosure (第三十四条)."""
    application, before = record.locked(consultation.application)
    guards.require_writer(actor, application.agency)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.waiting:
        raise TransitionError("该征求意见已经办结。")
    day = on or guards.today()
    if day <= consultation.reply_due_on:
        raise TransitionError(
            f"{consultation.party}的答复期限到 {consultation.reply_due_on} 才届满。"
        )
    consultation.silence_recorded_on = day
    consultation.full_clean()
    consultation.save()
    _settle_status(application)
    return record.save(
        application,
        actor=actor,
        action="record_silence",
        before=before,
        reason=consultation.silence_meaning(),
        extra={"consultation": [consultation.party, consultation.silence_meaning()]},
    )


def _settle_status(application: Application) -> None:
    if application.status == Status.CONSULTING and not any(
        c.waiting for c in application.consultations.all()
    ):
        application.status = Status.OPEN
