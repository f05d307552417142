"""``gongkai demo``: migrate, load the demo city, print the logins, serve on 127.0.0.1:8000."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

# 1000 is some 700,000 documents and hours of loading: beyond it is surely a typo.
MAX_SCALE = 1000

EPILOG = """例 / examples:
  gongkai demo                  # 首次运行建立演示数据，然后在 http://127.0.0.1:8000 提供服务
  gongkai demo --reset          # 清空数据库并重建演示数据
  gongkai demo --no-serve       # 只建立数据，不启动服务
  gongkai demo --reset --no-serve --scale 40   # 目录文件和申请数量放大 40 倍（压力测试用）
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="建立演示平台（一个市、公开办、三个部门、各角色用户）并启动",
        description="迁移数据库、载入演示数据、打印各角色的登录账号，然后在本机启动平台。"
        "演示只用于开发环境（DEBUG 开启）。",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--reset", action="store_true", help="清空数据库后重建演示数据")
    parser.add_argument("--no-serve", action="store_true", help="不启动服务")
    parser.add_argument("--port", type=int, default=8000, help="端口，默认 8000")
    parser.add_argument(
        "--scale",
        type=_scale,
        default=1,
        metavar="N",
        help="目录文件和依申请公开申请的数量放大 N 倍（1 至 1000，默认 1），用于压力测试；"
        "只在新建演示数据时起作用",
    )
    parser.set_defaults(handler=run, platform=True)


def _scale(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数：{text!r}") from None
    if not 1 <= value <= MAX_SCALE:
        raise argparse.ArgumentTypeError(f"须在 1 至 {MAX_SCALE} 之间：{value}")
    return value


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DEBUG", "1")
    from django.conf import settings
    from django.core.management import call_command

    from gongkai.demo import demo_loaded, demo_logins, load_demo

    if not settings.DEBUG:
        print("gongkai demo: 演示数据只能在开发环境（DEBUG=1）中载入", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    if args.reset:
        # flush empties every table (and re-seeds the calendar through post_migrate).
        call_command("flush", interactive=False, verbosity=0)
    if demo_loaded():
        logins = demo_logins()
        print("演示数据已存在（重建请用 gongkai demo --reset）。")
        if args.scale != 1:
            print("--scale 未起作用：只在新建演示数据时放大。", file=sys.stderr)
    else:
        logins = load_demo(scale=args.scale)
        print(
            "演示数据已载入。" if args.scale == 1 else f"演示数据已载入（放大 {args.scale} 倍）。"
        )
    _print_logins(logins)
    if args.no_serve:
        return 0
    print(f"平台地址：http://127.0.0.1:{args.port}/  （Ctrl-C 停止）", flush=True)
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False)
    return 0


def _print_logins(logins: list[Any]) -> None:
    from gongkai.lib.text import pad

    print(pad("用户名", 18) + pad("密码", 20) + pad("角色", 14) + "机关")
    for login in logins:
        print(
            pad(login.username, 18) + pad(login.password, 20) + pad(login.role, 14) + login.agency
        )
    print(
        "平台管理员、系统管理员、安全管理员、安全审计员和公开办监督首次登录时须用手机身份验证器"
        "（TOTP）绑定双因素认证；其余角色可在“账号安全”中自愿启用。"
    )
