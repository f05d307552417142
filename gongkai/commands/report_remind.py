"""``gongkai report-remind``: e-mail agencies whose annual report is due by 31 January.

Meant for cron in January, e.g. ``0 9 * 1 * gongkai report-remind``.
"""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.lib.reminders import add_reminder_arguments, run_reminders

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
    add_reminder_arguments(parser, days=15, days_help="提前几天开始提醒，默认 15")
    parser.set_defaults(handler=run, platform=True)


def run(args: argparse.Namespace) -> int:
    from gongkai.reports.reminders import report_reminders

    return run_reminders(
        args,
        "report-remind",
        report_reminders,
        lambda _item: "（本机关工作人员均未登记电子邮箱，无法提醒）",
    )
