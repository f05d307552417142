"""The free-text (pre-2019) reader's figure patterns: what the one written for speed finds is what
its plain form finds, what the linear searches find is what each pattern's own search finds, and
what a count counts is cleaned as the plain patterns clean it, on generated sentences of verbs,
counts, units and punctuation."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import example, given, settings
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


def _plain_clean_what(text: str, agency: str | None) -> str:
    """legacy._clean_what as it reads plainly: every pattern run on the whole text each turn."""
    text = text.strip()
    suffixes = [agency[i:] for i in range(len(agency) - 2)] if agency else []
    text = legacy._RUN_IN_HEADING.sub("", text)
    previous = None
    while text != previous:
        previous = text
        text = legacy._LEADING.sub("", text).strip()
        text = legacy._TRAILING.sub("", text).strip()
        for suffix in suffixes:
            if text.startswith(suffix):
                text = text[len(suffix) :]
        text = legacy._SUBJECT.sub("", text)
        text = legacy._LOCATIVE.sub("", text)
    return text


WHAT_PIECES = [
    "全年", "本年", "本年度", "今年", "其中", "共计", "共有", "共", "接到", "收到", "全市", "2016年",
    "2016年度", ".", "．", "、", ",", "，", "达到", "达", "为", "计", "累计", "我局", "本委", "本机关",
    "我", "本", "局", "在", "上", "在网站上", " ", "\u3000", "\n", "某某局", "江临市某某局", "公开",
    "申请", "数", "1", "（一）", "情况", "x",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(st.sampled_from(WHAT_PIECES), max_size=25),
    st.sampled_from([None, "江临市某某局", "某某局", "局"]),
)
@example(["在", "，", "上", "x"], None)  # 在 … 上 never runs over a comma
@example(["在", "上", " ", "x"], None)  # nor ends on a 上 before a space
def test_what_a_count_counts_is_cleaned_as_the_plain_patterns_clean_it(
    parts: list[str], agency: str | None
) -> None:
    text = "".join(parts)
    assert legacy._clean_what(text, agency) == _plain_clean_what(text, agency)
