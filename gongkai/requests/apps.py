from django.apps import AppConfig


class RequestsConfig(AppConfig):
    name = "gongkai.requests"
    label = "requests"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels, register_change_labels
        from gongkai.requests import checks  # noqa: F401  (registers the deployment check)
        from gongkai.requests.actions import ACTIONS
        from gongkai.requests.recompute import on_calendar_changed
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="requests.recompute")
        from gongkai.requests.board import connect_board_invalidation

        connect_board_invalidation()

        labels = {f"application.{name}": action.label for name, action in ACTIONS.items()}
        register_action_labels(
            {
                **labels,
                "application.register": "登记申请",
                "application.view_attachment": "查看申请附件",
                "application.view_id_number": "查看完整身份证明号码",
                "application.export_ledger": "导出依申请公开台账",
                "application.recompute_deadlines": "工作日历变更，重算期限",
                "application.issue_notice": "制作文书",
                "application.remove_attachment": "删除申请附件",
                "application.replace_attachment": "替换申请附件",
                "application.import_history": "导入历史申请（原台账补录）",
                "application.remind": "发送期限提醒",
            }
        )
        # the online 补正's event (requests.online)
        register_change_labels({"online": "在线提交", "attachments": "附件"})
