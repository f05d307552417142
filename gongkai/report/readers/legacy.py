"""Pre-2019 reports: free text, no template. Sections as headed, and the figures the text states.

A figure is read, each with the sentence it came from, in these phrasings:

* ``接待利用档案人次:6177人次`` — a label, a colon, a number and its unit;
* ``…责任追究等21项政务公开工作制度`` — 等 + number + unit + what was counted;
* ``在门户网上主动公开政府工作信息249条`` — a clause that discloses, receives, uses or holds
  (公开/接到/受理/利用/共有…) ending in a number and its unit;
* ``当面申请数18条`` — a breakdown without a verb, naming a count (…数, …数量, …量, …人次);
* ``接待查档群众约4900人次`` — an approximation, its ``what`` marked （约数）;
* ``收到信访转来的申请1份并已按期答复`` — a count after 收到/受理/接到, mid-clause;
* the statistics table at the end (module ``legacy_stats``), spaced or run together.

Headings run into the text of a one-line body (``一、 概述2016年，…``) are cut out as headings;
a sub-heading run into its first sentence (``（一）主动公开政府信息的数量2016年…``) is not part
of what a figure counts.

Not read, by design: lower bounds (``2000余份``, ``300多人``), numbers after 各 (``各200本``),
dates, percentages, and breakdowns that name neither a verb nor a count (``其中,行政许可1项``):
nothing the text does not plainly state is filled in. A statistics-table row whose digits allow
several cuts is not read and its warning lists them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Generator, Iterator

from gongkai.report.formats import FREE_TEXT
from gongkai.report.model import AnnualReport, LegacyFigure, Source
from gongkai.report.readers.cells import MAX_NUMBER_CHARS
from gongkai.report.readers.document import (
    DocumentInfo,
    compact,
    prose_figures,
    strip_signature,
)
from gongkai.report.readers.legacy_stats import statistics_table

_UNIT = r"(人次|件次|卷\(册\)|卷（册）|[条项件个份张卷册家本篇期场])"
_NUM = r"(?<![\d.])(\d+(?:\.\d+)?)"
_END = r"(?![余多])"
# What the head of a clause pattern never holds (of _COLON's, nor 、), and what each must end on
# (the linear searches below look for these same pieces).
_STOPS = ",，;；。:："
_COLON_TAIL = r"[:：]" + _NUM + _UNIT + _END
_CLAUSE_TAIL = _NUM + _UNIT + _END + r"(?=[,，;；。、]|$)"
_COLON = re.compile(rf"([^{_STOPS}、]+)" + _COLON_TAIL)
_COUNTED = re.compile(r"等" + _NUM + _UNIT + _END + r"([^,，;；。:：、]+?)(?=[,，;；。]|$)")
_CLAUSE = re.compile(rf"([^{_STOPS}]+?)" + _CLAUSE_TAIL)
# Real sentences run to a couple of hundred characters; a "sentence" longer than this (damage, a
# pasted table, an attack) is not searched for figures, and the reader says so.
MAX_SENTENCE_CHARS = 2000
_VERBS = ("公开", "接到", "收到", "受理", "共有", "办理", "答复", "发布", "利用", "接待", "申请")
# A breakdown states no verb, only what was counted: 当面申请数18条, 网站访问量162103人次.
_COUNTED_NOUN = re.compile(r"(?:数|数量|总数|量|人次)$")
_LEADING = re.compile(
    r"^(?:[.．、,，]|\d{4}年度?|全年|本年度?|今年|其中|共计|共有|共|接到|收到|全[区市县省镇])"
)
_TRAILING_WORDS = ("达到", "达", "为", "共计", "共", "计", "累计")
_TRAILING = re.compile("(?:" + "|".join(_TRAILING_WORDS) + ")$")
# Its words as _clean_what takes them off the end: a word of two first, as the search finds it.
_TRAILING_PAIRS = frozenset(word for word in _TRAILING_WORDS if len(word) == 2)
_TRAILING_SINGLES = frozenset(word for word in _TRAILING_WORDS if len(word) == 1)
# A sub-heading run into its first sentence: （一）主动公开政府信息的数量2016年全区…
_RUN_IN_HEADING = re.compile(
    r"^[（(][一二三四五六七八九十]+[）)][^，,。；;]{0,30}?(?:情况|方面|数量|类别|形式|建设)(?=\d)"
)
# A count stated mid-clause, after a verb of receiving: 共收到申请1份并已办结. The text up to
# the first verb is taken atomically: a count after a later verb is also after the first, so
# trying each later verb again finds nothing new — and cost time cubic in the clause (a clause
# of 1,800 characters repeating 受理 took 30 s).
_MID_VERBS = "收到|受理|接到"
_MID_COUNT = r"(?<![\d.])(\d+)" + _UNIT + r"(?![余多\d])"
_MID = re.compile(rf"((?>[^{_STOPS}]*?(?:{_MID_VERBS}))[^{_STOPS}]*?)" + _MID_COUNT)
# Each clause pattern fails slowly where it finds nothing: tried at every start in a clause, it
# reads on to the clause's end each time (time quadratic in the clause: 2,000 characters cost
# 0.1–0.16 s, and a text of such sentences a minute a megabyte). Their matches are found instead
# where each must end, one linear search each: the tails (a number and its unit, and what must
# follow them), the verbs of _MID and the colons of _COLON; each match is then matched once at
# the start the plain search would reach (the first after the last match that the stops of the
# pattern's head leave a way from), so the matches are the same, in the same order.
_CLAUSE_TAIL_SEARCH = re.compile(_CLAUSE_TAIL)
_COLON_TAIL_SEARCH = re.compile(_COLON_TAIL)
_MID_COUNT_SEARCH = re.compile(_MID_COUNT)
_MID_VERB_SEARCH = re.compile(_MID_VERBS)
_CLAUSE_STOP = re.compile(f"[{_STOPS}]")
_COLON_STOP = re.compile(f"[{_STOPS}、]")


def _starts(pattern: re.Pattern[str], text: str) -> list[int]:
    return [m.start() for m in pattern.finditer(text)]


def _head_start(stops: list[int], pos: int, at: int) -> int:
    """The first place from ``pos`` on with no stop between it and ``at``."""
    k = bisect_left(stops, at) - 1
    return max(pos, stops[k] + 1) if k >= 0 else pos


def _clause_matches(sentence: str) -> Iterator[re.Match[str]]:
    """``_CLAUSE.finditer(sentence)``, in time linear in the sentence: an attempt succeeds
    where a tail starts after its first character with no stop between."""
    return _headed_matches(_CLAUSE, _CLAUSE_TAIL_SEARCH, _CLAUSE_STOP, sentence)


def _colon_matches(sentence: str) -> Iterator[re.Match[str]]:
    """``_COLON.finditer(sentence)``, in time linear in the sentence: an attempt succeeds where
    its head runs up to a colon followed by a count."""
    return _headed_matches(_COLON, _COLON_TAIL_SEARCH, _COLON_STOP, sentence)


def _headed_matches(
    pattern: re.Pattern[str], tail: re.Pattern[str], stop: re.Pattern[str], sentence: str
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern``, a head of one or more characters but ``stop`` and then
    ``tail``: each at the first place after the last match with no stop before the next tail."""
    tails = _starts(tail, sentence)
    stops = _starts(stop, sentence) if tails else []
    pos = 0
    for at in tails:
        if at > pos and (start := _head_start(stops, pos, at)) < at:
            pos = yield from _matched(pattern, sentence, start)
            if pos < 0:
                return


