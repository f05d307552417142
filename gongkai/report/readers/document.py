"""What every reader reads the same way from a report's text: title, agency, year, date, sections.

Readers hand over the document as lines of text in reading order; this module finds the title
(``沈阳市档案局2017年度政府信息公开工作报告``, or two lines ``洪泽区人民政府`` /
``2023 年政府信息公开工作年度报告``), takes the agency exactly as the title prints it, and cuts the
narrative sections at their headings. Nothing is guessed: a text without a title has no agency.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter, methodcaller

from gongkai.report.formats import NARRATIVE_SECTIONS, SECTIONS, strip_enumeration

# 政府信息公开工作年度报告, and the shorter forms titles use: 信息公开年度报告, 政务公开…年报.
_TITLE_WORDS = re.compile(r"(?:政府信息|信息|政务)公开.{0,10}(?:年度报告|工作报告|年报|报告)$")
_MAX_FIGURE_CHARS = 20  # as cells.MAX_NUMBER_CHARS: a longer "number" is damage
_TITLE_YEAR = re.compile(r"(\d{4})年度?")
_AGENCY_TAIL = re.compile(r"(?:关于)$")
_LABEL_PREFIX = re.compile(r"^(?:标题|题目|名称|文件名称)[:：]")
_YEAR_IN_PERIOD = re.compile(r"统计期限(?:为|是)?(?:自|从)?(\d{4})年")
_YEAR_OPENING = re.compile(r"^(\d{4})年(?:度)?[，,]")
_PUBLISHED = re.compile(r"(?:发布(?:日期|时间)[:：]?)?(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?")
# The dashes a page number is printed between (- 2 -, —3—).
_DASHES = "-—–－"
PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}]\s*\d+\s*[{_DASHES}]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
_DATE_ONLY = re.compile(r"^[(（]?(\d{4})年(\d{1,2})月(\d{1,2})日[)）]?$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
# What a name never holds: sentence or label punctuation, a year (2023, not the 2345 of 12345),
# a number with a date or counting unit, or nothing but digits.
_NOT_A_NAME = re.compile(
    r"[:：。，,；;]|(?<!\d)(?:19|20)\d{2}(?!\d)|\d\s*[年月日号页件个条项%％.．、]|^[\d\s]+$"
)
_AGENCY_SUFFIX = re.compile(r"(?:局|政府|办公室|办公厅|委员会|中心|院|馆|厅|部|署|委|办)$")
_BREADCRUMB = re.compile(r"->|>|»|首页|当前位置")
_NUMERAL_CHARS = "一二三四五六七八九十"
_NUMERALS = frozenset(_NUMERAL_CHARS)
_TOP_HEADING = re.compile(rf"^([{_NUMERAL_CHARS}]+)[、.．]\s*(.+)$")

# The headings of the template's six parts, and the words that identify each in real reports
# ("五、存在的主要问题" without "及改进情况" is common).
_SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "基本情况", "概述"),
    "proactive": ("主动公开",),
    "requests": ("收到和处理", "依申请公开", "申请情况"),
    "appeals": ("行政复议", "行政诉讼"),
    "problems": ("存在的主要问题", "存在问题", "主要问题", "改进情况"),
    "other": ("其他需要报告", "其他事项", "其他需要说明"),
}
_SECTION_NUMBERS = {"overview": "一", "proactive": "二", "requests": "三", "appeals": "四"}
_SECTION_NUMBERS |= {"problems": "五", "other": "六"}
_TEMPLATE_HEADINGS = dict(SECTIONS)


def compact(text: str) -> str:
    """Whitespace removed and full-width letters/digits folded, for matching (not for output)."""
    # str.split() splits at the characters the regex \s matches (both ask Py_UNICODE_ISSPACE).
    return "".join(unicodedata.normalize("NFKC", text).split())


_WIDE_SPACE = methodcaller("replace", "\u3000", " ")
_PAGE_NUMBER_STARTS = frozenset(_DASHES + "第")
_LINE_DASH = re.compile(rf"\n[{_DASHES}]")
_PAGE_OF = re.compile(r"第\s*\d+\s*页")
_FRACTION = re.compile(r"/\s*\d")


def clean_lines(lines: list[str]) -> list[str]:
    """Lines stripped, blank lines and printed page numbers (``- 2 -``) dropped."""
    kept = list(filter(None, map(str.strip, lines)))
    joined = "\n".join(kept)
    if _may_hold_page_numbers(kept, joined):
        # Only a line that starts with a dash, 第 or a digit can be a page number.
        kept = [
            line
            for line in kept
            if not (
                (line[0] in _PAGE_NUMBER_STARTS or line[0].isdecimal()) and PAGE_NUMBER.match(line)
            )
        ]
    # \u3000 is whitespace: stripped above, kept inside as a space.
    return list(map(_WIDE_SPACE, kept)) if "\u3000" in joined else kept


def _may_hold_page_numbers(kept: list[str], joined: str) -> bool:
    """Whether a line may be a page number, from the lines joined (searched in C): every page
    number starts with a dash (at the start or after a line break), holds 第…页 or is a fraction
    (3/12, with /3 in it)."""
    if kept and kept[0][0] in _PAGE_NUMBER_STARTS:
        return True
    if ("页" in joined and _PAGE_OF.search(joined)) or ("/" in joined and _FRACTION.search(joined)):
        return True
    return any(dash in joined for dash in _DASHES) and _LINE_DASH.search(joined) is not None


@dataclass(slots=True)
class Heading:
    key: str
    index: int  # index in the lines
    text: str


@dataclass(slots=True)
class DocumentInfo:
    title: str | None = None
    title_index: int | None = None
    agency: str | None = None
    year: int | None = None
    published: str | None = None
    sections: dict[str, str] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def find_title(lines: list[str], hint: str | None = None) -> tuple[str | None, int | None]:
    """The report's title among the first lines (or ``hint``, a page/document title)."""
    compacted: dict[int, str] = {}

    def line_at(index: int) -> str:  # each line compacted once, and only where it can matter
        if index not in compacted:
            compacted[index] = compact(lines[index])
        return compacted[index]

    for index in range(min(len(lines), 25)):
        line = lines[index]
        # A title, one line or the first of two, prints 公开 (no other character folds to 公
        # or 开): a line without both is passed over without folding it.
        if "公" not in line or "开" not in line or _longer_than(line, 60):
            continue
        text = line_at(index)
        if len(text) > 60 or _BREADCRUMB.search(text):
            continue
        if not _TITLE_WORDS.search(text):
            # A title wrapped over two lines: …2022年度政府信息公开 / 工作年度报告
            if index + 1 < len(lines) and _longer_than(lines[index + 1], 60):
                continue  # the two lines joined are longer than a title
            joined = text + line_at(index + 1) if index + 1 < len(lines) else ""
            if len(joined) > 60 or not (_TITLE_WORDS.search(joined) and "公开" in text):
                continue
            if "年" not in text or _TITLE_WORDS.search(line_at(index + 1)):
                continue
            return joined, index + 1
        if not _title_agency(text) and index > 0 and _looks_like_agency(lines[index - 1]):
            return line_at(index - 1) + text, index
        return text, index
    if hint and _TITLE_WORDS.search(compact(hint)):
        return compact(hint), None
    return None, None


