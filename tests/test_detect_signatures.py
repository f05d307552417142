"""Format detection looks for the template signatures in the cells joined with their whitespace
dropped, unfolded, where that finds each signature exactly where folding would (issue 21:
folding every cell was a tenth of the reader's work on the document)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.formats import normalize_label, table_templates
from gongkai.report.readers.detect import (
    _FOLDS_TO_IDEOGRAPH,
    _ideographic,
    _signature_text,
    detect_format,
)


def _ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def test_every_signature_is_a_run_of_ideographs() -> None:
    for template in table_templates():
        assert _ideographic(template.signatures), template.key


def test_folding_makes_ideographs_only_of_the_characters_set_apart() -> None:
    for code in range(0x110000):
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if _ideograph(char):
            # Kept as it is, and composed with nothing (never part of a composition).
            assert folded == char, hex(code)
            continue
        if char.isspace():
            assert folded.isspace(), hex(code)
            continue
        if _FOLDS_TO_IDEOGRAPH.match(char) is None:
            assert not any(map(_ideograph, folded)), hex(code)
            assert normalize_label(char), hex(code)  # folded to something, not to nothing
    for code in range(0x110000):
        # No canonical composition pairs an ideograph with anything (singletons never compose).
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            assert not any(_ideograph(chr(int(part, 16))) for part in parts), hex(code)


_SIGNATURES = [sig for template in table_templates() for sig in template.signatures]
_PIECES = st.lists(
    st.sampled_from(
        [
            *_SIGNATURES,
            "本年",
            "本",
            "本\uf98e",
            "新制作数量",
            "新制作",
            "数量",
            "制发件数",
            "现行有效",
            "件数",
            "\uf98e",  # a compatibility ideograph: 年
            "\u2f00",  # KANGXI RADICAL ONE: 一
            "㈠",
            " ",
            "\u3000",
            "\n",
            "（",
            "、",
            "“",
            "0",
            "１",
            "e",
            "\u0301",
            "\u1100",
            "ｶ",
            "ﾞ",
            "",
        ]
    ),
    max_size=12,
)


@given(_PIECES, _PIECES)
def test_signatures_are_found_where_folding_finds_them(first: list[str], second: list[str]) -> None:
    texts = ["".join(first[:3]), *first[3:], "".join(second)]
    folded = normalize_label("".join(texts))
    found = _signature_text(texts, table_templates())
    for signature in [*_SIGNATURES, "本年新", "年一"]:
        assert (signature in found) == (signature in folded), signature


def test_a_signature_split_by_whitespace_or_made_of_compatibility_forms_is_found() -> None:
    templates = table_templates()
    assert "本年新制作数量" in _signature_text(["本年 新制作", "数量"], templates)
    assert "本年新公开数量" in _signature_text(["1", "本\uf98e新公开", "\u3000数量"], templates)
    assert "年一" in _signature_text(["\uf98e\u2f00"], templates)
    cells = ["本年制发件数", "本年废止", "\u3000件数", "现行有效件数"]
    fmt, _ = detect_format(cells, 2019)
    assert fmt is not None and fmt.key == "2021"
