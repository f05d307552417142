"""Forms that only validate; the services decide."""

from __future__ import annotations

from django import forms

from gongkai.report.formats import SECTIONS


class NarrativeForm(forms.Form):
    overview = forms.CharField(
        label=dict(SECTIONS)["overview"], required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    problems = forms.CharField(
        label=dict(SECTIONS)["problems"], required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    other = forms.CharField(
        label=dict(SECTIONS)["other"], required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class OverrideForm(forms.Form):
    cell = forms.ChoiceField(label="单元格")
    value = forms.CharField(label="数字", max_length=30)
    reason = forms.CharField(label="修改理由", max_length=500)

    def __init__(self, *args: object, cells: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].choices = cells


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=500)


class ImportForm(forms.Form):
    agency = forms.ModelChoiceField(label="机关", queryset=None)
    year = forms.IntegerField(label="报告年度", min_value=2008, max_value=2100)
    file = forms.FileField(
        label="已公开的年度报告（PDF、OFD、Word/WPS、Excel/WPS 表格、HTML、文本或 JSON）"
    )

    def __init__(self, *args: object, agencies: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
