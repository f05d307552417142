"""A report written out as text in the layouts real sources produce (for the reader tests).

The official print of a report (title, headings, the three tables with their header rows and
group headings, prose) is first laid out as printed rows; each layout then writes those rows as
a source does:

* ``one_line``: the crawler's form, a 标题:/发布时间: header and the whole body on one line;
* ``run_together``: one line, and each row's numbers run together as well (``规章000…``);
* ``row_per_line``: one printed row per line, cells separated by spaces;
* ``cell_per_line``: one cell per line ending in `` |``, a line of ``|||`` ending each row;
* ``markdown``: Markdown tables, as a document converter writes them;
* ``markdown_split``: Markdown where each table's labels come in a block before its numbers;
* ``stray_spaces``: one row per line with a space inside some numbers (PDF extraction);
* ``full_width``: one row per line in full-width digits;
* ``furniture``: one row per line with page numbers, running headers and footers between rows;
* ``wrapped``: one row per line with long labels wrapped over two lines.

``LAYOUTS`` maps each name to its writer. Numbers a layout cannot run together without changing
what they say (signed and money cells) keep a space before them, as printed pages keep them
apart.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.report.formats import Kind, Row
from gongkai.report.formats.common import OTHER_ONE_ROW
from gongkai.report.model import AnnualReport
from gongkai.report.writers.layout import format_number

_REQUEST_HEADER = (
    ("申请人情况",),
    ("自然人", "法人或其他组织", "总计"),
    ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"),
)
_APPEAL_HEADER = (
    ("行政复议", "行政诉讼"),
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"),
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2,
)
PUBLISHED = "2024-02-01"


@dataclass(slots=True)
class Printed:
    """One printed line of the report: prose, a heading, a header row or a table row."""

    kind: str  # "title" | "prose" | "header" | "row"
    labels: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    joinable: list[bool] = field(default_factory=list)  # may run into the number before it


def _number(value: object) -> str:
    return "" if value is None else format_number(value)  # type: ignore[arg-type]


def _row(row: Row, cells: dict[str, object], labels: list[str]) -> Printed:
    values = [_number(cells.get(c.key)) for c in row.columns]
    joinable = [c.kind is Kind.COUNT for c in row.columns]
    return Printed("row", labels, values, joinable)


def printed(report: AnnualReport) -> list[Printed]:
    """The report as the official layout prints it, line by line."""
    spec = report.template
    out = [Printed("title", [report.title or ""])]
    out.append(Printed("prose", ["一、总体情况", report.sections.get("overview", "")]))
    out.append(Printed("header", ["二、主动公开政府信息情况"]))
    group = None
    for row in spec.proactive.rows:
        if row.group != group:
            group = row.group
            out.append(Printed("header", [group]))
            out.append(Printed("header", ["信息内容", *(c.label for c in row.columns)]))
        out.append(_row(row, report.proactive[row.key], [row.label]))
    out.append(Printed("header", ["三、收到和处理政府信息公开申请情况"]))
    out += [Printed("header", list(cells)) for cells in _REQUEST_HEADER]
    rows = spec.rows_as_printed("requests", report.requests)
    group = ""
    for row in rows:
        labels = [row.label]
        if row.group and row.group != group and row is not OTHER_ONE_ROW:
            labels.insert(0, row.group)
        group = row.group
        out.append(_row(row, report.requests[row.key], labels))
    out.append(Printed("header", ["四、政府信息公开行政复议、行政诉讼情况"]))
    out += [Printed("header", list(cells)) for cells in _APPEAL_HEADER]
    values: list[str] = []
    for row in spec.appeals.rows:
        values += [_number(report.appeals[row.key].get(c.key)) for c in row.columns]
    out.append(Printed("row", [], values, [True] * len(values)))
    out.append(
        Printed("prose", ["五、存在的主要问题及改进情况", report.sections.get("problems", "")])
    )
    out.append(Printed("prose", ["六、其他需要报告的事项", report.sections.get("other", "")]))
    return out


def _cells(line: Printed) -> list[str]:
    return [*line.labels, *line.values]


def crawler_header(report: AnnualReport) -> str:
    return (
        f"标题: {report.title}\n发布时间: {PUBLISHED} 10:00\n文号: \n发布机构: \n"
        "栏目: 政府信息公开年报\n==================== 正文 ====================\n"
    )


def _run(line: Printed) -> str:
    """A row's numbers run together where a count follows a count."""
    text = ""
    for index, (value, joinable) in enumerate(zip(line.values, line.joinable, strict=True)):
        if index and not (joinable and line.joinable[index - 1]):
            text += " "
        text += value
    return text


