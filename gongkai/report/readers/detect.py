"""Which template a report follows: from the labels its tables print, else from its year."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.report.formats import Template, format_for_year, normalize_label, table_templates


def detect_format(texts: Iterable[str], year: int | None) -> tuple[Template | None, list[str]]:
    """The template a report follows, from the labels only it prints (its ``signatures``),
    else from its year."""
    joined = normalize_label("".join(texts))  # callers pass table cells, not the whole text
    scores = {t: sum(sig in joined for sig in t.signatures) for t in table_templates()}
    warnings: list[str] = []
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=lambda t: scores[t])
    by_year = format_for_year(year) if year is not None else None
    if ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return by_year, warnings
    if by_year is not None and by_year is not best:
        warnings.append(
            f"报告年度为 {year} 年，应使用 {by_year} 版模板，但表格是 {best} 版的栏目；按 {best} 版读取"
        )
    return best, warnings
