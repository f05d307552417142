"""What the applicant is told, event by event: the one map from a request's audit action
(``application.<action>``, gongkai.requests.record) to its message. ``application_event_notify``
is called where the event is recorded, inside the same transaction, so a step that rolls back
leaves no message behind.

A message names the agency, the tracking number, dates and the step — never the applicant's
name or the request's text. The e-mail carries a one-time link to the case page (the link
machinery of the query-code recovery, gongkai.portal.recovery); an SMS does not (a short
message is read on a phone that others may hold later): it points to the status page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse

from gongkai.notifications.models import Notification, NotifyChannel, NotifyKind
from gongkai.notifications.services import applicant_channels, notification_enqueue
from gongkai.requests import outcomes
from gongkai.requests.models import Application

PROVISIONAL = "（临时：该年度的节假日安排尚未完整公布，期限可能调整）"


@dataclass(frozen=True)
class Message:
    kind: str
    subject: str
    text: str  # the step, in a sentence or two


def _day(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "（未定）"


def _due(application: Application) -> str:
    mark = PROVISIONAL if application.due_provisional else ""
    return f"{_day(application.due_on)}{mark}"


def _received(a: Application) -> Message:
    return Message(
        NotifyKind.RECEIVED,
        f"政府信息公开申请 {a.tracking_number} 已收到",
        f"{a.agency.name}于 {_day(a.received_on)} 收到您的政府信息公开申请（条例第三十一条），"
        f"受理编号 {a.tracking_number}。答复期限：{_due(a)}（条例第三十三条，收到申请当日不计）。",
    )


def _correction(a: Application) -> Message:
    return Message(
        NotifyKind.CORRECTION,
        f"政府信息公开申请 {a.tracking_number} 需要补正",
        f"{a.agency.name}告知您的申请（受理编号 {a.tracking_number}）需要补正，需补正的事项见"
        f"补正告知书和办理情况页面。补正期限为您收到补正告知书之日起 {a.correction_days} 个"
        "工作日；补正期间答复期限暂停计算，逾期未补正的视为放弃申请（条例第三十条）。",
    )


def _paused(a: Application) -> Message:
    consultation = a.consultations.order_by("-sent_on", "-pk").first()
    since = _day(consultation.sent_on) if consultation else _day(a.period_start)
    return Message(
        NotifyKind.PAUSED,
        f"政府信息公开申请 {a.tracking_number} 答复期限暂停计算",
        f"{a.agency.name}就您的申请（受理编号 {a.tracking_number}）自 {since} 起书面征求"
        "意见，征求意见所需时间不计入答复期限（条例第三十二条、第三十三条、第三十四条）。",
    )


def _extended(a: Application) -> Message:
    return Message(
        NotifyKind.EXTENDED,
        f"政府信息公开申请 {a.tracking_number} 答复期限延长",
        f"经政府信息公开工作机构负责人同意，您的申请（受理编号 {a.tracking_number}）答复期限"
        f"延长 {a.extension_days} 个工作日，答复期限：{_due(a)}（条例第三十三条第二款）。",
    )


def _later(a: Application) -> Message:
    return Message(
        NotifyKind.EXTENDED,
        f"政府信息公开申请 {a.tracking_number} 延迟答复",
        f"因申请数量或者频次明显超过合理范围，{a.agency.name}确定您的申请（受理编号 "
        f"{a.tracking_number}）延迟答复，答复期限：{_day(a.later_deadline)}（条例第三十五条）。",
    )


def _fee(a: Application) -> Message:
    return Message(
        NotifyKind.FEE,
        f"政府信息公开申请 {a.tracking_number} 收费通知",
        f"{a.agency.name}就您的申请（受理编号 {a.tracking_number}）发出收费通知：信息处理费 "
        f"{a.fee_amount} 元。请自收到收费通知的次日起 20 个工作日内缴纳，缴费期间不计入答复"
        "期限；逾期未缴纳的视为放弃申请（《政府信息公开信息处理费管理办法》第七条）。",
    )


def _reply(a: Application) -> Message:
    return Message(
        NotifyKind.REPLY,
        f"政府信息公开申请 {a.tracking_number} 已答复",
        f"{a.agency.name}已于 {_day(a.closed_on)} 对您的申请（受理编号 {a.tracking_number}）"
        f"作出答复：{a.outcome_label}。答复告知书按您选择的方式送达，也可在办理情况页面查看"
        "（条例第三十六条）。",
    )


def _deemed_withdrawn(a: Application) -> Message:
    why = {
        outcomes.NO_CORRECTION: "您未在补正期限内补正，申请视为放弃（条例第三十条）",
        outcomes.FEE_UNPAID: "您未在缴费期限内缴纳信息处理费，申请视为放弃"
        "（《政府信息公开信息处理费管理办法》第七条）",
    }.get(a.outcome, "申请视为放弃")
    return Message(
        NotifyKind.WITHDRAWN,
        f"政府信息公开申请 {a.tracking_number} 视为放弃",
        f"{why}，{a.agency.name}于 {_day(a.closed_on)} 终止办理（受理编号 "
        f"{a.tracking_number}）。如仍需要该信息，可以重新提出申请。",
    )


# action (gongkai.requests.record) → the applicant's message
EVENT_MESSAGES: dict[str, Callable[[Application], Message]] = {
    "register": _received,
    "request_correction": _correction,
    "consult": _paused,
    "extend": _extended,
    "set_later_deadline": _later,
    "send_fee_notice": _fee,
    "answer": _reply,
    "deem_abandoned": _deemed_withdrawn,
}


def application_event_notify(application: Application, action: str) -> list[Notification]:
    """Queue the applicant's message for ``action`` on every channel they chose; nothing for an
    action the applicant is not told of. Call inside the event's transaction."""
    write = EVENT_MESSAGES.get(action)
    if write is None:
        return []
    message = write(application)
    queued = []
    for channel, recipient in applicant_channels(application):
        if channel == NotifyChannel.EMAIL:
            body = _email_body(application, message)
        else:
            body = f"【{application.agency.name}】{message.text}详情请凭受理编号和查询码查询。"
        queued.append(
            notification_enqueue(
                kind=message.kind,
                channel=channel,
                recipient=recipient,
                subject=message.subject,
                body=body,
                application=application,
            )
        )
    return queued


def _email_body(application: Application, message: Message) -> str:
    # Imported here: the portal's views import the requests app, which imports this module.
    from gongkai.portal.recovery import case_link_issue

    token = case_link_issue(application, purpose="notice")
    link = settings.PUBLIC_BASE_URL + reverse("requests:case_link", args=[token])
    status = settings.PUBLIC_BASE_URL + reverse("requests:status")
    days = settings.NOTIFY_LINK_MAX_AGE // 86400
    return (
        "您好：\n\n"
        f"{message.text}\n\n"
        "打开下面的链接，即可查看办理情况、需要您办理的事项和已发出的文书"
        f"（{days} 天内有效，只能使用一次）：\n\n{link}\n\n"
        f"链接失效后，请凭受理编号和查询码在 {status} 查询。\n\n"
        f"{application.agency.name}\n（本邮件由系统自动发送，请勿回复。）\n"
    )
