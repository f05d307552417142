from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from gongkai.lib.params import FIRST_YEAR, LAST_YEAR

# Far from date.max: 400 working days after 9999-12-31 overflowed (a 500).
_IN_RANGE = [
    MinValueValidator(date(FIRST_YEAR, 1, 1), "日期不能早于 %(limit_value)s。"),
    MaxValueValidator(date(LAST_YEAR, 12, 31), "日期不能晚于 %(limit_value)s。"),
]


class DeadlineForm(forms.Form):
    received = forms.DateField(
        label="收到申请日期", widget=forms.DateInput({"type": "date"}), validators=_IN_RANGE
    )
    days = forms.IntegerField(label="期限（工作日）", min_value=0, max_value=400, initial=20)
    pause_from = forms.DateField(
        label="暂停开始（含）",
        required=False,
        widget=forms.DateInput({"type": "date"}),
        validators=_IN_RANGE,
    )
    pause_to = forms.DateField(
        label="暂停结束（含）",
        required=False,
        widget=forms.DateInput({"type": "date"}),
        validators=_IN_RANGE,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("pause_from"), data.get("pause_to")
        if bool(start) != bool(end):
            raise forms.ValidationError("暂停期间需同时填写开始和结束日期。")
        if start and end and end < start:
            self.add_error("pause_to", "暂停结束日不能早于开始日。")
        return data
