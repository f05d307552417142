"""答复告知书: the reply letter for each outcome, as editable text, DOCX and PDF.

The text is generated from the case by ``default_text`` — the decision with the reply's details
(``Reply``: 第三十六条's variants, 第三十七条's withheld parts), its articles, how the information
is provided and the remedies (``documents.remedies``: 复议前置 for 不予公开) — through the reply
template (``documents/kinds/reply.txt``, adaptable per agency) and stored on the case, where the
clerk may edit it before the reviewer approves it; the reply's ``documents.Document`` carries
its 文号 and review. DOCX and PDF are rendered from the stored text in the 公文 layout
(``documents.render``), marked 草稿 until approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.documents import render
from gongkai.documents.remedies import remedy_paragraphs
from gongkai.documents.render import Page
from gongkai.requests import outcomes
from gongkai.requests.outcomes import Remedy

if TYPE_CHECKING:
    from gongkai.requests.models import Application

TITLE = "政府信息公开申请答复告知书"  # = documents.texts.TITLES["reply"]
FEE_TITLE = "政府信息公开信息处理费缴费通知书"  # = documents.texts.TITLES["fee"]


@dataclass(frozen=True)
class Reply:
    """What a reply letter says besides its outcome (entered on the reply form, kept in
    ``documents.ReplyDetails``): the letter variant of the outcome (第三十六条第（一）/（二）项,
    第（四）/（五）项), where proactively disclosed information is, the agency responsible for
    it, and for 部分公开 the disclosed part and each withheld part with its ground (第三十七条)."""

    variant: str = ""
    published_where: str = ""
    reason: str = ""
    holder: str = ""
    holder_contact: str = ""
    disclosed_part: str = ""
    withheld: tuple[tuple[str, str], ...] = ()  # (the part, the withheld.* outcome it rests on)


def remedies(agency: Agency, remedy: Remedy, on: date, **words: str) -> list[str]:
    """The remedy paragraph(s), the 复议机关 named from the agency's hierarchy."""
    from gongkai.documents.selectors import review_body_for

    return remedy_paragraphs(remedy, body=review_body_for(agency), on=on, **words)


def legal_basis(outcome: str, variant: str = "") -> str:
    """The sentence citing the articles the decision rests on."""
    basis = outcomes.get(outcome).variant(variant).basis
    return f"依据：{basis}。" if basis else ""


def _holder_sentence(reply: Reply) -> str:
    """条例第三十六条第（五）项: the responsible agency's name and contact, where known."""
    if not reply.holder.strip():
        return "本机关无法确定负责公开该政府信息的行政机关。"
    contact = reply.holder_contact.strip()
    return (
        f"负责公开该政府信息的行政机关为{reply.holder.strip()}"
        + (f"（联系方式：{contact}）" if contact else "")
        + "，您可以向其提出申请。"
    )


def decision_paragraphs(outcome: str, reply: Reply) -> list[str]:
    """The decision with the reply's facts filled in; for 部分公开 each withheld part on its
    own line with its article and sub-ground (条例第三十七条)."""
    entry = outcomes.get(outcome)
    decision = entry.variant(reply.variant).decision.format(
        published_where=reply.published_where.strip().rstrip("。"),
        reason=reply.reason.strip().rstrip("。"),
        holder=_holder_sentence(reply),
        disclosed_part=reply.disclosed_part.strip().rstrip("。"),
    )
    lines = [decision]
    if entry.lists_withheld_parts:
        for number, (part, ground) in enumerate(reply.withheld, start=1):
            lines.append(
                f"{number}. {part.strip().rstrip('。')}：不予公开，依据{outcomes.get(ground).ground}。"
            )
    return lines


def how_to_get(application: Application) -> str:
    """Where and how the applicant receives the information (条例第四十条)."""
    agency = application.agency
    form = application.get_form_wanted_display()
    delivery = application.get_delivery_display()
    if application.form_wanted == "inspection":
        place = agency.reading_room or agency.address or "本机关"
        return f"请携带本告知书和身份证明到{place}查阅。"
    return f"相关信息以{form}形式通过{delivery}方式提供给您，请注意查收。"


def default_text(
    application: Application,
    outcome: str,
    *,
    note: str = "",
    on: date | None = None,
    reply: Reply | None = None,
) -> str:
    """The letter's body for ``outcome``, from the salutation to the date, rendered from the
    reply template (``documents/kinds/reply.txt``, which an agency may adapt)."""
    from gongkai.documents import texts

    reply = reply or Reply()
    day = on or timezone.localdate()
    entry = outcomes.get(outcome)
    context = texts.base_context(application, day) | {
        "decision": decision_paragraphs(outcome, reply),
        "note": note.strip(),
        "basis": legal_basis(outcome, reply.variant),
        "how_to_get": (
            how_to_get(application)
            if entry.provides_information and reply.variant != "proactive"
            else ""
        ),
        "remedies": remedies(application.agency, entry.remedy, day),
    }
    return texts.render_text("reply", application.agency, context)


def contact_line(agency: Agency) -> str:
    parts = (
        f"联系机构：{agency.disclosure_unit}",
        f"电话：{agency.phone}" if agency.phone else "",
        f"地址：{agency.address}" if agency.address else "",
    )
    return "，".join(part for part in parts if part) + "。"


def letter_paragraphs(application: Application) -> list[str]:
    return [line.strip() for line in application.letter_text.splitlines() if line.strip()]


def fee_notice_paragraphs(application: Application) -> list[str]:
    """The fee notice (办法): amount, how it was computed, the 20-working-day window, what
    happens without payment, and the remedies; rendered from ``documents/kinds/fee.txt``."""
    from gongkai.documents import texts

    assert application.fee_notice_on is not None
    context = texts.kind_context("fee", application, application.fee_notice_on)
    return texts.render_text("fee", application.agency, context).splitlines()


def _page(application: Application, title: str, paragraphs: list[str] | None) -> Page:
    """The letter as a page: numbered with its document's 文号 once approved; a draft (草稿)
    while the case is open and the letter not approved."""
    from gongkai.documents.models import Document

    kind = "fee" if title == FEE_TITLE else "reply"
    approved = (
        Document.objects.filter(application=application, kind=kind, status__in=("approved", "sent"))
        .order_by("-pk")
        .first()
    )
    draft = approved is None and (application.is_open if kind == "reply" else True)
    number = (
        approved.number
        if approved
        else ("" if draft else f"受理编号：{application.tracking_number}")
    )
    body = letter_paragraphs(application) if paragraphs is None else paragraphs
    return Page(application.agency.name, number, title, body, draft)


def render_html(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> str:
    return render.render_html(_page(application, title, paragraphs))


def render_pdf(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> bytes:
    return render.render_pdf(_page(application, title, paragraphs))


def render_docx(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> bytes:
    return render.render_docx(_page(application, title, paragraphs))
