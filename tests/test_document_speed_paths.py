"""More of the document side's fast paths (issue 21) give what the plain code gives: the
numbered lines found among the lines' first characters, and the page-number check's cheaper
searches."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.readers.document import (
    _NUMERALS,
    PAGE_NUMBER,
    _may_hold_page_numbers,
    _numbered,
    clean_lines,
)


def _plain_numbered(lines: list[str]) -> list[int]:
    return [index for index, line in enumerate(lines) if line.lstrip()[:1] in _NUMERALS]


def _plain_clean_lines(lines: list[str]) -> list[str]:
    return [
        line.replace("\u3000", " ")
        for line in filter(None, map(str.strip, lines))
        if not PAGE_NUMBER.match(line)
    ]


# Whitespace of every kind str.strip, str.split and the regex \s agree on, numerals, and the
# characters page numbers are made of.
_CHARS = st.sampled_from(
    [*"一二十五〇零壹a甲第页/-—–－12１ \t\n\r\x0b\x0c\x1c\x1d\x85\xa0\u2028\u3000", "第 3 页"]
)
_LINES = st.lists(st.lists(_CHARS, max_size=6).map("".join), max_size=12)


@given(_LINES)
def test_numbered_lines_are_those_the_per_line_check_finds(lines: list[str]) -> None:
    assert _numbered(lines) == _plain_numbered(lines)
    # The lines as clean_lines gives them (stripped, none blank): the fast path.
    cleaned = list(filter(None, map(str.strip, lines)))
    assert _numbered(cleaned) == _plain_numbered(cleaned)


@given(_LINES)
def test_page_numbers_are_dropped_as_the_per_line_check_drops_them(lines: list[str]) -> None:
    assert clean_lines(lines) == _plain_clean_lines(lines)
    kept = list(filter(None, map(str.strip, lines)))
    if any(PAGE_NUMBER.match(line) for line in kept):
        assert _may_hold_page_numbers(kept, "\n".join(kept))


def test_examples() -> None:
    assert _numbered([]) == []
    assert _numbered(["一、总体情况", "正文", "二、主动公开"]) == [0, 2]
    assert _numbered(["正文", " 一、总体情况", "", "\u3000二、主动公开"]) == [1, 3]
    assert _numbered(["正文\n一、", "\x85三"]) == [1]
    for page in ("第 3 页", "第3页 共9页", "- 2 -", "—3—", "3 / 12", "１/２"):
        assert clean_lines(["正文", page]) == clean_lines([page, "正文"]) == ["正文"], page
        assert clean_lines(["依照第三条", "共3页", f" {page}\t"]) == ["依照第三条", "共3页"]
    # 页 and 第 in the text, no line that starts with 第…页: nothing is dropped.
    assert clean_lines(["依照第三条", "共3页", "第一条"]) == ["依照第三条", "共3页", "第一条"]
    assert not _may_hold_page_numbers(["依照第三条", "共3页"], "依照第三条\n共3页")
    assert not _may_hold_page_numbers(["正文", "本年增-减"], "正文\n本年增-减")
    assert _may_hold_page_numbers(["正文", "－2－"], "正文\n－2－")
