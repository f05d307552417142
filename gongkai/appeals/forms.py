"""Forms of the appeals staff pages: they validate; the services write."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from gongkai.agencies.models import Agency
from gongkai.appeals.models import Case, CaseKind, Result, Stage
from gongkai.appeals.services import CASE_FIELDS
from gongkai.catalogue.forms import DATE, ReasonField
from gongkai.requests.models import Application


class CaseForm(forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets: ClassVar[dict[str, Any]] = {
            "filed_on": DATE,
            "copy_received_on": DATE,
            "answered_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.agency = agency
        field = self.fields["review_case"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Case.objects.filter(agency=agency, kind=CaseKind.REVIEW)
        field = self.fields["application"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Application.objects.filter(agency=agency).order_by("-received_on")


class DecideForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=Stage.choices)
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    decided_on = forms.DateField(label="审结日期", required=False, widget=DATE)
    reason = ReasonField()
