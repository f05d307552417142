"""The free-text (pre-2019) reader's figure patterns: what the one written for speed finds is what
its plain form finds, on generated sentences of verbs, counts, units and punctuation."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report.readers.legacy import _MID, _UNIT

# _MID as it reads plainly: the text up to the verb may be retried at every later verb.
PLAIN_MID = re.compile(
    r"([^,，;；。:：]*?(?:收到|受理|接到)[^,，;；。:：]*?)(?<![\d.])(\d+)" + _UNIT + r"(?![余多\d])"
)
PIECES = [
    "收到", "受理", "接到", "申请", "共", "本机关", "并已办结", "余", "多", "约",
    "1", "12", "2016", "0", ".", "5.5", "件", "份", "条", "人次", "卷(册)", "个",
    "，", ",", "；", "。", ":", "：", "、", " ", "年",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_mid_clause_counts_are_found_as_the_plain_pattern_finds_them(parts: list[str]) -> None:
    sentence = "".join(parts)
    plain = [(m.span(), m.groups()) for m in PLAIN_MID.finditer(sentence)]
    assert [(m.span(), m.groups()) for m in _MID.finditer(sentence)] == plain
