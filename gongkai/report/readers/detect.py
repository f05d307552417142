"""Which template a report follows: from the labels its tables print, else from its year."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.report.formats import Format, format_for_year, normalize_label

# Labels only one of the two templates prints (normalized): they tell 2019 from 2021.
_SIGNATURES: dict[Format, tuple[str, ...]] = {
    Format.F2021: (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年收费金额",
        "申请人无正当理由逾期不补正",
        "申请人逾期未按收费通知要求缴纳费用",
    ),
    Format.F2019: (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
        "采购总金额",
        "其他对外管理服务事项",
    ),
}


def detect_format(texts: Iterable[str], year: int | None) -> tuple[Format | None, list[str]]:
    """The template a report follows, from the labels it prints (else from its year)."""
    joined = normalize_label("".join(texts))  # callers pass table cells, not the whole text
    scores = {fmt: sum(sig in joined for sig in sigs) for fmt, sigs in _SIGNATURES.items()}
    warnings: list[str] = []
    best = max(scores, key=lambda f: scores[f])
    by_year = format_for_year(year) if year is not None else None
    if scores[best] == 0 or scores[Format.F2021] == scores[Format.F2019]:
        return by_year, warnings
    if by_year is not None and by_year is not best:
        warnings.append(
            f"报告年度为 {year} 年，应使用 {by_year} 版模板，但表格是 {best} 版的栏目；按 {best} 版读取"
        )
    return best, warnings
