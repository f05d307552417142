"""The case page's buttons: each transition named once, with its form, the states it applies to,
who may do it, and the service function it calls. The one action view (``views.case_action``)
serves them all, so no transition is hand-written in several views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms

from gongkai.accounts.access import can_write
from gongkai.documents import replies
from gongkai.requests import caseforms as cf
from gongkai.requests import casework, corrections, notices, reasons, secrecy
from gongkai.requests import forms as f
from gongkai.requests import services as s
from gongkai.requests.models import Application, Status

Run = Callable[[Any, Application, dict[str, Any]], Any]


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    article: str
    form: type[forms.Form]
    statuses: frozenset[str]
    run: Run
    reviewer_only: bool = False
    primary: bool = False

    def allowed_for(self, user: Any, application: Application) -> bool:
        if application.status not in self.statuses or not can_write(user, application.agency):
            return False
        if self.reviewer_only and not (user.is_superuser or user.role in s.REVIEWER_ROLES):
            return False
        if self.name in ("assign", "void"):
            return casework.may_assign(user, application)
        if self.name == "secrecy_review":
            return casework.may_assign(user, application) and bool(application.draft_outcome)
        if self.name == "receive_opinion":
            return application.consultations.filter(answered_on__isnull=True).exists()
        if self.name == "record_silence":
            return application.consultations.filter(
                answered_on__isnull=True, silence_recorded_on__isnull=True
            ).exists()
        if self.name == "record_delivery":
            return application.notices.exists()
        if self.name == "ask_reasons":
            return application.reasons_requested_on is None
        if self.name == "record_reasons":
            return application.reasons_requested_on is not None
        if self.name == "set_later_deadline":
            return application.reasons_requested_on is not None
        if self.name == "answer":
            return bool(application.draft_outcome)
        return True


ACTIVE = frozenset({Status.OPEN, Status.CONSULTING})
OPEN_ANY = frozenset({Status.OPEN, Status.CORRECTION, Status.CONSULTING, Status.FEE})

ACTIONS: dict[str, Action] = {
    a.name: a
    for a in (
        Action(
            "assign",
            "分派承办人",
            "",
            cf.AssignForm,
            OPEN_ANY,
            lambda u, a, d: casework.application_assign(actor=u, application=a, **d),
        ),
        Action(
            "request_correction",
            "告知补正",
            "条例第三十条",
            f.RequestCorrectionForm,
            frozenset({Status.OPEN}),
            lambda u, a, d: s.application_request_correction(
                actor=u, application=a, **f.split_delivery(d)
            ),
        ),
        Action(
            "receive_correction",
            "收到补正",
            "条例第三十条",
            f.ReceiveCorrectionForm,
            frozenset({Status.CORRECTION}),
            lambda u, a, d: s.application_receive_correction(actor=u, application=a, **d),
            primary=True,
        ),
        Action(
            "consult",
            "征求意见",
            "条例第三十二条、第三十四条",
            f.ConsultForm,
            ACTIVE,
            lambda u, a, d: s.application_consult(actor=u, application=a, **f.split_delivery(d)),
        ),
        Action(
            "receive_opinion",
            "收到意见",
            "条例第三十二条、第三十四条",
            f.ReceiveOpinionForm,
            ACTIVE,
            lambda u, a, d: s.application_receive_opinion(actor=u, **d),
            primary=True,
        ),
        Action(
            "record_silence",
            "登记逾期未答复",
            "条例第三十二条、第三十四条",
            f.RecordSilenceForm,
            frozenset({Status.CONSULTING}),
            lambda u, a, d: s.application_record_silence(actor=u, **d),
        ),
        Action(
            "record_delivery",
            "登记送达",
            "条例第三十条；收费管理办法第七条",
            f.RecordDeliveryForm,
            OPEN_ANY | {Status.CLOSED},
            lambda u, a, d: notices.notice_record_delivery(
                actor=u, notice=d["notice"], **f.split_delivery(d)["delivery"]
            ),
        ),
        Action(
            "send_fee_notice",
            "发出收费通知",
            "《政府信息公开信息处理费管理办法》",
            f.FeeNoticeForm,
            frozenset({Status.OPEN}),
            lambda u, a, d: replies.fee_notice_drafted(
                actor=u,
                application=s.application_send_fee_notice(
                    actor=u, application=a, **f.split_delivery(d)
                ),
            ),
        ),
        Action(
            "record_payment",
            "登记缴费",
            "《政府信息公开信息处理费管理办法》",
            f.RecordPaymentForm,
            frozenset({Status.FEE}),
            lambda u, a, d: s.application_record_payment(actor=u, application=a, **d),
            primary=True,
        ),
        Action(
            "draft_reply",
            "拟定答复",
            "条例第三十六条",
            f.DraftReplyForm,
            ACTIVE,
            lambda u, a, d: replies.reply_draft(actor=u, application=a, **d),
            primary=True,
        ),
        Action(
            "extend",
            "批准延期",
            "条例第三十三条第二款",
            f.ExtendForm,
            ACTIVE,
            lambda u, a, d: s.application_extend(actor=u, application=a, **f.split_delivery(d)),
            reviewer_only=True,
        ),
        Action(
            "ask_reasons",
            "要求说明理由",
            "条例第三十五条",
            f.AskReasonsForm,
            ACTIVE,
            lambda u, a, d: reasons.application_ask_reasons(
                actor=u, application=a, **f.split_delivery(d)
            ),
        ),
        Action(
            "record_reasons",
            "登记申请人理由",
            "条例第三十五条",
            f.RecordReasonsForm,
            ACTIVE,
            lambda u, a, d: reasons.application_record_reasons(actor=u, application=a, **d),
        ),
        Action(
            "set_later_deadline",
            "确定延迟答复期限",
            "条例第三十五条",
            f.LaterDeadlineForm,
            ACTIVE,
            lambda u, a, d: s.application_set_later_deadline(actor=u, application=a, **d),
            reviewer_only=True,
        ),
        Action(
            "secrecy_review",
            "保密审查",
            "条例第十七条",
            cf.SecrecyReviewForm,
            ACTIVE,
            lambda u, a, d: secrecy.application_secrecy_review(actor=u, application=a, **d),
        ),
        Action(
            "answer",
            "审核并答复",
            "条例第三十三条",
            f.AnswerForm,
            ACTIVE,
            lambda u, a, d: replies.reply_answer(actor=u, application=a, **d),
            reviewer_only=True,
            primary=True,
        ),
        Action(
            "withdraw",
            "申请人撤回",
            "",
            f.WithdrawForm,
            OPEN_ANY,
            lambda u, a, d: replies.closing_letter(
                actor=u, application=s.application_withdraw(actor=u, application=a, **d)
            ),
        ),
        Action(
            "correct",
            "更正登记信息",
            "",
            cf.CorrectForm,
            OPEN_ANY | {Status.CLOSED},
            lambda u, a, d: corrections.application_correct(actor=u, application=a, **d),
        ),
        Action(
            "void",
            "作废（误登记）",
            "",
            cf.VoidForm,
            OPEN_ANY,
            lambda u, a, d: corrections.application_void(actor=u, application=a, **d),
        ),
        Action(
            "deem_abandoned",
            "视为放弃",
            "条例第三十条；收费管理办法",
            f.DeemAbandonedForm,
            frozenset({Status.CORRECTION, Status.FEE}),
            lambda u, a, d: replies.closing_letter(
                actor=u, application=s.application_deem_abandoned(actor=u, application=a, **d)
            ),
        ),
    )
}


def build_form(action: Action, application: Application, data: Any = None) -> forms.Form:
    if action.form in (
        f.ReceiveOpinionForm,
        f.RecordSilenceForm,
        f.RecordDeliveryForm,
        cf.AssignForm,
        cf.CorrectForm,
    ):
        return action.form(data, application=application)
    if action.form is f.DraftReplyForm and data is None and application.draft_outcome:
        reply = replies.reply_details(application)
        initial = {
            "outcome": application.draft_outcome,
            "letter_text": application.letter_text,
            **{field: getattr(reply, field) for field in replies.FIELDS[:-1]},
        }
        for n, (part, ground) in enumerate(reply.withheld, start=1):
            initial |= {f"withheld_{n}_part": part, f"withheld_{n}_ground": ground}
        return f.DraftReplyForm(initial=initial)
    return action.form(data)


def available(user: Any, application: Application) -> list[Action]:
    return [a for a in ACTIONS.values() if a.allowed_for(user, application)]
