from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from gongkai.audit.guard import register_sqlite_function

        connection_created.connect(register_sqlite_function, dispatch_uid="audit-sqlite-guard")
