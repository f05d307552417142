from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels(
            {
                "case.create": "登记复议诉讼案件",
                "case.update": "修改复议诉讼案件",
                "case.decide": "记录审理阶段和结果",
            }
        )
