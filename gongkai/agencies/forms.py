from __future__ import annotations

from django import forms

from gongkai.agencies.models import Agency
from gongkai.agencies.services import GUIDE_FIELDS

# What an agency's own admin may change; the hierarchy (parent, kind, code) is the platform
# operator's business, done in the admin.
CONTACT_FIELDS = (
    "disclosure_unit",
    "address",
    "postcode",
    "phone",
    "fax",
    "email",
    "office_hours",
    "reading_room",
)


class AgencyContactForm(forms.ModelForm):
    reason = forms.CharField(label="修改理由", required=False, max_length=200)

    class Meta:
        model = Agency
        fields = CONTACT_FIELDS


class AgencyGuideForm(forms.ModelForm):
    reason = forms.CharField(label="修改理由", required=False, max_length=200)

    class Meta:
        model = Agency
        fields = GUIDE_FIELDS
