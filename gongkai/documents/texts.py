"""The text of each kind of document, from a Django template an agency can adapt.

A template is looked up first as ``documents/agency/<机关代码>/<kind>.txt`` (one agency's own
wording), then ``documents/kinds/<kind>.txt`` (the platform's). Put the override in the folder
named by ``GONGKAI_DOCUMENT_TEMPLATES`` (searched before the platform's templates). Each line
of the rendered text is a paragraph; the last two lines are the signature (agency and date).
The law is in the context the templates get (decision, articles, remedies: ``letters``), so
an adapted wording cannot drop an article by accident without it showing in the preview.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import select_template

from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.requests import deadlines
from gongkai.requests.models import Application, Consultation
from gongkai.requests.outcomes import Remedy
from gongkai.workdays.selectors import platform_calendar


class NotAvailable(Exception):
    """The case has not reached the step this kind of document belongs to."""


TITLES = {
    "receipt": "政府信息公开申请受理回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求意见函",
    "fee": "政府信息公开信息处理费缴费通知书",
    "reply": "政府信息公开申请答复告知书",
}


def template_names(kind: str, agency: Agency) -> list[str]:
    return [f"documents/agency/{agency.short_code}/{kind}.txt", f"documents/kinds/{kind}.txt"]


def render_text(kind: str, agency: Agency, context: dict[str, Any]) -> str:
    """The template's output, one paragraph per non-blank line."""
    rendered = select_template(template_names(kind, agency)).render(context)
    return "\n".join(line.strip() for line in rendered.splitlines() if line.strip())


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def summary(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def last_reason(application: Application, action: str) -> str:
    """The reason recorded with the case's last ``action`` (the correction items, the
    extension's reason are kept on the audit trail, where the clerk entered them)."""
    event = (
        Event.objects.filter(
            object_type="requests.application",
            object_id=str(application.pk),
            action=f"application.{action}",
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.reason if event else ""


def base_context(application: Application, on: date) -> dict[str, Any]:
    from gongkai.requests.letters import contact_line

    agency = application.agency
    return {
        "application": application,
        "agency": agency,
        "applicant": application.applicant_name,
        "received": zh_date(application.received_on),
        "summary": summary(application.description),
        "contact": contact_line(agency),
        "date": zh_date(on),
    }


def kind_context(
    kind: str, application: Application, on: date, consultation: Consultation | None = None
) -> dict[str, Any]:
    """What the template of ``kind`` needs; ``NotAvailable`` before the case's step."""
    from gongkai.requests.letters import remedies

    agency = application.agency
    context = base_context(application, on)
    if kind == "receipt":
        # 条例第三十三条第二款: 20 working days from receipt (the case's stored due date moves
        # with corrections and pauses; the receipt states the period as it starts)
        due = deadlines.working_days_after(
            platform_calendar(), application.received_on, deadlines.REPLY_DAYS
        )
        context["due"] = zh_date(due.on) + ("（暂定，节假日安排未公布）" if due.provisional else "")
    elif kind == "correction":
        if application.correction_requested_on is None or application.correction_due_on is None:
            raise NotAvailable("本申请没有告知补正。")
        items = [i.strip() for i in last_reason(application, "request_correction").splitlines()]
        context |= {"items": [i for i in items if i], "due": zh_date(application.correction_due_on)}
    elif kind == "extension":
        if not application.extension_days:
            raise NotAvailable("本申请没有批准延期。")
        context |= {
            "days": application.extension_days,
            "reason": last_reason(application, "extend").strip().rstrip("。"),
            "due": zh_date(application.due_on),
        }
    elif kind == "consultation":
        if consultation is None:
            raise NotAvailable("请选择征求意见的对象。")
        context |= {
            "consultation": consultation,
            "third_party": consultation.kind == Consultation.Kind.THIRD_PARTY,
            "reply_due": zh_date(consultation.reply_due_on),
        }
    elif kind == "fee":
        if application.fee_notice_on is None or application.fee_due_on is None:
            raise NotAvailable("本申请没有发出收费通知。")
        context |= {
            "method": application.get_fee_method_display(),
            "amount": f"{application.fee_amount:.2f}" if application.fee_amount is not None else "",
            "due": zh_date(application.fee_due_on),
            "remedies": remedies(agency, Remedy.REVIEW_OR_SUIT, on, letter="本通知", what="本通知"),
        }
    elif kind == "reply":
        if not application.letter_text.strip():
            raise NotAvailable("尚未拟定答复。")
    else:
        raise NotAvailable(f"没有这种文书：{kind}")
    return context


def addressee(kind: str, application: Application, consultation: Consultation | None) -> str:
    return (
        consultation.party
        if kind == "consultation" and consultation
        else (application.applicant_name)
    )


def generate(
    kind: str, application: Application, on: date, consultation: Consultation | None = None
) -> str:
    """The text of a new document of ``kind``. The reply's text is the case's letter (drafted
    on the reply form from ``letters.default_text``, which renders the reply template)."""
    if kind == "reply":
        kind_context(kind, application, on)
        return application.letter_text.strip()
    return render_text(kind, application.agency, kind_context(kind, application, on, consultation))
