"""DOCX and PDF in the 公文 layout (GB/T 9704-2012), drafts marked 草稿 across every page.

GB/T 9704 asks for A4, 天头 37 mm, 订口 28 mm, a 156 × 225 mm type area (so 26 mm right and
35 mm bottom), the body in 3号仿宋 (16 pt) at 22 lines a page, the title in 2号小标宋 (22 pt),
the 发文机关标志 in red above a red rule, the 发文字号 between them, and page numbers in 4号
(14 pt) as "— 1 —". No 仿宋 or 小标宋 is installed with the platform: the body uses Noto Serif
CJK SC Regular (a Song/Ming face, the closest to 仿宋 among the Noto CJK fonts) and the title
and letterhead Noto Serif CJK SC Bold (the closest to 小标宋's heavy Song strokes). WeasyPrint
embeds the subset of each font the PDF uses; the DOCX names the fonts (Word substitutes on a
machine without them).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from gongkai.lib.safe_cells import xml_text

BODY_FONT = "Noto Serif CJK SC"  # for 仿宋
TITLE_FONT = "Noto Serif CJK SC"  # Bold, for 小标宋
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28.9  # 3号, 2号; 225 mm / 22 lines
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
RED = "C00000"
WATERMARK = "草稿"


@dataclass(frozen=True)
class Page:
    """What a rendered document shows: the letterhead, 文号, title, paragraphs (the first the
    addressee, the last two the signature) and whether it is still a draft."""

    agency: str
    number: str
    title: str
    paragraphs: list[str]
    draft: bool


def render_html(page: Page) -> str:
    body = page.paragraphs
    return render_to_string(
        "documents/document.html",
        {
            "page": page,
            "salutation": body[0] if body else "",
            "body": body[1:-2] if len(body) > 3 else body[1:],
            "signature": body[-2:] if len(body) > 3 else [],
            "margins": MARGINS_MM,
            "sizes": {"body": BODY_PT, "title": TITLE_PT, "line": LINE_PT},
        },
    )


def render_pdf(page: Page) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    pdf: bytes = HTML(string=render_html(page)).write_pdf()
    return pdf


def render_docx(page: Page) -> bytes:
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Mm

    document = Document()
    section = document.sections[0]
    assert section.start_type == WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _body_style(document)
    _letterhead(document, page)
    _paragraphs(document, page.paragraphs)
    _page_number(section)
    if page.draft:
        _watermark(section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _font(run_or_style: object, name: str) -> None:
    from docx.oxml.ns import qn

    run_or_style.font.name = name  # type: ignore[attr-defined]
    element = run_or_style.element  # type: ignore[attr-defined]
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _body_style(document: object) -> None:
    from docx.shared import Pt

    style = document.styles["Normal"]  # type: ignore[attr-defined]
    _font(style, BODY_FONT)
    style.font.size = Pt(BODY_PT)
    style.paragraph_format.line_spacing = Pt(LINE_PT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)


def _run(
    paragraph: object, text: str, size: float, *, bold: bool = False, red: bool = False
) -> Any:
    from docx.shared import Pt, RGBColor

    # XML cannot hold control characters: a \x01 typed into a field must not break the file.
    run = paragraph.add_run(xml_text(text))  # type: ignore[attr-defined]
    _font(run, TITLE_FONT if bold else BODY_FONT)
    run.font.size = Pt(size)
    run.bold = bold
    if red:
        run.font.color.rgb = RGBColor.from_string(RED)
    return run


def _letterhead(document: object, page: Page) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    head = document.add_paragraph()  # type: ignore[attr-defined]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, page.agency, 26, bold=True, red=True)
    number = document.add_paragraph()  # type: ignore[attr-defined]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(14)
    _run(number, page.number or "（草稿，签发时编号）", BODY_PT)
    # the red rule below the 发文字号 (GB/T 9704 7.2.4)
    number._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="18" w:space="6" '
            f'w:color="{RED}"/></w:pBdr>'
        )
    )
    title = document.add_paragraph()  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(LINE_PT)
    title.paragraph_format.space_after = Pt(LINE_PT)
    title.paragraph_format.line_spacing = Pt(TITLE_PT * 1.4)
    _run(title, page.title, TITLE_PT, bold=True)


def _paragraphs(document: object, body: list[str]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    signature_from = len(body) - 2 if len(body) > 3 else len(body)
    for index, text in enumerate(body):
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        _run(paragraph, text, BODY_PT)
        if index >= signature_from:  # agency and date, room for the seal above
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)
            if index == signature_from:
                paragraph.paragraph_format.space_before = Pt(LINE_PT)
        elif index > 0:
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)


def _page_number(section: object) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    footer = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", 14)
    field = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    )
    for xml in field:
        footer._p.append(parse_xml(xml))
    _run(footer, " —", 14)


# Word's own watermark: a VML WordArt shape in the header, behind the text on every page.
_WATERMARK_XML = """<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:r>
<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom"
 o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s1025" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;rotation:315;
z-index:-251654144;mso-position-horizontal:center;mso-position-horizontal-relative:margin;
mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"
 fillcolor="#bfbfbf" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;{font}&quot;;font-size:1pt" string="{text}"/>
</v:shape></w:pict></w:r></w:p>"""


def _watermark(section: object) -> None:
    from docx.oxml import parse_xml

    header = section.header  # type: ignore[attr-defined]
    xml = _WATERMARK_XML.replace("{font}", BODY_FONT).replace("{text}", WATERMARK)
    header._element.append(parse_xml(xml))
