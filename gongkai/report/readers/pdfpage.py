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

import itertools
import operator
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Final

import pymupdf

from gongkai.report.readers.pdfcluster import grouped, one_cluster
from gongkai.report.readers.pdflines import DICT_KEYS
from gongkai.report.readers.pdftables import Rule, find_tables, rows

# Glyphs as printed: no spaces invented for gaps (the line code does that), ligatures and
# whitespace kept, nothing clipped to the page (pdfminer keeps glyphs outside it).
TEXT_FLAGS = (
    pymupdf.TEXT_INHIBIT_SPACES | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_PRESERVE_WHITESPACE
)


def quiet() -> None:
    """MuPDF prints its warnings on damaged files to stderr; the reader reports errors itself."""
    pymupdf.TOOLS.mupdf_display_errors(False)  # type: ignore[no-untyped-call]
    pymupdf.TOOLS.mupdf_display_warnings(False)  # type: ignore[no-untyped-call]


@dataclass
class Page:
    """What the PDF reader needs of one page, in pdfplumber's coordinates (points, from the
    page's top left corner)."""

    page: Any  # the pymupdf.Page
    width: float
    height: float
    # Upright text: glyphs as tuples (:data:`Char`); text set sideways: pdfplumber's dicts.
    chars: list[Any] = field(default_factory=list)
    upright: bool = True  # every glyph upright: the fast layout applies
    _edges: Edges | None = None

    @property
    def char_keys(self) -> tuple[Any, ...]:
        """Where a glyph holds its text, left and right edges, top, bottom and size."""
        return CHAR_KEYS if self.upright else DICT_KEYS

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)

    @property
    def edges(self) -> Edges:
        if self._edges is None:
            self._edges = drawing_edges(self.page)
        return self._edges

    def has_images(self) -> bool:
        return bool(self.page.get_image_info())

    def extract_tables(self) -> list[list[list[str | None]]]:
        """pdfplumber's ruled tables (default settings), each as rows of cell texts (None for
        the rest of a merged cell)."""
        tables = find_tables(self.edges)
        if not self.upright:
            from pdfplumber.table import Table

            return [
                Table(self, group).extract(  # type: ignore[arg-type]
                    x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE
                )
                for group in tables
            ]
        if not tables:
            return []
        placed = _Placed(self.chars)
        return [[[placed.text(cell) for cell in row] for row in rows(group)] for group in tables]

    def get_textmap(self) -> Any:
        """pdfplumber's text map of the page (``extract_text``'s characters, each with the
        glyph it comes from)."""
        if self.upright:
            return _textmap(self.chars)
        from pdfplumber.utils.text import chars_to_textmap

        return chars_to_textmap(
            self.chars,
            layout_bbox=self.bbox,
            layout_width=self.width,
            layout_height=self.height,
        )


# pdfplumber's text layout (utils.text, default settings) for upright text, in a fraction of its
# time: glyphs within 3 pt of each other's top make a line, read by their left edge; a blank
# glyph, or a gap of more than 3 pt, ends a word; words are joined by one space.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# A glyph: its text, left and right edges, top, bottom, font size, and whether it is upright
# (a tuple: a dict a glyph cost more than the layout that reads it).
Char = tuple[str, float, float, float, float, float, bool]
TEXT: Final = 0
X0: Final = 1
X1: Final = 2
TOP: Final = 3
BOTTOM: Final = 4
SIZE: Final = 5
CHAR_KEYS = (TEXT, X0, X1, TOP, BOTTOM, SIZE)
Word = tuple[str, float, float, list[Char]]  # text, top, x0 (of its first glyph), glyphs
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
_X0 = itemgetter(X0)
_TEXT = itemgetter(TEXT)
_TOP_OF = itemgetter(TOP)


def _word(glyphs: list[Char]) -> Word:
    text = "".join([c[TEXT] for c in glyphs])
    if _LIGATURE.search(text):
        text = "".join([LIGATURES.get(c[TEXT], c[TEXT]) for c in glyphs])
    if len(glyphs) == 1:
        first = glyphs[0]
        return text, first[TOP], first[X0], glyphs
    return text, min([c[TOP] for c in glyphs]), glyphs[0][X0], glyphs


