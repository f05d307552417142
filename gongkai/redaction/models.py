"""A redaction of one document of a request, and its marks (see the package docstring)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Redaction(models.Model):
    application = models.ForeignKey(
        "requests.Application",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="redactions",
    )
    # The document as the agency holds it: private, never released.
    original = models.ForeignKey(
        "requests.Attachment", verbose_name="原件", on_delete=models.PROTECT, related_name="+"
    )
    # The PDF the marks are drawn on: the original, or its conversion from DOCX/XLSX.
    pdf = models.ForeignKey(
        "requests.Attachment", verbose_name="PDF", on_delete=models.PROTECT, related_name="+"
    )
    page_count = models.PositiveIntegerField("页数")
    released = models.ForeignKey(
        "requests.Attachment",
        verbose_name="公开文件",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    released_at = models.DateTimeField("生成时间", null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "区分处理"
        verbose_name_plural = "区分处理"
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.original.original_name}（区分处理）"


class Mark(models.Model):
    """One area withheld on one page, in PDF points from the page's top-left corner."""

    redaction = models.ForeignKey(Redaction, on_delete=models.CASCADE, related_name="marks")
    page = models.PositiveIntegerField("页码")  # 1-based, as the clerk counts
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    ground = models.CharField("不予公开的理由", max_length=60)  # an outcome key (withheld.*)
    phrase = models.CharField("检索的文字", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="标记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("标记时间", default=timezone.now)

    class Meta:
        ordering = ("page", "y0", "x0", "pk")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(x1__gt=models.F("x0"), y1__gt=models.F("y0")),
                name="redaction_mark_not_empty",
            ),
        )

    @property
    def rect(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)
