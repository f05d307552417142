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

if TYPE_CHECKING:
    from gongkai.requests.models import Application

TITLE = "政府信息公开申请答复告知书"
FEE_TITLE = "政府信息公开信息处理费缴费通知书"
ACT = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》"

# outcome → (decision, legal basis). {act} is the regulation's full title.
DECISIONS: dict[str, tuple[str, str]] = {
    "disclosed": ("您申请获取的政府信息属于公开范围，本机关决定予以公开。", "第三十六条第（二）项"),
    "partially_disclosed": (
        "您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关决定向您提供可以公开的部分，"
        "不予公开的部分及理由另列于后。",
        "第三十七条、第三十六条第（三）项",
    ),
    "withheld.state_secret": (
        "您申请获取的政府信息属于国家秘密，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
    ),
    "withheld.prohibited_by_law": (
        "您申请获取的政府信息属于法律、行政法规禁止公开的信息，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
    ),
    "withheld.security_stability": (
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。",
        "第十四条、第三十六条第（三）项",
    ),
    "withheld.third_party_rights": (
        "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
        "本机关决定不予公开。",
        "第十五条、第三十二条、第三十六条第（三）项",
    ),
    "withheld.internal_affairs": (
        "您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开。",
        "第十六条第一款、第三十六条第（三）项",
    ),
    "withheld.process_information": (
        "您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息，本机关决定不予公开。",
        "第十六条第二款、第三十六条第（三）项",
    ),
    "withheld.enforcement_files": (
        "您申请获取的信息属于行政执法案卷信息，本机关决定不予公开。",
        "第十六条第二款、第三十六条第（三）项",
    ),
    "withheld.administrative_inquiry": (
        "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，"
        "请依照有关法律、行政法规的规定办理。",
        "第三十六条第（七）项",
    ),
    "unavailable.not_held": (
        "经检索，本机关没有您申请公开的政府信息（或该信息不属于本机关负责公开）。",
        "第三十六条第（四）项、第（五）项",
    ),
    "unavailable.needs_creation": (
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析，或需要另行制作，本机关不予提供。",
        "第三十八条",
    ),
    "unavailable.still_unclear": (
        "经补正后，您的申请内容仍不明确，本机关无法确定您所需的政府信息，因此无法提供。",
        "第三十条",
    ),
    "not_processed.petition": (
        "您的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理，"
        "您可以通过相应渠道提出。",
        "第三十九条第一款",
    ),
    "not_processed.duplicate": (
        "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关不予重复处理。",
        "第三十六条第（六）项",
    ),
    "not_processed.publication": (
        "您的申请内容为要求提供政府公报、报刊、书籍等公开出版物，请通过公开发行渠道获取。",
        "第三十九条第二款",
    ),
    "not_processed.excessive": (
        "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
        "第三十五条",
    ),
    "not_processed.confirm_or_reissue": (
        "您的申请内容为要求本机关确认或者重新出具已获取的信息，不属于条例所指的政府信息公开申请，"
        "本机关不予处理。",
        "第三十八条、第三十九条",
    ),
    "other.no_correction": (
        "本机关已向您发出补正告知，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        "第三十条",
    ),
    "other.fee_unpaid": (
        "本机关已向您发出收费通知，您逾期未按通知要求缴纳信息处理费，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        "",
    ),
    "other.other": ("您已撤回该政府信息公开申请，本机关终止办理。", ""),
}
PROVIDES_INFORMATION = frozenset({"disclosed", "partially_disclosed"})
REMEDIES = (
    "如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼"
    f"（{ACT}第五十一条）。"
)


def legal_basis(outcome: str) -> str:
    """The sentence citing the articles the decision rests on."""
    _, articles = DECISIONS[outcome]
    if outcome == "other.fee_unpaid":
        return f"依据：{FEE_RULES}关于逾期未缴费视为放弃申请的规定。"
    if not articles:
        return ""
    return f"依据：{ACT}{articles}。"


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
    decision, _ = DECISIONS[outcome]
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
    if outcome in PROVIDES_INFORMATION:
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
        f"请于收到本通知次日起 20 个工作日内（{_zh_date(application.fee_due_on)}前）缴纳。"
        "缴费期间不计算在答复期限内。",
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

    from gongkai.lib.safe_cells import xml_text

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for text, size in ((application.agency.name, 18), (title, 20)):
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = heading.add_run(xml_text(text))
        run.bold = True
        run.font.size = Pt(size)
    number = document.add_paragraph(application.tracking_number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body = letter_paragraphs(application) if paragraphs is None else paragraphs
    for index, text in enumerate(body):
        paragraph = document.add_paragraph(xml_text(text))  # XML cannot hold control characters
        if index >= len(body) - 2:  # the signature: agency and date
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif index > 0:
            paragraph.paragraph_format.first_line_indent = Pt(28)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
