from __future__ import annotations

from typing import Any

from django import forms

from gongkai.redaction.grounds import grounds
from gongkai.redaction.pdf import MAX_PAGES

COORDINATE = {"min_value": 0, "max_value": 20000}  # PDF points; a page is at most 200 inches


class StartForm(forms.Form):
    file = forms.FileField(label="待区分处理的文件（PDF；DOCX、XLSX 需服务器装有 LibreOffice）")


class _GroundForm(forms.Form):
    ground = forms.ChoiceField(label="不予公开的理由")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "请选择"), *grounds()]


class AreaForm(_GroundForm):
    page = forms.IntegerField(label="页码", min_value=1, max_value=MAX_PAGES)
    x0 = forms.FloatField(label="左", **COORDINATE)
    y0 = forms.FloatField(label="上", **COORDINATE)
    x1 = forms.FloatField(label="右", **COORDINATE)
    y1 = forms.FloatField(label="下", **COORDINATE)

    field_order = ("page", "x0", "y0", "x1", "y1", "ground")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        corners = {"x0", "y0", "x1", "y1"} <= data.keys()
        if corners and (data["x1"] <= data["x0"] or data["y1"] <= data["y0"]):
            raise forms.ValidationError("右边须大于左边，下边须大于上边。")
        return data


class PhraseForm(_GroundForm):
    phrase = forms.CharField(label="检索并标记每一页上的文字", max_length=200)

    field_order = ("phrase", "ground")
