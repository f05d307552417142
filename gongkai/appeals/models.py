"""Review and litigation cases (see the package docstring)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class CaseKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class Route(models.TextChoices):
    """For a suit: the two litigation rows of table 四."""

    DIRECT = "direct", "未经复议直接起诉"
    AFTER_REVIEW = "after_review", "复议后起诉"


class Stage(models.TextChoices):
    REVIEW = "review", "复议审理"
    FIRST = "first", "一审"
    SECOND = "second", "二审"
    RETRIAL = "retrial", "再审"


class Result(models.TextChoices):
    # The values are table 四's column keys (gongkai.report.formats.APPEAL_COLUMNS).
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "pending", "尚未审结"


class Case(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="被申请人/被告机关",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("类别", max_length=12, choices=CaseKind.choices)
    route = models.CharField("起诉方式", max_length=12, choices=Route.choices, blank=True)
    body = models.CharField("复议机关/法院", max_length=100)
    case_number = models.CharField("案号", max_length=80, blank=True)
    applicant = models.CharField("申请人/原告", max_length=100)
    application = models.ForeignKey(
        "requests.Application",
        verbose_name="所涉申请",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    # For a request handled before the platform (or on paper elsewhere): its number as text.
    request_number = models.CharField(
        "所涉申请受理编号",
        max_length=40,
        blank=True,
        help_text="所涉申请不在本平台时填写；选择了平台中的申请则自动取其受理编号。",
    )
    review_case = models.ForeignKey(
        "self",
        verbose_name="前置复议案件",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suits",
    )
    filed_on = models.DateField("收到/立案日期")
    # The agency's own deadline: its written answer in a review (行政复议法第四十八条) or its
    # defence at first instance (行政诉讼法第六十七条), from its receipt of the copy.
    copy_received_on = models.DateField(
        "收到申请书副本/起诉状副本日期",
        null=True,
        blank=True,
        help_text="复议：自收到之日起10个工作日内书面答复；诉讼一审：15日内提交答辩状。",
    )
    answer_due_on = models.DateField(
        "答复/答辩期限", null=True, blank=True, editable=False, db_index=True
    )
    answer_due_provisional = models.BooleanField("期限为暂定", default=False, editable=False)
    answered_on = models.DateField("提交答复/答辩状日期", null=True, blank=True)
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    summary = models.TextField("案情摘要", blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ("-filed_on", "-id")
        indexes = (models.Index(fields=("agency", "filed_on")),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk} {self.applicant}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == CaseKind.REVIEW:
            if self.route:
                errors["route"] = "行政复议案件无起诉方式。"
            if self.stage and self.stage != Stage.REVIEW:
                errors["stage"] = "行政复议案件的阶段只能是“复议审理”。"
        elif self.kind == CaseKind.LITIGATION:
            if not self.route:
                errors["route"] = "行政诉讼案件须注明是直接起诉还是复议后起诉。"
            if self.stage == Stage.REVIEW:
                errors["stage"] = "行政诉讼案件的阶段应为一审、二审或再审。"
        if self.application_id and self.application.agency_id != self.agency_id:
            errors["application"] = "所涉申请须为本机关受理的申请。"
        if self.review_case_id and self.route != Route.AFTER_REVIEW:
            errors["review_case"] = "只有复议后起诉的案件才关联前置复议案件。"
        if self.result == Result.PENDING and self.decided_on:
            errors["decided_on"] = "尚未审结的案件不应有审结日期。"
        if self.result != Result.PENDING and not self.decided_on:
            errors["decided_on"] = "已审结的案件须填写审结日期。"
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            errors["decided_on"] = "审结日期不能早于立案日期。"
        if self.answered_on and not self.copy_received_on:
            errors["copy_received_on"] = "请先填写收到副本的日期。"
        if self.answered_on and self.copy_received_on and self.answered_on < self.copy_received_on:
            errors["answered_on"] = "提交答复/答辩状日期不能早于收到副本日期。"
        today = timezone.localdate()
        # What has happened cannot be dated tomorrow: a typo in a year would otherwise count the
        # case in a report that has not begun.
        for name in ("filed_on", "decided_on", "copy_received_on", "answered_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = "日期不能晚于今天。"
        if errors:
            raise ValidationError(errors)
        if self.application_id:
            self.request_number = self.application.tracking_number

    @property
    def answer_label(self) -> str:
        return "书面答复" if self.kind == CaseKind.REVIEW else "答辩状"

    @property
    def answer_open(self) -> bool:
        return self.answer_due_on is not None and self.answered_on is None

    @property
    def table_row(self) -> str:
        """The table 四 row key this case is counted in."""
        if self.kind == CaseKind.REVIEW:
            return "review"
        return "litigation_direct" if self.route == Route.DIRECT else "litigation_after_review"


def _case_file_storage() -> Any:
    # The requests' private storage (never a public media folder), under ``appeals/``; a
    # callable so the migration names this function rather than a folder of this machine.
    from gongkai.requests.models import attachment_storage

    return attachment_storage


class CaseFile(models.Model):
    """A document of a review or suit (复议申请书, 答复书, 起诉状, 答辩状, 决定书, 判决书 …),
    stored privately and served only as a download to the agency's staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    title = models.CharField("文件名称", max_length=200)
    file = models.FileField("文件", storage=_case_file_storage, upload_to="appeals/%Y/")
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件文件"
        verbose_name_plural = "案件文件"
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.title
