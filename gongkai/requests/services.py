"""Every state change of a disclosure request is one function here (HackSoft style): keyword-only,
one transaction, a permission check, ``full_clean``, one audit event, and the stored due date
recomputed by ``deadlines.next_due`` on the platform calendar. Views, the demo and the tests
all go through these functions; nothing else writes an ``Application``.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from gongkai.agencies.models import Agency
from gongkai.audit.services import event_record
from gongkai.lib.uploads import IDENTITY_KINDS, IDENTITY_MAX_BYTES, checked_kind
from gongkai.notifications.events import application_event_notify
from gongkai.notifications.services import applicant_choice_set
from gongkai.requests import (
    deadlines,
    fees,
    guards,
    letters,
    notices,
    outcomes,
    reasons,
    record,
    secrecy,
)
from gongkai.requests.codes import (
    next_serial,
    query_code_for_key,
    query_code_hash,
    query_code_new,
)
from gongkai.requests.consulting import application_consult as application_consult
from gongkai.requests.consulting import (
    application_receive_opinion as application_receive_opinion,
)
from gongkai.requests.consulting import application_record_silence as application_record_silence
from gongkai.requests.guards import REVIEWER_ROLES as REVIEWER_ROLES
from gongkai.requests.guards import TransitionError as TransitionError
from gongkai.requests.models import (
    Application,
    Attachment,
    Channel,
    FeeMethod,
    FormWanted,
    NoticeKind,
    OnlineCorrection,
    Outcome,
    Status,
)
from gongkai.requests.selectors import applicant_month_ordinal
from gongkai.workdays.clock import working_days_between
from gongkai.workdays.selectors import platform_calendar

# --- the transitions -----------------------------------------------------------------------


@transaction.atomic
def application_register(
    *,
    actor: Any,
    agency: Agency,
    channel: str,
    received_on: date,
    category: str,
    applicant_name: str,
    description: str,
    form_wanted: str,
    delivery: str,
    id_type: str = "",
    id_number: str = "",
    contact_person: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    files: Sequence[UploadedFile] = (),
    reason: str = "",
    submission_key: str | None = None,
    arrived_on: date | None = None,
    notify_channels: Sequence[str] | None = None,
) -> tuple[Application, str]:
    """Register an application (条例第二十九条); returns it and its query code, which is shown
    to the applicant once and stored only hashed. ``actor=None`` is the public online form,
    whose receipt date is the day of submission (条例第三十一条: confirmed on submission); it
    goes through ``application_submit_online``, which makes a repeated submission harmless.
    ``notify_channels`` ("email", "sms") are the applicant's choice on the public form; the
    receipt message goes out on them (gongkai.notifications)."""
    if actor is None:
        if channel != Channel.WEB:
            raise PermissionDenied("只有在线申请可以不经工作人员登记。")
    else:
        guards.require_writer(actor, agency)
    guards.check_receipt(channel, received_on, arrived_on)
    code = query_code_for_key(submission_key) if submission_key else query_code_new()
    application = Application(
        agency=agency,
        year=received_on.year,
        query_code_hash=query_code_hash(code),
        submission_key=submission_key,
        channel=channel,
        received_on=received_on,
        arrived_on=arrived_on or received_on,
        category=category,
        applicant_name=applicant_name,
        id_type=id_type,
        id_number=id_number,
        contact_person=contact_person,
        phone=phone,
        email=email,
        address=address,
        description=description,
        form_wanted=form_wanted,
        delivery=delivery,
        status=Status.OPEN,
        period_start=received_on,  # 条例第三十三条: the period runs from receipt
        due_on=received_on,
    )
    record.recompute_due(application)
    # A repeated submission key is the unique constraint's to catch (application_submit_online).
    application.full_clean(exclude=["submission_key", "serial", "tracking_number"])
    # The number last: its counter row stays locked until this transaction commits, and every
    # registration of the agency and year waits for it.
    application.serial = next_serial(agency, received_on.year)
    application.tracking_number = f"{agency.short_code}-{received_on.year}-{application.serial:05d}"
    application.save()
    for upload in files:
        _attach(application, upload)
    event_record(
        actor=actor,
        action="application.register",
        obj=application,
        agency=agency,
        changes={
            "channel": [None, channel],
            "received_on": [None, received_on.isoformat()],
            "arrived_on": [None, (arrived_on or received_on).isoformat()],
            "due_on": [None, application.due_on.isoformat()],
            "attachments": [None, len(files)],
        },
        reason=reason or ("在线申请" if actor is None else ""),
    )
    if notify_channels is not None:
        applicant_choice_set(
            application=application,
            email="email" in notify_channels,
            sms="sms" in notify_channels,
        )
    application_event_notify(application, "register")
    return application, code


def application_submit_online(
    *, submission_key: str, received_on: date, **fields: Any
) -> tuple[Application, str, bool]:
    """The public form's submission, exactly once per form: the same ``submission_key`` posted
    again (a double click, a retry after the connection dropped before the receipt arrived)
    returns the application it registered, with the same query code, and registers nothing
    (the third value says whether this call registered it).
    Two copies racing each other queue on the tracking counter; the loser's insert breaks the
    key's unique constraint, its transaction (counter included) rolls back, and it returns the
    winner's application — so tracking numbers stay gapless."""
    code = query_code_for_key(submission_key)
    earlier = Application.objects.filter(submission_key=submission_key).first()
    if earlier is None:
        try:
            application, code = application_register(
                actor=None,
                channel=Channel.WEB,
                received_on=received_on,
                submission_key=submission_key,
                **fields,
            )
            return application, code, True
        except IntegrityError:
            earlier = Application.objects.filter(submission_key=submission_key).first()
            if earlier is None:
                raise
    return earlier, code, False


