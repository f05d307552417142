"""Redaction for 部分公开 (issue 20, item 3): on the real reports in tests/data, the released PDF
holds none of the marked text, its page images show the black boxes, the original is kept
private and unchanged, and every mark and release is on the audit trail."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.audit.models import Event
from gongkai.documents.models import ReplyDetails
from gongkai.redaction import pdf
from gongkai.redaction.grounds import grounds
from gongkai.redaction.models import Redaction
from gongkai.redaction.services import read, withheld_rows
from tests.web.requests_fixtures import register, use_private_dir

DATA = Path(__file__).parents[1] / "data"
PRIVACY = "withheld.third_party_rights"
PROCESS = "withheld.process_information"


@pytest.fixture
def case(operator: Any, agency_a: Any, settings: Any, tmp_path: Any) -> Any:
    use_private_dir(settings, tmp_path / "private")
    application, _ = register(operator, agency_a, date(2026, 2, 2))
    return application


def _start(client: Any, case: Any, name: str) -> Redaction:
    upload = SimpleUploadedFile(name, (DATA / name).read_bytes())
    response = client.post(reverse("redaction:new", args=[case.pk]), {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Redaction.objects.get(application=case)


def _black_share(png: bytes, rect: tuple[float, float, float, float]) -> float:
    """The share of near-black pixels inside ``rect`` (PDF points) of a page image."""
    image = pymupdf.Pixmap(png)
    x0, y0, x1, y1 = (round(v * pdf.ZOOM) for v in rect)
    inside = [(x, y) for x in range(x0 + 2, x1 - 2, 2) for y in range(y0 + 2, y1 - 2, 2)]
    dark = sum(1 for x, y in inside if max(image.pixel(x, y)[:3]) < 40)
    return dark / len(inside)


def test_it_offers_the_grounds_of_articles_14_15_and_16() -> None:
    texts = [text for _, text in grounds()]
    assert len(texts) == 7
    assert all(any(a in t for a in ("第十四条", "第十五条", "第十六条")) for t in texts)


def test_it_removes_marked_phrases_and_areas_from_the_released_pdf(
    client: Any, case: Any, clerk_a: Any
) -> None:
    client.force_login(clerk_a)
    redaction = _start(client, case, "hongze-district-2023.pdf")
    original = read(redaction.original)
    assert redaction.page_count == 5
    page = client.get(reverse("redaction:edit", args=[redaction.pk])).content.decode()
    assert 'id="page-image"' in page and "draw.js" in page and "<script>" not in page
    phrases = ("洪泽湖大道", "0517-87222589", "hzzwgk@126.com")
    for phrase in phrases:
        response = client.post(
            reverse("redaction:phrase", args=[redaction.pk]), {"phrase": phrase, "ground": PRIVACY}
        )
        assert response.status_code == 302
    # A phrase on several pages is marked on every one of them.
    everywhere = "政府信息公开"
    found_on = {number for number, _ in pdf.find(original, everywhere)}
    assert len(found_on) > 2
    client.post(
        reverse("redaction:phrase", args=[redaction.pk]), {"phrase": everywhere, "ground": PROCESS}
    )
    assert {m.page for m in redaction.marks.filter(phrase=everywhere)} == found_on
    # An area typed in: the report's title block on page 1.
    area = (150.0, 80.0, 450.0, 140.0)
    assert pymupdf.open(stream=original)[0].get_text(clip=area).strip()
    client.post(
        reverse("redaction:mark", args=[redaction.pk]),
        {"page": 1, "x0": 150, "y0": 80, "x1": 450, "y1": 140, "ground": PROCESS},
    )
    # Before release the page image shows the marks half-transparent (the text still legible).
    preview = client.get(reverse("redaction:page", args=[redaction.pk, 1]))
    assert preview["Content-Type"] == "image/png" and preview["X-Content-Type-Options"] == "nosniff"
    assert 0.0 < _black_share(preview.content, area) < 0.9
    response = client.post(reverse("redaction:release", args=[redaction.pk]))
    assert response.status_code == 302
    redaction.refresh_from_db()
    released = read(redaction.released)
    text = pdf.text_of(released)
    for phrase in (*phrases, everywhere):
        assert phrase not in text
        assert phrase.encode() not in released
    assert "一、总体情况" in text  # the rest is kept
    assert not pymupdf.open(stream=released)[0].get_text(clip=area).strip()
    # The released page shows solid black boxes where the content was.
    image = client.get(reverse("redaction:page", args=[redaction.pk, 1])).content
    assert _black_share(image, area) > 0.95
    for mark in redaction.marks.filter(page=1, phrase="洪泽湖大道"):
        assert _black_share(pdf.render_page(released, 1), mark.rect) > 0.9
    # The original is kept, unchanged, private; the released file is a new attachment.
    assert read(redaction.original) == original and "洪泽湖大道" in pdf.text_of(original)
    assert set(case.attachments.all()) == {redaction.original, redaction.released}
    served = client.get(reverse("requests:attachment", args=[case.pk, redaction.released.pk]))
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == released
    # Every mark and the release is on the case's trail, the grounds listed for the letter.
    actions = list(Event.objects.filter(agency=case.agency).values_list("action", flat=True))
    assert actions.count("redaction.mark") == 5 and actions.count("redaction.release") == 1
    page = client.get(reverse("redaction:edit", args=[redaction.pk])).content.decode()
    assert "第十五条（涉及商业秘密、个人隐私等" in page and "第十六条第二款（过程性信息）" in page
    assert 'id="release"' not in page
    # The rows fit the reply's 不予公开的部分及理由 as the letter takes them.
    rows = withheld_rows(redaction)
    assert [g for _, g in rows] == sorted({PRIVACY, PROCESS})
    ReplyDetails(application=case, withheld=[list(row) for row in rows]).clean()


def test_it_redacts_another_real_report_and_keeps_the_marks_after_release(
    client: Any, case: Any, clerk_a: Any
) -> None:
    client.force_login(clerk_a)
    redaction = _start(client, case, "huaian-city-2024.pdf")
    text = pdf.text_of(read(redaction.original))
    phrase = "淮安市人民政府"
    assert phrase in text
    client.post(
        reverse("redaction:phrase", args=[redaction.pk]), {"phrase": phrase, "ground": PRIVACY}
    )
    client.post(reverse("redaction:release", args=[redaction.pk]))
    redaction.refresh_from_db()
    assert phrase not in pdf.text_of(read(redaction.released))
    # Released: no more marks, and no second release.
    response = client.post(
        reverse("redaction:phrase", args=[redaction.pk]), {"phrase": "年度报告", "ground": PRIVACY}
    )
    assert "已生成公开文本" in response.content.decode()
    assert not redaction.marks.filter(phrase="年度报告").exists()


def test_it_refuses_a_mark_without_a_ground_or_outside_the_page(
    client: Any, case: Any, clerk_a: Any
) -> None:
    client.force_login(clerk_a)
    redaction = _start(client, case, "hongze-district-2023.pdf")
    url = reverse("redaction:mark", args=[redaction.pk])
    no_ground = client.post(url, {"page": 1, "x0": 10, "y0": 10, "x1": 50, "y1": 50, "ground": ""})
    outside = client.post(
        url, {"page": 1, "x0": 900, "y0": 900, "x1": 990, "y1": 990, "ground": PRIVACY}
    )
    no_page = client.post(url, {"page": 9, "x0": 1, "y0": 1, "x1": 50, "y1": 50, "ground": PRIVACY})
    assert {no_ground.status_code, outside.status_code, no_page.status_code} == {400}
    assert "页面之外" in outside.content.decode() and "没有第 9 页" in no_page.content.decode()
    missing = client.post(
        reverse("redaction:phrase", args=[redaction.pk]),
        {"phrase": "不存在的词语", "ground": PRIVACY},
    )
    assert "没有找到" in missing.content.decode()
    assert not redaction.marks.exists()
    nothing = client.post(reverse("redaction:release", args=[redaction.pk]), follow=True)
    assert "尚未标记" in nothing.content.decode()


def test_it_removes_a_mark_with_an_event(client: Any, case: Any, clerk_a: Any) -> None:
    client.force_login(clerk_a)
    redaction = _start(client, case, "hongze-district-2023.pdf")
    client.post(
        reverse("redaction:mark", args=[redaction.pk]),
        {"page": 2, "x0": 10, "y0": 10, "x1": 100, "y1": 60, "ground": PRIVACY},
    )
    mark = redaction.marks.get()
    client.post(reverse("redaction:unmark", args=[redaction.pk, mark.pk]))
    assert not redaction.marks.exists()
    assert Event.objects.filter(action="redaction.unmark").count() == 1


def test_it_refuses_docx_without_libreoffice_and_anything_not_a_document(
    client: Any, case: Any, clerk_a: Any, monkeypatch: Any
) -> None:
    from docx import Document

    monkeypatch.setattr(pdf, "office", lambda: None)
    buffer = io.BytesIO()
    Document().save(buffer)
    client.force_login(clerk_a)
    url = reverse("redaction:new", args=[case.pk])
    page = client.post(url, {"file": SimpleUploadedFile("答复.pdf", buffer.getvalue())})
    assert "未安装 LibreOffice" in page.content.decode()
    junk = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html><script>")})
    assert "只能对 PDF 文件" in junk.content.decode()
    broken = client.post(url, {"file": SimpleUploadedFile("y.pdf", b"%PDF-1.4 broken")})
    assert "无法打开" in broken.content.decode() or "页" in broken.content.decode()
    assert not Redaction.objects.exists() and not case.attachments.exists()


def test_it_keeps_other_agencies_and_supervisors_out(
    client: Any, case: Any, clerk_a: Any, clerk_b: Any, supervisor: Any
) -> None:
    client.force_login(clerk_a)
    redaction = _start(client, case, "hongze-district-2023.pdf")
    client.force_login(clerk_b)
    assert client.get(reverse("redaction:edit", args=[redaction.pk])).status_code == 404
    assert client.get(reverse("redaction:page", args=[redaction.pk, 1])).status_code == 404
    assert client.get(reverse("redaction:new", args=[case.pk])).status_code == 404
    client.force_login(supervisor)
    assert client.get(reverse("redaction:edit", args=[redaction.pk])).status_code == 200
    response = client.post(
        reverse("redaction:phrase", args=[redaction.pk]), {"phrase": "洪泽", "ground": PRIVACY}
    )
    assert response.status_code == 403 and not redaction.marks.exists()


def test_the_pdf_work_runs_in_the_bounded_worker(monkeypatch: Any) -> None:
    """MuPDF parses uploaded files in a child with its own limits: a limit hit is a clear
    refusal, and an answer the child should never give is refused, not used."""
    from gongkai.redaction import bounded
    from gongkai.report import sandbox

    original = (DATA / "hongze-district-2024.pdf").read_bytes()
    assert bounded.page_count(original) == pdf.page_count(original)
    assert bounded.render_page(original, 1).startswith(bounded.PNG)
    monkeypatch.setattr(bounded, "LIMITS", sandbox.Limits(memory_mb=40))
    with pytest.raises(pdf.RedactionError, match="内存"):
        bounded.render_page(original, 1)
    monkeypatch.setattr(sandbox, "run", lambda *a, **k: sandbox.Outcome({"b64": "PGh0bWw+"}, 1.0))
    with pytest.raises(pdf.RedactionError, match="无法识别"):
        bounded.render_page(original, 1)
    monkeypatch.setattr(sandbox, "run", lambda *a, **k: sandbox.Outcome([[1, "x"]], 1.0))
    with pytest.raises(pdf.RedactionError, match="无法识别"):
        bounded.find(original, "洪泽")


def test_a_docx_is_converted_to_pdf_in_the_isolated_libreoffice(
    client: Any, case: Any, clerk_a: Any
) -> None:
    """A Word file is converted by LibreOffice as the report readers convert (no network, its
    own profile, bounded), then opened for marking like a PDF."""
    from docx import Document

    if pdf.office() is None:
        pytest.skip("LibreOffice is not installed")
    buffer = io.BytesIO()
    word = Document()
    word.add_paragraph("申请人住址：洪泽湖大道88号")
    word.save(buffer)
    converted = pdf.to_pdf(buffer.getvalue(), "docx")
    assert converted.startswith(b"%PDF-") and "洪泽湖大道" in pdf.text_of(converted)
    client.force_login(clerk_a)
    upload = SimpleUploadedFile("答复材料.docx", buffer.getvalue())
    assert (
        client.post(reverse("redaction:new", args=[case.pk]), {"file": upload}).status_code == 302
    )
    assert Redaction.objects.get().page_count == 1
