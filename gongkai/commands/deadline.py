"""``gongkai deadline``: the statutory due date counted in working days.

The calendar is the platform's (holidays entered by its administrators) when a platform database
exists, otherwise the one shipped in the ``chinesecalendar`` package; ``--calendar`` chooses.
A due date that runs into a year with no calendar data is printed as provisional.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gongkai.lib.dates import DateFormatError, format_zh, parse_iso_date
from gongkai.lib.paths import platform_database_configured
from gongkai.workdays.clock import (
    Calendar,
    ClockError,
    DueDate,
    Pause,
    add_working_days,
    chinesecalendar_calendar,
)

EPILOG = """例 / examples:
  gongkai deadline 2026-09-28                   # 20 个工作日答复期限（条例第三十三条）
  gongkai deadline 2026-09-28 --days 7          # 补正告知期限（条例第三十条）
  gongkai deadline 2026-09-28 --pause 2026-10-09 2026-10-20 --json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deadline",
        help="按工作日计算法定期限（收到当日不计）",
        description="从收到申请之日起（当日不计）计算 N 个工作日后的截止日期；"
        "--pause 指定不计入期限的暂停期间（如征求第三方意见，含首尾两日），可重复。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("received", metavar="RECEIVED", help="收到申请的日期，YYYY-MM-DD")
    parser.add_argument("--days", type=int, default=20, help="期限天数（工作日），默认 20")
    parser.add_argument(
        "--pause",
        nargs=2,
        action="append",
        metavar=("FROM", "TO"),
        default=[],
        help="暂停期间，含首尾两日；可重复",
    )
    parser.add_argument(
        "--calendar",
        choices=("auto", "platform", "chinesecalendar"),
        default="auto",
        help="日历来源：平台数据库（含管理员录入的年份）或 chinesecalendar 软件包；"
        "auto（默认）在平台数据库存在时用平台日历",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        received = parse_iso_date(args.received)
        pauses = [Pause(parse_iso_date(a), parse_iso_date(b)) for a, b in args.pause]
        calendar = _calendar(args.calendar)
        result = add_working_days(calendar, received, args.days, pauses)
    except (DateFormatError, ClockError) as error:
        print(f"gongkai deadline: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(_as_json(result, pauses, calendar), ensure_ascii=False, indent=2))
    else:
        print(_as_text(result, pauses, calendar))
    return 0


def _calendar(choice: str) -> Calendar:
    if choice == "chinesecalendar" or (choice == "auto" and not platform_database_configured()):
        return chinesecalendar_calendar()
    from gongkai.lib.django_setup import setup_django

    setup_django()
    from django.db import DatabaseError

    from gongkai.workdays.selectors import platform_calendar

    try:
        return platform_calendar()
    except DatabaseError as error:
        raise ClockError(
            f"无法读取平台工作日历（{error}）；请先运行 gongkai manage migrate，"
            "或用 --calendar chinesecalendar"
        ) from None


def _as_json(result: DueDate, pauses: list[Pause], calendar: Calendar) -> dict[str, Any]:
    return {
        "received": result.received.isoformat(),
        "days": result.days,
        "pauses": [[p.start.isoformat(), p.end.isoformat()] for p in pauses],
        "paused_days": result.paused_days,
        "due": result.due.isoformat(),
        "provisional": result.provisional,
        "uncovered_years": list(result.uncovered_years),
        "calendar": calendar.source,
        "calendar_years": calendar.year_range(),
    }


def _as_text(result: DueDate, pauses: list[Pause], calendar: Calendar) -> str:
    lines = [
        f"收到日期：{format_zh(result.received)}（当日不计）",
        f"期限：{result.days} 个工作日",
    ]
    for pause in pauses:
        lines.append(f"暂停：{pause.start} 至 {pause.end}（含首尾，不计入期限）")
    status = "（临时）" if result.provisional else ""
    lines.append(f"截止日期：{format_zh(result.due)}{status}")
    lines.append(f"日历：{calendar.source}，覆盖 {calendar.year_range()} 年")
    if result.provisional:
        years = "、".join(str(y) for y in result.uncovered_years)
        lines.append(
            f"注意：{years} 年尚无节假日安排数据，该日期按周一至周五推算，属临时结果；"
            "国务院公布安排并录入平台后请重新计算。"
        )
    return "\n".join(lines)