def _attach(
    application: Application, upload: UploadedFile, correction: OnlineCorrection | None = None
) -> Attachment:
    # The form checked it; the service checks again, whoever calls it.
    kind = checked_kind(upload, IDENTITY_KINDS, IDENTITY_MAX_BYTES)
    attachment = Attachment(
        application=application,
        original_name=(upload.name or "附件")[:200],
        content_type=kind.mime,
        size=upload.size or 0,
        correction=correction,
    )
    # A random stored name: the applicant's file name never becomes a path.
    suffix = "".join(c for c in (upload.name or "").rsplit(".", 1)[-1][:8] if c.isalnum())
    attachment.file.save(f"{secrets.token_hex(16)}.{suffix or 'bin'}", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def application_request_correction(
    *,
    actor: Any,
    application: Application,
    requested_on: date,
    correction_days: int,
    items: str,
    delivery: dict[str, Any] | None = None,
) -> Application:
    """条例第三十条: within 7 working days of receipt, once, listing everything to correct and a
    reasonable period for it; the reply clock stops until the corrected application arrives.
    The correction period runs from the applicant's receipt of the notice (recorded with its
    delivery, ``notices.notice_record_delivery``)."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN)
    if application.correction_requested_on is not None:
        raise TransitionError("条例第三十条：补正应一次性告知，本申请已经告知过补正。")
    guards.not_before(requested_on, application.received_on, "补正告知日期", "收到申请日期")
    calendar = platform_calendar()
    elapsed = working_days_between(calendar, application.received_on, requested_on).days
    if elapsed > deadlines.CORRECTION_NOTICE_DAYS:
        raise TransitionError(
            f"条例第三十条：补正应在收到申请之日起 7 个工作日内一次性告知，"
            f"{requested_on} 已是第 {elapsed} 个工作日。"
        )
    if not 1 <= correction_days <= 60:
        raise TransitionError("补正期限应为 1 至 60 个工作日之间的合理期限。")
    if not items.strip():
        raise TransitionError("请列明需要补正的全部事项。")
    application.correction_requested_on = requested_on
    application.correction_days = correction_days
    application.correction_due_on = deadlines.from_receipt(
        calendar, requested_on, None, correction_days
    ).on
    application.status = Status.CORRECTION
    return notices.save_with_notice(
        application,
        actor=actor,
        action="request_correction",
        before=before,
        reason=items,
        kind=NoticeKind.CORRECTION,
        dated_on=requested_on,
        delivery=delivery,
    )


@transaction.atomic
def application_receive_correction(
    *, actor: Any, application: Application, received_on: date
) -> Application:
    """条例第三十条: the 20-working-day period runs afresh from the corrected application."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    return correction_received(application, before, actor=actor, received_on=received_on)


def correction_received(
    application: Application,
    before: dict[str, Any],
    *,
    actor: Any,
    received_on: date,
    reason: str = "",
    extra: dict[str, Any] | None = None,
) -> Application:
    """The one path that records a 补正 received, whether a clerk records it or the applicant
    sends it online (``online.application_correct_online``); ``application`` is locked."""
    guards.require_status(application, Status.CORRECTION)
    assert application.correction_requested_on is not None
    guards.not_before(
        received_on, application.correction_requested_on, "收到补正日期", "补正告知日期"
    )
    application.correction_received_on = received_on
    application.period_start = received_on  # 条例第三十条: the period runs afresh
    application.status = Status.OPEN
    return record.save(
        application,
        actor=actor,
        action="receive_correction",
        before=before,
        reason=reason,
        extra=extra,
    )


@transaction.atomic
def application_extend(
    *,
    actor: Any,
    application: Application,
    days: int,
    reason: str,
    approved_on: date,
    notified_on: date,
    delivery: dict[str, Any] | None = None,
) -> Application:
    """条例第三十三条第二款: "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知
    申请人，延长的期限最长不得超过20个工作日" — approved by the head of the disclosure office
    (a reviewer) and told to the applicant, both while the reply period still runs: an
    extension approved or told after the due date is refused. At most 20 working days in all."""
    application, before = record.locked(application)
    guards.require_reviewer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    total = application.extension_days + days
    if days < 1 or total > deadlines.MAX_EXTENSION_DAYS:
        raise TransitionError(
            f"条例第三十三条：延长答复期限最长不超过 20 个工作日（已延长 "
            f"{application.extension_days} 个工作日）。"
        )
    if not reason.strip():
        raise TransitionError("请写明延长理由（将告知申请人）。")
    guards.not_before(approved_on, application.period_start, "批准日期", "答复期限起算日")
    guards.not_before(notified_on, approved_on, "告知申请人日期", "批准日期")
    current = deadlines.reply_due(platform_calendar(), record.clock(application)).on
    for what, day in (("批准延期", approved_on), ("告知申请人", notified_on)):
        if day > current:
            raise TransitionError(
                f"条例第三十三条第二款：{what}应在答复期限（{current}）内，{day} 已超过期限。"
            )
    application.extension_days = total
    application.extension_approved_on = approved_on
    application.extension_notified_on = notified_on
    return notices.save_with_notice(
        application,
        actor=actor,
        action="extend",
        before=before,
        reason=reason,
        kind=NoticeKind.EXTENSION,
        dated_on=notified_on,
        delivery=delivery,
    )


@transaction.atomic
def application_set_later_deadline(
    *, actor: Any, application: Application, deadline: date, reason: str
) -> Application:
    """条例第三十五条: the request is reasonable but too much to answer in time — the agency
    sets a reasonable later deadline and tells the applicant."""
    application, before = record.locked(application)
    guards.require_reviewer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    reasons.require_reasons_asked(application, "确定延迟答复期限")
    current = deadlines.reply_due(platform_calendar(), record.clock(application)).on
    if deadline <= current:
        raise TransitionError(f"条例第三十五条：合理期限应晚于当前答复期限（{current}）。")
    if not reason.strip():
        raise TransitionError("请写明确定延迟答复期限的理由（将告知申请人）。")
    application.later_deadline = deadline
    return record.save(
        application, actor=actor, action="set_later_deadline", before=before, reason=reason
    )


@transaction.atomic
def application_send_fee_notice(
    *,
    actor: Any,
    application: Application,
    method: str,
    notice_on: date,
    pages: int | None = None,
    delivery: dict[str, Any] | None = None,
) -> Application:
    """办法: a fee notice sent within the processing period; the applicant pays within 20
    working days from the day after receiving it (第七条; the receipt is the notice's recorded
    delivery), and that time is not counted in the processing period. 按量计收 only where the
    information is provided on paper, by e-mail or as copied electronic data (第五条) — never
    for inspection (查阅)."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN)
    if application.fee_notice_on is not None:
        raise TransitionError("本申请已经发出过收费通知。")
    guards.not_before(notice_on, application.period_start, "收费通知日期", "答复期限起算日")
    if notice_on > application.due_on:
        raise TransitionError(f"办法：收费通知应在答复期限（{application.due_on}）内发出。")
    amount, basis = _fee(application, method, pages)
    calendar = platform_calendar()
    application.fee_method = method
    application.fee_amount = Decimal(amount)
    application.fee_notice_on = notice_on
    application.fee_due_on = deadlines.from_receipt(
        calendar, notice_on, None, deadlines.FEE_PAYMENT_DAYS
    ).on
    application.status = Status.FEE
    return notices.save_with_notice(
        application,
        actor=actor,
        action="send_fee_notice",
        before=before,
        reason=basis,
        kind=NoticeKind.FEE,
        dated_on=notice_on,
        delivery=delivery,
    )


def _fee(application: Application, method: str, pages: int | None) -> tuple[int, str]:
    if method == FeeMethod.PER_APPLICATION:
        ordinal = applicant_month_ordinal(application)
        amount, basis = fees.per_application_fee(ordinal), f"本月第 {ordinal} 件"
    elif method == FeeMethod.PER_VOLUME:
        if application.form_wanted == FormWanted.INSPECTION:
            raise TransitionError(
                "办法第五条：按量计收只适用于提供纸质件、发送电子邮件、复制电子数据，"
                "申请人要求查阅的不得按量收费。"
            )
        if pages is None:
            raise TransitionError("按量计收须填写页数。")
        amount, basis = fees.per_volume_fee(pages), f"共 {pages} 页"
    else:
        raise TransitionError(f"未知的收费方式：{method}")
    if amount == 0:
        raise TransitionError(f"{FeeMethod(method).label}，{basis}，不收取信息处理费。")
    return amount, basis


@transaction.atomic
def application_record_payment(
    *, actor: Any, application: Application, paid_on: date
) -> Application:
    """办法: payment within the window resumes the processing period."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.FEE)
    assert application.fee_notice_on is not None and application.fee_due_on is not None
    guards.not_before(paid_on, application.fee_notice_on, "缴费日期", "收费通知日期")
    # Without a recorded receipt the window's end is not known: a payment is never refused
    # as late on an estimate.
    if paid_on > application.fee_due_on and not notices.receipt_pending(
        application, NoticeKind.FEE
    ):
        raise TransitionError(
            f"办法：缴费期限已于 {application.fee_due_on} 届满，应按逾期未缴费处理。"
        )
    application.fee_paid_on = paid_on
    application.status = Status.OPEN
    return record.save(application, actor=actor, action="record_payment", before=before)


@transaction.atomic
def application_draft_reply(
    *,
    actor: Any,
    application: Application,
    outcome: str,
    letter_text: str = "",
    letter_date: date | None = None,
    reply: letters.Reply | None = None,
) -> Application:
    """The clerk's proposed decision and the editable 答复告知书; blank text means "generate it
    from the template for this outcome" (with the reply's details: ``documents.replies``)."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    if outcome in outcomes.LAPSES or outcome not in Outcome.values:
        raise TransitionError("逾期不补正、逾期未缴费由“视为放弃”办理，不能作为答复结果。")
    reasons.check_outcome(application, outcome)
    text = letter_text.strip()
    # A new outcome with the old outcome's letter left untouched gets the new outcome's letter.
    if outcome != application.draft_outcome and text == application.letter_text.strip():
        text = ""
    application.draft_outcome = outcome
    application.letter_text = text or letters.default_text(
        application, outcome, on=letter_date, reply=reply
    )
    return record.save(application, actor=actor, action="draft_reply", before=before)


@transaction.atomic
def application_answer(*, actor: Any, application: Application, answered_on: date) -> Application:
    """条例第三十三条、第三十六条: the reviewer approves the drafted reply and it is sent; the
    case is closed with its outcome (a table 三 row)."""
    application, before = record.locked(application)
    guards.require_reviewer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    if not application.draft_outcome or not application.letter_text.strip():
        raise TransitionError("请先拟定办理结果和答复告知书。")
    guards.not_before(answered_on, application.received_on, "答复日期", "收到申请日期")
    secrecy.require_passed(application, answered_on)  # 条例第十七条
    return _close(application, before, actor, "answer", application.draft_outcome, answered_on)


@transaction.atomic
def application_withdraw(
    *, actor: Any, application: Application, withdrawn_on: date, reason: str
) -> Application:
    """The applicant withdraws; counted under (六)其他处理 3.其他."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(
        application, Status.OPEN, Status.CORRECTION, Status.CONSULTING, Status.FEE
    )
    guards.not_before(withdrawn_on, application.received_on, "撤回日期", "收到申请日期")
    application.letter_text = letters.default_text(application, outcomes.WITHDRAWN, note=reason)
    return _close(application, before, actor, "withdraw", outcomes.WITHDRAWN, withdrawn_on, reason)


