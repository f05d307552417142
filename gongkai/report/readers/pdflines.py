"""A PDF's narrative: its printed lines, where each sits on the page, and how they make paragraphs.

A PDF has no paragraphs, only lines placed on a page. Reports mark a paragraph the way 公文
are set: its first line is indented by two characters (the writer's PDF does the same), so a
body line that starts at the text block's left edge continues the paragraph above it, whatever
that paragraph's last character was. Where positions are unknown, the text alone decides: a
line that stops short of the page width, or ends in 。/：…, ends its paragraph.

The text layer also puts spaces where glyphs are far apart (``2023 年``): those are undone next
to CJK text, but a space the PDF prints as a glyph (``2025 年`` as written) is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef])[ \t]+|[ \t]+(?=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef])"
)
_PARAGRAPH_END = re.compile(r"[。！？：；:;」”）)]$")
_PARAGRAPH_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\(\S+?\)|\d+[.．、])"
)
_PROSE = re.compile(r"[。，]")
# Where a glyph holds its text, left and right edges, top, bottom and size: pdfplumber's glyphs
# are dicts, the reader's pages say where theirs hold them (``char_keys``).
DICT_KEYS = ("text", "x0", "x1", "top", "bottom", "size")
# Sizes within half a point are one size (a font's 15.9 and another's 16.0).
_SAME_SIZE = 0.5


@dataclass(frozen=True, slots=True)
class PrintedLine:
    """A line of a page's text layer; the positions (pt) are None when they are unknown."""

    text: str
    x0: float | None = None  # left edge of the first glyph
    x1: float | None = None  # right edge of the last glyph
    size: float | None = None  # the line's font size (median of its glyphs)
    printed_spaces: frozenset[int] = frozenset()  # indices in ``text`` of spaces printed as glyphs


def page_lines(page: Any) -> list[PrintedLine]:
    """The lines of ``page.extract_text()``, each with its position when the text layer has one."""
    textmap = page.get_textmap()
    texts = str(textmap.as_string).splitlines()
    if (textmap.line_dir_render, textmap.char_dir_render) != ("ttb", "ltr"):
        return [PrintedLine(text) for text in texts]
    pieces: list[list[tuple[str, Any]]]
    if hasattr(textmap, "lines"):  # the reader's own, already in lines
        pieces = list(textmap.lines)
    else:
        pieces = [[]]
        for item in textmap.tuples:
            if item[0] == "\n":
                pieces.append([])
            else:
                pieces[-1].append(item)
    if pieces and not pieces[-1]:
        pieces.pop()
    # (the reader's own knows its lines' texts and its blank glyphs)
    joined = getattr(textmap, "line_texts", None)
    if joined is None:
        joined = ["".join([text for text, _ in piece]) for piece in pieces]
    else:
        joined = joined[: len(pieces)]  # less an empty last line, as the pieces
    if joined != texts:
        return [PrintedLine(text) for text in texts]  # positions would not match the lines
    keys = getattr(page, "char_keys", DICT_KEYS)
    text_key = keys[0]
    blanks = getattr(textmap, "blanks", None)
    if blanks is None:
        blanks = [c for c in page.chars if c[text_key].isspace()]
    glyphs = getattr(textmap, "glyphs", None)  # each line's glyph of every letter
    if glyphs is None:
        glyphs = [[c for _, c in piece if c is not None] for piece in pieces]
    _, x0, x1, _, _, size = keys
    getters = (itemgetter(x0), itemgetter(x1), itemgetter(size))
    return [
        _positioned(text, piece, chars, blanks, keys, getters)
        for text, piece, chars in zip(texts, pieces, glyphs[: len(pieces)], strict=True)
    ]


def _positioned(
    text: str,
    piece: list[tuple[str, Any]],
    chars: list[Any],
    blanks: list[Any],
    keys: tuple[Any, ...],
    getters: tuple[Any, Any, Any],
) -> PrintedLine:
    if not chars:
        return PrintedLine(text)
    x0, x1, size = getters
    return PrintedLine(
        text,
        x0=float(min(map(x0, chars))),
        x1=float(max(map(x1, chars))),
        size=float(_median(list(map(size, chars)))),
        printed_spaces=_printed_spaces(piece, blanks, keys) if blanks else frozenset(),
    )


def _median(values: list[float]) -> float:
    """``statistics.median``, to the bit, without its checks (a call a printed line)."""
    values.sort()
    half = len(values) // 2
    if len(values) % 2:
        return values[half]
    return (values[half - 1] + values[half]) / 2


def _printed_spaces(
    piece: list[tuple[str, Any]], blanks: list[Any], keys: tuple[Any, ...]
) -> frozenset[int]:
    """The spaces the text layer put between two glyphs where the page prints a space glyph
    (not merely a gap): extraction drops blank glyphs and writes a space for any gap."""
    _, x0, x1, top, bottom, _ = keys
    kept = set()
    for i, (text, char) in enumerate(piece):
        if char is not None or not text.isspace():
            continue
        before = next((c for _, c in reversed(piece[:i]) if c is not None), None)
        after = next((c for _, c in piece[i + 1 :] if c is not None), None)
        if before is None or after is None:
            continue
        middle = (before[top] + before[bottom]) / 2
        if any(
            b[top] <= middle <= b[bottom] and b[x0] >= before[x1] - 1 and b[x1] <= after[x0] + 1
            for b in blanks
        ):
            kept.add(i)
    return frozenset(kept)


