from django.apps import AppConfig


class ReadingroomConfig(AppConfig):
    name = "gongkai.readingroom"
    verbose_name = "政府信息查阅场所"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels(
            {
                "readingroom.create": "查阅登记",
                "readingroom.update": "更正查阅登记",
                "readingroom.visit": "登记来访查阅",
                "readingroom.visit_update": "更正来访查阅登记",
            }
        )
