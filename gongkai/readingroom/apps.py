from django.apps import AppConfig


class ReadingroomConfig(AppConfig):
    name = "gongkai.readingroom"
    verbose_name = "政府信息查阅场所"
