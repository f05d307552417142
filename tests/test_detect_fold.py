"""Format detection folds the table's cell texts one by one where that gives what folding them
joined gives (issue 21: folding the joined cells was a tenth of an HTML read)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.formats import normalize_label
from gongkai.report.readers.detect import _COMPOSING_START, _folded

# Texts that start with a combining mark, a Hangul jamo or a half-width voiced mark must be
# folded joined: NFKC composes them with the text before them.
_PIECES = st.lists(
    st.text(
        st.sampled_from(
            [
                "a",
                "e",
                "1",
                "１",
                "（",
                "）",
                "不",
                "予",
                "、",
                "\u3000",
                " ",
                "\n",
                "\u0301",
                "\u3099",
                "ｶ",
                "ﾞ",
                "\u1100",
                "\u1161",
                "\u11a8",
                "가",
                "か",
                "<",
                "\u0338",
                "ˇ",
            ]
        ),
        max_size=4,
    ),
    max_size=8,
)


@given(_PIECES)
def test_folding_cell_by_cell_gives_the_joined_texts_folding(texts: list[str]) -> None:
    assert _folded(texts) == normalize_label("".join(texts))


def test_no_text_folded_alone_starts_with_what_nfkc_composes_with_the_text_before() -> None:
    # The second characters of canonical compositions, and the Hangul vowel and final jamo.
    second = {chr(0x1161 + i) for i in range(21)} | {chr(0x11A8 + i) for i in range(27)}
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            second.add(chr(int(parts[1], 16)))
    for code in range(0x10000):
        char = chr(code)
        if _COMPOSING_START.match(char) is None:
            first = unicodedata.normalize("NFKD", char)[:1]
            assert not unicodedata.combining(first) and first not in second, hex(code)
