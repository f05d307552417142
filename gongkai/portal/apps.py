from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "公开门户"

    def ready(self) -> None:
        # Connects the page cache to every save and delete, in web and command-line processes.
        from gongkai.portal import cache  # noqa: F401