def _mid_matches(sentence: str) -> Iterator[re.Match[str]]:
    """``_MID.finditer(sentence)``, in time linear in the sentence: an attempt succeeds where
    a verb follows it and a count follows the verb, with no stop between."""
    verbs = _starts(_MID_VERB_SEARCH, sentence)
    tails = _starts(_MID_COUNT_SEARCH, sentence) if verbs else []
    stops = _starts(_CLAUSE_STOP, sentence) if tails else []
    pos = 0
    for verb in verbs:
        if verb < pos:
            continue
        k = bisect_left(tails, verb + 2)
        if k == len(tails):
            return
        start = _head_start(stops, pos, verb)
        if _head_start(stops, start, tails[k]) == start:
            pos = yield from _matched(_MID, sentence, start)
            if pos < 0:
                return


def _matched(
    pattern: re.Pattern[str], sentence: str, start: int
) -> Generator[re.Match[str], None, int]:
    """The match at ``start`` (where the plain search finds its next one) and where it ends; if
    it does not match there, the plain search's matches from there and -1."""
    match = pattern.match(sentence, start)
    if match is None:
        yield from _plain_search(pattern, sentence, start)
        return -1
    yield match
    return match.end()


def _plain_search(pattern: re.Pattern[str], sentence: str, start: int) -> Iterator[re.Match[str]]:
    """The pattern's own search, from ``start`` on: taken only where the reasoning above failed
    (never, on the generated sentences of tests/test_legacy_patterns.py)."""
    return pattern.finditer(sentence, start)


