"""A PDF page as the line and table code reads it: its glyphs and its ruling lines, from MuPDF.

MuPDF (PyMuPDF, in C) interprets a page's content stream some fifty times faster than pdfminer
(in Python) did through pdfplumber. The glyphs and rules come out in pdfplumber's terms — the
same dictionaries, boxes and edges — so that pdfplumber's text layout and ruled-table finder
(pure geometry, no PDF parsing) give what they gave on pdfplumber's own pages:

* a glyph's box is pdfminer's: from its advance along the line and, across it, from the font's
  descent to a font size above it (MuPDF's own box runs from the font's descender to its
  ascender, which differ from the size);
* blank glyphs are kept as printed, and MuPDF adds no spaces of its own;
* every painted path is cut into edges as pdfminer does: a rectangle into four, a line into
  one, any other path into the segments between its points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pymupdf

# Glyphs as printed: no spaces invented for gaps (the line code does that), ligatures and
# whitespace kept, nothing clipped to the page (pdfminer keeps glyphs outside it).
TEXT_FLAGS = (
    pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
)


def quiet() -> None:
    """MuPDF prints its warnings on damaged files to stderr; the reader reports errors itself."""
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


@dataclass
class Page:
    """What the PDF reader needs of one page, in pdfplumber's coordinates (points, from the
    page's top left corner)."""

    page: Any  # the pymupdf.Page
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    _edges: list[dict[str, Any]] | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)

    @property
    def edges(self) -> list[dict[str, Any]]:
        if self._edges is None:
            self._edges = drawing_edges(self.page)
        return self._edges

    def has_images(self) -> bool:
        return bool(self.page.get_image_info())

    def extract_tables(self) -> list[list[list[str | None]]]:
        from pdfplumber.table import TableFinder, TableSettings

        settings = TableSettings.resolve(None)
        tables = TableFinder(self, settings).tables  # type: ignore[arg-type]
        return [table.extract(**(settings.text_settings or {})) for table in tables]

    def get_textmap(self) -> Any:
        from pdfplumber.utils import chars_to_textmap

        return chars_to_textmap(
            self.chars,
            layout_bbox=self.bbox,
            layout_width=self.width,
            layout_height=self.height,
        )


def open_page(page: Any) -> Page:
    """The page with its glyphs read (its rules are read when first asked for)."""
    rect = page.rect
    out = Page(page, float(rect.width), float(rect.height))
    out.chars = page_chars(page)
    return out


def page_chars(page: Any) -> list[dict[str, Any]]:
    chars: list[dict[str, Any]] = []
    raw = page.get_text("rawdict", flags=TEXT_FLAGS, sort=False)
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            vertical = bool(line["wmode"])  # CJK set top to bottom (Identity-V), glyphs upright
            upright = vertical or (dx > 0 and abs(dy) < 1e-6)
            for span in line["spans"]:
                size = float(span["size"])
                for char in span["chars"]:
                    x0, y0, x1, y1 = char["bbox"]
                    if vertical:
                        # pdfminer's box of a vertical glyph is MuPDF's moved up by its height.
                        top, bottom = y0 - size, y0
                    elif upright:
                        top, bottom = y1 - size, y1
                    else:
                        top, bottom = y0, y1
                    chars.append(
                        {
                            "object_type": "char",
                            "text": char["c"],
                            "x0": x0,
                            "x1": x1,
                            "top": top,
                            "bottom": bottom,
                            "doctop": top,
                            "width": x1 - x0,
                            "height": bottom - top,
                            "size": size,
                            "upright": upright,
                        }
                    )
    return chars


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str | None) -> dict[str, Any]:
    return {
        "object_type": "edge",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _segment(a: Any, b: Any) -> dict[str, Any]:
    vertical, horizontal = a.x == b.x, a.y == b.y
    return _edge(
        min(a.x, b.x),
        min(a.y, b.y),
        max(a.x, b.x),
        max(a.y, b.y),
        "v" if vertical else ("h" if horizontal else None),
    )


def drawing_edges(page: Any) -> list[dict[str, Any]]:
    """The edges of every painted path, as pdfplumber cuts pdfminer's shapes."""
    edges: list[dict[str, Any]] = []
    for path in page.get_drawings():
        for item in path["items"]:
            kind = item[0]
            if kind == "re":
                r = item[1]
                edges += [
                    _edge(r.x0, r.y0, r.x1, r.y0, "h"),
                    _edge(r.x0, r.y1, r.x1, r.y1, "h"),
                    _edge(r.x0, r.y0, r.x0, r.y1, "v"),
                    _edge(r.x1, r.y0, r.x1, r.y1, "v"),
                ]
            elif kind == "l":
                edges.append(_segment(item[1], item[2]))
            elif kind == "qu":
                q = item[1]
                points = [q.ul, q.ur, q.lr, q.ll]
                edges += [_segment(a, b) for a, b in zip(points, points[1:], strict=False)]
            elif kind == "c":
                points = list(item[1:5])
                edges += [_segment(a, b) for a, b in zip(points, points[1:], strict=False)]
    return edges