_NOT_IDEOGRAPHS = re.compile(r"[^\u4e00-\u9fff]+")


def _longer_than(line: str, size: int) -> bool:
    """Whether ``compact(line)`` is surely longer than ``size`` without folding it (a paragraph
    is several times longer than a title or a heading): CJK ideographs are neither folded nor
    composed, so each stays one character."""
    return len(line) > size and len(_NOT_IDEOGRAPHS.sub("", line)) > size


def _looks_like_agency(line: str) -> bool:
    text = compact(line)
    return (
        2 <= len(text) <= 30 and bool(_AGENCY_SUFFIX.search(text)) and not _NOT_A_NAME.search(text)
    )


def _title_agency(title: str) -> str | None:
    """The agency as the title prints it: before the year, or between the year and 政府信息公开
    (``2019年上海市人民政府办公厅政府信息公开工作年度报告``)."""
    match = _TITLE_YEAR.search(title)
    head = title[: match.start()] if match else ""
    head = _AGENCY_TAIL.sub("", head)
    if not head and match:
        head = _TITLE_WORDS.split(title[match.end() :], 1)[0]
    head = _LABEL_PREFIX.sub("", head)
    return head if valid_agency(head) else None


def valid_agency(name: str) -> bool:
    """An agency is a name: never a sentence, a label or a date. Arabic digits are part of some
    names (``12345政务服务便民热线``, ``第1中级人民法院``), so only a year, a date or a count is
    refused."""
    return 0 < len(name) <= 40 and not _NOT_A_NAME.search(name)


