"""The statistics table of a pre-2019 report (政府信息公开情况统计表), however it was flattened.

Before the 2019 template, most reports ended with a table of indicators: a header
``指标名称 计量单位 2016年度 历年累计`` and rows ``主动公开文件数 条 3460 85376``. Saved as text,
its cells come spaced (``主动公开信息数 条 425 1516``), one row per line, or run together
(``主动公开文件数条346085376其中：1、政府网站公开数条3460853762、…``), where the enumeration of
the next row (``2、``) sticks to the numbers before it.

Each row's numbers are given to the header's columns. A run of digits that holds both columns
is cut where the rules allow it (a cumulative column is never below the year's), the figures the
prose states breaking ties; a cut that is still ambiguous is not guessed: the row is left out and
a warning lists the candidates. Each figure keeps the row as printed as its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.report.model import LegacyFigure
from gongkai.report.readers.document import ProseFigures
from gongkai.report.readers.splitting import Rule, Split, candidate_splits

_COLUMN = r"\d{4}\s*年度?|本年度?|上年度?|历年累计|累计"
_HEADER = re.compile(rf"指标名称\s*(?:计量)?单位\s*((?:(?:{_COLUMN})\s*)+)")
_UNITS = "万元|人次|件次|条|件|元|个|次|项|份|人|家"
_ROW = re.compile(
    r"(?:其中\s*[:：]?\s*)?(?:\d{1,2}\s*[、.．]\s*)?"
    rf"(?P<name>[^\d\s:：。，,；;|、][^\d\s:：。，,；;|]{{1,29}}?)\s*(?P<unit>{_UNITS})\s*(?P<numbers>\d[\d \t\r\n.]*)"
)
# Rows are looked for this far after the header (a table is a few hundred characters).
_REACH = 5000
MAX_SHOWN = 12


@dataclass(slots=True)
class StatsReading:
    figures: list[LegacyFigure]
    warnings: list[str]


def _columns(header: str) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in re.findall(_COLUMN, header)]


def _cumulative_rule(columns: list[str]) -> Rule:
    pairs = [
        (columns.index(year), columns.index(total))
        for year in columns
        for total in columns
        if re.match(r"\d{4}|本年", year) and "累计" in total
    ]

    def rule(values: Split) -> bool:
        return all(values[t] >= values[y] for y, t in pairs)

    return rule


def statistics_table(text: str, prose: ProseFigures) -> StatsReading:
    """The figures of the statistics table in ``text`` (one string: lines joined by ``\\n``)."""
    reading = StatsReading([], [])
    header = _HEADER.search(text)
    if header is None:
        return reading
    columns = _columns(header.group(1))
    rule = _cumulative_rule(columns)
    region = text[header.end() : header.end() + _REACH]
    at = 0
    while (match := _ROW.search(region, at)) is not None:
        at = match.end()
        numbers = match.group("numbers").rstrip()
        end = match.start("numbers") + len(numbers)
        if region[match.end() : match.end() + 1] in ("、", ".", "．") and numbers[-1:].isdigit():
            numbers, end = numbers[:-1].rstrip(), end - 1  # the next row's 2、 stuck to them
            at = end
        tokens = numbers.split()
        if not tokens:
            continue
        name, unit = match.group("name"), match.group("unit")
        printed = region[match.start("name") : end].strip()
        stated = prose.about(name)
        values = _values(tokens, columns, rule, stated, f"统计表「{name}」", reading.warnings)
        for column, value in zip(columns, values or [], strict=False):
            reading.figures.append(LegacyFigure(f"统计表：{name} {column}", value, unit, printed))
    return reading


def _values(
    tokens: list[str],
    columns: list[str],
    rule: Rule,
    prose: frozenset[int | float],
    what: str,
    warnings: list[str],
) -> list[int | float] | None:
    if len(tokens) == len(columns):
        return [float(t) if "." in t else int(t) for t in tokens]
    if len(tokens) > len(columns) or any(not t.isdigit() for t in tokens):
        warnings.append(f"{what}印出 {len(tokens)} 个数字，表头有 {len(columns)} 栏，未读取")
        return None
    found = candidate_splits(tokens, len(columns), rule)
    stated = [s for s in found if any(v >= 10 and v in prose for v in s)]
    if len(found) > 1 and len(stated) == 1:
        split = stated[0]
        shown = "、".join(str(v) for v in split if v >= 10 and v in prose)
        warnings.append(
            f"{what}的数字连在一起（{' '.join(tokens)}），按正文中的数字 {shown} 拆分为 "
            + "、".join(str(v) for v in split)
        )
        return list(split)
    if len(found) == 1:
        if any(found[0]):  # a run of zeros has only the one reading: not worth a warning
            warnings.append(
                f"{what}的数字连在一起（{' '.join(tokens)}），拆分为 "
                + "、".join(str(v) for v in found[0])
            )
        return list(found[0])
    if found:
        options = "；".join("、".join(str(v) for v in s) for s in found[:MAX_SHOWN])
        warnings.append(
            f"{what}的数字连在一起（{' '.join(tokens)}），可以读作 {options}"
            f"（共 {len(found)} 种），无法确定，未读取"
        )
    else:
        warnings.append(f"{what}的数字连在一起（{' '.join(tokens)}），无法拆分，未读取")
    return None
