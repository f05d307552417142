from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.api"
    verbose_name = "开放接口"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels({"api_token.create": "签发接口令牌"})
