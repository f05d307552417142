"""The reading-room register (see the package docstring)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from gongkai.requests.models import mask_name

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
    """A day's totals as entered before visits were registered one by one: kept as they were,
    read into the day and year totals beside the visits, and still correctable."""

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
        ordering = ("-day", "-pk")
        constraints = (
            models.UniqueConstraint(fields=("agency", "day"), name="readingroom_one_row_a_day"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.day}"


# Bounds of one visit: far above a real consultation, low enough that a typo (an extra zero
# twice over) is refused rather than counted in the annual report.
VISIT_LIMITS = {
    "current_docs": 500,
    "files_physical": 500,
    "files_electronic": 500,
    "copies": 5000,
    "certificates": 100,
}
# What a visit adds to the day's counters (visitors and current_doc_visits are counted visits).
VISIT_COUNTS = tuple(VISIT_LIMITS)


def _bounded(label: str, name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, default=0, validators=[MaxValueValidator(VISIT_LIMITS[name])]
    )


class Visit(models.Model):
    """One person's visit to the reading room (条例第二十五条): who (masked wherever shown), why,
    what was consulted, copies made and certificates issued. The day and year totals are
    computed from the visits; ``RegisterDay`` keeps the day totals entered before visits were
    registered one by one."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("日期")
    visitor = models.CharField("查阅人", max_length=50)
    purpose = models.CharField("查阅目的", max_length=200)
    consulted = models.CharField("查阅内容（文件名称、档号等）", max_length=500, blank=True)
    current_docs = _bounded("现行文件（件）", "current_docs")
    files_physical = _bounded("实体档案（卷/册）", "files_physical")
    files_electronic = _bounded("电子全文（件）", "files_electronic")
    copies = _bounded("复印（张）", "copies")
    certificates = _bounded("出具证明（份）", "certificates")
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "查阅来访"
        verbose_name_plural = "查阅来访"
        ordering = ("-day", "-pk")
        indexes = (models.Index(fields=("agency", "day")),)

    def __str__(self) -> str:
        return f"{self.agency} {self.day} {self.visitor_masked}"

    @property
    def visitor_masked(self) -> str:
        return mask_name(self.visitor)
