"""``gongkai render FILE --to html|docx|pdf|xlsx|ofd -o OUT``: write a report in the official layout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gongkai.commands.reading import add_trusted_argument, reader
from gongkai.report.errors import ReportError
from gongkai.report.writers import FORMATS, render

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE = 0, 1, 2

HELP = """把年度报告按官方模板版式输出为网页（HTML）、Word（DOCX）、PDF 或 Excel（XLSX）。
输入可以是规范 JSON，或任何 gongkai 能读取的报告文件（在受限的子进程中读取；本机可信的文件可加
--trusted 在本进程内读取）。空白（null）的单元格按模板留空，并逐格提示。

退出码：0 成功；1 无法写出；2 输入无法读取。

--to ofd：OFD 版式文档（GB/T 33190），与 PDF 同一版式，内嵌字体子集。

例 / examples:
  gongkai render tests/data/hongze-district-2023.json --to pdf -o hongze-2023.pdf
  gongkai render report.json --to xlsx            # 写到 report.xlsx
  gongkai render report.json --to ofd -o report.ofd
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "render",
        help="按官方版式输出年度报告（HTML/DOCX/PDF/XLSX/OFD）",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="报告文件（规范 JSON 或可读取的格式）")
    parser.add_argument("--to", required=True, choices=FORMATS, help="输出格式")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="输出文件（默认：FILE 换成输出格式的扩展名）"
    )
    add_trusted_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    source = Path(args.file)
    target = Path(args.output) if args.output else source.with_suffix(f".{args.to}")
    if target.resolve() == source.resolve():
        print(
            f"gongkai render: 输出文件 {target} 就是输入文件，请用 -o 指定别的文件", file=sys.stderr
        )
        return EXIT_FAILED
    try:
        report = reader(args.trusted)(source)
    except ReportError as exc:
        print(f"gongkai render: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        rendered = render(report, args.to)
    except ReportError as exc:
        print(f"gongkai render: {source}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        # Write beside the target and rename: an interrupted run leaves no half-written file.
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(rendered.content)
        partial.replace(target)
    except OSError as exc:
        print(f"gongkai render: 无法写入 {target}（{exc.strerror}）", file=sys.stderr)
        return EXIT_FAILED
    for warning in rendered.warnings:
        print(f"gongkai render: 提示：{warning}", file=sys.stderr)
    print(f"{target}（{report.label}，{args.to.upper()}，{len(rendered.content)} 字节）")
    return EXIT_OK
