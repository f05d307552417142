"""Identity numbers (身份证号 and other proof-of-identity numbers) encrypted at rest.

《个人信息保护法》第五十一条 and 等保 2.0 (level 3, confidentiality of personal data) ask that
sensitive personal information be protected in storage. The column holds
``fernet:<token>`` — Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under
``IDENTITY_KEY`` from the environment; the application reads and writes plain text through
:class:`EncryptedCharField`, so forms, the masked display and the audited full view are
unchanged. A backup carries the tokens, not the numbers (restore needs the same key).

Encryption is randomised, so equality lookups go through a keyed hash beside it
(:func:`identity_digest`: HMAC-SHA256 under a key derived from ``IDENTITY_KEY``), which does
not reveal the number and cannot be reversed by trying all 10^17 valid 身份证号 without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(key: str) -> Fernet:
    try:
        return Fernet(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured(
            "IDENTITY_KEY 不是有效的 Fernet 密钥（32 字节的 URL-safe Base64）。"
        ) from exc


@cache
def _search_key(key: str) -> bytes:
    raw = base64.urlsafe_b64decode(key.encode("ascii"))
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"gongkai identity search")
    return kdf.derive(raw)


def encrypt(text: str) -> str:
    return PREFIX + _fernet(settings.IDENTITY_KEY).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ImproperlyConfigured(
            "身份证明号码未加密（缺少 fernet: 前缀）：请先执行 gongkai manage migrate。"
        )
    try:
        plain = _fernet(settings.IDENTITY_KEY).decrypt(stored[len(PREFIX) :].encode("ascii"))
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "无法解密身份证明号码：IDENTITY_KEY 与加密时所用的密钥不同。"
        ) from exc
    return plain.decode("utf-8")


def normalized(number: str) -> str:
    """Spaces and case do not make another number (身份证号 may end in x or X)."""
    return "".join(number.split()).upper()


def identity_digest(number: str) -> str:
    """The keyed hash that finds a number without decrypting any ("" for none)."""
    if not number:
        return ""
    key = _search_key(settings.IDENTITY_KEY)
    return hmac.new(key, normalized(number).encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """Plain text in Python, ``fernet:<token>`` in the database and in serialized data.
    ``max_length`` bounds the plain text; blank stays blank (so "has a number" is a query)."""

    def __init__(self, *args: Any, max_length: int = 60, **kwargs: Any) -> None:
        self.plain_max_length = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return decrypt(value) if value else value

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(PREFIX):
            try:
                return decrypt(value)
            except ImproperlyConfigured as exc:
                raise ValidationError(str(exc)) from exc
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return encrypt(value) if value else ""

    def formfield(self, **kwargs: Any) -> Any:
        # a one-line input bounded like the CharField it replaced, not a textarea
        return super().formfield(
            **{"max_length": self.plain_max_length, "widget": forms.TextInput, **kwargs}
        )
