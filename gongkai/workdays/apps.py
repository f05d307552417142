from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkdaysConfig(AppConfig):
    name = "gongkai.workdays"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        post_migrate.connect(_seed_calendar, sender=self)
        register_action_labels({"calendar.declare": "声明年度节假日安排完整/暂定"})


def _seed_calendar(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``: load the years ``chinesecalendar`` covers that the database lacks, so a
    fresh platform never computes deadlines on weekends alone. Existing years are untouched."""
    from django.db import connections

    from gongkai.workdays.services import calendar_import_chinesecalendar

    tables = connections[using].introspection.table_names()
    if {"workdays_holidayyear", "audit_event"} <= set(tables) and using == "default":
        calendar_import_chinesecalendar(actor=None)