def title_year(title: str) -> int | None:
    match = _TITLE_YEAR.search(title)
    return int(match.group(1)) if match else None


def text_year(lines: list[str]) -> int | None:
    """The year a report covers as its text states it: 统计期限自2023年…, or 2020年，我局…."""
    # Only a line with 统, 计, 期 and 限 can state 统计期限, only one with 年 (or its
    # compatibility form) a year: no other character folds to any of them, so the other lines
    # are not folded.
    for line in lines:
        period = "限" in line and "期" in line and "统" in line and "计" in line
        match = _YEAR_IN_PERIOD.search(compact(line)) if period else None
        if match:
            return int(match.group(1))
    for line in lines:
        # A line that starts with a CJK ideograph starts with it folded too (it neither folds
        # nor composes): never with a year.
        if "\u4e00" <= line[:1] <= "\u9fff" or ("年" not in line and "\uf98e" not in line):
            continue
        match = _YEAR_OPENING.match(compact(line))
        if match:
            return int(match.group(1))
    return None


# Tags may stand between the label and the date: <td>公开日期</td><td><publishtime>2024-01-17
# A run of whitespace is taken whole (possessive): the twelve pieces could otherwise split a
# long run in every possible way before giving up — a page with 发布日期 and forty spaces
# before anything but a date took minutes (tests/test_read_bounds.py).
PAGE_DATE_LABELS = ("发布日期", "公开日期", "发布时间", "成文日期")
_PAGE_DATE = re.compile(
    rf"(?:{'|'.join(PAGE_DATE_LABELS)})(?:[:：]|\s{{1,200}}+|<[^>]{{0,200}}>){{0,12}}"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)


