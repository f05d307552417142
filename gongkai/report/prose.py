"""Figures that the 总体情况 prose states about tables 三 and 四 (rule 9).

Deterministic patterns over the usual phrasings — "共受理政府信息公开申请 21 件",
"已全部答复 21 件", "结转下年度 2 件", "上年结转 3 件", "行政复议 1 件", "未发生行政诉讼" —
each with the sentence it came from. A phrasing that does not match is left alone: rule 9
only ever reports a figure it has read with confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter

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
class FigureKind:
    """What a stated figure is about and which table cells it is compared with."""

    what: str
    refs: tuple[Ref, ...]  # accepted readings; the first is the one a finding quotes
    table_label: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    anchors: tuple[str, ...]  # the words a match starts with
    rest: str  # the regex that follows an anchor
    what: str
    refs: tuple[Ref, ...]
    table_label: str
    excluded: tuple[str, ...] = ()  # words that, inside the match, mean it is about something else

    @property
    def kind(self) -> FigureKind:
        return FigureKind(self.what, self.refs, self.table_label)

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
# The text up to the last sentence end: greedy, so it backtracks from the position only as far
# as the sentence's start.
_LAST_SENTENCE_END = re.compile(r".*[。！？；;!?\n]", re.DOTALL)
_KEYWORDS = ("申请", "答复", "办结", "办理完毕", "结转", "复议", "诉讼")
_NONE_KINDS = {
    "行政复议": FigureKind("未发生行政复议", (_REVIEW,), "表四「行政复议」总计"),
    "行政诉讼": FigureKind("未发生行政诉讼", (_LITIGATION,), _LITIGATION_LABEL),
}

# Anchor occurrences are found in two steps. First each anchor's key character, a character
# it contains chosen to be rare in other words, is looked for by str.find (a single character
# is a fast scan; anchors share a key character where they can, so that a text without any of
# them costs 11 scans). Only for a key character the text holds, each of its anchors is then
# looked for by a needle of two of its characters (one for the one-character anchor), from the
# key character's first occurrence on (a two-character scan costs about twice a one-character
# one): a call of str.find per occurrence of the needle only, where a look at every occurrence
# of the key character (common ones: 上, 办, 议, 收) costs a find, an index and a dict lookup.
# The rest of an anchor longer than its needle is compared with startswith.
_KEY_CHAR = {
    "新收": "收", "收到": "收", "接收": "收", "共收": "收", "受理": "受",
    "答复": "答", "办结": "办", "办理完毕": "毕",
    "结转": "转",
    "上年": "上", "上一年": "上",
    "行政复议": "议",
    "行政诉讼": "讼",
    "未": "未", "没有": "没",
}  # fmt: skip
_ALL_ANCHORS = (*(p.anchors for p in _PATTERNS), _NONE_ANCHORS)

# Per key character: its anchors' needles — (needle, the needle's start in the anchor, the key
# character's position in the needle, the anchor if longer than its needle (else None), pattern,
# the anchor's index in the pattern).
_Needle = tuple[str, int, int, str | None, int, int]
_NEEDLES: dict[str, list[_Needle]] = {}
for _p, _anchors in enumerate(_ALL_ANCHORS):
    for _a, _anchor in enumerate(_anchors):
        _char = _KEY_CHAR[_anchor]
        _offset = _anchor.index(_char)
        # The key character and the one after it, or the one before it at the anchor's end.
        _from = _offset if len(_anchor) == 1 or _offset + 1 < len(_anchor) else _offset - 1
        _needle = _anchor[_from : _from + 2]
        _NEEDLES.setdefault(_char, []).append(
            (_needle, _from, _offset - _from, _anchor if len(_anchor) > 2 else None, _p, _a)
        )
_SCANS: tuple[tuple[str, tuple[_Needle, ...]], ...] = tuple(
    (char, tuple(needles)) for char, needles in _NEEDLES.items()
)
_NO_STARTS = ((),) * len(_ALL_ANCHORS)

# A figure as read: where it starts in the compacted text, its value and unit, and its kind.
RawFigure = tuple[int, int, str, FigureKind]


def _anchor_starts(text: str) -> list[list[tuple[int, int]]]:
    """Per pattern (the none-stated one last): (anchor index, start) of every anchor occurrence,
    in the order the patterns' anchors are listed, then by position."""
    found: list[list[tuple[int, int]]] = list(map(list, _NO_STARTS))
    find, startswith = text.find, text.startswith
    for char, needles in _SCANS:
        first = find(char)
        if first < 0:
            continue
        for needle, shift, key_at, longer, pattern, index in needles:
            # The needle's first possible start: its key character at the first occurrence.
            position = find(needle, first - key_at) if first >= key_at else find(needle)
            while position >= 0:
                start = position - shift
                if start >= 0 and (longer is None or startswith(longer, start)):
                    found[pattern].append((index, start))
                position = find(needle, position + 1)
    for starts in found:
        if len(starts) > 1:
            starts.sort()
    return found


