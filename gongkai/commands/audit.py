"""``gongkai audit DIR|FILES... -o audit.xlsx``: read and check many reports, one workbook out.

Each file is read (in ``--jobs`` worker processes) and checked on its own; then the reports of
each agency are checked across years. The workbook has a summary sheet (one row per file), a
findings sheet (one row per finding, with the file it came from) and a cross-year sheet.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gongkai.commands.reading import add_trusted_argument, reader
from gongkai.lib.safe_cells import append_row
from gongkai.report import canonical, sandbox
from gongkai.report.checks import Finding, Severity, check_report, check_series
from gongkai.report.errors import ReportError
from gongkai.report.model import AnnualReport

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
# In a directory, the files that can be reports (explicitly named files are always read).
REPORT_SUFFIXES = frozenset(
    {".pdf", ".ofd", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".et"}
    | {".html", ".htm", ".shtml", ".txt", ".json"}
)

HELP = """读取并检查一批年度报告（目录或文件，任何可读取的格式），写出一份 XLSX：
「汇总」表每个文件一行（机关、年度、格式、错误数、警告数、读取提示），「问题」表每个问题一行，
「跨年度」表是同一机关相邻年度之间的检查（规则 6–8）。无法读取的文件也列在汇总表中。

退出码：0 没有错误；1 有错误（error）；2 有文件无法读取。