def _plain_word(glyphs: list[Char]) -> Word:
    """:func:`_word` of glyphs that print no ligature (a page's words, once the page is known to
    print none: most pages, and every CJK report's)."""
    if len(glyphs) == 1:
        first = glyphs[0]
        return first[TEXT], first[TOP], first[X0], glyphs
    return "".join(map(_TEXT, glyphs)), min(map(_TOP_OF, glyphs)), glyphs[0][X0], glyphs


def _words(chars: list[Char], blanks: list[Char] | None = None) -> list[Word]:
    """pdfplumber's ``WordExtractor.iter_extract_tuples`` on upright glyphs; the blank ones
    (whitespace) are added to ``blanks``, if given."""
    words: list[Word] = []
    tops = list(map(_TOP_OF, chars))
    if one_cluster(tops, Y_TOLERANCE):
        lines = [list(chars)]
    else:
        lines = grouped(chars, tops, Y_TOLERANCE, keep_order=False)
    # One search of the page's text for a ligature, rather than one a word.
    make = _word if _LIGATURE.search("".join(map(_TEXT, chars))) else _plain_word
    add = words.append
    reach, tolerance = X_TOLERANCE, Y_TOLERANCE  # (locals: read at every glyph)
    for line in lines:
        line.sort(key=_X0)
        word: list[Char] = []
        # The last glyph of the word: its left edge, its right edge plus the tolerance, its top.
        last_x0 = last_reach = last_top = 0.0
        for char in line:
            text, x0, x1, top, _, _, _ = char
            if not text or text.isspace():
                if word:
                    add(make(word))
                word = []
                if not text:  # pdfplumber's split_at_punctuation test: a word of its own
                    add(make([char]))
                elif blanks is not None:
                    blanks.append(char)
                continue
            # (top - last_top > tolerance or last_top - top > tolerance: abs() of the
            # difference past the tolerance, without a call)
            if word and (
                x0 < last_x0
                or x0 > last_reach
                or top - last_top > tolerance
                or last_top - top > tolerance
            ):
                add(make(word))
                word = [char]
            else:
                word.append(char)
            last_x0 = x0
            last_reach = x1 + reach
            last_top = top
        if word:
            add(make(word))
    return words


def _line_texts(line: list[Char]) -> list[str]:
    """The texts of :func:`_words` of glyphs on one top, in order of their left edge: the same
    splitting, without the words' tops and glyphs (a table cell's line reads only its text)."""
    words: list[list[str]] = []
    word: list[str] = []
    last_x0 = last_reach = 0.0
    for text, x0, x1, _, _, _, _ in line:
        if not text or text.isspace():
            if word:
                words.append(word)
            word = []
            if not text:
                words.append([text])
            continue
        if word and (x0 < last_x0 or x0 > last_reach):
            words.append(word)
            word = [text]
        else:
            word.append(text)
        last_x0, last_reach = x0, x1 + X_TOLERANCE
    if word:
        words.append(word)
    out = []
    for letters in words:
        text = "".join(letters)
        if _LIGATURE.search(text):
            text = "".join([LIGATURES.get(t, t) for t in letters])
        out.append(text)
    return out


Piece = list[tuple[str, Char | None]]  # a line's letters, each with its glyph (None: a space)


@dataclass
class TextMap:
    """What :func:`pdflines.page_lines` reads of pdfplumber's ``TextMap``: its letters, here
    line by line (pdfplumber's are one list, the lines separated by a newline)."""

    lines: list[Piece]
    # Each line's letters joined (its words' texts joined by a space, which they spell), and
    # the page's blank glyphs (found as its words are split): read here, not again.
    texts: list[str] | None = None
    blanks: list[Char] | None = None
    glyphs: list[list[Char]] | None = None  # each line's glyph of every letter, in order
    line_dir_render: str = "ttb"
    char_dir_render: str = "ltr"

    @property
    def tuples(self) -> Piece:
        out: Piece = []
        for i, line in enumerate(self.lines):
            if i:
                out.append(("\n", None))
            out += line
        return out

    @property
    def as_string(self) -> str:
        return "\n".join(self.line_texts)

    @property
    def line_texts(self) -> list[str]:
        if self.texts is None:
            return ["".join([text for text, _ in line]) for line in self.lines]
        return self.texts


