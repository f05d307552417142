from __future__ import annotations

from typing import Any

from django import forms

from gongkai.requests import online
from gongkai.requests.forms import MAX_FILES, AttachmentsField


class RecoverForm(forms.Form):
    tracking_number = forms.CharField(label="受理编号", max_length=40)
    email = forms.EmailField(label="申请时填写的电子邮箱", max_length=254)


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="补正内容",
        required=False,
        max_length=online.MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请按上面所列事项逐项补正，例如写明所需信息的名称、文号或其他特征。",
    )
    files = AttachmentsField(
        label="补正材料",
        help_text=f"PDF、JPG 或 PNG，最多 {MAX_FILES} 个，每个不超过 5 MB（可不上传）。",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("files") and not self.errors:
            raise forms.ValidationError("请写明补正的内容，或上传补正材料。")
        return data
