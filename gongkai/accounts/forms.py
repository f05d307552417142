from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency


def role_choices(agency: Agency) -> list[tuple[str, str]]:
    """Roles an agency can hand out: only a 政务公开办 has supervisors."""
    roles = [User.Role.CLERK, User.Role.REVIEWER, User.Role.ADMIN]
    if agency.kind == Agency.Kind.OFFICE:
        roles.append(User.Role.SUPERVISOR)
    return [(str(r), str(User.Role(r).label)) for r in roles]


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]+$",
        error_messages={"invalid": "只能使用英文字母、数字和 _ . -"},
    )
    full_name = forms.CharField(label="姓名", max_length=150)
    role = forms.ChoiceField(label="角色")
    email = forms.EmailField(label="电子邮箱", required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(agency)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        password = data.get("password")
        if password:
            probe = User(username=data.get("username", ""), first_name=data.get("full_name", ""))
            try:
                validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class UserChangeForm(forms.Form):
    role = forms.ChoiceField(label="角色")
    is_active = forms.BooleanField(label="账号在用", required=False)
    reason = forms.CharField(label="理由", max_length=200)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(agency)
