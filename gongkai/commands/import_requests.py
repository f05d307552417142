"""``gongkai import-requests``: register an agency's past requests from its old ledger."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EPILOG = """例 / examples:
  gongkai import-requests 2023台账.xlsx --user jyj_clerk            # 只检查，列出每个问题
  gongkai import-requests 2023台账.xlsx --user jyj_clerk --commit   # 检查无误后导入

表头（第一行）须有：收到日期、申请人、申请人类别、申请内容、申请渠道；
可选：办理结果、办结日期、原编号、获取信息的方式、提供方式。
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import-requests",
        help="从原台账（CSV/XLSX）导入本机关以往的依申请公开申请",
        description="逐行核对原台账；任何一行有误则列出行号和列名，不导入任何申请。"
        "导入的申请登记为历史补录（审计记录注明，以 --user 指定的工作人员名义），不发送任何通知；"
        "答复期限按收到日期计算，有办理结果和办结日期的按该结果办结（计入表三）。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", help="CSV 或 XLSX 文件")
    parser.add_argument("--user", required=True, help="以哪位工作人员的名义导入（登录名）")
    parser.add_argument("--commit", action="store_true", help="检查无误后导入；不加则只检查")
    parser.set_defaults(handler=run, platform=True)


def run(args: argparse.Namespace) -> int:
    from gongkai.accounts.models import User
    from gongkai.requests.history import MAX_BYTES, history_import

    user = User.objects.filter(username=args.user, is_active=True).select_related("agency").first()
    if user is None or user.agency is None:
        print(f"gongkai import-requests: 没有机关工作人员“{args.user}”。", file=sys.stderr)
        return 2
    path = Path(args.file)
    if not path.is_file():
        print(f"gongkai import-requests: 找不到文件 {path}。", file=sys.stderr)
        return 2
    if path.stat().st_size > MAX_BYTES:
        print(f"gongkai import-requests: {path.name}：文件超过 5 MB。", file=sys.stderr)
        return 2
    from django.core.exceptions import PermissionDenied

    try:
        result = history_import(
            actor=user,
            agency=user.agency,
            filename=path.name,
            content=path.read_bytes(),
            commit=args.commit,
        )
    except PermissionDenied as exc:
        print(f"gongkai import-requests: {exc}", file=sys.stderr)
        return 2
    for error in result.errors:
        print(error, file=sys.stderr)
    for application in result.created:
        print(
            f"{application.tracking_number}\t{application.received_on}\t{application.applicant_name}"
        )
    print(result.summary)
    return 1 if result.errors else 0
