from __future__ import annotations

from typing import Any

from django import forms

from gongkai.audit.labels import action_label


class EventFilterForm(forms.Form):
    agency = forms.TypedChoiceField(label="机关", required=False, coerce=int, empty_value=None)
    action = forms.ChoiceField(label="操作", required=False)
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput({"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput({"type": "date"})
    )
    text = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, *args: Any, agencies: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "全部")] + [(a.pk, a.name) for a in agencies]
        self.fields["action"].choices = [("", "全部")] + [
            (a, f"{action_label(a)} {a}".strip()) for a in actions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data