def despace(line: PrintedLine) -> str:
    """The line without the spaces extraction put next to CJK text; printed spaces stay."""

    def drop(match: re.Match[str]) -> str:
        printed = any(i in line.printed_spaces for i in range(match.start(), match.end()))
        return match.group() if printed else ""

    return _CJK_SPACE.sub(drop, line.text).strip()


@dataclass(frozen=True, slots=True)
class _Layout:
    """The text block of the document's body: font size, left and right edges."""

    size: float
    left: float
    right: float
    # The right edge of the lines set in each size larger than the body (rounded to half a
    # point): a larger text (a title, or prose when the tables' small print outweighs it) is
    # full where its own longest lines end, not at the body's edge.
    rights: dict[float, float]
    lefts: dict[float, float]  # likewise, the left edge of each larger size's lines

    @classmethod
    def of(cls, lines: Sequence[PrintedLine]) -> _Layout | None:
        placed = [line for line in lines if line.size is not None]
        if not placed:
            return None
        # The body is the size most prose is set in: sentences (with 。or ，), which table
        # cells and titles rarely are; a report may print more table text than prose.
        prose = [line for line in placed if _PROSE.search(line.text)] or placed
        weights: Counter[float] = Counter()
        for line in prose:
            assert line.size is not None
            weights[round(line.size * 2) / 2] += len(line.text)
        size = weights.most_common(1)[0][0]
        body = [line for line in placed if _same(line.size, size)]
        rights: dict[float, float] = {}
        lefts: dict[float, float] = {}
        for line in placed:
            assert line.size is not None
            if line.x1 is not None and line.size > size + _SAME_SIZE:
                key = round(line.size * 2) / 2
                rights[key] = max(rights.get(key, line.x1), line.x1)
                if line.x0 is not None:
                    lefts[key] = min(lefts.get(key, line.x0), line.x0)
        return cls(
            size,
            min(line.x0 for line in body if line.x0 is not None),
            max(line.x1 for line in body if line.x1 is not None),
            rights,
            lefts,
        )

    def continues(self, last: PrintedLine, line: PrintedLine) -> bool:
        """Whether ``line`` goes on with the paragraph whose last line so far is ``last``."""
        assert last.size is not None and line.size is not None
        assert last.x1 is not None and line.x0 is not None
        if not _same(last.size, line.size):
            return False
        if line.size > self.size + _SAME_SIZE:
            # A title set larger than the body, centred and wrapped, or prose set larger than
            # the tables that outweigh it: the line above is full — but for up to two
            # characters, which line breaking may carry over (no 。 may start a line, so the
            # character before it goes down with it).
            key = round(line.size * 2) / 2
            right = self.rights.get(key, self.right)
            left = self.lefts.get(key, self.left)
            assert line.x1 is not None
            if line.x0 >= left + line.size and line.x1 >= right - line.size / 2:
                return False  # set right, away from the left edge: a signature (落款)
            if line.x0 >= left + line.size / 2 and _PARAGRAPH_START.match(line.text):
                # Set in and numbered (六、其他需要报告的事项, （一）…): a heading or a new
                # paragraph, even below a full line: a wrapped line of prose starts at the left
                # edge, and a centred title's second line does not start with a number.
                return False
            return last.x1 >= right - 2 * line.size
        if not _same(line.size, self.size):
            return False  # smaller than the body: table cells, notes
        if line.x0 >= self.left + line.size / 2:
            return False  # indented (a first line), centred or set right (a signature)
        # A wrapped line ends near the right edge: a line stopping a quarter short ends its
        # paragraph even where the next one is not indented.
        return last.x1 >= self.right - (self.right - self.left) / 4


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= _SAME_SIZE


def _closed(line: str, width: int) -> bool:
    # Without positions: a wrapped line runs the full width of the page; a shorter one (a
    # title, a heading such as 一、总体情况, a paragraph's last line) ends where it ends.
    return len(line) < width * 0.8 or bool(_PARAGRAPH_END.search(line))


def reflow(lines: Sequence[PrintedLine | str]) -> list[str]:
    """Join the lines of each paragraph that the page width broke."""
    printed = [line if isinstance(line, PrintedLine) else PrintedLine(line) for line in lines]
    cleaned = [(text, line) for line in printed if (text := despace(line))]
    lengths = sorted(len(text) for text, _ in cleaned)
    width = lengths[len(lengths) * 4 // 5] if lengths else 0
    layout = _Layout.of([line for _, line in cleaned])
    out: list[str] = []
    last: tuple[str, PrintedLine] | None = None  # the last physical line
    for text, line in cleaned:
        if last is not None and _continues(last, (text, line), layout, width):
            out[-1] += text
        else:
            out.append(text)
        last = text, line
    return out


def _continues(
    last: tuple[str, PrintedLine],
    current: tuple[str, PrintedLine],
    layout: _Layout | None,
    width: int,
) -> bool:
    (last_text, last_line), (text, line) = last, current
    if layout is not None and last_line.size is not None and line.size is not None:
        return layout.continues(last_line, line)
    return not _closed(last_text, width) and not _PARAGRAPH_START.match(text)
