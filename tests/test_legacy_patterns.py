"""The free-text (pre-2019) reader's figure patterns: what the one written for speed finds is what
its plain form finds, and what the linear searches find is what each pattern's own search
finds, on generated sentences of verbs, counts, units and punctuation."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.readers import legacy
from gongkai.report.readers.legacy import (
    _CLAUSE,
    _COLON,
    _MID,
    _UNIT,
    _clause_matches,
    _colon_matches,
    _mid_matches,
)

# _MID as it reads plainly: the text up to the verb may be retried at every later verb.
PLAIN_MID = re.compile(
    r"([^,，;；。:：]*?(?:收到|受理|接到)[^,，;；。:：]*?)(?<![\d.])(\d+)" + _UNIT + r"(?![余多\d])"
)
PIECES = [
    "收到", "受理", "接到", "申请", "共", "本机关", "并已办结", "余", "多", "约",
    "1", "12", "2016", "0", ".", "5.5", "件", "份", "条", "人次", "卷(册)", "个",
    "，", ",", "；", "。", ":", "：", "、", " ", "年",
    "公开", "数", "各", "等", "件次", "项", "接待", "1.", "x",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_mid_clause_counts_are_found_as_the_plain_pattern_finds_them(parts: list[str]) -> None:
    sentence = "".join(parts)
    plain = [(m.span(), m.groups()) for m in PLAIN_MID.finditer(sentence)]
    assert [(m.span(), m.groups()) for m in _MID.finditer(sentence)] == plain


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_linear_searches_find_what_each_pattern_finds(parts: list[str]) -> None:
    """Each match where the linear search expects it: the pattern's own search is never its
    fallback."""
    sentence = "".join(parts)
    fallback = mock.patch.object(legacy, "_plain_search", side_effect=AssertionError("fallback"))
    for pattern, linear in (
        (_CLAUSE, _clause_matches),
        (_MID, _mid_matches),
        (_COLON, _colon_matches),
    ):
        plain = [(m.span(), m.groups()) for m in pattern.finditer(sentence)]
        with fallback:
            found = [(m.span(), m.groups()) for m in linear(sentence)]
        assert found == plain, pattern.pattern
