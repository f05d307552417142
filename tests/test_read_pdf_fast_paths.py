"""The PDF reader's shortcuts in laying out upright glyphs give what the general code gives:
a word's letters taken from its text when there are as many letters as glyphs, and a table
cell of one glyph read without the word splitter (glyphs blank, empty, ligatures, spaced out);
and the cycle collector, held off while a PDF is read, is left as the caller had it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gongkai.report.readers import pdf, pdfcluster, pdfpage, pdftables
from gongkai.report.readers.pdfpage import LIGATURES, TEXT, Char, Piece, TextMap

# Letters as MuPDF gives them, and the odd ones: blanks, an empty text, ligatures, two letters.
_TEXTS = st.sampled_from(["0", "1", "年", "a", "f", " ", "\u3000", "", "ﬁ", "ﬄ", "ab", "\t"])


@st.composite
def glyphs(draw: st.DrawFn) -> list[Char]:
    out: list[Char] = []
    x = 0.0
    for _ in range(draw(st.integers(0, 14))):
        text = draw(_TEXTS)
        x += draw(st.sampled_from([0.0, 0.5, 2.0, 4.0, -1.0]))
        width = draw(st.sampled_from([0.0, 3.0, 6.0]))
        top = draw(st.sampled_from([10.0, 10.5, 20.0]))
        size = 10.0
        out.append((text, x, x + width, top, top + size, size, True))
        x += width
    return out


@st.composite
def odd_glyphs(draw: st.DrawFn) -> list[Char]:
    """Glyphs at any place, NaN and infinities too (a damaged file's matrices)."""
    nan, inf = float("nan"), float("inf")
    lefts = st.sampled_from([0.0, 1.0, 2.5, 4.0, 8.0, nan, inf])
    widths = st.sampled_from([0.0, 1.0, 3.0, nan, inf])
    tops = st.sampled_from([0.0, 2.9, 3.0, 3.5, 6.0, 7.0, nan, inf, -inf])
    out: list[Char] = []
    for _ in range(draw(st.integers(0, 12))):
        x0, top = draw(lefts), draw(tops)
        out.append((draw(_TEXTS), x0, x0 + draw(widths), top, top + 5.0, 5.0, True))
    return out


def _reference_textmap(chars: list[Char]) -> TextMap:
    """``_textmap`` as it was: every word's letters through the ligature table, glyph by glyph."""
    words = pdfpage._words(chars)
    lines: list[Piece] = []
    for line in pdfcluster.grouped(words, [w[1] for w in words], pdfpage.Y_TOLERANCE, True):
        piece: Piece = []
        for _, _, _, word_glyphs in line:
            if piece:
                piece.append((" ", None))
            piece += [
                (letter, char)
                for char in word_glyphs
                for letter in LIGATURES.get(char[TEXT], char[TEXT])
            ]
        lines.append(piece)
    return TextMap(lines)


@settings(max_examples=400, deadline=None)
@given(glyphs())
def test_a_words_letters_are_its_glyphs_letters(chars: list[Char]) -> None:
    assert pdfpage._textmap(chars).lines == _reference_textmap(chars).lines


@settings(max_examples=200, deadline=None)
@given(glyphs())
def test_a_cell_of_one_glyph_reads_as_the_word_splitter_reads_it(chars: list[Char]) -> None:
    placed = pdfpage._Placed(chars)
    for char in chars:
        words = pdfpage._words([char])
        expected = " ".join([word[0] for word in words])
        # A cell around this glyph's middle alone (and the glyphs sharing its middle).
        middle_x, middle_y = (char[1] + char[2]) / 2, (char[3] + char[4]) / 2
        cell = (middle_x - 1e-3, middle_y - 1e-3, middle_x + 1e-3, middle_y + 1e-3)
        sharing = [
            c for c in chars if (c[1] + c[2]) / 2 == middle_x and (c[3] + c[4]) / 2 == middle_y
        ]
        if len(sharing) == 1:
            assert placed.text(cell) == expected


def test_the_cycle_collector_is_held_off_during_a_read_and_restored_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from gongkai.report.errors import ReportParseError
    from gongkai.report.readers import read_bytes

    seen: list[bool] = []
    opened = pdfpage.open_page

    def open_page(page: object) -> pdfpage.Page:
        seen.append(gc.isenabled())
        return opened(page)

    monkeypatch.setattr(pdfpage, "open_page", open_page)
    data = (Path(__file__).parent / "data" / "huaian-city-2024.pdf").read_bytes()
    assert gc.isenabled()
    read_bytes(data, "huaian-city-2024.pdf")
    assert seen and not any(seen) and gc.isenabled()
    with pytest.raises(ReportParseError):
        read_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>%%EOF", "broken.pdf")
    assert gc.isenabled()
    gc.disable()
    try:
        read_bytes(data, "huaian-city-2024.pdf")
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def _guard_documents() -> list[tuple[str, bytes]]:
    from tests.hostile import HOSTILE

    data = Path(__file__).parent / "data"
    out = [(p.name, p.read_bytes()) for p in sorted(data.glob("*.pdf"))]
    out += [
        (name, make())
        for key, (name, make) in HOSTILE.items()
        if key.startswith("pdf-") and key != "pdf-100000-pages"  # (built and opened slowly)
    ]
    return out


def test_the_guards_object_reader_gives_pymupdfs_entries() -> None:
    """Every entry the guards read, of every object of the real PDFs and the hostile ones, is
    what PyMuPDF's own methods give (and whether each object is a stream)."""
    import pymupdf

    from gongkai.report.readers.pdfguard import Objects

    keys = ["Filter", "Length", "DecodeParms", "Type", "Kids", "Count", "Pages", "Encrypt", "W"]
    for _, data in _guard_documents():
        document = pymupdf.open(stream=data, filetype="pdf")
        objects = Objects(document)
        for xref in [-1, *range(1, document.xref_length())]:
            if xref > 0:
                assert objects.xref_is_stream(xref) == document.xref_is_stream(xref)
            for key in keys:
                assert objects.xref_get_key(xref, key) == document.xref_get_key(xref, key)
        assert objects.xref_length() == document.xref_length()


def _reference_cell_text(chars: list[Char], cell: tuple[float, float, float, float]) -> str:
    """pdfplumber's text of a cell as the reader read it before its shortcuts: the glyphs whose
    middle is inside, in page order, through the word splitter, lines joined."""
    x0, top, x1, bottom = cell
    inside = [
        c for c in chars if x0 <= (c[1] + c[2]) / 2 < x1 and top <= (c[3] + c[4]) / 2 < bottom
    ]
    if not inside:
        return ""
    words = pdfpage._words(inside)
    tops = [word[1] for word in words]
    if len(set(tops)) <= 1:
        return " ".join([word[0] for word in words])
    lines = pdfcluster.grouped(words, tops, pdfpage.Y_TOLERANCE, keep_order=False)
    return "\n".join([" ".join([word[0] for word in line]) for line in lines])


@settings(max_examples=400, deadline=None)
@given(
    # (a glyph whose top is NaN is not looked at here: its middle sorts anywhere, and the
    # reader, as before, may count it inside a cell where pdfplumber does not)
    st.one_of(glyphs(), odd_glyphs().filter(lambda chars: all(c[3] == c[3] for c in chars))),
    st.sampled_from([0.0, 2.0, 5.0]),
    st.sampled_from([12.0, 30.0, 90.0]),
)
def test_a_cells_text_is_the_word_splitters(chars: list[Char], left: float, right: float) -> None:
    placed = pdfpage._Placed(chars)
    for cell in [(left, 0.0, right, 40.0), (left, 14.0, right, 40.0), (left, 0.0, right, 15.5)]:
        assert placed.text(cell) == _reference_cell_text(chars, cell)


def _reference_grouped(
    items: list[int], keys: list[float], tolerance: float, keep_order: bool
) -> list[list[int]]:
    """``grouped`` as it was: a loop opening a group wherever the cluster changes."""
    cluster = pdfcluster.clusters(keys, tolerance)
    ids = [cluster[key] for key in keys]
    order = range(len(items)) if keep_order else sorted(range(len(items)), key=ids.__getitem__)
    groups: list[list[int]] = []
    last = None
    for i in order:
        if not groups or ids[i] != last:
            groups.append([])
            last = ids[i]
        groups[-1].append(items[i])
    return groups


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([0.0, 1.0, 2.5, 3.0, 3.5, 7.0, 20.0, -4.0])), st.booleans())
def test_grouping_by_cluster_is_the_loops(keys: list[float], keep_order: bool) -> None:
    items = list(range(len(keys)))
    assert pdfcluster.grouped(items, keys, 3.0, keep_order) == _reference_grouped(
        items, keys, 3.0, keep_order
    )


