"""答复告知书: the reply letter for each outcome, as editable text, DOCX and PDF.

The text is generated from the case by ``default_text`` (decision, legal basis with article
numbers, how to get the information, remedies) and stored on the case, where the clerk may edit
it before the reviewer sends it; DOCX and PDF are rendered from the stored text.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.requests import outcomes
from gongkai.requests.outcomes import ACT, FEE_RULES

if TYPE_CHECKING:
    from gongkai.requests.models import Application

TITLE = "政府信息公开申请答复告知书"
FEE_TITLE = "政府信息公开信息处理费缴费通知书"

REMEDIES = (
    "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼"
    f"（{ACT}第五十一条）。"
)


def legal_basis(outcome: str) -> str:
    """The sentence citing the articles the decision rests on."""
    basis = outcomes.get(outcome).basis
    return f"依据：{basis}。" if basis else ""


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
    application: Application, outcome: str, *, note: str = "", on: date | None = None
) -> str:
    """The letter's body for ``outcome``, from the salutation to the date."""
    agency = application.agency
    decision = outcomes.get(outcome).decision
    received = _zh_date(application.received_on)
    paragraphs = [
        f"{application.applicant_name}：",
        f"本机关于{received}收到您提出的政府信息公开申请（受理编号：{application.tracking_number}），"
        f"申请获取“{_summary(application.description)}”。经审查，现答复如下：",
        decision,
    ]
    if note.strip():
        paragraphs.append(note.strip())
    basis = legal_basis(outcome)
    if basis:
        paragraphs.append(basis)
    if outcomes.get(outcome).provides_information:
        paragraphs.append(how_to_get(application))
    paragraphs.append(REMEDIES)
    contact = "，".join(
        part
        for part in (
            f"联系机构：{agency.disclosure_unit}",
            f"电话：{agency.phone}" if agency.phone else "",
            f"地址：{agency.address}" if agency.address else "",
        )
        if part
    )
    paragraphs += [contact + "。", agency.name, _zh_date(on or timezone.localdate())]
    return "\n".join(paragraphs)


def _summary(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_paragraphs(application: Application) -> list[str]:
    return [line.strip() for line in application.letter_text.splitlines() if line.strip()]


def fee_notice_paragraphs(application: Application) -> list[str]:
    """The fee notice (办法): amount, how it was computed, the 20-working-day window, and
    what happens without payment."""
    agency = application.agency
    assert application.fee_notice_on and application.fee_due_on
    return [
        f"{application.applicant_name}：",
        f"您于{_zh_date(application.received_on)}提出的政府信息公开申请（受理编号："
        f"{application.tracking_number}），申请公开政府信息的数量、频次明显超过合理范围，"
        f"根据{ACT}第四十二条和{FEE_RULES}，本机关按{application.get_fee_method_display()}"
        f"收取信息处理费 {application.fee_amount} 元。",
        # 办法第七条: the window runs from the day after receipt, which the notice cannot know
        # when printed — no date that could contradict its own words.
        "请于收到本通知次日起 20 个工作日内缴纳。缴费期间不计算在答复期限内。",
        "逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
        REMEDIES,
        f"联系机构：{agency.disclosure_unit}"
        + (f"，电话：{agency.phone}。" if agency.phone else "。"),
        agency.name,
        _zh_date(application.fee_notice_on),
    ]


def render_html(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> str:
    return render_to_string(
        "requests/letter.html",
        {
            "application": application,
            "title": title,
            "paragraphs": letter_paragraphs(application) if paragraphs is None else paragraphs,
        },
    )


def render_pdf(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf: bytes = HTML(string=render_html(application, title, paragraphs)).write_pdf()
    return pdf


def render_docx(
    application: Application, title: str = TITLE, paragraphs: list[str] | None = None
) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for text, size in ((application.agency.name, 18), (title, 20)):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    number = document.add_paragraph(application.tracking_number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = letter_paragraphs(application) if paragraphs is None else paragraphs
    for index, text in enumerate(body):
        paragraph = document.add_paragraph(text)
        if index >= len(body) - 2:  # the signature: agency and date
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif index > 0:
            paragraph.paragraph_format.first_line_indent = Pt(28)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