def page_published(text: str) -> str | None:
    """The publication date a web page states (发布日期/公开日期：2024-01-17), markup or text."""
    match = _PAGE_DATE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_published(lines: list[str], title_index: int | None) -> str | None:
    """The publication date a web page prints by the title (``2018年03月30日来源:…``)."""
    start = (title_index or 0) + 1
    for line in lines[start : start + 4]:
        # A paragraph (a body saved on one line), not a date line: passed over unfolded where
        # its ideographs alone say so.
        if _longer_than(line, 100):
            continue
        text = compact(line)
        if len(text) > 100:
            continue
        dated = _DATE_ONLY.match(text)
        if dated:  # the date printed under the title: （2026年1月23日）
            year, month, day = (int(g) for g in dated.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
        if "来源" not in text and "发布" not in text:
            continue
        match = _PUBLISHED.search(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def template_headings(lines: list[str]) -> list[Heading]:
    """The headings of the six template parts, in order (each at most once)."""
    return [heading for heading, _ in _template_headings(lines)]


# Each part's number (一 … 六) names one part: its key, and the words that identify it.
_SECTION_BY_NUMBER = {
    number: (key, re.compile("|".join(_SECTION_WORDS[key])))
    for key, number in _SECTION_NUMBERS.items()
}


_FIRST = itemgetter(slice(0, 1))
_NUMERAL = re.compile(f"[{_NUMERAL_CHARS}]")


def _numbered(lines: list[str]) -> list[int]:
    """The indices of the lines that start with a numeral once stripped. Where every line is
    stripped and not blank (the lines ``clean_lines`` gives), the first characters joined have
    one character a line, and a numeral's place among them is its line's index (found in C)."""
    firsts = "".join(map(_FIRST, lines))
    # No first character is whitespace where splitting at whitespace leaves them whole (split
    # and lstrip agree on what whitespace is).
    if len(firsts) == len(lines) and firsts.split() == [firsts]:
        return [match.start() for match in _NUMERAL.finditer(firsts)]
    return [index for index, line in enumerate(lines) if line.lstrip()[:1] in _NUMERALS]


def _template_headings(lines: list[str]) -> list[tuple[Heading, str]]:
    """``template_headings``, each with its line compacted."""
    found: list[tuple[Heading, str]] = []
    keys: set[str] = set()
    for index in _numbered(lines):
        line = lines[index]
        # A line with 。 in it is a sentence, not a heading (and 。 stays 。 when folded).
        if "。" in line:
            continue
        text = compact(line)
        if len(text) > 40 or "。" in text:
            continue
        match = _TOP_HEADING.match(text)
        if not match:
            continue
        number, rest = match.groups()
        section = _SECTION_BY_NUMBER.get(number)
        if section is None or section[0] in keys or not section[1].search(rest):
            continue
        keys.add(section[0])
        found.append((Heading(section[0], index, line.strip()), text))
    return found


def strip_signature(lines: list[str], agency: str | None) -> list[str]:
    """Drop the closing signature (agency name, date) from the last section's lines."""
    lines = list(lines)
    signer = compact(agency) if agency is not None else None
    while lines:
        text = compact(lines[-1])
        signed_by = signer is not None and text.startswith(signer)
        is_agency = len(text) >= 4 and bool(_AGENCY_SUFFIX.search(text)) and len(text) <= 30
        if (
            _DATE_LINE.match(text)
            or (signed_by and len(text) <= 40)
            or (is_agency and "，" not in text)
        ):
            lines.pop()
            continue
        break
    return lines


def template_sections(lines: list[str], info: DocumentInfo) -> None:
    """Cut the narrative sections (一, 五, 六) at the template's headings; note deviations."""
    found = _template_headings(lines)
    headings = [heading for heading, _ in found]
    info.headings = headings
    ends = [h.index for h in headings[1:]] + [len(lines)] if headings else []
    for (heading, text), end in zip(found, ends, strict=True):
        if heading.key not in NARRATIVE_SECTIONS:
            continue
        # ``text`` is the heading's line compacted: the line stripped compacts the same.
        if text != _COMPACT_HEADINGS[heading.key]:
            number = _SECTION_NUMBERS[heading.key]
            expected = _TEMPLATE_HEADINGS[heading.key]
            info.warnings.append(f"第{number}部分标题印为「{heading.text}」，模板为「{expected}」")
        body = lines[heading.index + 1 : end]
        if heading.key == "other":
            body = strip_signature(body, info.agency)
        info.sections[heading.key] = "\n".join(body)
    for key in NARRATIVE_SECTIONS:
        if key not in info.sections:
            info.warnings.append(f"未找到「{_TEMPLATE_HEADINGS[key]}」一节")


_COMPACT_HEADINGS = {key: compact(heading) for key, heading in SECTIONS}


def describe(lines: list[str], hint: str | None = None) -> DocumentInfo:
    """Title, agency, year and publication date of a report, from its lines of text."""
    info = DocumentInfo()
    info.title, info.title_index = find_title(lines, hint)
    if info.title is not None:
        info.agency = _title_agency(info.title)
        info.year = title_year(info.title)
    if info.year is None:
        info.year = text_year(lines)
    info.published = find_published(lines, info.title_index)
    if info.title is None:
        info.warnings.append("没有找到报告标题：发布机关（agency）记为 null，不作推断")
    elif info.agency is None:
        info.warnings.append(f"标题「{info.title}」没有写明发布机关：agency 记为 null")
    if info.year is None:
        info.warnings.append("标题和正文都没有写明报告年度：year 记为 null")
    return info


# The header a crawler writes above a page's text: 标题: / 发布时间: / 发布机构: … then a rule.
_CRAWLER_FIELD = re.compile(
    r"^\s*(标题|发布时间|发布日期|发布机构|文号|栏目|原文链接|本地目录|来源)\s*[:：]\s*(.*)$"
)
_CRAWLER_RULE = re.compile(r"^\s*[=＝\-]{4,}.*$|^页面链接与图片详见")


def crawler_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """The fields of a crawler's header (empty ones left out) and the index of the first body
    line; ({}, 0) when the text does not start with one."""
    fields: dict[str, str] = {}
    index = 0
    while index < min(len(lines), 20):
        line = lines[index]
        match = _CRAWLER_FIELD.match(line)
        if match:
            if match.group(2).strip():
                fields.setdefault(match.group(1), match.group(2).strip())
        elif not (_CRAWLER_RULE.match(line) or not line.strip()) or not fields:
            break
        index += 1
    if "标题" not in fields and "发布时间" not in fields:
        return {}, 0
    return fields, index


# A top-level heading run into the text of a one-line body: "…提供有力保障。 二、主动公开…".
_INLINE_HEADING = re.compile(r"(?<=[。；;！!）)\s\d])\s*(?=[一二三四五六七八九十]{1,2}、)")
_HEADING_END = re.compile(
    r"^[一二三四五六七八九十]{1,2}、\s*[^。，,；;：:\s\d]{0,40}(?:情况|措施|概述|统计表|问题|事项)"
)


def split_inline_headings(lines: list[str]) -> list[str]:
    """Long lines (a body saved on one line) broken before each top-level heading, and the
    heading put on a line of its own when the text runs on after it."""
    out: list[str] = []
    for line in lines:
        if len(line) < 300:
            out.append(line)
            continue
        for part in _INLINE_HEADING.split(line):
            heading = _HEADING_END.match(part.strip())
            if heading and not _is_section_heading_only(part):
                out += [heading.group(), part.strip()[heading.end() :]]
            else:
                out.append(part)
    return out


def _is_section_heading_only(part: str) -> bool:
    return len(compact(part)) <= 40 and "。" not in part


# A figure the text states, with its unit: "现行有效行政规范性文件698件", "收费9116.36万元".
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=万元|元|件|条|项|个|份|人次|次|家|人)")
_CLAUSE_END = re.compile(r"[，,。；;：:（）()！!？?]")
_LABEL_NOISE = re.compile(r"[（(][^）)]*[）)]|^(?:行政|政府|本年度?)|(?:数量|总数|数)$")


class ProseFigures:
    """The figures a report's prose states, each with its clause: tie-breakers for table
    numbers that ran together, counted only where the clause names the row. Found when first
    asked for (most reports need none)."""

    def __init__(self, lines: Sequence[str] = ()) -> None:
        self._lines = lines
        self._figures: list[tuple[int | float, str]] | None = None

    def about(self, label: str) -> frozenset[int | float]:
        """The figures stated in a clause that names ``label`` (a row label: 行政规范性文件)."""
        core = _LABEL_NOISE.sub("", strip_enumeration(compact(label)))
        core = _LABEL_NOISE.sub("", core)
        if len(core) < 2:
            return frozenset()
        # The head of the name, not its tail: 服务事项 is in many clauses, 其他对外 only in this
        # row's (a figure of 53 服务事项 once cut 其他对外管理服务事项 10|0|153 as 100|1|53).
        words = {core, core[:4]}
        if self._figures is None:
            self._figures = _figures(self._lines)
        return frozenset(v for v, clause in self._figures if any(w in clause for w in words))


def prose_figures(lines: Sequence[str]) -> ProseFigures:
    """The figures the report's prose states, with the clause each is in (found when needed)."""
    return ProseFigures(lines)


def _figures(lines: Sequence[str]) -> list[tuple[int | float, str]]:
    found: list[tuple[int | float, str]] = []
    for line in lines:
        text = unicodedata.normalize("NFKC", line)
        for match in _FIGURE.finditer(text):
            number = match.group(1)
            if len(number) > _MAX_FIGURE_CHARS or len(found) > 10_000:
                continue
            found.append((float(number) if "." in number else int(number), _clause(text, match)))
    return found


def _clause(text: str, match: re.Match[str]) -> str:
    """The clause around a figure: from the punctuation before it to the one after it."""
    start = max(match.start() - 80, 0)
    for end in _CLAUSE_END.finditer(text, start, match.start()):
        start = end.end()
    after = _CLAUSE_END.search(text, match.end(), match.end() + 80)
    return compact(text[start : after.start() if after else match.end() + 80])
