"""One document of each kind rendered to PDF and DOCX in the 公文 layout: the PDF turned into a
PNG (``pdftoppm -png -r 60``) and checked for the 草稿 watermark (grey pixels where a final
document has none) and the layout (A4, the GB/T 9704 margins, embedded fonts); the DOCX for its
margins, sizes and the header's WordArt watermark."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as Docx
from PIL import Image

from gongkai.documents import services
from gongkai.documents.render import render_docx, render_pdf
from gongkai.documents.views import page_of
from tests.web.test_documents import _every_kind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("documents_day")]


MM = 72 / 25.4  # points per millimetre


@pytest.fixture
def made(clerk_a, reviewer_a, documents_case):
    return _every_kind(clerk_a, reviewer_a, documents_case)


def _png(pdf: bytes, folder: Path, name: str) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", source, folder / name],
        check=True,
        timeout=60,
    )
    return Image.open(next(folder.glob(f"{name}-*1.png"))).convert("RGB")


def _grey_pixels(image: Image.Image) -> int:
    """Pixels of the watermark's light grey (text is black, the letterhead red)."""
    return sum(
        1 for r, g, b in _pixels(image) if 150 <= r <= 235 and abs(r - g) < 8 and abs(g - b) < 8
    )


def _pixels(image: Image.Image) -> list[tuple[int, int, int]]:
    data = image.tobytes()
    return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]


def _red_pixels(image: Image.Image) -> int:
    return sum(1 for r, g, b in _pixels(image) if r > 150 and g < 80 and b < 80)


def test_each_kind_renders_in_the_official_layout_with_the_draft_mark(
    made, reviewer_a, tmp_path
) -> None:
    for kind, document in made.items():
        draft_pdf = render_pdf(page_of(document))
        with pdfplumber.open(io.BytesIO(draft_pdf)) as pdf:
            first = pdf.pages[0]
            assert (round(first.width / MM), round(first.height / MM)) == (210, 297), kind
            words = [c for c in first.chars if c["text"].strip() and c["text"] != "草"]
            body = [c for c in words if round(c["size"]) == 16]
            assert min(c["x0"] for c in words) >= 28 * MM - 1, kind  # 订口 28 mm
            assert max(c["x1"] for c in words) <= (210 - 26) * MM + 1, kind  # 26 mm
            assert min(c["top"] for c in words) >= 37 * MM - 1, kind  # 天头 37 mm
            assert body and "草稿" in first.extract_text(), kind
            assert any(round(c["size"]) == 22 for c in words), kind  # the 2号 title
        approved = services.document_approve(actor=reviewer_a, document=document)
        final_pdf = render_pdf(page_of(approved))
        with pdfplumber.open(io.BytesIO(final_pdf)) as pdf:
            text = "".join(p.extract_text() or "" for p in pdf.pages)
            assert "草稿" not in text and approved.number in text, kind
        draft_png, final_png = (
            _png(draft_pdf, tmp_path, f"{kind}-draft"),
            _png(final_pdf, tmp_path, f"{kind}-final"),
        )
        for png in (draft_png, final_png):  # A4 at 60 dpi, give or take a rounded pixel
            assert abs(png.size[0] - 496) <= 1 and abs(png.size[1] - 702) <= 1, png.size
        assert _grey_pixels(draft_png) > _grey_pixels(final_png) + 2000, kind
        assert _red_pixels(final_png) > 300, kind  # the red letterhead and rule


def test_the_pdf_embeds_its_fonts(made, tmp_path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    source = tmp_path / "reply.pdf"
    source.write_bytes(render_pdf(page_of(made["reply"])))
    listing = subprocess.run(
        ["pdffonts", source], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()[2:]
    assert listing and all(" yes yes " in line for line in listing)
    assert any("Noto-Serif-CJK-SC" in line for line in listing)


def test_the_docx_has_the_layout_and_the_draft_watermark(made, reviewer_a) -> None:
    draft = Docx(io.BytesIO(render_docx(page_of(made["correction"]))))
    section = draft.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert 'string="草稿"' in section.header._element.xml
    sizes = {run.font.size.pt for p in draft.paragraphs for run in p.runs if run.font.size}
    assert {16, 22} <= sizes
    approved = services.document_approve(actor=reviewer_a, document=made["correction"])
    final = Docx(io.BytesIO(render_docx(page_of(approved))))
    assert "草稿" not in final.sections[0].header._element.xml
    assert [p.text for p in final.paragraphs][:3] == [
        "江临市教育局",
        "江临教依申补〔2026〕1号",
        "政府信息公开申请补正告知书",
    ]
