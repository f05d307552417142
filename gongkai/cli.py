"""The ``gongkai`` command: a thin adapter over the engine and the platform.

Each sub-command lives in a module of ``gongkai.commands`` that exposes ``register(subparsers)``;
the command's handler returns the exit code. A platform command sets ``platform=True`` in its
parser's defaults and finds Django set up when its handler runs. Domain errors become one clean line and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from gongkai.errors import DomainError, one_line

# Sub-command modules, in the order ``gongkai --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "gongkai.commands.check",
    "gongkai.commands.parse",
    "gongkai.commands.audit",
    "gongkai.commands.render",
    "gongkai.commands.deadline",
    "gongkai.commands.demo",
    "gongkai.commands.manage",
    "gongkai.commands.remind",
    "gongkai.commands.report_remind",
    "gongkai.commands.notify",
    "gongkai.commands.import_requests",
    "gongkai.commands.backup",
    "gongkai.commands.restore",
)

EPILOG = """例 / examples:
  gongkai check tests/data/hongze-district-2023.json
  gongkai check --json reports/*.json > findings.json
"""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command`` only that sub-command's module is imported (start-up time:
    the engine's commands must not pay for Django, openpyxl or WeasyPrint)."""
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="gongkai（公开）：政府信息公开年度报告的检查、读取与生成，以及机关信息公开工作平台。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = f"gongkai.commands.{command}"
    for name in [wanted] if wanted in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command)
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "passthrough", False):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if unknown:
        args.args = [*unknown, *args.args]
    if getattr(args, "platform", False):
        # The platform's jobs (remind, backup, demo, …) need Django: set up here, once, before
        # the handler imports any model — from any folder, outside any test runner.
        from gongkai.lib.django_setup import setup_django

        setup_django()
    try:
        code: int = args.handler(args)
    except DomainError as exc:
        # A refusal that the command did not word itself: still one line, never a traceback.
        print(f"gongkai {args.command}: {one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gongkai: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (``gongkai check --json … | head``): not an error
        # of ours. Point stdout at nothing so that the interpreter's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":
    sys.exit(main())
