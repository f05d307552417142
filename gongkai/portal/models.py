"""One-time links to the applicant's case page, sent by e-mail to the address on file when the
query code is lost (gongkai.portal.recovery). The link carries a signed random nonce; the row
records its use, so a link opens the case once."""

from __future__ import annotations

from django.db import models


class CaseLink(models.Model):
    application = models.ForeignKey(
        "requests.Application", verbose_name="申请", on_delete=models.CASCADE, related_name="+"
    )
    nonce = models.CharField(max_length=43, unique=True)
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "查询链接"
        verbose_name_plural = "查询链接"
