"""Forms for case housekeeping (issue 20): assignment, one case or many."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.accounts.access import writable_agency_ids
from gongkai.accounts.models import User
from gongkai.requests import casework
from gongkai.requests.models import Application, Status


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
        agency_ids = _assigner_agency_ids(user)
        self.fields["cases"].queryset = Application.objects.filter(
            agency_id__in=agency_ids
        ).exclude(status=Status.CLOSED)
        self.fields["assignee"] = _assignee_field(agency_ids)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        assignee, cases = data.get("assignee"), data.get("cases")
        if assignee is not None and cases is not None:
            foreign = [c.tracking_number for c in cases if c.agency_id != assignee.agency_id]
            if foreign:
                self.add_error("assignee", f"承办人不属于这些案件的机关：{'、'.join(foreign)}")
        return data


def _assigner_agency_ids(user: Any) -> set[int]:
    if not (user.is_superuser or user.role in casework.ASSIGNER_ROLES):
        return set()
    return writable_agency_ids(user)
