"""The cheap checks that spare folding (NFKC) a report's long lines decide exactly what folding
them would (issue 21: folding paragraphs was a tenth of an HTML read)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from gongkai.report.readers.document import (
    _longer_than,
    compact,
    find_published,
    find_title,
    template_headings,
    text_year,
)

_LINE = st.text(
    st.sampled_from(["年", "报", "告", "。", " ", "\u3000", "e", "\u0301", "…", "㈠", "１", "，"]),
    max_size=80,
)


@given(_LINE, st.integers(min_value=0, max_value=70))
def test_a_line_surely_longer_is_longer_once_folded(line: str, size: int) -> None:
    if _longer_than(line, size):
        assert len(compact(line)) > size


def test_only_the_characters_looked_for_fold_to_them() -> None:
    # text_year folds only lines holding 限 (统计期限) or 年 / U+F98E; template_headings skips
    # lines holding 。, which folding keeps.
    # find_title folds only lines holding 公 and 开; text_year's 统计期限 needs 统, 计 and 期 too.
    singles = [(char, {char}) for char in "限统计期公开"]
    for wanted, forms in (*singles, ("年", {"年", "\uf98e"})):
        folding_to = {
            chr(code)
            for code in range(0x110000)
            if wanted in unicodedata.normalize("NFKC", chr(code))
        }
        assert folding_to == forms
    assert "。" in compact("一、总体情况。")


def test_long_lines_are_read_as_before() -> None:
    paragraph = "一是加强学习，" * 20 + "。"
    lines = [paragraph, "统计期限自2023年1月1日起", "２０２２年，我局", "一、总体情况", paragraph]
    assert text_year(lines) == 2023
    assert text_year(lines[2:]) == 2022
    assert [h.key for h in template_headings(lines)] == ["overview"]
    # A line that starts with an ideograph never starts with a year, folded or not.
    assert text_year(["我局２０２２年，", "２０２２年，我局"]) == 2022
    assert text_year(["统计 期限自2021年1月1日起"]) == 2021
    assert text_year(["统计期间自2021年1月1日起"]) is None
    # find_published passes over a paragraph, and reads a date line after it.
    assert find_published([paragraph, "发布日期：2024-01-17"], None) == "2024-01-17"
    assert find_published(["标题", paragraph, "（２０２６年１月２３日）"], 0) == "2026-01-23"
    assert find_title(["政府信息公 开工作年度报告"]) == ("政府信息公开工作年度报告", 0)
    assert find_title(["政府信息公开", "工作年度报告"]) == (None, None)
    assert find_title(["2023年政府信息公开", "工作年度报告"]) == (
        "2023年政府信息公开工作年度报告",
        1,
    )
    assert find_title([paragraph, "洪泽区人民政府", "2023年政府信息公开工作年度报告"]) == (
        "洪泽区人民政府2023年政府信息公开工作年度报告",
        2,
    )
