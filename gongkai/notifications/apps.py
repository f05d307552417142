from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gongkai.notifications"
    verbose_name = "通知"
