"""``gongkai render --to ofd``: the PDF writer's layout as an OFD with its fonts embedded. Every
real report reads back exactly; the pages, drawn from the package alone (its own fonts), look
like the PDF's; every character is in the font that prints it."""

from __future__ import annotations

import io
import posixpath
import zipfile
from functools import cache
from pathlib import Path

import pymupdf
import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image, ImageChops, ImageFilter, ImageStat

from gongkai.report import canonical
from gongkai.report.model import AnnualReport
from gongkai.report.readers import read_bytes
from gongkai.report.writers import render
from tests.cli_run import gongkai
from tests.ofd_picture import pages

DATA = Path(__file__).parent / "data"
REPORTS = sorted(p.name for p in DATA.glob("*.json"))
NS = {"ofd": "http://www.ofdspec.org/2016"}


@cache
def _rendered(name: str) -> tuple[AnnualReport, bytes]:
    report = canonical.load(DATA / name)
    return report, render(report, "ofd").content


@pytest.mark.parametrize("name", REPORTS)
def test_it_reads_back_a_real_report_rendered_as_ofd_exactly(name: str) -> None:
    report, ofd = _rendered(name)
    read = read_bytes(ofd, name.replace(".json", ".ofd"))
    for field in ("format", "agency", "year", "title", "published", "proactive", "requests"):
        assert getattr(read, field) == getattr(report, field), field
    assert (read.appeals, read.sections) == (report.appeals, report.sections)
    assert read.legacy_figures == report.legacy_figures
    assert "表格没有可识别的表格线，按文本行读取" not in read.warnings  # its rules were read


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Mean grey-level difference (0–255) of two pages, slightly blurred (anti-aliasing)."""
    a = a.convert("L").filter(ImageFilter.GaussianBlur(1.5))
    b = b.convert("L").resize(a.size).filter(ImageFilter.GaussianBlur(1.5))
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0]


def test_its_pages_drawn_with_the_embedded_fonts_look_like_the_pdf() -> None:
    report, ofd = _rendered("huaian-city-2024.json")
    pdf = pymupdf.open(stream=render(report, "pdf").content, filetype="pdf")
    printed = [
        Image.open(io.BytesIO(page.get_pixmap(dpi=60).tobytes("png"))).convert("RGB")
        for page in pdf
    ]
    drawn = pages(ofd, 60)
    assert len(drawn) == len(printed)
    for number, (mine, theirs) in enumerate(zip(drawn, printed, strict=True)):
        same = _difference(mine, theirs)
        other = _difference(mine, printed[(number + 1) % len(printed)])
        # Measured: 0.4–5.2 against its own page, 13–19 against another page.
        assert same < 7, f"page {number + 1}: {same:.1f}"
        assert other > 2 * same, f"page {number + 1}: another page differs by {other:.1f} only"


def test_every_character_is_in_the_embedded_truetype_font_that_prints_it() -> None:
    _, ofd = _rendered("shanghai-gov-office-2019.json")
    archive = zipfile.ZipFile(io.BytesIO(ofd))
    public = etree.fromstring(archive.read("Doc_0/PublicRes.xml"))
    cmaps = {}
    for font in public.iterfind(".//ofd:Font", NS):
        part = posixpath.join(
            "Doc_0", public.get("BaseLoc"), font.findtext("ofd:FontFile", namespaces=NS)
        )
        data = archive.read(part)
        loaded = TTFont(io.BytesIO(data))
        assert "glyf" in loaded and "CFF " not in loaded  # TrueType outlines
        assert len(data) < 400_000  # a subset, not the 20 MB collection
        cmaps[font.get("ID")] = loaded.getBestCmap()
    document = etree.fromstring(archive.read("Doc_0/Document.xml"))
    printed = 0
    for page in document.iterfind(".//ofd:Page", NS):
        content = etree.fromstring(archive.read(f"Doc_0/{page.get('BaseLoc')}"))
        for text in content.iterfind(".//ofd:TextObject", NS):
            characters = "".join(text.xpath(".//ofd:TextCode/text()", namespaces=NS))
            missing = {c for c in characters if ord(c) not in cmaps[text.get("Font")]}
            assert not missing, missing
            printed += len(characters)
    assert printed > 500  # the whole report: title, prose and every table cell


def test_the_render_command_writes_an_ofd_that_parse_reads(tmp_path: Path) -> None:
    (tmp_path / "huaian.json").write_bytes((DATA / "huaian-city-2024.json").read_bytes())
    result = gongkai("render", "huaian.json", "--to", "ofd", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "huaian.ofd").read_bytes().startswith(b"PK")
    parsed = gongkai("parse", "huaian.ofd", "-o", "back.json", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    back = canonical.load(tmp_path / "back.json")
    assert back.requests == canonical.load(DATA / "huaian-city-2024.json").requests