_SUBJECT = re.compile(r"(?:我|本)(?:局馆|局|委|办|厅|馆|市|区|县|机关)")
_LOCATIVE = re.compile(r"^在[^,，]*?上(?=\S)|^在")
_NOT_FIGURES = ("电话", "邮编", "传真", "邮箱", "地址")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_PROSE = re.compile(r"[，,。；;]")


def legacy_sections(lines: list[str], info: DocumentInfo) -> dict[str, str]:
    """The text under each top-level heading as printed; what precedes the first is ``preamble``."""
    start = 0 if info.title_index is None else info.title_index + 1
    # Page furniture between the title and the text (date, 来源, 打印) has no sentence in it.
    while start < len(lines) and not _PROSE.search(lines[start]):
        start += 1
    sections: dict[str, list[str]] = {"preamble": []}
    current = "preamble"
    for line in lines[start:]:
        text = line.strip()
        if _HEADING.match(text) and len(compact(text)) <= 40 and "。" not in text:
            current = text
            sections[current] = []
            continue
        sections[current].append(text)
    if current in sections:
        sections[current] = strip_signature(sections[current], info.agency)
    return {key: "\n".join(body) for key, body in sections.items() if body or key != "preamble"}


def _clean_what(text: str, agency: str | None) -> str:
    # A loop turn takes one word off (a head of 990 达到 or 在 takes 990 turns), so each turn
    # looks at the text's ends and finds characters instead of running the patterns that would
    # scan it whole: 16-47 ms such a sentence, now well under one. Each step does what its
    # pattern's substitution does (tests/test_legacy_patterns.py).
    text = text.strip()
    suffixes = [agency[i:] for i in range(len(agency) - 2)] if agency else []
    text = _RUN_IN_HEADING.sub("", text)
    previous = None
    while text != previous:
        previous = text
        text = _LEADING.sub("", text).strip()
        text = _without_trailing(text).strip()
        for suffix in suffixes:
            if text.startswith(suffix):
                text = text[len(suffix) :]
        if "我" in text or "本" in text:
            text = _SUBJECT.sub("", text)
        text = _without_locative(text)
    return text


def _without_trailing(text: str) -> str:
    """``_TRAILING.sub("", text)`` of a stripped text: a word of two at its end, else of one."""
    if text[-2:] in _TRAILING_PAIRS:
        return text[:-2]
    return text[:-1] if text[-1:] in _TRAILING_SINGLES else text


