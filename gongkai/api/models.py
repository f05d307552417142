"""Staff bearer tokens: stored only as a SHA-256 digest, shown in clear once when issued."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from gongkai.audit.services import event_record

TOKEN_BYTES = 32


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class StaffToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=100)
    digest = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("签发时间", default=timezone.now, editable=False)
    last_used_on = models.DateField("最近使用日期", null=True, blank=True, editable=False)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"


@transaction.atomic
def staff_token_create(*, actor: Any, user: Any, name: str) -> tuple[StaffToken, str]:
    """Issue a token for ``user``; returns it and the clear key, which is stored nowhere."""
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    token = StaffToken(user=user, name=name, digest=token_digest(raw))
    token.full_clean()
    token.save()
    event_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        agency=getattr(user, "agency", None),
        changes={"user": user.username, "name": name},
    )
    return token, raw
