"""One version of an agency's annual report on one year (see the package docstring)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.report.canonical import report_from_dict
from gongkai.report.model import AnnualReport
from gongkai.reports.deadlines import ReportDeadline, report_deadline


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    # The supervising office has examined the submitted report and accepted it (条例第四十九条:
    # reported to the office above; it may return it or accept it). The agency then publishes.
    ACCEPTED = "accepted", "上级已审核通过"
    PUBLISHED = "published", "已公开"


class Origin(models.TextChoices):
    PLATFORM = "platform", "平台编制"
    IMPORTED = "imported", "导入已公开报告"


def submission_deadline(year: int) -> date:
    """条例第四十九条第一款: a department's report on ``year`` is due by 31 January of the next
    year (per agency: ``reports.deadlines.report_deadline``)."""
    return date(year + 1, 1, 31)


class ReportVersion(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    origin = models.CharField(
        "来源", max_length=12, choices=Origin.choices, default=Origin.PLATFORM
    )
    # The canonical JSON of the report (gongkai.report.canonical.report_to_dict).
    data = models.JSONField("报告数据")
    # "table/row/column" -> {"built": value from the records, "value": printed, "reason": why}.
    overrides = models.JSONField("人工修改的数字", default=dict, blank=True)
    # Finding key -> the reason the warning is accepted.
    acknowledged = models.JSONField("已说明的提示", default=dict, blank=True)
    last_year_text = models.JSONField("上年报告文字", default=dict, blank=True)
    comments = models.TextField("上级退回意见", blank=True)
    change_note = models.TextField("更正说明", blank=True)
    source_name = models.CharField("导入文件名", max_length=200, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    accepted_at = models.DateTimeField("上级审核通过时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核通过人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    html = models.TextField("公开页面", blank=True)
    docx = models.BinaryField("DOCX", blank=True, default=b"")
    pdf = models.BinaryField("PDF", blank=True, default=b"")
    # An imported report's own workbook, served back as XLSX (its DOCX/PDF go in docx/pdf).
    xlsx = models.BinaryField("XLSX", blank=True, default=b"")
    # An imported report in any other kind (.doc/.wps, OFD, HTML, text, JSON), kept byte for byte
    # and served back as a download beside the rendered files; ``original_suffix`` names its kind.
    original = models.BinaryField("导入原件", blank=True, default=b"")
    original_suffix = models.CharField("原件格式", max_length=8, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("agency", "-year", "-version")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "year", "version"), name="annual_report_one_version"
            ),
        )
        indexes = (models.Index(fields=("year", "status")),)

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度报告（第{self.version}版）"

    @property
    def report(self) -> AnnualReport:
        return report_from_dict(self.data)

    @property
    def locked(self) -> bool:
        """A published or submitted version is not edited; a correction is a new version."""
        return self.status in (Status.SUBMITTED, Status.ACCEPTED, Status.PUBLISHED)

    @property
    def deadlines(self) -> ReportDeadline:
        return report_deadline(self.agency, self.year)

    @property
    def deadline(self) -> date:
        """The next step's date: submission for a department, publication for a government."""
        return self.deadlines.next

    def is_late(self, today: date) -> bool:
        """A step of 条例第四十九条 not done by its date: a department's submission and its
        publication (both by 31 January), a government's publication (31 March). An imported
        published report has no record of its submission: only its publication is judged."""
        return self.deadlines.is_late(
            today,
            self.submitted_at,
            self.published_at,
            check_submission=self.origin == Origin.PLATFORM,
        )
