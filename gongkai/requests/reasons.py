"""条例第三十五条: "申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人
说明理由。行政机关认为申请理由不合理的，告知申请人不予处理；行政机关认为申请理由合理，但是
无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人。"

Asking is the first step: without it, neither 不予处理 under this article (the letter says the
reasons given are unreasonable) nor a later deadline (set because the reasons are reasonable)
is allowed. The article does not stop the reply clock while the agency waits.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from gongkai.requests import guards, notices, outcomes, record
from gongkai.requests.guards import TransitionError
from gongkai.requests.models import Application, NoticeKind, Status


@transaction.atomic
def application_ask_reasons(
    *, actor: Any, application: Application, asked_on: date, delivery: dict[str, Any] | None = None
) -> Application:
    """Ask the applicant to state the reasons for a large or frequent request (written, with
    its delivery)."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    if application.reasons_requested_on is not None:
        raise TransitionError("已经要求申请人说明理由。")
    guards.not_before(asked_on, application.received_on, "要求说明理由日期", "收到申请日期")
    application.reasons_requested_on = asked_on
    return notices.save_with_notice(
        application,
        actor=actor,
        action="ask_reasons",
        before=before,
        kind=NoticeKind.REASONS,
        dated_on=asked_on,
        delivery=delivery,
    )


@transaction.atomic
def application_record_reasons(
    *, actor: Any, application: Application, received_on: date, reasons: str
) -> Application:
    """The applicant's reasons, as received; the agency then judges them."""
    application, before = record.locked(application)
    guards.require_writer(actor, application.agency)
    guards.require_status(application, Status.OPEN, Status.CONSULTING)
    if application.reasons_requested_on is None:
        raise TransitionError("条例第三十五条：请先要求申请人说明理由。")
    guards.not_before(
        received_on, application.reasons_requested_on, "收到理由日期", "要求说明理由日期"
    )
    if not reasons.strip():
        raise TransitionError("请录入申请人说明的理由。")
    application.reasons_received_on = received_on
    application.reasons_text = reasons.strip()
    return record.save(
        application, actor=actor, action="record_reasons", before=before, reason=reasons.strip()
    )


def require_reasons_asked(application: Application, what: str) -> None:
    if application.reasons_requested_on is None:
        raise TransitionError(f"条例第三十五条：{what}前，应先要求申请人说明理由。")


def check_outcome(application: Application, outcome: str) -> None:
    if outcome == outcomes.EXCESSIVE:
        require_reasons_asked(application, "以申请数量、频次明显超过合理范围不予处理")