@transaction.atomic
def application_deem_abandoned(
    *, actor: Any, application: Application, on: date | None = None
) -> Application:
    """条例第三十条: no correction in time → deemed withdrawn (其他处理 1); 办法: no payment in
    time → deemed withdrawn (其他处理 2). Only after the applicant's deadline has passed."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.CORRECTION, Status.FEE)
    day = on or guards.today()
    if application.status == Status.CORRECTION:
        outcome, deadline = outcomes.NO_CORRECTION, application.correction_due_on
    else:
        outcome, deadline = outcomes.FEE_UNPAID, application.fee_due_on
    assert deadline is not None
    kind = NoticeKind.CORRECTION if application.status == Status.CORRECTION else NoticeKind.FEE
    if notices.receipt_pending(application, kind):
        raise TransitionError(
            f"{NoticeKind(kind).label}的送达（申请人收到日期）尚未登记：期限自收到之日起算，"
            "未登记送达不能认定逾期。"
        )
    if day <= deadline:
        raise TransitionError(f"申请人的期限到 {deadline} 才届满，届满后才能视为放弃。")
    application.draft_outcome = outcome
    application.letter_text = letters.default_text(application, outcome)
    return _close(application, before, actor, "deem_abandoned", outcome, day)


def _close(
    application: Application,
    before: dict[str, Any],
    actor: Any,
    action: str,
    outcome: str,
    closed_on: date,
    reason: str = "",
) -> Application:
    application.outcome = outcome
    application.closed_on = closed_on
    application.status = Status.CLOSED
    # The 答复告知书 goes to the applicant: its delivery is recorded on this notice (the
    # remedies' periods run from the applicant's receipt of it).
    return notices.save_with_notice(
        application,
        actor=actor,
        action=action,
        before=before,
        reason=reason,
        kind=NoticeKind.REPLY,
        dated_on=closed_on,
        delivery=None,
    )
