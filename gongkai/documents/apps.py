from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    label = "documents"
    verbose_name = "文书"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels(
            {
                "document.generate": "生成文书草稿",
                "document.edit": "修改文书",
                "document.submit": "提交审核",
                "document.return": "退回修改",
                "document.approve": "审核签发",
                "document.deliver": "登记送达",
                "document.settings": "修改文书设置",
                "reply.details": "填写答复要素",
            }
        )