def _reference_words(chars: list[Char]) -> list[pdfpage.Word]:
    """``_words`` as it was: lines by a sort on their cluster, every word's text searched for a
    ligature, the tops' difference through abs()."""
    words: list[pdfpage.Word] = []
    tops = [c[3] for c in chars]
    if len(set(tops)) <= 1:
        lines = [list(chars)]
    else:
        lines = _reference_grouped(chars, tops, pdfpage.Y_TOLERANCE, keep_order=False)  # type: ignore[arg-type]
    for line in lines:
        line.sort(key=lambda c: c[1])
        word: list[Char] = []
        last_x0 = last_reach = last_top = 0.0
        for char in line:
            text, x0, x1, top, _, _, _ = char
            if not text or text.isspace():
                if word:
                    words.append(pdfpage._word(word))
                word = []
                if not text:
                    words.append(pdfpage._word([char]))
                continue
            if word and (x0 < last_x0 or x0 > last_reach or abs(top - last_top) > 3.0):
                words.append(pdfpage._word(word))
                word = [char]
            else:
                word.append(char)
            last_x0, last_reach, last_top = x0, x1 + 3.0, top
        if word:
            words.append(pdfpage._word(word))
    return words


@settings(max_examples=1000, deadline=None)
@given(st.one_of(glyphs(), odd_glyphs()))
def test_the_word_splitter_is_the_loop_it_was(chars: list[Char]) -> None:
    """Lines filled cluster by cluster, one ligature search a page and the tops' difference
    compared without abs() split words as before, NaN and infinities included."""
    ours, theirs = pdfpage._words(chars), _reference_words(chars)
    assert repr(ours) == repr(theirs)  # (repr: NaN is not equal to itself)


