"""``gongkai restore FILE.tar.gz [--yes]``: replace the platform's data and private files with a
backup made by ``gongkai backup``. A wrong or damaged archive is refused before anything
changes; the database is loaded in one transaction, so it is never left half restored."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EPILOG = """例 / examples:
  gongkai restore backups/gongkai-2026-11-23.tar.gz
  gongkai restore nightly.tar.gz --yes      # no question asked (scripts)
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="从 gongkai backup 的备份文件恢复平台（替换现有全部数据）",
        description="校验备份文件后，用其中的数据和文件替换当前数据库与私有文件。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("archive", type=Path, help="gongkai backup 生成的 .tar.gz")
    parser.add_argument("--yes", action="store_true", help="不再确认，直接替换现有数据")
    parser.set_defaults(handler=run, platform=True)


def _confirmed(archive: Path) -> bool:
    if not sys.stdin.isatty():
        print(
            "gongkai restore: 恢复会替换现有全部数据；非交互运行时请加 --yes 确认",
            file=sys.stderr,
        )
        return False
    answer = input(f"用 {archive} 替换现有全部数据和文件？输入 yes 继续：")
    return answer.strip().lower() == "yes"


def run(args: argparse.Namespace) -> int:
    archive: Path = args.archive
    if not archive.is_file():
        print(f"gongkai restore: {archive}: 文件不存在", file=sys.stderr)
        return 2
    if not args.yes and not _confirmed(archive):
        return 1
    from django.db import DatabaseError

    from gongkai.lib.backup import BackupError, backup_restore

    try:
        result = backup_restore(archive=archive)
    except BackupError as exc:
        print(f"gongkai restore: {exc}", file=sys.stderr)
        return 1
    except DatabaseError as exc:
        print(f"gongkai restore: {archive}: 数据库错误（{exc}）；数据库未改变", file=sys.stderr)
        return 1
    print(
        f"已从 {archive} 恢复：{result.rows} 行数据，{result.files} 个文件（备份于 {result.created}）"
    )
    return 0
