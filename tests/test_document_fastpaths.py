"""The document side's fast paths (issue 21) give what the plain per-line code gives: lines
cleaned of page numbers by a search of all lines joined, the numbered lines found by their line
breaks, the template's headings looked up by their number, compact without a regex."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.formats import NARRATIVE_SECTIONS, SECTIONS
from gongkai.report.readers.document import (
    _NUMERALS,
    _SECTION_NUMBERS,
    _SECTION_WORDS,
    _TOP_HEADING,
    PAGE_NUMBER,
    DocumentInfo,
    Heading,
    clean_lines,
    compact,
    strip_signature,
    template_headings,
    template_sections,
)

_WHITESPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def _clean_lines(lines: list[str]) -> list[str]:
    return [
        line.replace("\u3000", " ")
        for line in filter(None, map(str.strip, lines))
        if not ((line[0] in "-—–－第" or line[0].isdecimal()) and PAGE_NUMBER.match(line))
    ]


def _template_headings(lines: list[str]) -> list[Heading]:
    found: list[Heading] = []
    for index, line in enumerate(lines):
        if line.lstrip()[:1] not in _NUMERALS or "。" in line:
            continue
        text = _compact(line)
        match = _TOP_HEADING.match(text)
        if not match or len(text) > 40 or "。" in text:
            continue
        number, rest = match.groups()
        for key, words in _SECTION_WORDS.items():
            if _SECTION_NUMBERS[key] != number or not any(w in rest for w in words):
                continue
            if all(h.key != key for h in found):
                found.append(Heading(key, index, line.strip()))
            break
    return found


def _template_sections(lines: list[str], info: DocumentInfo) -> None:
    headings = _template_headings(lines)
    ends = [h.index for h in headings[1:]] + [len(lines)] if headings else []
    for heading, end in zip(headings, ends, strict=True):
        expected = dict(SECTIONS)[heading.key]
        if _compact(heading.text) != _compact(expected) and heading.key in NARRATIVE_SECTIONS:
            info.warnings.append(f"{heading.key}「{heading.text}」「{expected}」")
        if heading.key not in NARRATIVE_SECTIONS:
            continue
        body = lines[heading.index + 1 : end]
        if heading.key == "other":
            body = strip_signature(body, info.agency)
        info.sections[heading.key] = "\n".join(body)


def test_compact_drops_what_the_regex_drops() -> None:
    for code in range(0x110000):
        text = f"a{chr(code)}b "
        assert compact(text) == _compact(text), hex(code)


_CHARS = st.sampled_from(
    [
        *"-—–－第页/12１３a。．.、　 \n\t\r",
        "\uff61",  # folds to 。
        "㈠",
        "一",
        "五",
        "六",
        "十",
        "一、总体情况",
        "五、存在的主要问题",
        "六、其他需要报告的事项",
        "二、主动公开",
        "某某局",
        "2024年1月1日",
    ]
)
_LINES = st.lists(st.lists(_CHARS, max_size=6).map("".join), max_size=12)


@given(_LINES)
def test_clean_lines_drops_the_page_numbers_the_per_line_check_drops(lines: list[str]) -> None:
    assert clean_lines(lines) == _clean_lines(lines)


@given(_LINES)
def test_headings_and_sections_are_those_of_the_per_line_reading(lines: list[str]) -> None:
    assert template_headings(lines) == _template_headings(lines)
    got, want = DocumentInfo(agency="某某局"), DocumentInfo(agency="某某局")
    template_sections(lines, got)
    _template_sections(lines, want)
    assert got.sections == want.sections
    assert len([w for w in got.warnings if "部分标题印为" in w]) == len(want.warnings)


def test_examples() -> None:
    assert clean_lines(
        [" - 2 - ", "第 3 页 共 9 页", "3 / 12", "１/２", "本年增/减", "—— 说明"]
    ) == [
        "本年增/减",
        "—— 说明",
    ]
    # Each kind of page number alone (each is looked for on its own).
    for page in ("- 2 -", "第 3 页", "3 / 12", "１/２", "－2－"):
        assert clean_lines(["正文", page]) == clean_lines([page, "正文"]) == ["正文"], page
    assert clean_lines(["正文", "-3-", "\u3000甲\u3000乙\u3000"]) == ["正文", "甲 乙"]
    lines = ["标题", "  一、总体情况", "内容\n一、", "五、存在的主要问题", "一、总体情况"]
    assert [(h.key, h.index) for h in template_headings(lines)] == [
        ("overview", 1),
        ("problems", 3),
    ]
    lines = ["一、总体情况", "正文", "六、其他需要报告的事项", "无", "某某局", "2024年1月1日"]
    info = DocumentInfo(agency="某某局")
    template_sections(lines, info)
    assert info.sections["other"] == "无" and compact(" 一、 总体\u3000情况 ") == "一、总体情况"
