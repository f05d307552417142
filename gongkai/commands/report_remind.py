"""``gongkai report-remind``: e-mail agencies whose annual report is due by 31 January.

Meant for cron in January, e.g. ``0 9 * 1 * gongkai report-remind``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gongkai.lib.dates import DateFormatError, parse_iso_date

EPILOG = """例 / examples:
  gongkai report-remind                        # 距1月31日不足15天或已逾期的，提醒未报送的机关
  gongkai report-remind --days 30 --dry-run    # 只列出将要发送的提醒，不发送
  gongkai report-remind --date 2026-01-25      # 按指定日期计算
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report-remind",
        help="邮件提醒：上年度政府信息公开工作年度报告尚未报送的机关（条例第四十九条）",
        description="在1月31日报送期限前 N 天内（及逾期后），给上年度年度报告尚未报送或公开的"
        "机关的经办人、审核人和管理员发邮件提醒。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--days", type=int, default=15, help="提前几天开始提醒，默认 15")
    parser.add_argument("--date", help="按哪一天计算，YYYY-MM-DD，默认今天")
    parser.add_argument("--dry-run", action="store_true", help="只列出，不发送")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from gongkai.lib.django_setup import setup_django

    setup_django()
    from django.db import DatabaseError
    from django.utils import timezone

    from gongkai.reports.reminders import report_reminders, send

    try:
        today = parse_iso_date(args.date) if args.date else timezone.localdate()
    except DateFormatError as error:
        print(f"gongkai report-remind: {error}", file=sys.stderr)
        return 2
    if args.days < 0:
        print("gongkai report-remind: --days 不能为负数", file=sys.stderr)
        return 2
    try:
        items = report_reminders(today, args.days)
        sent = 0 if args.dry_run else send(items)
    except DatabaseError as error:
        print(f"gongkai report-remind: 无法读取平台数据库（{error}）", file=sys.stderr)
        return 2
    for item in items:
        to = "、".join(item.recipients) or "（本机关工作人员均未登记电子邮箱，无法提醒）"
        print(f"{item.subject} → {to}")
    mailable = sum(1 for item in items if item.recipients)
    print(f"共 {mailable} 封提醒{'（未发送）' if args.dry_run else f'，已发送 {sent} 封'}。")
    return 0
