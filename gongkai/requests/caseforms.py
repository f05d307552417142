"""Forms for case housekeeping (issue 20): assignment (one case or many), correction, void,
removing or replacing an attachment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from gongkai.accounts.access import writable_agency_ids
from gongkai.accounts.models import User
from gongkai.requests import casework, corrections
from gongkai.requests.forms import AttachmentsField, DateInput
from gongkai.requests.models import FINISHED, Application


class AssigneeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username}（{obj.get_role_display()}）"


def _assignee_field(agency_ids: Any) -> AssigneeField:
    return AssigneeField(
        label="承办人",
        queryset=casework.assignable_users(agency_ids),
        required=False,
        empty_label="（不分派，收回）",
    )


class AssignForm(forms.Form):
    reason = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"] = _assignee_field([application.agency_id])
        self.order_fields(["assignee", "reason"])
        if not self.is_bound and application.assignee_id:
            self.initial["assignee"] = application.assignee_id


class BulkAssignForm(forms.Form):
    """The dashboard's checkboxes: only the open cases the user may hand out are accepted."""

    cases = forms.ModelMultipleChoiceField(
        label="案件",
        queryset=Application.objects.none(),
        error_messages={"required": "请勾选案件。"},
    )
    reason = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_ids = assigner_agency_ids(user)
        self.fields["cases"].queryset = Application.objects.filter(
            agency_id__in=agency_ids
        ).exclude(status__in=FINISHED)
        self.fields["assignee"] = _assignee_field(agency_ids)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        assignee, cases = data.get("assignee"), data.get("cases")
        if assignee is not None and cases is not None:
            foreign = [c.tracking_number for c in cases if c.agency_id != assignee.agency_id]
            if foreign:
                self.add_error("assignee", f"承办人不属于这些案件的机关：{'、'.join(foreign)}")
        return data


def assigner_agency_ids(user: Any) -> set[int]:
    if not (user.is_superuser or user.role in casework.ASSIGNER_ROLES):
        return set()
    return writable_agency_ids(user)


REASON_HELP = "写明错在哪里、依据什么更正（记入审计记录）。"


class CorrectForm(forms.Form):
    """The entered fields, filled with what is on record; only the changed ones are corrected."""

    reason = forms.CharField(label="更正理由", max_length=500, help_text=REASON_HELP)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = forms.fields_for_model(
            Application,
            fields=corrections.CORRECTABLE,
            widgets={
                "received_on": DateInput,
                "arrived_on": DateInput,
                "description": forms.Textarea(attrs={"rows": 4}),
            },
        )
        self.fields.update(fields)
        self.order_fields([*corrections.CORRECTABLE, "reason"])
        self.initial = {name: getattr(application, name) for name in corrections.CORRECTABLE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed = {k: data[k] for k in self.changed_data if k in corrections.CORRECTABLE}
        if not changed and not self.errors:
            raise forms.ValidationError("没有任何改动。")
        return {**changed, "reason": data.get("reason", "")}


class VoidForm(forms.Form):
    reason = forms.CharField(
        label="作废理由",
        max_length=500,
        help_text="例如：重复登记（与某号重复）、测试数据、并非政府信息公开申请的来信。",
    )


class AttachmentRemoveForm(forms.Form):
    replacement = AttachmentsField(
        label="替换为（可不选）", help_text="不选文件即删除；选择文件则以新文件替换。"
    )
    reason = forms.CharField(label="理由", max_length=500, help_text=REASON_HELP)

    def clean_replacement(self) -> Any:
        files = self.cleaned_data["replacement"]
        if len(files) > 1:
            raise forms.ValidationError("只能用一个文件替换。")
        return files[0] if files else None


class SecrecyReviewForm(forms.Form):
    reviewed_on = forms.DateField(label="审查日期", widget=DateInput, initial=timezone.localdate)
    passed = forms.TypedChoiceField(
        label="审查结论",
        choices=(("yes", "同意发出"), ("no", "不同意，退回修改")),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label="审查意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="是否涉及国家秘密、工作秘密、商业秘密、个人隐私，是否影响三安全一稳定（条例第十四条至第十六条）。",
    )
