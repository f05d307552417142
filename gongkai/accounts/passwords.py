"""The password rule of 等保 2.0 三级 (8.1.4.1 身份鉴别 a: 口令应具有复杂度要求并定期更换), on top
of Django's validators (similar to the user name, common, all digits; AUTH_PASSWORD_VALIDATORS):
at least ``min_length`` characters of at least ``min_kinds`` kinds — lower-case letters,
upper-case letters, digits, other characters (symbols, spaces, Chinese)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

KINDS = ("小写字母", "大写字母", "数字", "符号")


def character_kinds(password: str) -> set[str]:
    kinds = set()
    for char in password:
        if char.isascii() and char.islower():
            kinds.add(KINDS[0])
        elif char.isascii() and char.isupper():
            kinds.add(KINDS[1])
        elif char.isdigit():
            kinds.add(KINDS[2])
        else:
            kinds.add(KINDS[3])
    return kinds


class ComplexityValidator:
    def __init__(self, min_length: int = 10, min_kinds: int = 3) -> None:
        self.min_length = min_length
        self.min_kinds = min_kinds

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    f"密码太短：至少需要 {self.min_length} 个字符，现有 {len(password)} 个。",
                    code="password_too_short",
                )
            )
        kinds = character_kinds(password)
        if len(kinds) < self.min_kinds:
            has = "、".join(k for k in KINDS if k in kinds) or "无"
            errors.append(
                ValidationError(
                    f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_kinds} 类"
                    f"（现有：{has}）。",
                    code="password_too_simple",
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return (
            f"至少 {self.min_length} 个字符，包含小写字母、大写字母、数字、符号中的至少 "
            f"{self.min_kinds} 类。"
        )