class _PlumbersTextMap:
    """The reader's text map seen as pdfplumber's: its letters as one list, lines separated by a
    newline, and its string (what page_lines reads of pdfplumber's)."""

    def __init__(self, textmap: TextMap) -> None:
        self.tuples = textmap.tuples
        self.as_string = "\n".join(["".join([t for t, _ in line]) for line in textmap.lines])
        self.line_dir_render, self.char_dir_render = "ttb", "ltr"


class _FakePage:
    """A page of upright glyphs, as :func:`page_lines` reads it, its text map the reader's
    (``known``: with its lines' texts and blank glyphs) or seen as pdfplumber's."""

    def __init__(self, chars: list[Char], known: bool) -> None:
        self.chars = chars
        self.char_keys = pdfpage.CHAR_KEYS
        self.known = known

    def get_textmap(self) -> TextMap | _PlumbersTextMap:
        textmap = pdfpage._textmap(self.chars)
        return textmap if self.known else _PlumbersTextMap(textmap)


@settings(max_examples=500, deadline=None)
@given(st.one_of(glyphs(), odd_glyphs()))
# A line of an empty glyph alone, last or first; empty glyphs leading a line.
@example([("a", 0.0, 3.0, 10.0, 20.0, 10.0, True), ("", 0.0, 3.0, 30.0, 40.0, 10.0, True)])
@example([("", 0.0, 3.0, 10.0, 20.0, 10.0, True), ("a", 0.0, 3.0, 30.0, 40.0, 10.0, True)])
@example([("", 0.0, 0.0, 10.0, 20.0, 10.0, True), ("", 1.0, 1.0, 10.0, 20.0, 10.0, True)])
def test_the_lines_read_with_the_text_maps_own_texts_and_blanks_are_the_same(
    chars: list[Char],
) -> None:
    from gongkai.report.readers.pdflines import page_lines

    ours = page_lines(_FakePage(chars, known=True))
    theirs = page_lines(_FakePage(chars, known=False))
    assert repr(ours) == repr(theirs)


@settings(max_examples=500, deadline=None)
@given(st.one_of(glyphs(), odd_glyphs()))
def test_the_glyphs_by_middle_are_in_the_order_of_middle_and_index(chars: list[Char]) -> None:
    """The cell finder's glyphs sorted by their middle (indices by key, when every middle is a
    number) are in the order of the (middle, index) pairs, as they were sorted before."""
    placed = pdfpage._Placed(chars)
    pairs = sorted([((c[3] + c[4]) / 2, i) for i, c in enumerate(chars)])
    assert placed.order == [i for _, i in pairs]
    assert repr(placed.v) == repr([m for m, _ in pairs])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.0, -0.0, 1.0, 2.0, 5.5, float("nan"), float("inf"), -float("inf")]),
        max_size=300,
    )
)
def test_a_pages_worth_of_glyphs_by_middle_are_in_the_order_of_middle_and_index(
    tops: list[float],
) -> None:
    """As above, for as many glyphs as a page holds (Python sorts fewer than 64 otherwise)."""
    chars: list[Char] = [("a", 0.0, 1.0, top, top, 1.0, True) for top in tops]
    placed = pdfpage._Placed(chars)
    pairs = sorted([((c[3] + c[4]) / 2, i) for i, c in enumerate(chars)])
    assert placed.order == [i for _, i in pairs]


