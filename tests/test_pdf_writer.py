"""The PDF writer deflates the embedded fonts itself; the PDF is otherwise WeasyPrint's own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from gongkai.report.canonical import load

DATA = Path(__file__).parent / "data"


def _weasyprints_own(path: Path) -> bytes:
    """The PDF as WeasyPrint writes it with its defaults (pydyf deflating every stream)."""
    import weasyprint

    from gongkai.report.writers import pdf as pdf_writer
    from gongkai.report.writers.html import render_page

    font_config, stylesheet = pdf_writer._shared()
    page = weasyprint.HTML(string=render_page(load(path), inline_css=False, annotated=False))
    own: bytes = page.render(font_config=font_config, stylesheets=[stylesheet]).write_pdf()
    return own


def _objects(content: bytes) -> list[tuple[str, bytes | None]]:
    """Every object's dictionary (its /Length aside) and its stream inflated; the cross-reference
    stream left out, as it holds the objects' byte offsets."""
    import pymupdf

    document: Any = pymupdf.open(stream=content, filetype="pdf")
    out = []
    for xref in range(1, document.xref_length()):
        head = re.sub(r"/Length \d+", "", document.xref_object(xref))
        if "/XRef" in head:
            continue
        out.append((head, document.xref_stream(xref) if document.xref_is_stream(xref) else None))
    return out


@pytest.mark.parametrize("name", ["huaian-city-2024", "shenyang-archives-2017"])
def test_the_pdf_is_weasyprints_own_once_its_streams_are_inflated(name: str) -> None:
    from gongkai.report.writers.pdf import render_pdf

    path = DATA / f"{name}.json"
    ours = render_pdf(load(path))
    own = _weasyprints_own(path)
    assert ours != own  # the fonts are deflated differently...
    assert _objects(ours) == _objects(own)  # ...to the same fonts, text and pages
    assert len(ours) <= len(own) * 1.01


def test_the_embedded_fonts_are_deflated_at_zlibs_default_level() -> None:
    import zlib

    import pymupdf

    from gongkai.report.writers.pdf import render_pdf

    document: Any = pymupdf.open(
        stream=render_pdf(load(DATA / "huaian-city-2024.json")), filetype="pdf"
    )
    fonts = [
        xref
        for xref in range(1, document.xref_length())
        if "/Subtype /OpenType" in document.xref_object(xref)
    ]
    assert len(fonts) == 3  # the title's, the headings' and the text's face
    for xref in fonts:
        raw = document.xref_stream_raw(xref)
        # The zlib header's second byte names the level: 0x9c the default (6), 0xda level 9.
        assert raw[:2] == b"\x78\x9c"
        assert zlib.decompress(raw)[:4] == b"OTTO"  # a CFF-flavoured OpenType font
        assert "/Filter /FlateDecode" in document.xref_object(xref)
