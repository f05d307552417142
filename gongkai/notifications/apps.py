from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongkai.notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from gongkai.notifications import checks  # noqa: F401  (registers the deployment check)
