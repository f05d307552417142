from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    verbose_name = "主动公开目录"

    def ready(self) -> None:
        from gongkai.audit.labels import register_action_labels, register_change_labels
        from gongkai.catalogue.deadlines import on_calendar_changed
        from gongkai.workdays.signals import calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="catalogue.recompute")

        register_action_labels(
            {
                "document.publish_change": "公开修改/废止",
                "document.recompute_deadline": "工作日历变更，重算公开期限",
                "catalogue.set_pattern": "修改索引号规则",
                "document.create": "登记主动公开文件",
                "document.update": "修改主动公开文件",
                "document.set_status": "变更效力状态",
                "document.add_attachment": "上传附件",
                "document.secrecy_review": "发布前保密审查",
                "document.publish": "发布主动公开文件",
                "document.publish_historical": "登记历史发布（本系统启用前已发布）",
                "power_item.create": "新增权责清单事项",
                "year_figures.set": "录入表二数据",
            }
        )
        # The fields of a 保密审查 event (of a document here, of a reply in requests).
        register_change_labels(
            {"reviewed_on": "审查日期", "passed": "审查同意", "legal_opinion": "法制审核意见"}
        )
