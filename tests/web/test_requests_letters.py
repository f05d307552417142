"""答复告知书: a letter for every outcome with its decision, legal basis and remedies, as
editable text, DOCX and PDF."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest
import time_machine
from docx import Document

from gongkai.requests import letters
from gongkai.requests.models import Outcome
from gongkai.requests.services import application_draft_reply
from tests.web.requests_fixtures import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_a(clerk_a, agency_a):
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        return register(clerk_a, agency_a, date(2026, 2, 6))[0]


@pytest.mark.parametrize("outcome", Outcome.values)
def test_it_has_a_letter_for_every_outcome(case_a, outcome) -> None:
    text = letters.default_text(case_a, outcome, on=date(2026, 3, 2))
    assert text.startswith("张三丰：")
    assert case_a.tracking_number in text
    assert (
        "六十日内" in text and "申请行政复议" in text
    )  # the remedies: tests/web/test_documents_remedies.py
    assert text.endswith("2026年3月2日")
    if outcome != "other.other":  # a withdrawal rests on the applicant's own act
        assert "依据：" in text
    if outcome in ("disclosed", "partially_disclosed"):
        assert "电子数据" in text and "电子邮件" in text  # how the information is provided


def test_it_cites_the_articles_of_the_decision(case_a) -> None:
    assert "第十五条" in letters.default_text(case_a, "withheld.third_party_rights")
    assert "第三十八条" in letters.default_text(case_a, "unavailable.needs_creation")
    assert "信息处理费管理办法" in letters.default_text(case_a, "other.fee_unpaid")


def test_it_renders_the_edited_text_as_docx_and_pdf(clerk_a, case_a) -> None:
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = application_draft_reply(
            actor=clerk_a,
            application=case_a,
            outcome="disclosed",
            letter_text="张三丰：\n经审查，予以公开，另附说明一份。\n"
            + "如对本答复不服，可以依法申请行政复议或者提起行政诉讼。"
            + "\n江临市教育局\n2026年3月2日",
        )
    document = Document(io.BytesIO(letters.render_docx(case)))
    paragraphs = [p.text for p in document.paragraphs]
    # an open case's letter is a draft: no 文号 yet, 草稿 behind the text (the header's WordArt)
    assert paragraphs[:3] == ["江临市教育局", "（草稿，签发时编号）", letters.TITLE]
    assert 'string="草稿"' in document.sections[0].header._element.xml
    assert "经审查，予以公开，另附说明一份。" in paragraphs
    with pdfplumber.open(io.BytesIO(letters.render_pdf(case))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "答复告知书" in text and "另附说明一份" in text and "行政复议" in text
