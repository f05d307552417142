"""``gongkai notify``: send the outbox — the applicant's messages, the query-code recovery
links and the staff reminders (gongkai.notifications).

Meant for cron every minute (``* * * * * gongkai notify``) or a systemd service
(``gongkai notify --watch 10``). Safe to run on several servers at once.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

EPILOG = """例 / examples:
  gongkai notify                  # 发送全部到期的通知，然后退出（供 cron 每分钟运行）
  gongkai notify --once           # 只领取并发送一批
  gongkai notify --limit 100      # 本次最多发送 100 条
  gongkai notify --dry-run        # 只列出到期的通知，不发送
  gongkai notify --watch 10       # 常驻：每 10 秒检查一次（供 systemd 服务）
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notify",
        help="发送通知队列：申请人的办理通知（邮件、短信）、查询链接和工作人员的期限提醒",
        description="从通知队列领取到期的通知并发送：电子邮件经 Django 的邮件后端（生产环境为 "
        "SMTP，见 EMAIL_HOST 等设置），短信经 SMS_BACKEND。发送失败的按退避间隔重试，超过 "
        "NOTIFY_MAX_ATTEMPTS 次不再重试。可在多台服务器上同时运行，同一条通知不会被两台同时发送。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--once", action="store_true", help="只领取并发送一批")
    parser.add_argument("--limit", type=int, help="本次最多尝试发送多少条")
    parser.add_argument("--batch", type=int, default=50, help="每批领取多少条，默认 50")
    parser.add_argument("--dry-run", action="store_true", help="只列出到期的通知，不发送")
    parser.add_argument("--watch", type=float, metavar="SECONDS", help="常驻运行，每隔几秒检查")
    parser.set_defaults(handler=run, platform=True)


def run(args: argparse.Namespace) -> int:
    from django.db import DatabaseError

    for name in ("limit", "batch", "watch"):
        value = getattr(args, name)
        if value is not None and value <= 0:
            print(f"gongkai notify: --{name} 应为正数", file=sys.stderr)
            return 2
    try:
        if args.dry_run:
            return _list_due()
        while True:
            totals = _send_all(args)
            if args.watch is None:
                print(
                    f"已发送 {totals[0]} 条，待重试 {totals[1]} 条，"
                    f"{totals[2]} 条多次失败不再重试。"
                )
                return 0
            time.sleep(args.watch)
    except DatabaseError as error:
        print(f"gongkai notify: 无法读取平台数据库（{error}）", file=sys.stderr)
        return 2


def _send_all(args: argparse.Namespace) -> tuple[int, int, int]:
    from gongkai.notifications.delivery import deliver

    sent = retry = failed = 0
    left = args.limit
    while left is None or left > 0:
        outcome = deliver(min(args.batch, left) if left is not None else args.batch)
        for label, rows in (("已发送", outcome.sent), ("待重试", outcome.retry)):
            for n in rows:
                print(f"{label} #{n.pk} {n.get_channel_display()} {n}")
        for n in outcome.failed:
            print(f"发送失败，不再重试 #{n.pk} {n}：{n.last_error}")
        done = len(outcome.sent) + len(outcome.retry) + len(outcome.failed)
        sent, retry, failed = (
            sent + len(outcome.sent),
            retry + len(outcome.retry),
            failed + len(outcome.failed),
        )
        if left is not None:
            left -= done
        if done == 0 or args.once:
            break
    return sent, retry, failed


def _list_due() -> int:
    from gongkai.notifications.delivery import due

    rows = list(due().select_related("agency")[:1000])
    for n in rows:
        print(f"#{n.pk} {n.get_channel_display()} {n}（第 {n.attempts + 1} 次）{n.subject}")
    print(f"共 {len(rows)} 条到期通知（未发送）。")
    return 0
