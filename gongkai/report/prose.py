"""Figures that the 总体情况 prose states about tables 三 and 四 (rule 9).

Deterministic patterns over the usual phrasings — "共受理政府信息公开申请 21 件",
"已全部答复 21 件", "结转下年度 2 件", "上年结转 3 件", "行政复议 1 件", "未发生行政诉讼" —
each with the sentence it came from. A phrasing that does not match is left alone: rule 9
only ever reports a figure it has read with confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

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
_GAP = r"[^。；;，,！？!?\n\d零〇一二两三四五六七八九十]{0,10}?"
_CLAUSE = r"[^。；;，,！？!?\n]"


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
    anchors: tuple[str, ...]  # the words a match starts with, found with str.find (fast)
    rest: str  # the regex that follows an anchor
    what: str
    refs: tuple[Ref, ...]
    table_label: str
    excluded: tuple[str, ...] = ()  # words that, inside the match, mean it is about something else

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.anchors, self.rest)


@cache
def _compiled(anchors: tuple[str, ...], rest: str) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(anchors) + ")" + rest)


_NEW: Ref = (("requests", "new"),)
_NEW_AND_OVER: Ref = (("requests", "new"), ("requests", "carried_over"))
_LITIGATION: Ref = (("appeals", "litigation_direct"), ("appeals", "litigation_after_review"))
_REVIEW: Ref = (("appeals", "review"),)
_LITIGATION_LABEL = "表四「行政诉讼」（未经复议直接起诉 + 复议后起诉）总计"

_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        ("新收", "收到", "受理", "接收", "共收"),
        rf"{_CLAUSE}{{0,25}}?申请{_GAP}{_NUM}(件|个|份)",
        "收到/受理政府信息公开申请",
        # Some agencies count the applications carried over from last year as received.
        (_NEW, _NEW_AND_OVER),
        "表三「一、本年新收政府信息公开申请数量」总计",
        ("复议", "诉讼", "结转", "其中", "各"),
    ),
    _Pattern(
        ("答复", "办结", "办理完毕"),
        rf"{_GAP}{_NUM}(件|个|份)",
        "答复/办结申请",
        ((("requests", "result_total"),),),
        "表三「（七）总计」",
        ("复议", "诉讼", "结转", "其中", "各"),
    ),
    _Pattern(
        ("结转",),
        rf"(?:至|到)?(?:下一?年度?|下年){_GAP}{_NUM}(件|个|份)",
        "结转下年度办理",
        ((("requests", "carried_forward"),),),
        "表三「四、结转下年度继续办理」总计",
    ),
    _Pattern(
        ("上年", "上一年"),
        rf"度?(?:结转|转来){_GAP}{_NUM}(件|个|份)",
        "上年结转申请",
        ((("requests", "carried_over"),),),
        "表三「二、上年结转政府信息公开申请数量」总计",
    ),
    _Pattern(
        ("行政复议",),
        rf"(?:案件|申请)?{_GAP}{_NUM}(件|起|宗)",
        "行政复议",
        (_REVIEW,),
        "表四「行政复议」总计",
        ("诉讼", "各", "纠正", "纠错", "维持"),
    ),
    _Pattern(
        ("行政诉讼",),
        rf"(?:案件)?{_GAP}{_NUM}(件|起|宗)",
        "行政诉讼",
        (_LITIGATION,),
        _LITIGATION_LABEL,
        ("复议", "各", "纠正", "纠错", "维持", "败诉"),
    ),
)
# "未发生政府信息公开行政复议、行政诉讼案件" states zero of each. Anchored at the clause's end so that
# "未发生行政复议被纠错的情况" (no corrections, not no reviews) does not match.
_NONE_ANCHORS = ("未", "没有")
_NONE_STATED = _compiled(
    _NONE_ANCHORS,
    r"(?:发生|收到|出现|产生|涉及)[^。；;，,！？!?\n]{0,16}?(行政复议|行政诉讼)"
    r"(?:[、和及与或](行政复议|行政诉讼))?(?:案件|情况|事件|事项)?(?=[。；;，,！？!?\n]|$)",
)
_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_KEYWORDS = ("申请", "答复", "办结", "办理完毕", "结转", "复议", "诉讼")


def _matches(
    text: str, anchors: tuple[str, ...], regex: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    """Matches of ``regex`` starting at each occurrence of an anchor, without overlaps."""
    ends: set[int] = set()
    for anchor in anchors:
        position = text.find(anchor)
        while position >= 0:
            match = regex.match(text, position)
            if match and match.end() not in ends:
                ends.add(match.end())
                yield match
            position = text.find(anchor, position + 1)


class _Sentences:
    """The sentence around a position; the boundaries are found once, on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ends: list[int] | None = None

    def at(self, position: int) -> str:
        if self.ends is None:
            self.ends = [m.start() for m in _SENTENCE_END.finditer(self.text)]
        i = bisect_right(self.ends, position)
        start = self.ends[i - 1] + 1 if i else 0
        return self.text[start : self.ends[i] if i < len(self.ends) else len(self.text)]


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


def stated_figures(text: str) -> list[StatedFigure]:
    """Every figure the text states, in the order it states them.

    Whitespace is removed first (PDF extraction leaves it inside words and numbers); the
    sentence quoted is the one the figure stands in, as printed less that whitespace.
    """
    if not any(word in text for word in _KEYWORDS):
        return []
    # Regex \d and int() take full-width digits as they are: no folding needed.
    compact = "\n".join("".join(line.split()) for line in text.split("\n"))
    sentences = _Sentences(compact)
    found: list[tuple[int, StatedFigure]] = []
    for pattern in _PATTERNS:
        for match in _matches(compact, pattern.anchors, pattern.regex):
            value = parse_chinese_number(match.group(1))
            if value is None or any(word in match.group(0) for word in pattern.excluded):
                continue
            sentence = sentences.at(match.start())
            figure = StatedFigure(
                pattern.what, value, match.group(2), sentence, pattern.refs, pattern.table_label
            )
            found.append((match.start(), figure))
    for match in _matches(compact, _NONE_ANCHORS, _NONE_STATED):
        sentence = sentences.at(match.start())
        for kind in filter(None, match.groups()):
            review = kind == "行政复议"
            refs, label = (
                ((_REVIEW,), "表四「行政复议」总计")
                if review
                else ((_LITIGATION,), _LITIGATION_LABEL)
            )
            found.append(
                (match.start(), StatedFigure("未发生" + kind, 0, "件", sentence, refs, label))
            )
    found.sort(key=lambda item: item[0])
    return [figure for _, figure in found]
