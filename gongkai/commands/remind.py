"""``gongkai remind``: e-mail clerks about requests due soon and reviewers about overdue ones.

Meant for cron, e.g. every working day at 08:30: ``30 8 * * 1-5 gongkai remind``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gongkai.lib.dates import DateFormatError, parse_iso_date

_ROLE_NAMES = {"clerk": "经办人", "reviewer": "审核人"}
EPILOG = """例 / examples:
  gongkai remind                       # 今天：5 个工作日内到期的提醒经办人，已超期的提醒审核人
  gongkai remind --days 3 --dry-run    # 只列出将要发送的提醒，不发送
  gongkai remind --date 2026-10-09     # 按指定日期计算
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "remind",
        help="邮件提醒：即将到期的申请提醒经办人，已超期的提醒审核人",
        description="按工作日计算，把 N 个工作日内到期的依申请公开申请发邮件提醒本机关经办人，"
        "把已超期的申请提醒本机关审核人。供 cron 每个工作日运行。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--days", type=int, default=5, help="提前几个工作日提醒，默认 5")
    parser.add_argument("--date", help="按哪一天计算，YYYY-MM-DD，默认今天")
    parser.add_argument("--dry-run", action="store_true", help="只列出，不发送")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gongkai.lib.django_setup import setup_django

    setup_django()
    from django.db import DatabaseError
    from django.utils import timezone

    from gongkai.requests.reminders import reminders, send

    try:
        today = parse_iso_date(args.date) if args.date else timezone.localdate()
    except DateFormatError as error:
        print(f"gongkai remind: {error}", file=sys.stderr)
        return 2
    if args.days < 0:
        print("gongkai remind: --days 不能为负数", file=sys.stderr)
        return 2
    try:
        items = reminders(today, args.days)
        sent = 0 if args.dry_run else send(items)
    except DatabaseError as error:
        print(f"gongkai remind: 无法读取平台数据库（{error}）", file=sys.stderr)
        return 2
    for item in items:
        to = (
            "、".join(item.recipients)
            or f"（本机关{_ROLE_NAMES[item.role]}均未登记电子邮箱，无法提醒）"
        )
        print(f"{item.subject} → {to}")
    mailable = sum(1 for item in items if item.recipients)
    print(f"共 {mailable} 封提醒{'（未发送）' if args.dry_run else f'，已发送 {sent} 封'}。")
    return 0
