"""``gongkai check FILE...``: read reports, run every consistency rule, print the findings."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from gongkai.commands.reading import add_trusted_argument, reader
from gongkai.report.checks import Finding, Severity, check_report, check_series
from gongkai.report.errors import ReportError
from gongkai.report.model import AnnualReport

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

HELP = """检查年度报告的勾稽关系（规则 1–9）。同一机关多个年度的报告一起检查时，还做跨年度检查。

退出码：0 没有错误；1 有错误（error）；2 有文件无法读取。

例 / examples:
  gongkai check tests/data/hongze-district-2023.json
  gongkai check --json reports/*.json > findings.json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="检查年度报告的勾稽关系",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="报告文件（规范 JSON 或可读取的格式）"
    )
    parser.add_argument("--json", action="store_true", help="输出机器可读的 JSON")
    add_trusted_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    reports: list[tuple[str, AnnualReport]] = []
    unreadable: list[tuple[str, str]] = []
    read = reader(args.trusted)
    for name in args.files:
        try:
            reports.append((name, read(name)))
        except ReportError as exc:
            unreadable.append((name, str(exc)))
    per_file = {name: check_report(report) for name, report in reports}
    series = check_series([report for _, report in reports])
    if args.json:
        _print_json(reports, per_file, series, unreadable)
    else:
        _print_human(reports, per_file, series, unreadable)
    if unreadable:
        return EXIT_UNREADABLE
    all_findings = [f for fs in per_file.values() for f in fs] + series
    return EXIT_ERRORS if any(f.severity is Severity.ERROR for f in all_findings) else EXIT_OK


def _print_json(
    reports: list[tuple[str, AnnualReport]],
    per_file: dict[str, list[Finding]],
    series: list[Finding],
    unreadable: list[tuple[str, str]],
) -> None:
    out = {
        "files": [
            {
                "file": name,
                "agency": report.agency,
                "year": report.year,
                "format": report.format,
                "reader_warnings": report.warnings,
                "findings": [f.to_dict() for f in per_file[name]],
            }
            for name, report in reports
        ],
        "cross_year": [f.to_dict() for f in series],
        "unreadable": [{"file": name, "error": error} for name, error in unreadable],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


_STYLE = {Severity.ERROR: ("bold red", "错误"), Severity.WARNING: ("yellow", "警告")}


def _print_findings(console: Console, findings: list[Finding]) -> None:
    for f in findings:
        style, word = _STYLE[f.severity]
        console.print(f"  [{style}]{word} {f.rule.value}[/] {escape(f.message)}")


def _print_human(
    reports: list[tuple[str, AnnualReport]],
    per_file: dict[str, list[Finding]],
    series: list[Finding],
    unreadable: list[tuple[str, str]],
) -> None:
    console = Console(highlight=False, soft_wrap=True)
    errors = warnings = 0
    for name, report in reports:
        findings = per_file[name]
        console.print(f"[bold]{escape(name)}[/] — {escape(report.label)}（{report.format} 版）")
        for warning in report.warnings:
            console.print(f"  [cyan]读取[/] {escape(warning)}")
        if not findings:
            console.print("  [green]未发现问题[/]")
        _print_findings(console, findings)
        errors += sum(f.severity is Severity.ERROR for f in findings)
        warnings += sum(f.severity is Severity.WARNING for f in findings)
    if series:
        console.print("[bold]跨年度检查[/]")
        _print_findings(console, series)
        errors += sum(f.severity is Severity.ERROR for f in series)
        warnings += sum(f.severity is Severity.WARNING for f in series)
    for name, error in unreadable:
        console.print(
            f"[bold red]无法读取[/] {escape(error if name in error else f'{name}: {error}')}"
        )
    console.print(
        f"共 {len(reports) + len(unreadable)} 个文件：{errors} 个错误，{warnings} 个警告"
        + (f"，{len(unreadable)} 个文件无法读取" if unreadable else "")
    )
