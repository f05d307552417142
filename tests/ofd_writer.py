"""A tiny OFD writer for tests: a PDF's glyphs, where the PDF prints them, as OFD text objects.

Each run of glyphs on one baseline, with no gap wider than a space between them, becomes one
``TextObject`` (``Boundary`` and ``TextCode`` X/Y/DeltaX in mm), as OFD producers write them.
Fonts are named, not embedded: the reader needs only the text and its positions. The PDF's
ruling lines become ``PathObject``s the two ways producers write them: a stroked line as
``M 0 0 L dx dy`` from its ``Boundary``'s origin, a filled box as a unit square that the ``CTM``
scales to the box (``w 0 0 h 0 0``).
"""

from __future__ import annotations

import io
import zipfile
from itertools import pairwise
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pdfplumber

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point


def _runs(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    runs: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and abs(char["bottom"] - last["bottom"]) < 0.5
            and char["x0"] - last["x1"] < char["size"] / 2
        ):
            runs[-1].append(char)
        else:
            runs.append([char])
    return runs


def _text_object(ident: int, run: list[dict[str, Any]]) -> str:
    x0, top = run[0]["x0"] * MM, min(c["top"] for c in run) * MM
    width = (run[-1]["x1"] - run[0]["x0"]) * MM
    height = (max(c["bottom"] for c in run) - min(c["top"] for c in run)) * MM
    baseline = run[0]["bottom"] * MM - top
    deltas = " ".join(f"{(b['x0'] - a['x0']) * MM:.3f}" for a, b in pairwise(run))
    text = "".join(c["text"] for c in run)
    return (
        f'<ofd:TextObject ID="{ident}" Boundary="{x0:.3f} {top:.3f} {width:.3f} {height:.3f}" '
        f'Font="1" Size="{run[0]["size"] * MM:.3f}">'
        f'<ofd:TextCode X="0" Y="{baseline:.3f}" DeltaX={quoteattr(deltas)}>{escape(text)}'
        "</ofd:TextCode></ofd:TextObject>"
    )


def _line_object(ident: int, line: dict[str, Any]) -> str:
    (x0, y0), (x1, y1) = line["pts"][0], line["pts"][-1]
    left, top = min(x0, x1) * MM, min(y0, y1) * MM
    width, height = abs(x1 - x0) * MM, abs(y1 - y0) * MM
    start = (x0 * MM - left, y0 * MM - top)
    end = (x1 * MM - left, y1 * MM - top)
    return (
        f'<ofd:PathObject ID="{ident}" Boundary="{left:.3f} {top:.3f} {width:.3f} {height:.3f}" '
        f'LineWidth="{float(line.get("linewidth") or 0.75) * MM:.3f}"><ofd:AbbreviatedData>'
        f"M {start[0]:.3f} {start[1]:.3f} L {end[0]:.3f} {end[1]:.3f}"
        "</ofd:AbbreviatedData></ofd:PathObject>"
    )


def _box_object(ident: int, rect: dict[str, Any]) -> str:
    left, top = rect["x0"] * MM, rect["top"] * MM
    width, height = rect["width"] * MM, rect["height"] * MM
    return (
        f'<ofd:PathObject ID="{ident}" Boundary="{left:.3f} {top:.3f} {width:.3f} {height:.3f}" '
        f'CTM="{width:.3f} 0 0 {height:.3f} 0 0" Stroke="false" Fill="true">'
        "<ofd:AbbreviatedData>M 0 0 L 1 0 L 1 1 L 0 1 C</ofd:AbbreviatedData></ofd:PathObject>"
    )


def page_xml(objects: list[str]) -> bytes:
    body = "".join(objects)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="0">{body}</ofd:Layer></ofd:Content></ofd:Page>'
    ).encode()


def package(pages: list[bytes], title: str | None = None) -> bytes:
    """An OFD package of the given page contents."""
    info = f"<ofd:Title>{escape(title)}</ofd:Title>" if title else ""
    ofd = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" '
        f'DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID>{info}'
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    listed = "".join(
        f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
        "<ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297"
        "</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
        f"<ofd:Pages>{listed}</ofd:Pages></ofd:Document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("OFD.xml", ofd)
        archive.writestr("Doc_0/Document.xml", document)
        for i, page in enumerate(pages):
            archive.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", page)
    return out.getvalue()


def pdf_to_ofd(pdf: bytes, rules: bool = True) -> bytes:
    """The PDF's printed glyphs (a printed space too), and its ruling lines unless ``rules`` is
    false, as an OFD of the same pages."""
    pages: list[bytes] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        title = document.metadata.get("Title")
        for page in document.pages:
            chars = list(page.chars)
            objects = [_text_object(i, run) for i, run in enumerate(_runs(chars), start=2)]
            if rules:
                ident = len(objects) + 2
                objects += [_line_object(ident + i, line) for i, line in enumerate(page.lines)]
                ident += len(page.lines)
                objects += [_box_object(ident + i, rect) for i, rect in enumerate(page.rects)]
            pages.append(page_xml(objects))
    return package(pages, str(title) if title else None)
