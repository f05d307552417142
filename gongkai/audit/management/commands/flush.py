"""Django's ``flush``, allowed to empty the audit table (see ``gongkai.audit.guard``).

Replaces the core command (an app's command of the same name wins), so the test runner's flush
between transactional tests and ``gongkai demo --reset`` keep working while any other
``DELETE``/``TRUNCATE`` on the table is refused by the database."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from gongkai.audit.guard import audit_maintenance


class Command(FlushCommand):
    help = FlushCommand.help + " 审计日志表也一并清空（数据库触发器只对此命令放行）。"

    def handle(self, **options: Any) -> None:
        with audit_maintenance(connections[options["database"]]):
            super().handle(**options)