例 / examples:
  gongkai audit tests/data -o audit.xlsx
  gongkai audit reports/2024/*.pdf -o audit.xlsx --jobs 4
  gongkai audit reports --json > audit.json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="批量读取和检查年度报告，输出 XLSX",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="DIR|FILE", help="报告文件或目录")
    parser.add_argument("-o", "--output", metavar="audit.xlsx", help="写出的 XLSX 文件")
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="并行读取的进程数（默认 1）"
    )
    parser.add_argument("--json", action="store_true", help="在标准输出打印机器可读的 JSON")
    add_trusted_argument(parser)
    parser.set_defaults(handler=run)


@dataclass(slots=True)
class Entry:
    """One file of the audit: its report (or why it could not be read) and its findings."""

    file: str
    report: AnnualReport | None = None
    error: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def collect(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files to read (directories walked, in name order) and the paths that do not exist."""
    files: list[str] = []
    missing: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += [
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in REPORT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
        elif path.exists():
            files.append(str(path))
        else:
            missing.append(name)
    return files, missing


def _read_one(name: str, trusted: bool = False) -> tuple[str, str | None, str | None]:
    """Worker: read one file; the report travels back as canonical JSON (plain and small)."""
    try:
        return name, canonical.dumps(reader(trusted)(name), indent=None), None
    except ReportError as exc:
        return name, None, str(exc)
    except Exception as exc:  # a reader bug must not take the whole audit down
        return name, None, f"{name}: 读取时出错（{type(exc).__name__}: {exc}）"


def _pool(jobs: int, trusted: bool) -> Executor:
    """Trusted files are read in worker processes; untrusted ones each in a bounded child
    already, so threads only wait for them."""
    if trusted:
        return ProcessPoolExecutor(max_workers=jobs)
    sandbox.set_workers(jobs)
    return ThreadPoolExecutor(max_workers=jobs)


def _read_all(
    files: list[str], jobs: int, console: Console, trusted: bool = False
) -> Iterator[Entry]:
    columns = (
        TextColumn("[bold]读取和检查"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("", total=len(files))
        if jobs > 1:
            with _pool(jobs, trusted) as pool:
                results: Iterator[tuple[str, str | None, str | None]] = pool.map(
                    partial(_read_one, trusted=trusted), files, chunksize=1
                )
                for result in results:
                    progress.update(task, advance=1, description=Path(result[0]).name)
                    yield _entry(*result)
        else:
            for name in files:
                progress.update(task, description=Path(name).name)
                yield _entry(*_read_one(name, trusted))
                progress.update(task, advance=1)


def _entry(name: str, data: str | None, error: str | None) -> Entry:
    if data is None:
        return Entry(name, error=error)
    report = canonical.loads(data)
    return Entry(name, report=report, findings=check_report(report))


def run(args: argparse.Namespace) -> int:
    if not args.output and not args.json:
        print("gongkai audit: 请用 -o audit.xlsx 指定输出文件，或用 --json", file=sys.stderr)
        return EXIT_UNREADABLE
    files, missing = collect(args.paths)
    console = Console(stderr=True, highlight=False)
    entries = list(_read_all(files, max(1, args.jobs), console, args.trusted))
    entries += [Entry(name, error=f"{name}: 文件或目录不存在") for name in missing]
    reports = [e.report for e in entries if e.report is not None]
    series = check_series(reports)
    if args.output:
        try:
            write_workbook(Path(args.output), entries, series)
        except OSError as exc:
            print(f"gongkai audit: {args.output}: 无法写入（{exc.strerror}）", file=sys.stderr)
            return EXIT_UNREADABLE
    if args.json:
        _print_json(entries, series)
    _print_summary(console, entries, series, args.output)
    if any(e.error for e in entries):
        return EXIT_UNREADABLE
    errors = sum(e.errors for e in entries) + sum(f.severity is Severity.ERROR for f in series)
    return EXIT_ERRORS if errors else EXIT_OK


def _print_json(entries: list[Entry], series: list[Finding]) -> None:
    out = {
        "files": [
            {
                "file": e.file,
                "agency": e.report.agency if e.report else None,
                "year": e.report.year if e.report else None,
                "format": e.report.format if e.report else None,
                "errors": e.errors,
                "warnings": e.warnings,
                "reader_warnings": e.report.warnings if e.report else [],
                "unreadable": e.error,
                "findings": [
                    {**f.to_dict(), "printed_at": where_printed(e.report, f) if e.report else None}
                    for f in e.findings
                ],
            }
            for e in entries
        ],
        "cross_year": [f.to_dict() for f in series],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _print_summary(
    console: Console, entries: list[Entry], series: list[Finding], output: str | None
) -> None:
    unreadable = [e for e in entries if e.error]
    errors = sum(e.errors for e in entries) + sum(f.severity is Severity.ERROR for f in series)
    warnings = sum(e.warnings for e in entries) + sum(
        f.severity is Severity.WARNING for f in series
    )
    for entry in unreadable:
        console.print(f"[bold red]无法读取[/] {escape(entry.error or '')}")
    where = f"，已写入 {output}" if output else ""
    console.print(
        f"共 {len(entries)} 个文件：{errors} 个错误，{warnings} 个警告，"
        f"{len(unreadable)} 个无法读取{where}"
    )


# --- The workbook ------------------------------------------------------------------------

_SUMMARY = ("文件", "机关", "年度", "格式", "错误", "警告", "读取提示数", "读取提示", "无法读取")
_FINDINGS = (
    "文件",
    "机关",
    "年度",
    "规则",
    "级别",
    "表",
    "行",
    "列",
    "推算值",
    "报告值",
    "说明",
    "出处",
)
_SERIES = ("机关", "年度", "规则", "级别", "表", "行", "列", "推算值", "报告值", "说明")
_WIDTHS = {"文件": 40, "机关": 28, "说明": 90, "读取提示": 90, "无法读取": 60}
_SEVERITY_WORD = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
_TABLE_WORD = {"proactive": "表二", "requests": "表三", "appeals": "表四"}
_HEADER_FILL = PatternFill("solid", fgColor="DBE4F1")
_ERROR_FONT = Font(color="C00000")


def _sheet(sheet: Worksheet, title: str, header: Sequence[str]) -> None:
    sheet.title = title
    sheet.append(list(header))
    for index, name in enumerate(header, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"


def _finding_cells(f: Finding) -> list[Any]:
    return [
        f.rule.value,
        _SEVERITY_WORD[f.severity],
        _TABLE_WORD.get(f.table or "", f.table),
        f.row_label,
        f.column_label,
        f.left,
        f.right,
        f.message,
    ]


def where_printed(report: AnnualReport, finding: Finding) -> str | None:
    """Where the reader found the cell a finding names: 第4页 第12行 (or the text line)."""
    if not (finding.table and finding.row and finding.column):
        return None
    source = report.sources.get(f"{finding.table}/{finding.row}/{finding.column}")
    if source is None:
        return None
    parts = []
    if source.page is not None:
        parts.append(f"第{source.page}页")
    if source.line is not None:
        parts.append(f"第{source.line}行")
    if source.row:
        parts.append(f"「{source.row}」")
    return " ".join(parts) or None


def write_workbook(path: Path, entries: list[Entry], series: list[Finding]) -> None:
    """The audit workbook: 汇总 (one row per file), 问题 (per finding), 跨年度 (rules 6–8)."""
    book = Workbook()
    summary = book.active
    assert summary is not None
    _sheet(summary, "汇总", _SUMMARY)
    findings = book.create_sheet()
    _sheet(findings, "问题", _FINDINGS)
    for e in entries:
        r = e.report
        append_row(
            summary,
            [
                e.file,
                r.agency if r else None,
                r.year if r else None,
                r.format if r else None,
                e.errors if r else None,
                e.warnings if r else None,
                len(r.warnings) if r else None,
                "\n".join(r.warnings) if r else None,
                e.error,
            ],
        )
        if e.error or e.errors:
            summary.cell(row=summary.max_row, column=1).font = _ERROR_FONT
        for f in e.findings:
            where = where_printed(r, f) if r else None
            append_row(findings, [e.file, f.agency, f.year, *_finding_cells(f), where])
    cross = book.create_sheet()
    _sheet(cross, "跨年度", _SERIES)
    for f in sorted(series, key=lambda f: (f.agency or "", f.year or 0)):
        append_row(cross, [f.agency, f.year, *_finding_cells(f)])
    for sheet in (summary, findings, cross):
        sheet.auto_filter.ref = sheet.dimensions
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    book.save(path)
