"""The report as OFD (GB/T 33190-2016), set exactly as the PDF writer sets it.

The PDF (WeasyPrint's layout of the report page) is laid out once; each of its pages becomes an
OFD page of the same size: every run of glyphs on one baseline a ``TextObject`` (``Boundary``,
``Size``, ``TextCode`` with ``X``/``Y`` and the ``DeltaX`` advances, in mm), every filled or
stroked path a ``PathObject`` (its ``AbbreviatedData`` relative to its ``Boundary``, which is
widened by the line width so that a viewer clipping to it still shows a horizontal rule), fills
under text as in the PDF. The fonts are the Noto CJK subsets WeasyPrint embedded, subset again
by fontTools to the characters each prints, their outlines made TrueType, and embedded
(``Res/font_N.ttf``),
so the document shows the same glyphs on a machine without Noto CJK.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from gongkai.report.model import AnnualReport

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass
class _Document:
    """What is being written: IDs are unique across the document (GB/T 33190 §7.2)."""

    next_id: int = 1
    fonts: dict[int, tuple[int, str, set[str]]] = field(default_factory=dict)  # xref → id, name

    def ident(self) -> int:
        self.next_id += 1
        return self.next_id


def render_ofd(report: AnnualReport) -> bytes:
    import pymupdf

    from gongkai.report.writers.pdf import render_pdf

    pdf: Any = pymupdf.open(stream=render_pdf(report), filetype="pdf")
    state = _Document()
    pages: list[bytes] = []
    size = (210.0, 297.0)
    try:
        fonts_by_name = _fonts_by_name(pdf)
        for page in pdf:
            size = (page.rect.width * MM, page.rect.height * MM)
            pages.append(_page(page, size, state, fonts_by_name))
        font_files = {
            ident: _subset(pdf.extract_font(xref)[3], chars)
            for xref, (ident, _, chars) in state.fonts.items()
        }
    finally:
        pdf.close()
    return _package(report, pages, size, state, font_files)


def _fonts_by_name(pdf: Any) -> dict[str, int]:
    """The xref of each font a span names (``Noto-Serif-CJK-SC``), from the pages' font lists."""
    found: dict[str, int] = {}
    for page in pdf:
        for xref, _ext, _type, basefont, *_ in page.get_fonts():
            found.setdefault(basefont.split("+", 1)[-1], xref)
    return found


def _page(page: Any, size: tuple[float, float], state: _Document, fonts: dict[str, int]) -> bytes:
    objects = [_path(drawing, state) for drawing in page.get_drawings()]
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", []):
            if line["dir"] != (1.0, 0.0):
                continue  # the writer sets no rotated text
            for span in line["spans"]:
                xref = fonts.get(span["font"])
                if xref is None:
                    continue
                for run in _runs(span["chars"], span["size"]):
                    objects.append(_text(run, span, xref, state))
    body = "".join(o for o in objects if o)
    return (
        f'{_HEAD}<ofd:Page xmlns:ofd="{NS}"><ofd:Area><ofd:PhysicalBox>0 0 {size[0]:.3f} '
        f'{size[1]:.3f}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="{state.ident()}">'
        f"{body}</ofd:Layer></ofd:Content></ofd:Page>"
    ).encode()


def _runs(chars: list[dict[str, Any]], size: float) -> list[list[dict[str, Any]]]:
    """The span's glyphs cut where a gap wider than half a glyph opens (as OFD producers do)."""
    runs: list[list[dict[str, Any]]] = []
    for char in chars:
        last = runs[-1][-1] if runs else None
        if last is not None and 0 <= char["bbox"][0] - last["bbox"][2] < size / 2:
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def _text(run: list[dict[str, Any]], span: dict[str, Any], xref: int, state: _Document) -> str:
    if xref not in state.fonts:
        state.fonts[xref] = (state.ident(), span["font"], set())
    font, _, used = state.fonts[xref]
    used.update(c["c"] for c in run)
    x0, top = run[0]["bbox"][0] * MM, min(c["bbox"][1] for c in run) * MM
    width = (run[-1]["bbox"][2] - run[0]["bbox"][0]) * MM
    height = (max(c["bbox"][3] for c in run) - min(c["bbox"][1] for c in run)) * MM
    baseline = run[0]["origin"][1] * MM - top
    deltas = " ".join(f"{(b['origin'][0] - a['origin'][0]) * MM:.3f}" for a, b in pairwise(run))
    color = _color(span.get("color", 0))
    fill = f"<ofd:FillColor Value={quoteattr(color)}/>" if color != "0 0 0" else ""
    return (
        f'<ofd:TextObject ID="{state.ident()}" Boundary="{x0:.3f} {top:.3f} {width:.3f} '
        f'{height:.3f}" Font="{font}" Size="{span["size"] * MM:.3f}">{fill}'
        f'<ofd:TextCode X="0" Y="{baseline:.3f}" DeltaX={quoteattr(deltas)}>'
        f"{escape(''.join(c['c'] for c in run))}</ofd:TextCode></ofd:TextObject>"
    )