def _without_locative(text: str) -> str:
    """``_LOCATIVE.sub("", text)``: 在 … 上 at the start (up to the first 上 before any comma
    with a character after it that is not a space), else the 在 alone."""
    if not text.startswith("在"):
        return text
    stop = min((at for at in (text.find(","), text.find("，")) if at >= 0), default=len(text))
    at = text.find("上", 1, stop)
    while at >= 0:
        if at + 1 < len(text) and not text[at + 1].isspace():
            return text[at + 1 :]
        at = text.find("上", at + 1, stop)
    return text[1:]


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def sentence_figures(sentence: str, agency: str | None) -> list[tuple[int, LegacyFigure]]:
    """The figures one sentence states, each with its position in the sentence."""
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, LegacyFigure]] = []

    def add(start: int, end: int, what: str, value: str, unit: str) -> None:
        if any(s < end and start < e for s, e in taken) or not what:
            return
        if any(word in what for word in _NOT_FIGURES) or len(value) > MAX_NUMBER_CHARS:
            return
        taken.append((start, end))
        found.append((start, LegacyFigure(what, _number(value), unit, sentence)))

    for m in _colon_matches(sentence):
        add(m.start(2), m.end(3), _clean_what(m.group(1), agency), m.group(2), m.group(3))
    for m in _COUNTED.finditer(sentence):
        add(m.start(1), m.end(3), m.group(3).strip(), m.group(1), m.group(2))
    for m in _clause_matches(sentence):
        head = m.group(1)
        if head.endswith("各"):  # 图书各200本: per item, not a total the text states
            continue
        approximate = head.endswith("约")
        head = head.removesuffix("约")
        if any(verb in head for verb in _VERBS) or _COUNTED_NOUN.search(head):
            what = _clean_what(head, agency) + ("（约数）" if approximate else "")
            add(m.start(2), m.end(3), what, m.group(2), m.group(3))
    for m in _mid_matches(sentence):
        add(m.start(2), m.end(3), _clean_what(m.group(1), agency), m.group(2), m.group(3))
    return sorted(found, key=lambda item: item[0])


def legacy_figures(
    sections: dict[str, str], agency: str | None, skipped: list[int] | None = None
) -> list[tuple[LegacyFigure, int]]:
    """Every figure stated in the sections, with the 1-based paragraph it was read from;
    ``skipped`` collects the paragraphs with a sentence too long to search."""
    figures: list[tuple[LegacyFigure, int]] = []
    paragraph = 0
    for body in sections.values():
        for line in body.split("\n"):
            paragraph += 1
            for sentence in re.findall(r"[^。]+。?", line.strip()):
                if len(sentence) > MAX_SENTENCE_CHARS:
                    if skipped is not None:
                        skipped.append(paragraph)
                    continue
                figures += [(f, paragraph) for _, f in sentence_figures(sentence, agency)]
    return figures


def read_legacy(lines: list[str], info: DocumentInfo) -> AnnualReport:
    """A pre-2019 report: sections as headed and the figures its text states."""
    report = AnnualReport(
        format=FREE_TEXT.key,
        agency=info.agency,
        year=info.year,
        title=info.title,
        published=info.published,
    )
    report.sections = legacy_sections(lines, info)
    skipped: list[int] = []
    found = legacy_figures(report.sections, info.agency, skipped)
    for index, (figure, paragraph) in enumerate(found):
        report.legacy_figures.append(figure)
        report.sources[f"legacy_figures/{index}/value"] = Source(line=paragraph, row=figure.what)
    stats = statistics_table("\n".join(lines), prose_figures(lines))
    for figure in stats.figures:
        index = len(report.legacy_figures)
        report.legacy_figures.append(figure)
        report.sources[f"legacy_figures/{index}/value"] = Source(row=figure.what)
    report.warnings.append("没有模板表格（2019 年以前的报告）；数字取自正文，见 legacy_figures")
    report.warnings += stats.warnings
    if skipped:
        where = "、".join(str(n) for n in sorted(set(skipped))[:10])
        report.warnings.append(
            f"第 {where} 段有超过 {MAX_SENTENCE_CHARS} 字的一句（没有句号），其中的数字未读取"
        )
    report.warnings += [w for w in info.warnings if "未找到" not in w]
    return report
