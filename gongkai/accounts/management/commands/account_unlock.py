"""``gongkai manage account_unlock USERNAME --reason TEXT [--reset-second-factor]``: the way back
in when nobody who may unlock can log in (every security administrator and superuser locked,
``LOGIN_LOCKOUT_SECONDS=0``, or a superuser's phone lost). Needs shell access to the server; the
unlock and the reset are audit events like those made in the admin (the actor: 系统)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.models import User
from gongkai.accounts.second_factor import second_factor_remove
from gongkai.accounts.services import user_unlock


class Command(BaseCommand):
    help = "解除账号的登录锁定（可同时重置双因素认证），记入审计日志。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reason", required=True, help="理由（记入审计日志）")
        parser.add_argument(
            "--reset-second-factor",
            action="store_true",
            help="同时删除该账号的身份验证器和恢复码（下次登录重新绑定）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户名为 {options['username']!r} 的账号。")
        reason = f"命令行：{options['reason']}"
        user_unlock(actor=None, user=user, reason=reason)
        if options["reset_second_factor"]:
            second_factor_remove(actor=None, user=user, reason=reason)
        self.stdout.write(f"已解除 {user.username} 的登录锁定。")