def _textmap(chars: list[Char]) -> TextMap:
    """pdfplumber's ``chars_to_textmap`` (not laid out) on upright glyphs."""
    blanks: list[Char] = []
    words = _words(chars, blanks)
    lines: list[Piece] = []
    texts: list[str] = []
    line_glyphs: list[list[Char]] = []
    for line in grouped(words, [word[1] for word in words], Y_TOLERANCE, keep_order=True):
        # The line's letters: its words' texts, joined by a space after the first word that
        # spells any (a word of an empty glyph spells nothing, and gets no space before it when
        # it comes first).
        names = [word[0] for word in line]
        if not names[0]:
            names = list(itertools.dropwhile(operator.not_, names))
        texts.append(" ".join(names))
        piece: Piece = []
        placed: list[Char] = []
        for text, _, _, glyphs in line:
            if piece:
                piece.append((" ", None))
            if len(text) == len(glyphs):
                # A word's glyphs all have text (a blank or empty one ends it), each spelt out
                # as one letter or more (a ligature): as many letters as glyphs is one a glyph.
                piece += zip(text, glyphs, strict=True)
                placed += glyphs
            else:
                letters = [
                    (letter, char)
                    for char in glyphs
                    for letter in LIGATURES.get(char[TEXT], char[TEXT])
                ]
                piece += letters
                placed += [char for _, char in letters]
        lines.append(piece)
        line_glyphs.append(placed)
    return TextMap(lines, texts, blanks, line_glyphs)


class _Placed:
    """A page's upright glyphs by the middle of their box, to find those of a table cell fast
    (pdfplumber's ``Table.extract`` tests every glyph of the page against every cell)."""

    def __init__(self, chars: list[Char]) -> None:
        v = [(c[TOP] + c[BOTTOM]) / 2 for c in chars]
        total = sum(v)
        if total - total == 0.0:
            # No NaN nor infinity: a stable sort of the indices by middle gives the order of
            # the (middle, index) pairs, without making them.
            self.order = sorted(range(len(v)), key=v.__getitem__)
            self.v = [v[i] for i in self.order]
        else:
            middles = sorted([(m, i) for i, m in enumerate(v)])
            self.v = [m for m, _ in middles]
            self.order = [i for _, i in middles]
        self.chars = chars
        self.h = [(c[X0] + c[X1]) / 2 for c in chars]
        total = sum(self.h)
        self.no_nan = total - total == 0.0  # no NaN (nor infinity) across: none to leave out
        # The glyphs between a top and a bottom (the cells of a row share them), by their
        # middle across: their middles in order, and their indices.
        self.bands: dict[tuple[float, float], tuple[list[float], list[int]]] = {}

    def band(self, top: float, bottom: float) -> tuple[list[float], list[int]]:
        band = self.bands.get((top, bottom))
        if band is None:
            h = self.h
            ids = self.order[bisect_left(self.v, top) : bisect_left(self.v, bottom)]
            if not self.no_nan:
                ids = [i for i in ids if h[i] == h[i]]  # not NaN: never inside a cell
            ids.sort(key=h.__getitem__)
            band = self.bands[top, bottom] = ([h[i] for i in ids], ids)
        return band

    def text(self, cell: tuple[float, float, float, float] | None) -> str | None:
        """pdfplumber's text of a cell: its lines (clustered by top), words joined by a space."""
        if cell is None:
            return None
        x0, top, x1, bottom = cell
        middles, ids = self.band(top, bottom)
        inside = ids[bisect_left(middles, x0) : bisect_left(middles, x1)]
        if not inside:
            return ""
        if len(inside) == 1:
            # One glyph (a figure, most cells of a report's tables): the word it makes, if any.
            text = self.chars[inside[0]][TEXT]
            return "" if not text or text.isspace() else LIGATURES.get(text, text)
        inside.sort()
        chars = [self.chars[i] for i in inside]
        if len(set(map(_TOP_OF, chars))) == 1:
            return " ".join(_line_texts(sorted(chars, key=_X0)))
        words = _words(chars)
        tops = [word[1] for word in words]
        if one_cluster(tops, Y_TOLERANCE):
            return " ".join([word[0] for word in words])
        lines = grouped(words, tops, Y_TOLERANCE, keep_order=False)
        return "\n".join([" ".join([word[0] for word in line]) for line in lines])