def _color(value: int | tuple[float, ...] | None) -> str:
    if value is None:
        return "0 0 0"
    if isinstance(value, int):
        return f"{value >> 16 & 255} {value >> 8 & 255} {value & 255}"
    rgb = list(value)[:3] if len(value) >= 3 else [value[0]] * 3
    return " ".join(str(round(v * 255)) for v in rgb)


def _path(drawing: dict[str, Any], state: _Document) -> str:
    kind = drawing.get("type") or ""
    stroke, fill = "s" in kind, "f" in kind
    width = float(drawing.get("width") or 0) if stroke else 0.0
    margin = max(width, 0.5)  # pt: a zero-height box would clip a rule away
    rect = drawing["rect"]
    left, top = rect.x0 - margin, rect.y0 - margin
    commands: list[str] = []

    def at(point: Any) -> str:
        return f"{(point.x - left) * MM:.3f} {(point.y - top) * MM:.3f}"

    for item in drawing["items"]:
        if item[0] == "l":
            commands.append(f"M {at(item[1])} L {at(item[2])}")
        elif item[0] == "re":
            r = item[1]
            corners = [r.tl, r.tr, r.br, r.bl]
            commands.append(f"M {at(corners[0])} " + " ".join(f"L {at(p)}" for p in corners[1:]))
            commands.append("C")
        elif item[0] == "qu":
            q = item[1]
            commands.append(f"M {at(q.ul)} L {at(q.ur)} L {at(q.lr)} L {at(q.ll)} C")
        elif item[0] == "c":
            commands.append(f"M {at(item[1])} B {at(item[2])} {at(item[3])} {at(item[4])}")
    if not commands or not (stroke or fill):
        return ""
    attributes = [
        f'ID="{state.ident()}"',
        f'Boundary="{left * MM:.3f} {top * MM:.3f} {(rect.width + 2 * margin) * MM:.3f} '
        f'{(rect.height + 2 * margin) * MM:.3f}"',
        f'Stroke="{"true" if stroke else "false"}"',
        f'Fill="{"true" if fill else "false"}"',
    ]
    if stroke:
        attributes.append(f'LineWidth="{width * MM:.3f}"')
    colors = ""
    if fill:
        colors += f'<ofd:FillColor Value="{_color(drawing.get("fill"))}"/>'
    if stroke:
        colors += f'<ofd:StrokeColor Value="{_color(drawing.get("color"))}"/>'
    return (
        f"<ofd:PathObject {' '.join(attributes)}>{colors}"
        f"<ofd:AbbreviatedData>{' '.join(commands)}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _subset(font: bytes, chars: set[str]) -> bytes:
    """The font cut to the characters it prints (fontTools; its cmap kept, so a viewer maps
    each ``TextCode`` character to its glyph)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    loaded = TTFont(io.BytesIO(font))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(loaded)
    if "CFF " in loaded:
        _to_truetype(loaded)
    out = io.BytesIO()
    loaded.save(out)
    return out.getvalue()


def _to_truetype(font: Any) -> None:
    """CFF outlines → TrueType (quadratic, within 1/1000 em): OFD viewers built on TrueType
    rasterisers (easyofd's reportlab, for one) cannot draw a CFF font (the recipe of fontTools'
    otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attribute in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attribute, 1 if attribute == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def _package(
    report: AnnualReport,
    pages: list[bytes],
    size: tuple[float, float],
    state: _Document,
    fonts: dict[int, bytes],
) -> bytes:
    names = {ident: name for ident, name, _ in state.fonts.values()}
    listed = "".join(
        f'<ofd:Font ID="{ident}" FontName={quoteattr(names[ident])} '
        f"FamilyName={quoteattr(names[ident])}><ofd:FontFile>font_{ident}.ttf</ofd:FontFile>"
        "</ofd:Font>"
        for ident in sorted(fonts)
    )
    public = (
        f'{_HEAD}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{listed}</ofd:Fonts></ofd:Res>'
    )
    page_ids = [state.ident() for _ in pages]
    document = (
        f'{_HEAD}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{state.next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 "
        f"{size[0]:.3f} {size[1]:.3f}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
        + "".join(
            f'<ofd:Page ID="{ident}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i, ident in enumerate(page_ids)
        )
        + "</ofd:Pages></ofd:Document>"
    )
    title = report.title or ""
    doc_id = hashlib.sha256("\n".join((title, report.agency or "")).encode()).hexdigest()[:32]
    info = f"<ofd:DocID>{doc_id}</ofd:DocID>"
    info += f"<ofd:Title>{escape(title)}</ofd:Title>" if title else ""
    info += f"<ofd:Author>{escape(report.agency)}</ofd:Author>" if report.agency else ""
    info += "<ofd:Creator>gongkai</ofd:Creator>"
    ofd = (
        f'{_HEAD}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
        f"<ofd:DocInfo>{info}</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
        "</ofd:DocBody></ofd:OFD>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", ofd)
        archive.writestr("Doc_0/Document.xml", document)
        archive.writestr("Doc_0/PublicRes.xml", public)
        for ident, data in sorted(fonts.items()):
            archive.writestr(f"Doc_0/Res/font_{ident}.ttf", data)
        for i, page in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", page)
    return out.getvalue()
