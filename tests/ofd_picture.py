"""A small OFD rasteriser for the picture check: draws a package's path objects and text objects
with the fonts embedded in it (never a system font), so a glyph missing from an embedded font or
a misplaced object shows as a difference from the PDF's own rendering."""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from lxml import etree
from PIL import Image, ImageDraw, ImageFont

NS = {"ofd": "http://www.ofdspec.org/2016"}


def _numbers(text: str | None) -> list[float]:
    return [float(t) for t in (text or "").split()]


def _color(element: Any, tag: str, default: tuple[int, int, int]) -> tuple[int, int, int]:
    found = element.find(f"ofd:{tag}", NS)
    if found is None:
        return default
    r, g, b = (int(v) for v in found.get("Value").split()[:3])
    return (r, g, b)


def pages(ofd: bytes, dpi: int) -> list[Image.Image]:
    archive = zipfile.ZipFile(io.BytesIO(ofd))
    scale = dpi / 25.4  # pixels per mm
    document = etree.fromstring(archive.read("Doc_0/Document.xml"))
    public = etree.fromstring(archive.read("Doc_0/PublicRes.xml"))
    fonts = {
        font.get("ID"): archive.read(
            posixpath.join("Doc_0", public.get("BaseLoc"), font.find("ofd:FontFile", NS).text)
        )
        for font in public.iterfind(".//ofd:Font", NS)
    }
    loaded: dict[tuple[str, int], Any] = {}
    out = []
    for page in document.iterfind(".//ofd:Pages/ofd:Page", NS):
        content = etree.fromstring(archive.read(f"Doc_0/{page.get('BaseLoc')}"))
        box = _numbers(content.findtext(".//ofd:PhysicalBox", namespaces=NS))
        image = Image.new("RGB", (round(box[2] * scale), round(box[3] * scale)), "white")
        draw = ImageDraw.Draw(image)
        for path in content.iterfind(".//ofd:PathObject", NS):
            _path(draw, path, scale)
        for text in content.iterfind(".//ofd:TextObject", NS):
            left, top = _numbers(text.get("Boundary"))[:2]
            px = round(float(text.get("Size")) * scale)
            key = (text.get("Font"), px)
            if key not in loaded:
                loaded[key] = ImageFont.truetype(io.BytesIO(fonts[key[0]]), px)
            color = _color(text, "FillColor", (0, 0, 0))
            for code in text.iterfind("ofd:TextCode", NS):
                x, y = float(code.get("X")), float(code.get("Y"))
                deltas = _numbers(code.get("DeltaX"))
                for i, char in enumerate(code.text or ""):
                    at = ((left + x) * scale, (top + y) * scale)
                    draw.text(at, char, font=loaded[key], fill=color, anchor="ls")
                    x += deltas[i] if i < len(deltas) else 0
        out.append(image)
    return out


def _path(draw: ImageDraw.ImageDraw, path: Any, scale: float) -> None:
    left, top = _numbers(path.get("Boundary"))[:2]
    tokens = (path.findtext("ofd:AbbreviatedData", namespaces=NS) or "").split()
    points: list[tuple[float, float]] = []
    shapes: list[list[tuple[float, float]]] = []
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in ("M", "L"):
            point = ((left + float(tokens[i + 1])) * scale, (top + float(tokens[i + 2])) * scale)
            if command == "M" and points:
                shapes.append(points)
                points = []
            points.append(point)
            i += 3
        elif command == "C":
            i += 1
        else:  # the writer draws no curves in a report
            i += 1 + {"B": 6, "Q": 4, "A": 7}.get(command, 0)
    if points:
        shapes.append(points)
    width = max(1, round(float(path.get("LineWidth") or 0) * scale))
    for shape in shapes:
        if path.get("Fill") == "true" and len(shape) > 2:
            draw.polygon(shape, fill=_color(path, "FillColor", (0, 0, 0)))
        if path.get("Stroke") != "false":
            draw.line(shape, fill=_color(path, "StrokeColor", (0, 0, 0)), width=width)
