"""``gongkai remind``: e-mail clerks about requests due soon and reviewers about overdue ones.

Meant for cron, e.g. every working day at 08:30: ``30 8 * * 1-5 gongkai remind``.
"""

from __future__ import annotations

import argparse
from typing import Any

from gongkai.lib.reminders import add_reminder_arguments, run_reminders

_ROLE_NAMES = {"clerk": "经办人", "reviewer": "审核人"}
EPILOG = """例 / examples:
  gongkai remind                       # 今天：5 个工作日内到期的提醒经办人，已超期的提醒审核人
  gongkai remind --days 3 --dry-run    # 只列出将要发送的提醒，不发送
  gongkai remind --date 2026-10-09     # 按指定日期计算
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "remind",
        help="邮件提醒：申请、征求意见、主动公开、复议答复和诉讼答辩的期限",
        description="按工作日计算，把 N 个工作日内到期的依申请公开申请发邮件提醒本机关经办人，"
        "把已超期的申请提醒本机关审核人；征求意见答复期限、主动公开（含修改/废止）期限提醒"
        "经办人；复议书面答复、诉讼答辩状期限提醒经办人和审核人。年度报告期限见 "
        "gongkai report-remind。供 cron 每个工作日运行。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_reminder_arguments(parser, days=5, days_help="提前几个工作日提醒，默认 5")
    parser.set_defaults(handler=run, platform=True)


def run(args: argparse.Namespace) -> int:
    return run_reminders(args, "remind", _collect, _unreachable)


def _collect(today: Any, days: int) -> list[Any]:
    """Every deadline kind the office keeps day to day: requests (reply, 补正, fee), consulted
    parties, catalogue publication (new and changed) and the agency's answers in reviews and
    suits. The annual report has its own command, ``gongkai report-remind``."""
    from gongkai.appeals.reminders import reminders as appeal_reminders
    from gongkai.requests.board import board_reminders
    from gongkai.requests.reminders import reminders as request_reminders

    return [
        *request_reminders(today, days),
        *board_reminders(today, days),
        *appeal_reminders(today, days),
    ]


def _unreachable(item: Any) -> str:
    return f"（本机关{_ROLE_NAMES[item.role]}均未登记电子邮箱，无法提醒）"
