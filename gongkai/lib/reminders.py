"""Reminder e-mails, shared by ``gongkai remind`` (requests) and ``gongkai report-remind``.
They go into the outbox (gongkai.notifications), one message per recipient, and are sent by
``gongkai notify`` — with its retries."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Protocol

from gongkai.lib.dates import DateFormatError, parse_iso_date


class Reminder(Protocol):
    @property
    def recipients(self) -> tuple[str, ...]: ...
    @property
    def subject(self) -> str: ...
    @property
    def body(self) -> str: ...


def send_reminders(items: Iterable[Reminder]) -> int:
    """Queue one e-mail per recipient of each reminder; returns how many were queued."""
    from gongkai.notifications.services import reminders_enqueue

    return reminders_enqueue(items)


def add_reminder_arguments(parser: argparse.ArgumentParser, *, days: int, days_help: str) -> None:
    parser.add_argument("--days", type=int, default=days, help=days_help)
    parser.add_argument("--date", help="按哪一天计算，YYYY-MM-DD，默认今天")
    parser.add_argument("--dry-run", action="store_true", help="只列出，不加入发送队列")


def run_reminders(
    args: argparse.Namespace,
    command: str,
    collect: Callable[[date, int], Sequence[Reminder]],
    unreachable: Callable[[Any], str],
) -> int:
    """The body of a reminder command: collect for the day, queue unless --dry-run, list each.

    ``unreachable`` says, for a reminder without recipients, who could not be told.
    """
    from django.db import DatabaseError
    from django.utils import timezone

    try:
        today = parse_iso_date(args.date) if args.date else timezone.localdate()
    except DateFormatError as error:
        print(f"gongkai {command}: {error}", file=sys.stderr)
        return 2
    if args.days < 0:
        print(f"gongkai {command}: --days 不能为负数", file=sys.stderr)
        return 2
    try:
        items = collect(today, args.days)
        sent = 0 if args.dry_run else send_reminders(items)
    except DatabaseError as error:
        print(f"gongkai {command}: 无法读取平台数据库（{error}）", file=sys.stderr)
        return 2
    for item in items:
        print(f"{item.subject} → {'、'.join(item.recipients) or unreachable(item)}")
    mailable = sum(1 for item in items if item.recipients)
    queued = f"，{sent} 封邮件已加入发送队列（由 gongkai notify 发送）"
    print(f"共 {mailable} 封提醒{'（未发送）' if args.dry_run else queued}。")
    return 0
