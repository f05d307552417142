from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    verbose_name = "行政复议和行政诉讼"

    def ready(self) -> None:
        from gongkai.appeals.services import on_calendar_changed
        from gongkai.audit.labels import register_action_labels
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="appeals.recompute")

        register_action_labels(
            {
                "case.recompute_deadline": "工作日历变更，重算答复期限",
                "case.create": "登记复议诉讼案件",
                "case.update": "修改复议诉讼案件",
                "case.decide": "记录审理阶段和结果",
                "case.add_file": "上传案件文件",
            }
        )
