"""The calendar as data (see the package docstring)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class HolidayYear(models.Model):
    """A year whose holiday schedule is known. A year without a row makes deadlines that run
    into it provisional."""

    class Source(models.TextChoices):
        CHINESECALENDAR = "chinesecalendar", "chinesecalendar 软件包"
        MANUAL = "manual", "管理员录入"

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    # A year is provisional until an administrator declares its schedule complete (a year
    # with only 元旦 entered is not yet the State Council's schedule); chinesecalendar's years
    # are complete. Deadlines that run through an incomplete year are flagged provisional.
    complete = models.BooleanField(
        "已完整录入",
        default=False,
        help_text="录入国务院公布的全年放假和调休安排后勾选；勾选前，涉及该年的期限均为暂定。",
    )
    notice = models.CharField(
        "依据",
        max_length=200,
        blank=True,
        help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）",
    )

    class Meta:
        verbose_name = "节假日年度安排"
        verbose_name_plural = "节假日年度安排"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(models.Model):
    """A day that differs from Monday–Friday: a holiday on a weekday, or a weekend make-up
    working day. Ordinary weekends need no row."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    year = models.ForeignKey(
        HolidayYear, verbose_name="年度", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("节日", max_length=40, blank=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}".strip()

    def clean(self) -> None:
        if self.date is None:
            return
        if self.year_id is not None and self.date.year != self.year.year:
            raise ValidationError({"date": f"日期不在 {self.year.year} 年内。"})
        weekend = self.date.weekday() >= 5
        if self.kind == self.Kind.HOLIDAY and weekend:
            raise ValidationError({"date": "周末本就不是工作日，无需登记为放假。"})
        if self.kind == self.Kind.WORKDAY and not weekend:
            raise ValidationError({"date": "调休上班日应为周六或周日。"})
