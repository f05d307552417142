"""Canonical JSON load and dump (spec: "Canonical JSON").

Loading validates everything and raises :class:`ReportDataError` naming the key path
(``requests.withheld.state_secret.total``) and what is wrong — never a bare ``KeyError``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gongkai.report.errors import ReportDataError
from gongkai.report.formats import TABLE_KEYS, Row, Table, Template, UnknownFormat, template
from gongkai.report.model import AnnualReport, Cell, LegacyFigure, Source, TableData

_TOP_KEYS = {
    "format",
    "agency",
    "year",
    "title",
    "published",
    "sections",
    "proactive",
    "requests",
    "appeals",
    "legacy_figures",
    "warnings",
    "sources",
}


def _type_name(value: object) -> str:
    return {
        str: "文本",
        bool: "布尔值",
        list: "数组",
        dict: "对象",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ReportDataError(key, f"应为文本或 null，实为{_type_name(value)} {value!r}")
    return value


def _cell(value: object, path: str) -> Cell:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReportDataError(path, f"应为数字或 null，实为{_type_name(value)} {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ReportDataError(path, f"应为有限的数字，实为 {value!r}")
    return value


def _expected_rows(table: Table, fmt: Template, data: Mapping[str, Any]) -> tuple[Row, ...]:
    # A layout the template accepts besides its own (a 2021 report printing （六）其他处理 as
    # one row) keeps its rows as printed (spec).
    collapse = fmt.collapse_for(table.key, data)
    if collapse is not None:
        both = [key for key in collapse.rows if key in data]
        if both:
            raise ReportDataError(
                f"{table.key}.{collapse.row.key}",
                f"“{collapse.row.key}”（{collapse.row.label}合为一行）与 {', '.join(both)} "
                "不能同时出现",
            )
    return fmt.rows_as_printed(table.key, data)


def _table(table: Table, fmt: Template, data: object) -> TableData:
    if not isinstance(data, Mapping):
        raise ReportDataError(table.key, f"表{table.number}应为对象，实为{_type_name(data)}")
    rows = _expected_rows(table, fmt, data)
    known = {row.key for row in rows}
    for key in data:
        if key not in known:
            raise ReportDataError(
                f"{table.key}.{key}",
                f"表{table.number}（{fmt}版）没有这一行；可用的行：{', '.join(sorted(known))}",
            )
    result: TableData = {}
    for row in rows:
        path = f"{table.key}.{row.key}"
        if row.key not in data:
            raise ReportDataError(path, f"缺少表{table.number}的行「{row.label}」")
        cells = data[row.key]
        if not isinstance(cells, Mapping):
            raise ReportDataError(path, f"应为对象（列 → 数字），实为{_type_name(cells)}")
        columns = [c.key for c in row.columns]
        for key in cells:
            if key not in columns:
                # Listed in the template's order: the same message on every run.
                raise ReportDataError(
                    f"{path}.{key}", f"「{row.label}」没有这一列；可用的列：{', '.join(columns)}"
                )
        out: dict[str, Cell] = {}
        for column in row.columns:
            cpath = f"{path}.{column.key}"
            if column.key not in cells:
                raise ReportDataError(
                    cpath, f"缺少「{row.label}」的「{column.label}」列（空白请写 null）"
                )
            out[column.key] = _cell(cells[column.key], cpath)
        result[row.key] = out
    return result


def _sections(data: object) -> dict[str, str]:
    if not isinstance(data, Mapping):
        raise ReportDataError("sections", f"应为对象（章节 → 文本），实为{_type_name(data)}")
    for key, text in data.items():
        if not isinstance(text, str):
            raise ReportDataError(f"sections.{key}", f"应为文本，实为{_type_name(text)}")
    return dict(data)


def _legacy_figures(data: object) -> list[LegacyFigure]:
    if not isinstance(data, list):
        raise ReportDataError("legacy_figures", f"应为数组，实为{_type_name(data)}")
    figures = []
    for i, item in enumerate(data):
        path = f"legacy_figures[{i}]"
        if not isinstance(item, Mapping):
            raise ReportDataError(path, f"应为对象，实为{_type_name(item)}")
        missing = {"what", "value", "unit", "sentence"} - set(item)
        if missing:
            raise ReportDataError(path, f"缺少字段 {', '.join(sorted(missing))}")
        value = _cell(item["value"], f"{path}.value")
        if value is None:
            raise ReportDataError(f"{path}.value", "应为数字")
        for key in ("what", "unit", "sentence"):
            if not isinstance(item[key], str):
                raise ReportDataError(f"{path}.{key}", f"应为文本，实为{_type_name(item[key])}")
        figures.append(LegacyFigure(item["what"], value, item["unit"], item["sentence"]))
    return figures


def _sources(data: object) -> dict[str, Source]:
    if not isinstance(data, Mapping):
        raise ReportDataError("sources", f"应为对象，实为{_type_name(data)}")
    out = {}
    for key, item in data.items():
        if not isinstance(item, Mapping) or set(item) - set(Source.__slots__):
            raise ReportDataError(
                f"sources.{key}", f"应为对象，字段只能是 {', '.join(Source.__slots__)}"
            )
        out[key] = Source(**item)
    return out


def report_from_dict(data: object) -> AnnualReport:
    """Validate canonical JSON (already decoded) and build the report."""
    if not isinstance(data, Mapping):
        raise ReportDataError("", f"报告应为 JSON 对象，实为{_type_name(data)}")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ReportDataError(sorted(unknown)[0], "不认识的字段")
    raw_format = data.get("format")
    try:
        fmt = template(str(raw_format))
    except UnknownFormat as exc:
        raise ReportDataError("format", f"应为 {exc.choices} 之一，实为 {raw_format!r}") from None
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ReportDataError("year", f"应为整数年份或 null，实为{_type_name(year)} {year!r}")
    published = _optional_str(data, "published")
    if published is not None:
        try:
            dt.date.fromisoformat(published)
        except ValueError:
            raise ReportDataError(
                "published", f"应为 YYYY-MM-DD 日期，实为 {published!r}"
            ) from None
    warnings = data.get("warnings", [])
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ReportDataError("warnings", "应为文本数组")
    report = AnnualReport(
        format=fmt.key,
        agency=_optional_str(data, "agency"),
        year=year,
        title=_optional_str(data, "title"),
        published=published,
        sections=_sections(data.get("sections", {})),
        legacy_figures=_legacy_figures(data.get("legacy_figures", [])),
        warnings=list(warnings),
        sources=_sources(data.get("sources", {})),
    )
    if not fmt.has_tables:
        for key in TABLE_KEYS:
            if data.get(key):
                raise ReportDataError(key, f"{fmt.key} 格式的报告没有表格；数字放在 legacy_figures")
        return report
    for table in fmt.tables:
        if table.key not in data:
            raise ReportDataError(table.key, f"缺少表{table.number}")
        setattr(report, table.key, _table(table, fmt, data[table.key]))
    return report


def report_to_dict(report: AnnualReport) -> dict[str, Any]:
    """The canonical JSON object, keys in the spec's order, rows in printed order."""
    out: dict[str, Any] = {
        "format": report.format,
        "agency": report.agency,
        "year": report.year,
        "title": report.title,
        "published": report.published,
        "sections": dict(report.sections),
    }
    if report.template.has_tables:
        for key in TABLE_KEYS:
            out[key] = getattr(report, key)
    else:
        out["legacy_figures"] = [
            {"what": f.what, "value": f.value, "unit": f.unit, "sentence": f.sentence}
            for f in report.legacy_figures
        ]
    out["warnings"] = list(report.warnings)
    if report.sources:
        out["sources"] = {
            key: {k: v for k in Source.__slots__ if (v := getattr(src, k)) is not None}
            for key, src in report.sources.items()
        }
    return out


def loads(text: str | bytes, *, source: str = "") -> AnnualReport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{source}:" if source else ""
        raise ReportDataError(
            "", f"{where}{exc.lineno}:{exc.colno}: 不是合法的 JSON（{exc.msg}）"
        ) from None
    return report_from_dict(data)


def dumps(report: AnnualReport, *, indent: int | None = 2) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=indent)


def load(path: str | Path) -> AnnualReport:
    return loads(Path(path).read_bytes(), source=str(path))
