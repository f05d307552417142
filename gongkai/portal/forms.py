from __future__ import annotations

from django import forms


class RecoverForm(forms.Form):
    tracking_number = forms.CharField(label="受理编号", max_length=40)
    email = forms.EmailField(label="申请时填写的电子邮箱", max_length=254)