def open_page(page: Any) -> Page:
    """The page with its glyphs read (its rules are read when first asked for)."""
    rect = page.rect
    out = Page(page, float(rect.width), float(rect.height))
    chars, out.upright = page_chars(page)
    if out.upright:
        out.chars = chars
    else:
        # pdfplumber's own layout, for text set sideways, reads its glyphs' every key.
        out.chars = [
            {
                "text": text,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "size": size,
                "upright": upright,
                "object_type": "char",
                "doctop": top,
                "width": x1 - x0,
                "height": bottom - top,
            }
            for text, x0, x1, top, bottom, size, upright in chars
        ]
    return out


def page_chars(page: Any) -> tuple[list[Char], bool]:
    """The page's glyphs, and whether every one is upright."""
    chars: list[Char] = []
    all_upright = True
    raw = page.get_text("rawdict", flags=TEXT_FLAGS, sort=False)
    for block in raw["blocks"]:
        for line in block.get("lines", ()):
            dx, dy = line["dir"]
            vertical = bool(line["wmode"])  # CJK set top to bottom (Identity-V), glyphs upright
            upright = vertical or (dx > 0 and abs(dy) < 1e-6)
            for span in line["spans"]:
                size = float(span["size"])
                if not upright and span["chars"]:
                    all_upright = False
                if vertical:
                    # pdfminer's box of a vertical glyph is MuPDF's moved up by its height.
                    chars += [
                        (char["c"], box[0], box[2], box[1] - size, box[1], size, True)
                        for char in span["chars"]
                        for box in (char["bbox"],)
                    ]
                elif upright:
                    chars += [
                        (char["c"], box[0], box[2], box[3] - size, box[3], size, True)
                        for char in span["chars"]
                        for box in (char["bbox"],)
                    ]
                else:
                    chars += [
                        (char["c"], box[0], box[2], box[1], box[3], size, False)
                        for char in span["chars"]
                        for box in (char["bbox"],)
                    ]
    return chars, all_upright


@dataclass
class Edges:
    """A page's painted edges as pdfplumber cuts them: the vertical and the horizontal ones as
    rules (in the order painted), and how many there are in all (slanted ones too)."""

    vertical: list[Rule] = field(default_factory=list)
    horizontal: list[Rule] = field(default_factory=list)
    count: int = 0

    def __len__(self) -> int:
        return self.count


def drawing_edges(page: Any) -> Edges:
    """The edges of every painted path, as pdfplumber cuts pdfminer's shapes (MuPDF's paths
    as plain tuples: its Python objects for them cost more than the rest of a page): a
    rectangle into four, a line into one, a quad into three sides, a curve into the segments
    between its points. Only upright edges (vertical or horizontal) are kept, as rules with
    pdfplumber's width and height."""
    out = Edges()
    vertical = out.vertical.append
    horizontal = out.horizontal.append
    count = 0
    for path in page.get_cdrawings():
        for item in path.get("items", ()):
            kind = item[0]
            if kind == "re":
                x0, y0, x1, y1 = item[1]
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                width, height = x1 - x0, y1 - y0
                horizontal((x0, y0, x1, y0, width, 0.0))
                horizontal((x0, y1, x1, y1, width, 0.0))
                vertical((x0, y0, x0, y1, 0.0, height))
                vertical((x1, y0, x1, y1, 0.0, height))
                count += 4
                continue
            if kind == "l":
                segments: Any = (item[1:3],)
            elif kind == "qu":
                ul, ur, ll, lr = item[1]
                segments = ((ul, ur), (ur, lr), (lr, ll))
            elif kind == "c":
                segments = itertools.pairwise(item[1:5])
            else:
                continue
            for (ax, ay), (bx, by) in segments:
                count += 1
                if ax == bx:
                    top, bottom = min(ay, by), max(ay, by)
                    vertical((ax, top, ax, bottom, 0.0, bottom - top))
                elif ay == by:
                    x0, x1 = min(ax, bx), max(ax, bx)
                    horizontal((x0, ay, x1, ay, x1 - x0, 0.0))
    out.count = count
    return out
