"""Forms of the appeals staff pages: they validate; the services write."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.urls import reverse

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
        # The request by its 受理编号, found by a search as one types (appeals/request_search.js),
        # not a select of every request the agency ever received.
        self.agency = agency
        self.fields["application"] = forms.CharField(
            label="所涉申请（平台中的受理编号）",
            required=False,
            max_length=120,
            help_text="输入受理编号或申请人姓名搜索；所涉申请不在本平台时留空，填写下方受理编号。",
            widget=forms.TextInput(
                attrs={
                    "list": "application-options",
                    "autocomplete": "off",
                    "data-search": f"{reverse('appeals:request_search')}?agency={agency.pk}",
                }
            ),
        )
        if self.instance.application_id and not self.is_bound:
            self.initial["application"] = self.instance.application.tracking_number
        self.order_fields(list(CASE_FIELDS))

    def clean_application(self) -> Application | None:
        # "JL-JYJ-2025-00001 张三" (a chosen suggestion) or the number alone.
        value = self.cleaned_data["application"].strip().split(" ")[0]
        if not value:
            return None
        found = Application.objects.filter(agency=self.agency, tracking_number=value).first()
        if found is None:
            raise forms.ValidationError(f"本机关没有受理编号为“{value}”的申请。")
        return found


class DecideForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=Stage.choices)
    result = forms.ChoiceField(label="结果", choices=Result.choices)
    decided_on = forms.DateField(label="审结日期", required=False, widget=DATE)
    reason = ReasonField()
