"""``gongkai parse FILE``: read a published report (PDF, OFD, DOCX/DOC/WPS, XLSX/XLS/ET, HTML, text)
into canonical JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gongkai.commands.reading import add_trusted_argument, reader
from gongkai.report import canonical
from gongkai.report.errors import ReportError

EXIT_OK, EXIT_UNREADABLE = 0, 2

HELP = """读取一份已发布的年度报告（PDF、OFD、Word 文档 DOCX/DOC、WPS 文字 .wps、Excel/WPS 表格
XLSX/XLS/.et、HTML 网页、网页抓取的文本、规范 JSON），输出规范 JSON。按文件内容判断格式，不看扩展名。每个数字在 "sources" 中记下出处（页、表、行、列），
读取时遇到的偏差（标签印错、合并的行、空白单元格等）记在 "warnings" 中。

文件在受限的子进程中读取（内存 512 MB、CPU 20 秒），超限即拒绝并说明原因；
旧版 Word/Excel 和 WPS 文件先由 LibreOffice（无界面、无网络、限时 15 秒）转换为 DOCX/XLSX 再读取，
本机须装有 LibreOffice（libreoffice-writer-nogui、libreoffice-calc-nogui）。
本机可信的文件可加 --trusted 在本进程内读取。

退出码：0 读取成功；2 文件无法读取、不是年度报告或超过读取上限。

例 / examples:
  gongkai parse tests/data/huaian-city-2024.pdf
  gongkai parse report.html -o report.json
  gongkai parse 2024年报.wps -o report.json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="把已发布的年度报告读成规范 JSON",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="报告文件（PDF、OFD、DOCX、DOC、WPS、XLSX、XLS、ET、HTML、文本或 JSON）",
    )
    parser.add_argument("-o", "--output", metavar="OUT.json", help="写入文件，而不是标准输出")
    parser.add_argument("--no-sources", action="store_true", help="不输出每个数字的出处（sources）")
    add_trusted_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        report = reader(args.trusted)(args.file)
    except ReportError as exc:
        print(f"gongkai parse: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.no_sources:
        report.sources = {}
    text = canonical.dumps(report) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"gongkai parse: {args.output}: 无法写入（{exc.strerror}）", file=sys.stderr)
            return EXIT_UNREADABLE
        for warning in report.warnings:
            print(f"{args.file}: 读取提示：{warning}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
