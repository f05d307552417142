"""Forms only validate; the views hand the cleaned data to a service."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.documents.models import DocumentSettings, Kind
from gongkai.requests.forms import DateInput
from gongkai.requests.models import Application, Consultation, DeliveryMethod


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", choices=Kind.choices)
    consultation = forms.ModelChoiceField(
        label="征求意见对象（征求意见函）", queryset=Consultation.objects.none(), required=False
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = application.consultations.all()
        field.label_from_instance = lambda c: f"{c.party}（{c.get_kind_display()}）"


class EditForm(forms.Form):
    text = forms.CharField(
        label="正文",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="每行一段；第一行为主送，最后两行为落款机关和日期。",
    )


class ReturnForm(forms.Form):
    comments = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 4}))


class ApproveForm(forms.Form):
    pass


class SubmitForm(forms.Form):
    pass


class DeliverForm(forms.Form):
    """送达, recorded on the case's notice (requests.Notice)."""

    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices)
    sent_on = forms.DateField(label="送达（发出）日期", widget=DateInput)
    received_on = forms.DateField(label="签收日期", widget=DateInput, required=False)
    tracking_number = forms.CharField(label="邮件号码", max_length=40, required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = ("number_prefix", "review_body")


class PreviewForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", choices=Kind.choices)
    tracking_number = forms.CharField(label="受理编号", max_length=40)
