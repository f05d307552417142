from django.apps import AppConfig


class RedactionConfig(AppConfig):
    name = "gongkai.redaction"
    label = "redaction"
    verbose_name = "部分公开的区分处理"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels(
            {
                "redaction.start": "上传待区分处理的文件",
                "redaction.mark": "标记不予公开的内容",
                "redaction.unmark": "取消标记",
                "redaction.release": "生成区分处理后的公开文件",
            }
        )