def one_line(report: AnnualReport) -> str:
    body = " ".join(" ".join(_cells(line)) for line in printed(report))
    return crawler_header(report) + body + "\n"


def run_together(report: AnnualReport) -> str:
    parts = []
    for line in printed(report):
        if line.kind == "row" and line.labels:
            parts.append("".join(line.labels) + _run(line))
        else:
            parts.append(" ".join(_cells(line)))
    return crawler_header(report) + " ".join(parts) + "\n"


def row_per_line(report: AnnualReport) -> str:
    return "\n".join(" ".join(_cells(line)) for line in printed(report)) + "\n"


def cell_per_line(report: AnnualReport) -> str:
    out = []
    for line in printed(report):
        if line.kind in ("title", "prose"):
            out += _cells(line)
            continue
        out += [f"{cell} |" for cell in _cells(line)]
        out.append("|||")
    return "\n".join(out) + "\n"


def _markdown_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown(report: AnnualReport, *, split: bool = False) -> str:
    out: list[str] = []
    pending_labels: list[str] = []
    pending_values: list[str] = []
    in_table = False
    for line in printed(report):
        if line.kind in ("title", "prose"):
            out += _flush(pending_labels, pending_values)
            pending_labels, pending_values = [], []
            out += ["", f"# {line.labels[0]}" if line.kind == "title" else f"## {line.labels[0]}"]
            out += line.labels[1:]
            in_table = False
            continue
        if line.kind == "header" and len(line.labels) == 1 and "、" in line.labels[0]:
            out += _flush(pending_labels, pending_values)
            pending_labels, pending_values = [], []
            out += ["", f"## {line.labels[0]}", ""]
            in_table = False
            continue
        cells = _cells(line)
        if split and line.kind == "row" and line.labels:
            pending_labels.append(_markdown_row([*line.labels, *[""] * len(line.values)]))
            pending_values.append(_markdown_row(["", *line.values]))
            continue
        out.append(_markdown_row(cells))
        if not in_table:
            out.append(_markdown_row(["---"] * len(cells)))
            in_table = True
    out += _flush(pending_labels, pending_values)
    return "\n".join(out) + "\n"


def _flush(labels: list[str], values: list[str]) -> list[str]:
    return [*labels, *values]


def markdown_split(report: AnnualReport) -> str:
    return markdown(report, split=True)


def _spaced(value: str, rng: random.Random) -> str:
    if len(value) < 2 or not value.isdigit():
        return value
    at = rng.randrange(1, len(value))
    return value[:at] + " " + value[at:]


def stray_spaces(report: AnnualReport, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = []
    for line in printed(report):
        values = [_spaced(v, rng) if rng.random() < 0.5 else v for v in line.values]
        lines.append(" ".join([*line.labels, *values]))
    return "\n".join(lines) + "\n"


_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


def full_width(report: AnnualReport) -> str:
    return (
        "\n".join(
            " ".join([*line.labels, *(v.translate(_FULL) for v in line.values)])
            for line in printed(report)
        )
        + "\n"
    )


def furniture(report: AnnualReport) -> str:
    lines = []
    page = 1
    for index, line in enumerate(printed(report)):
        lines.append(" ".join(_cells(line)))
        if index % 7 == 6:
            page += 1
            lines += [f"- {page} -", f"第 {page} 页 共 9 页", report.title or ""]
    return "\n".join(lines) + "\n"


def wrapped(report: AnnualReport) -> str:
    lines = []
    for line in printed(report):
        label = "".join(line.labels[-1:])
        if line.kind == "row" and len(label) > 12:
            head = " ".join(line.labels[:-1])
            lines.append(f"{head} {label[:10]}".strip())
            lines.append(" ".join([label[10:], *line.values]))
        else:
            lines.append(" ".join(_cells(line)))
    return "\n".join(lines) + "\n"


LAYOUTS: dict[str, Callable[[AnnualReport], str]] = {
    "one_line": one_line,
    "run_together": run_together,
    "row_per_line": row_per_line,
    "cell_per_line": cell_per_line,
    "markdown": markdown,
    "markdown_split": markdown_split,
    "stray_spaces": stray_spaces,
    "full_width": full_width,
    "furniture": furniture,
    "wrapped": wrapped,
}
# The layouts that may leave a number's cut ambiguous (then the reader must say so).
AMBIGUOUS = frozenset({"run_together", "stray_spaces"})
# The layouts that carry the crawler's header (and so the publication date).
WITH_HEADER = frozenset({"one_line", "run_together"})
