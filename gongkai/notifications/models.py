"""The outbox. A row is one message to one recipient over one channel; it carries no personal
data beyond the tracking number (no names, no request text), so the outbox may be read by the
operator who watches deliveries."""

from __future__ import annotations

from django.db import models

# Choices use the functional API (see gongkai.requests.models).
NotifyChannel = models.TextChoices(
    "NotifyChannel", [("EMAIL", ("email", "电子邮件")), ("SMS", ("sms", "短信"))]
)

NotifyStatus = models.TextChoices(
    "NotifyStatus",
    [
        ("PENDING", ("pending", "待发送")),
        ("SENT", ("sent", "已发送")),
        ("FAILED", ("failed", "发送失败（不再重试）")),
    ],
)

NotifyKind = models.TextChoices(
    "NotifyKind",
    [
        ("RECEIVED", ("received", "收到申请")),
        ("CORRECTION", ("correction", "补正告知")),
        ("PAUSED", ("paused", "答复期限暂停")),
        ("EXTENDED", ("extended", "答复期限延长")),
        ("FEE", ("fee", "收费通知")),
        ("REPLY", ("reply", "答复")),
        ("WITHDRAWN", ("withdrawn", "视为放弃申请")),
        ("RECOVERY", ("recovery", "查询链接")),
        ("REMINDER", ("reminder", "期限提醒（工作人员）")),
    ],
)


class Notification(models.Model):
    # Null only for a message that concerns no one agency (none is sent today).
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    application = models.ForeignKey(
        "requests.Application",
        verbose_name="申请",
        on_delete=models.CASCADE,  # like the case's notices and letters
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField("类型", max_length=20, choices=NotifyKind.choices)
    channel = models.CharField("渠道", max_length=10, choices=NotifyChannel.choices)
    recipient = models.CharField("收件人", max_length=254)
    subject = models.CharField("主题", max_length=200, blank=True)
    body = models.TextField("正文")
    status = models.CharField(
        "状态", max_length=10, choices=NotifyStatus.choices, default=NotifyStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    # The next try; while a notifier holds the message, the end of its lease (a notifier that
    # dies mid-send leaves the message to be tried again once the lease has run out).
    next_attempt_at = models.DateTimeField("下次尝试")
    claim = models.CharField("领取标识", max_length=32, blank=True, editable=False)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ("-created_at", "-pk")
        indexes = (
            # The notifier's poll: pending messages whose time has come.
            models.Index(fields=("status", "next_attempt_at"), name="notify_due_idx"),
        )

    @property
    def masked_recipient(self) -> str:
        return mask_recipient(self.recipient)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {mask_recipient(self.recipient)}"


class ApplicantChoice(models.Model):
    """The channels the applicant chose on the public form. A case registered by staff has
    none: it is told by e-mail when an address is on file (the address given for contact)."""

    application = models.OneToOneField(
        "requests.Application", on_delete=models.CASCADE, related_name="+"
    )
    email = models.BooleanField("电子邮件通知", default=True)
    sms = models.BooleanField("短信通知", default=False)

    class Meta:
        verbose_name = "申请人选择的通知方式"
        verbose_name_plural = "申请人选择的通知方式"


def mask_recipient(recipient: str) -> str:
    """For logs and the command's output: ``z***@example.com``, ``138****0000``."""
    if "@" in recipient:
        local, _, domain = recipient.partition("@")
        return f"{local[:1]}***@{domain}"
    return f"{recipient[:3]}****{recipient[-4:]}" if len(recipient) > 7 else "****"
