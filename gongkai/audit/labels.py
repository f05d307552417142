"""Chinese names for audit actions, shown next to the ``<entity>.<verb>`` code.

Apps register theirs once, e.g. in ``AppConfig.ready``::

    from gongkai.audit.labels import register_action_labels
    register_action_labels({"application.register": "登记申请"})

An action without a label is shown by its code alone.
"""

from __future__ import annotations

from collections.abc import Mapping

ACTION_LABELS: dict[str, str] = {
    "agency.create": "新建机关",
    "agency.update": "修改机关信息",
    "agency.admin_add": "后台新建机关",
    "agency.admin_change": "后台修改机关",
    "agency.admin_delete": "后台删除机关",
    "user.create": "新增用户",
    "user.set_role": "变更角色",
    "user.deactivate": "停用账号",
    "user.reactivate": "恢复账号",
    "user.admin_add": "后台新增用户",
    "user.admin_change": "后台修改用户",
    "user.admin_delete": "后台删除用户",
    "calendar.import": "导入节假日安排",
    "calendar.set_year": "录入年度节假日安排",
    "calendar.admin_add": "后台新增年度安排",
    "calendar.admin_change": "后台修改年度安排",
    "calendar.admin_delete": "后台删除年度安排",
    "calendar.admin_days": "后台修改节假日",
    "backup.create": "备份平台数据",
    "backup.restore": "恢复备份",
    "audit.export": "导出审计日志",
}


# Names for keys of ``changes`` that are not a field of the event's object (e.g. ``address``).
CHANGE_LABELS: dict[str, str] = {}


def register_action_labels(labels: Mapping[str, str]) -> None:
    ACTION_LABELS.update(labels)


def register_change_labels(labels: Mapping[str, str]) -> None:
    CHANGE_LABELS.update(labels)


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, "")
