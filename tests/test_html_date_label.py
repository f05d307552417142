"""The page-date label is found by its last character (issue 21): at the same place as looking
for each label whole would find it, including on a page full of that character."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.readers.document import PAGE_DATE_LABELS
from gongkai.report.readers.html import _MAX_LABEL_ENDS, _first_date_label

_PIECES = [*PAGE_DATE_LABELS, "发布", "日期", "期", "间", "时间", "公开", "日", "x", "\n"]


def _first_whole(markup: str) -> int:
    starts = [at for label in PAGE_DATE_LABELS if (at := markup.find(label)) >= 0]
    return min(starts, default=-1)


@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_the_first_label_is_where_looking_for_each_label_finds_it(markup: str) -> None:
    assert _first_date_label(markup) == _first_whole(markup)


def test_a_page_full_of_the_last_character_finds_the_labels_whole() -> None:
    for markup in (
        "期" * (_MAX_LABEL_ENDS + 1) + "发布时间" + "公开日期",
        "间" * (_MAX_LABEL_ENDS + 1) + "成文日期" + "发布时间",
        "期" * (_MAX_LABEL_ENDS + 1),
    ):
        assert _first_date_label(markup) == _first_whole(markup)
