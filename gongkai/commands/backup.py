"""``gongkai backup -o FILE.tar.gz``: every database row and the private uploaded files in one
archive, with a manifest (version, date, counts). ``gongkai restore`` reads it back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EPILOG = """例 / examples:
  gongkai backup -o backups/gongkai-2026-11-23.tar.gz
  DATABASE_URL=postgres://gongkai@db/gongkai gongkai backup -o nightly.tar.gz
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="备份平台：数据库全部数据与上传的私有文件，写成一个 .tar.gz",
        description="把数据库（所有表）和申请附件、目录附件写入一个备份文件，附清单（版本、日期、行数）。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help="备份文件路径（.tar.gz）")
    parser.set_defaults(handler=run, platform=True)


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    from gongkai.lib.backup import BackupError, backup_create

    output: Path = args.output
    if output.is_dir():
        print(
            f"gongkai backup: {output} 是文件夹，请给出文件名（如 {output}/gongkai.tar.gz）",
            file=sys.stderr,
        )
        return 2
    try:
        manifest = backup_create(output=output)
    except (BackupError, DatabaseError, OSError) as exc:
        print(f"gongkai backup: {output}: {exc}", file=sys.stderr)
        return 1
    rows = sum(manifest["counts"].values())
    files = sum(manifest["files"].values())
    print(f"已备份到 {output}：{rows} 行数据，{files} 个文件（{manifest['created']}）")
    return 0
