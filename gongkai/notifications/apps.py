from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongkai.notifications"
    verbose_name = "通知"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels
        from gongkai.notifications import checks  # noqa: F401  (registers the deployment check)

        register_action_labels({"notification.retry": "重新发送失败的通知"})
