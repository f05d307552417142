"""Documents as data: the agency's document settings, the 文号 counters, the documents and
the reply's details (see the package docstring)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# The kinds an agency sends in a request's life, with the word its 文号 carries after the
# agency's prefix: 江临教 + 依申 + 〔2026〕15号.
Kind = models.TextChoices(
    "Kind",
    [
        ("RECEIPT", ("receipt", "受理回执")),
        ("CORRECTION", ("correction", "补正告知书")),
        ("EXTENSION", ("extension", "延期告知书")),
        ("CONSULTATION", ("consultation", "征求意见函")),
        ("FEE", ("fee", "收费通知")),
        ("REPLY", ("reply", "答复告知书")),
    ],
)
NUMBER_WORD = {
    "receipt": "依申受",
    "correction": "依申补",
    "extension": "依申延",
    "consultation": "依申征",
    "fee": "依申费",
    "reply": "依申",
}

Status = models.TextChoices(
    "Status",
    [
        ("DRAFT", ("draft", "草稿")),
        ("SUBMITTED", ("submitted", "待审核")),
        ("RETURNED", ("returned", "退回修改")),
        ("APPROVED", ("approved", "已签发")),
        ("SENT", ("sent", "已送达")),
    ],
)
EDITABLE = frozenset({"draft", "returned"})


class DocumentSettings(models.Model):
    """What an agency sets for its documents (its administrator edits it in the admin)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="document_settings"
    )
    number_prefix = models.CharField(
        "文号机关代字",
        max_length=20,
        blank=True,
        help_text="文号中的机关代字，如“江临教”（得到 江临教依申〔2026〕15号）；留空则用机关全称。",
    )
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="行政复议法第二十四条、第二十七条：留空则按机关层级确定（部门的本级人民政府）；"
        "垂直管理机关、省级人民政府等须在此填写。",
    )

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.agency} 文书设置"


class DocumentCounter(models.Model):
    """The last 文号 serial per agency, year and kind; locked with ``select_for_update`` while a
    number is taken, so 文号 are gapless and never reused (as tracking numbers)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "kind"), name="documents_counter_unique"
            ),
        )


class Document(models.Model):
    application = models.ForeignKey(
        "requests.Application",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="documents",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="发文机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书种类", max_length=20, choices=Kind.choices)
    addressee = models.CharField("主送", max_length=100)
    # The 征求意见函's consultation (条例第三十二条、第三十四条).
    consultation = models.ForeignKey(
        "requests.Consultation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # 文号: taken when the document is approved (签发), so a draft never holds a number.
    year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    serial = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    generated_text = models.TextField("生成的正文")
    text = models.TextField("正文")
    comments = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_on = models.DateField("成文日期", null=True, blank=True)
    # 送达: the case's notice that records how this document went out and when it was
    # received (requests.Notice, through requests.notices) — one record, from which the periods
    # that run from receipt are computed.
    notice = models.OneToOneField(
        "requests.Notice",
        verbose_name="送达记录",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="document",
    )

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("created_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "kind", "serial"),
                condition=models.Q(serial__isnull=False),
                name="documents_number_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "submitted", "returned"], serial=None)
                | (~models.Q(status__in=["draft", "submitted", "returned"]) & ~models.Q(number="")),
                name="documents_number_when_approved",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or '（草稿）'}"

    @property
    def is_draft(self) -> bool:
        """Not yet approved: rendered with the 草稿 watermark."""
        return self.status not in ("approved", "sent")

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    # The delivery as the case's notice records it.
    @property
    def sent_on(self) -> date | None:
        return self.notice.sent_on if self.notice else None

    @property
    def received_on(self) -> date | None:
        return self.notice.received_on if self.notice else None

    @property
    def delivery_method(self) -> str:
        if self.notice is None:
            return ""
        parts = (
            self.notice.get_method_display() if self.notice.method else "",
            self.notice.tracking_number,
        )
        return " ".join(p for p in parts if p)

    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class ReplyDetails(models.Model):
    """What the reply form records besides the outcome (``letters.Reply``)."""

    application = models.OneToOneField(
        "requests.Application", on_delete=models.CASCADE, related_name="reply_details"
    )
    variant = models.CharField("答复情形", max_length=20, blank=True)
    published_where = models.CharField("已主动公开的获取方式、途径", max_length=300, blank=True)
    reason = models.CharField("不属于本机关负责公开的理由", max_length=300, blank=True)
    holder = models.CharField("负责公开的行政机关", max_length=100, blank=True)
    holder_contact = models.CharField("其联系方式", max_length=200, blank=True)
    disclosed_part = models.TextField("予以公开的部分", blank=True)
    # [[the withheld part, the withheld.* outcome key of its ground], ...] (条例第三十七条)
    withheld = models.JSONField("不予公开的部分及理由", default=list, blank=True)

    class Meta:
        verbose_name = "答复要素"
        verbose_name_plural = "答复要素"

    def clean(self) -> None:
        from gongkai.requests import outcomes

        rows = self.withheld if isinstance(self.withheld, list) else None
        if rows is None or not all(
            isinstance(r, list)
            and len(r) == 2
            and isinstance(r[0], str)
            and r[0].strip()
            and r[1] in outcomes.BY_KEY
            and outcomes.BY_KEY[r[1]].ground
            for r in rows
        ):
            raise ValidationError({"withheld": "每一项不予公开的部分须写明内容并选择理由。"})
