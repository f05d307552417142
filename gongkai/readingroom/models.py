"""The reading-room register (see the package docstring)."""

from __future__ import annotations

from django.db import models

# (field, label, unit) — the order in which the register and the report state them.
COUNTERS: tuple[tuple[str, str, str], ...] = (
    ("visitors", "接待查阅", "人次"),
    ("files_physical", "利用实体档案", "卷（册）"),
    ("files_electronic", "利用电子全文", "件"),
    ("current_doc_visits", "现行文件利用", "人次"),
    ("current_docs", "现行文件利用", "件"),
    ("copies", "复印", "张"),
    ("certificates", "出具证明", "份"),
)
COUNTER_FIELDS = tuple(name for name, _, _ in COUNTERS)


class RegisterDay(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("日期")
    visitors = models.PositiveIntegerField("接待人次", default=0)
    files_physical = models.PositiveIntegerField("利用实体档案（卷/册）", default=0)
    files_electronic = models.PositiveIntegerField("利用电子全文（件）", default=0)
    current_doc_visits = models.PositiveIntegerField("现行文件利用（人次）", default=0)
    current_docs = models.PositiveIntegerField("现行文件利用（件）", default=0)
    copies = models.PositiveIntegerField("复印（张）", default=0)
    certificates = models.PositiveIntegerField("出具证明（份）", default=0)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "查阅登记"
        verbose_name_plural = "查阅登记"
        ordering = ("-day",)
        constraints = (
            models.UniqueConstraint(fields=("agency", "day"), name="readingroom_one_row_a_day"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.day}"
