from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels

        register_action_labels(
            {
                "catalogue.set_pattern": "修改索引号规则",
                "document.create": "登记主动公开文件",
                "document.update": "修改主动公开文件",
                "document.set_status": "变更效力状态",
                "document.add_attachment": "上传附件",
                "power_item.create": "新增权责清单事项",
                "year_figures.set": "录入表二数据",
            }
        )
