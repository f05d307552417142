"""Figures that the 总体情况 prose states about tables 三 and 四 (rule 9).

Deterministic patterns over the usual phrasings — "共受理政府信息公开申请 21 件",
"已全部答复 21 件", "结转下年度 2 件", "上年结转 3 件", "行政复议 1 件", "未发生行政诉讼" —
each with the sentence it came from. A phrasing that does not match is left alone: rule 9
only ever reports a figure it has read with confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# A reference to table cells: the "total" column of each (table, row) named, summed.
Ref = tuple[tuple[str, str], ...]

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_GAP = r"[^。；;，,\d零〇一二两三四五六七八九十]{0,10}?"
_CLAUSE = r"[^。；;，,]"


@dataclass(frozen=True, slots=True)
class StatedFigure:
    what: str  # what the prose says, e.g. "受理政府信息公开申请"
    value: int
    unit: str
    sentence: str
    # Accepted readings of the tables: the figure agrees if it equals any of them. The first is
    # the one a finding quotes.
    refs: tuple[Ref, ...]
    table_label: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    what: str
    refs: tuple[Ref, ...]
    table_label: str
    excluded: tuple[str, ...] = ()  # words that, inside the match, mean it is about something else


_NEW: Ref = (("requests", "new"),)
_NEW_AND_OVER: Ref = (("requests", "new"), ("requests", "carried_over"))
_LITIGATION: Ref = (("appeals", "litigation_direct"), ("appeals", "litigation_after_review"))
_REVIEW: Ref = (("appeals", "review"),)

_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        re.compile(rf"(?:新收|收到|受理|接收|共收){_CLAUSE}{{0,25}}?申请{_GAP}{_NUM}(件|个|份)"),
        "收到/受理政府信息公开申请",
        # Some agencies count the applications carried over from last year as received.
        (_NEW, _NEW_AND_OVER),
        "表三「一、本年新收政府信息公开申请数量」总计",
        ("复议", "诉讼", "结转", "其中", "各"),
    ),
    _Pattern(
        re.compile(rf"(?:答复|办结|办理完毕){_GAP}{_NUM}(件|个|份)"),
        "答复/办结申请",
        ((("requests", "result_total"),),),
        "表三「（七）总计」",
        ("复议", "诉讼", "结转", "其中", "各"),
    ),
    _Pattern(
        re.compile(rf"结转(?:至|到)?(?:下一?年度?|下年){_GAP}{_NUM}(件|个|份)"),
        "结转下年度办理",
        ((("requests", "carried_forward"),),),
        "表三「四、结转下年度继续办理」总计",
    ),
    _Pattern(
        re.compile(rf"(?:上一?年度?结转|上年度?转来){_GAP}{_NUM}(件|个|份)"),
        "上年结转申请",
        ((("requests", "carried_over"),),),
        "表三「二、上年结转政府信息公开申请数量」总计",
    ),
    _Pattern(
        re.compile(rf"行政复议(?:案件|申请)?{_GAP}{_NUM}(件|起|宗)"),
        "行政复议",
        (_REVIEW,),
        "表四「行政复议」总计",
        ("诉讼", "各", "纠正", "纠错", "维持"),
    ),
    _Pattern(
        re.compile(rf"行政诉讼(?:案件)?{_GAP}{_NUM}(件|起|宗)"),
        "行政诉讼",
        (_LITIGATION,),
        "表四「行政诉讼」（未经复议直接起诉 + 复议后起诉）总计",
        ("复议", "各", "纠正", "纠错", "维持", "败诉"),
    ),
)
# "未发生政府信息公开行政复议、行政诉讼案件" states zero of each. Anchored at the clause's end so that
# "未发生行政复议被纠错的情况" (no corrections, not no reviews) does not match.
_NONE_STATED = re.compile(
    r"(?:未|没有)(?:发生|收到|出现|产生|涉及)[^。；;，,]{0,16}?(行政复议|行政诉讼)"
    r"(?:[、和及与或](行政复议|行政诉讼))?(?:案件|情况|事件|事项)?(?=[。；;，,]|$)"
)
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_SPACE = re.compile(r"\s+")


def parse_chinese_number(text: str) -> int | None:
    """``21`` → 21, ``二十一`` → 21, ``两`` → 2, ``一百零五`` → 105; None if not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def sentences(text: str) -> Iterator[str]:
    """The text's sentences with whitespace removed (PDF extraction leaves it everywhere)."""
    for line in text.split("\n"):
        for sentence in _SENTENCE_END.split(_SPACE.sub("", line)):
            if sentence:
                yield sentence


def stated_figures(text: str) -> list[StatedFigure]:
    figures: list[StatedFigure] = []
    for sentence in sentences(text):
        if (
            "件" not in sentence
            and "起" not in sentence
            and "宗" not in sentence
            and "未" not in sentence
        ):
            continue
        figures.extend(_figures_in(sentence))
    return figures


def _figures_in(sentence: str) -> Iterator[StatedFigure]:
    # Match on the folded text (full-width digits and punctuation); quote the sentence as printed.
    folded = unicodedata.normalize("NFKC", sentence)
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(folded):
            if any(word in match.group(0) for word in pattern.excluded):
                continue
            value = parse_chinese_number(match.group(1))
            if value is None:
                continue
            yield StatedFigure(
                pattern.what, value, match.group(2), sentence, pattern.refs, pattern.table_label
            )
    for match in _NONE_STATED.finditer(folded):
        for kind in filter(None, match.groups()):
            review = kind == "行政复议"
            yield StatedFigure(
                "未发生" + kind,
                0,
                "件",
                sentence,
                (_REVIEW,) if review else (_LITIGATION,),
                "表四「行政复议」总计" if review else _PATTERNS[-1].table_label,
            )