def sentence_at(text: str, position: int) -> str:
    """The sentence of ``text`` that ``position`` stands in (without its end mark)."""
    before = _LAST_SENTENCE_END.match(text, 0, position + 1)
    after = _SENTENCE_END.search(text, position + 1)
    return text[before.end() if before else 0 : after.start() if after else len(text)]


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


def compact_text(text: str) -> str:
    """``text`` without whitespace, line breaks kept (PDF extraction leaves spaces inside words
    and numbers)."""
    parts = text.split()
    if "\n" not in text:
        return "".join(parts)
    # Most texts have no whitespace but single line breaks between lines: then they are
    # already compact (one join and a comparison, cheaper than counting the line breaks).
    if "\n".join(parts) == text or len(text) - sum(map(len, parts)) == text.count("\n"):
        return text
    return "\n".join("".join(line.split()) for line in text.split("\n"))


def read_figures(text: str) -> tuple[str, tuple[RawFigure, ...]]:
    """The compacted text and every figure it states, in order, without the sentences (which
    only a figure that disagrees with the tables needs: ``sentence_at``)."""
    # A stored report is checked again at every look (the platform's report pages, a re-run
    # audit): an overview is read once. Long texts are not kept (a hostile file's text is
    # unbounded); a real 总体情况 is one to three thousand characters.
    if len(text) <= _CACHED_LENGTH:
        return _read_figures_cached(text)
    return _read_figures(text)


_CACHED_LENGTH = 8000


def _read_figures(text: str) -> tuple[str, tuple[RawFigure, ...]]:
    # A loop, not any() over a generator (whose frames cost as much as the tests).
    for word in _KEYWORDS:
        if word in text:
            break
    else:
        return text, ()
    # Regex \d and int() take full-width digits as they are: no folding needed.
    compact = compact_text(text)
    starts = _anchor_starts(compact)
    found: list[RawFigure] = []
    # Each pattern is tried at its anchors' starts, in order; of two matches that end at the
    # same place the earlier-listed anchor's wins. Each match's fields are taken in one call
    # (span, groups), its excluded words looked for inside it without cutting it out.
    for (regex, excluded, kind), pattern_starts in zip(_COMPILED, starts, strict=False):
        if not pattern_starts:
            continue
        ends: set[int] = set()
        match_at = regex.match
        for _, position in pattern_starts:
            match = match_at(compact, position)
            if match is None:
                continue
            start, end = match.span()
            if end in ends:
                continue
            ends.add(end)
            number, unit = match.groups()
            value = int(number) if number.isdigit() else parse_chinese_number(number)
            if value is None or (excluded is not None and excluded.search(compact, start, end)):
                continue
            found.append((start, value, unit, kind))
    if starts[-1]:
        ends = set()
        for _, position in starts[-1]:
            match = _NONE_STATED.match(compact, position)
            if match is None:
                continue
            end = match.end()
            if end in ends:
                continue
            ends.add(end)
            start = match.start()
            for kind_word in filter(None, match.groups()):
                found.append((start, 0, "件", _NONE_KINDS[kind_word]))
    found.sort(key=_first)
    return compact, tuple(found)


_read_figures_cached = lru_cache(maxsize=256)(_read_figures)


_first = itemgetter(0)

# Per pattern, looked up once: its regex, its excluded words as one regex, and its kind.
_COMPILED = tuple(
    (
        pattern.regex,
        re.compile("|".join(map(re.escape, pattern.excluded))) if pattern.excluded else None,
        pattern.kind,
    )
    for pattern in _PATTERNS
)


def stated_figures(text: str) -> list[StatedFigure]:
    """Every figure the text states, in the order it states them.

    Whitespace is removed first (PDF extraction leaves it inside words and numbers); the
    sentence quoted is the one the figure stands in, as printed less that whitespace.
    """
    compact, found = read_figures(text)
    return [
        StatedFigure(
            kind.what, value, unit, sentence_at(compact, start), kind.refs, kind.table_label
        )
        for start, value, unit, kind in found
    ]