@st.composite
def ruled_grids(draw: st.DrawFn) -> tuple[list[pdftables.Rule], list[pdftables.Rule]]:
    """Rules on a coarse grid, some broken, some a little off the grid, some missing: vertical
    and horizontal ones."""
    places = st.sampled_from([0.0, 10.0, 20.0, 21.5, 30.0, 45.0, 60.0])
    vertical: list[pdftables.Rule] = []
    horizontal: list[pdftables.Rule] = []
    for _ in range(draw(st.integers(0, 14))):
        at, start, end = draw(places), draw(places), draw(places)
        start, end = min(start, end), max(start, end)
        if draw(st.booleans()):
            vertical.append((at, start, at, end, 0.0, end - start))
        else:
            horizontal.append((start, at, end, at, end - start, 0.0))
    return vertical, horizontal


@settings(max_examples=500, deadline=None)
@given(ruled_grids())
def test_the_cells_and_tables_of_crossing_rules_are_pdfplumbers(
    rules: tuple[list[pdftables.Rule], list[pdftables.Rule]],
) -> None:
    """The cells found at the rules' crossings (numbered, a column's a run of the sorted ones,
    no search where none lies to the right) and the tables they make (the union-find with its
    find inlined, the corners by place or by number) are pdfplumber's."""
    from pdfplumber import table

    vertical, horizontal = rules
    edges = [
        {"x0": r[0], "top": r[1], "x1": r[2], "bottom": r[3], "orientation": "v"} for r in vertical
    ] + [
        {"x0": r[0], "top": r[1], "x1": r[2], "bottom": r[3], "orientation": "h"}
        for r in horizontal
    ]
    cells, corners = pdftables._cells_and_corners(pdftables._crossings(vertical, horizontal))
    theirs = table.intersections_to_cells(table.edges_to_intersections(edges, 3.0, 3.0))
    assert cells == theirs
    tables = pdftables.cells_to_tables(cells)
    assert [sorted(t) for t in tables] == [sorted(t) for t in table.cells_to_tables(theirs)]
    # The corners by number join the cells as the corners by place do.
    assert pdftables.cells_to_tables(cells, corners) == tables


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([0.0, -0.0, 2.9, 3.0, 3.5, 6.0, float("nan"), float("inf")]),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=8,
    )
)
def test_one_cluster_is_told_as_the_clustering_tells_it(values: list[float]) -> None:
    """The shortcut that skips the clustering of a cell's (or a page's) tops says "one cluster"
    only where the clustering makes one (it may leave some such cases to the clustering)."""
    if pdfcluster.one_cluster(values, 3.0):
        assert len(set(pdfcluster.clusters(values, 3.0).values())) <= 1


_STREAM_WITH_LOOKBEHIND = re.compile(rb"(?<![A-Za-z])stream[ \t\f\x00]*(?:\r\n|\r|\n)")


def _spans_with_lookbehind(data: bytes) -> list[tuple[int, int]]:
    """The stream scan as it was: one expression with the letter before ``stream`` looked
    behind (which made the search try every byte of the file)."""
    spans = []
    at = 0
    while match := _STREAM_WITH_LOOKBEHIND.search(data, at):
        start = match.end()
        found = data.find(b"endstream", start)
        if found < 0:
            spans.append((start, len(data)))
            break
        at = found + len(b"endstream")
        end = found
        if data[end - 2 : end] == b"\r\n" and end - 2 >= start:
            end -= 2
        elif data[end - 1 : end] in (b"\r", b"\n") and end - 1 >= start:
            end -= 1
        spans.append((start, end))
    return spans


@given(
    st.lists(
        st.sampled_from(
            [
                *b"stream endstream xstream Zstream 1stream end a / stre am".split(),
                *[b" ", b"\t", b"\x00", b"\r", b"\n", b"\r\n", b"\f"],
            ]
        ),
        max_size=40,
    ).map(b"".join)
)
@example(b"stream\nabc\nendstream")
@example(b"Astream\nstream\r\nx\r\nendstream")
@example(b"streamstream \n")
def test_the_stream_scan_finds_the_streams_the_lookbehind_found(data: bytes) -> None:
    assert list(pdf.stream_spans(data)) == _spans_with_lookbehind(data)


def test_the_streams_inflated_are_found_by_their_bytes_not_only_their_length() -> None:
    inflated = pdf.Inflated()
    inflated.add(b"abcd", b"one")
    inflated.add(b"wxyz", b"two")
    inflated.add(b"abcd", b"one again")
    assert inflated.get(b"abcd") == b"one again" and inflated.get(b"wxyz") == b"two"
    assert inflated.get(b"abce") is None and inflated.get(b"abc") is None
    assert dict(inflated) == {b"abcd": b"one again", b"wxyz": b"two"} and len(inflated) == 2
