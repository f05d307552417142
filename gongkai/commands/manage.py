"""``gongkai manage ...``: Django's management commands for the platform (migrate,
createsuperuser, changepassword, ...), the same as ``python manage.py ...``."""

from __future__ import annotations

import argparse
from typing import Any

EPILOG = """例 / examples:
  gongkai manage migrate
  gongkai manage createsuperuser
  gongkai manage changepassword daj_admin
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "manage",
        help="运行平台的 Django 管理命令（migrate、createsuperuser 等）",
        description="把其余参数原样交给 Django 的管理命令。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )
    parser.add_argument("args", nargs=argparse.REMAINDER, help="Django 管理命令及其参数")
    # Options before the first argument (``gongkai manage --help``) are passed on too.
    parser.set_defaults(handler=run, platform=True, passthrough=True, parser=parser)


def run(args: argparse.Namespace) -> int:
    if not args.args or args.args[0] in ("-h", "--help"):
        args.parser.print_help()
        return 0
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.args])
    return 0
