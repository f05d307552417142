"""The catalogue as data (see the package docstring)."""

from __future__ import annotations

import string
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject

from gongkai.lib.paths import var_dir

DEFAULT_INDEX_PATTERN = "{agency}/{year}-{serial:05d}"
PATTERN_FIELDS = frozenset({"agency", "category", "year", "serial"})


class AttachmentStorage(LazyObject):
    """Files under ``settings.CATALOGUE_ATTACHMENTS_DIR`` (default ``<var>/attachments``),
    served through the portal view only, never from a public media folder. Lazy, so tests and
    deployments can point it elsewhere after import."""

    def _setup(self) -> None:
        location = getattr(settings, "CATALOGUE_ATTACHMENTS_DIR", None) or (
            var_dir() / "attachments"
        )
        self._wrapped = FileSystemStorage(location=location, base_url=None)


attachment_storage = AttachmentStorage()


def _attachment_storage() -> AttachmentStorage:
    # A callable, so the migration refers to this function rather than to a storage object.
    return attachment_storage


class Category(models.TextChoices):
    """主题分类 — the national subject classification used by government portals."""

    GENERAL = "01", "综合政务"
    ECONOMY = "02", "国民经济管理、国有资产监管"
    LAND = "03", "国土资源、能源"
    INDUSTRY = "04", "工业、交通"
    URBAN = "05", "城乡建设、环境保护"
    AGRICULTURE = "06", "农业、林业、水利"
    FINANCE = "07", "财政、金融、审计"
    COMMERCE = "08", "商贸、海关、旅游"
    MARKET = "09", "市场监管、安全生产监管"
    EDUCATION = "10", "教育"
    SCIENCE = "11", "科技"
    CULTURE = "12", "文化、广电、新闻出版"
    HEALTH = "13", "卫生、体育"
    LABOUR = "14", "劳动、人事、监察"
    JUSTICE = "15", "公安、安全、司法"
    CIVIL = "16", "民政、扶贫、救灾"
    OTHER = "99", "其他"


class DocType(models.TextChoices):
    # The first two are the rows of table 二 (第二十条第（一）项); the rest are not counted there.
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    ANNUAL_REPORT = "annual_report", "政府信息公开工作年度报告"
    OTHER = "other", "其他文件"


class Status(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"


def validate_index_pattern(pattern: str) -> None:
    """A pattern must use only the known fields and contain ``{serial}`` (or it would repeat)."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
        pattern.format(agency="X", category="01", year=2000, serial=1)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(f"索引号规则无法解析：{exc}") from exc
    unknown = names - PATTERN_FIELDS
    if unknown:
        raise ValidationError(
            f"索引号规则含未知字段 {sorted(unknown)}；可用字段：agency, category, year, serial。"
        )
    if "serial" not in names:
        raise ValidationError("索引号规则必须包含 {serial}（流水号），否则索引号会重复。")


class CatalogueSettings(models.Model):
    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="catalogue_settings"
    )
    index_pattern = models.CharField(
        "索引号规则",
        max_length=100,
        default=DEFAULT_INDEX_PATTERN,
        validators=[validate_index_pattern],
        help_text="字段：{agency} 机关代码、{category} 主题分类代码、{year} 成文年度、"
        "{serial:05d} 流水号（五位补零）。",
    )

    class Meta:
        verbose_name = "目录设置"
        verbose_name_plural = "目录设置"

    def __str__(self) -> str:
        return f"{self.agency} 索引号规则 {self.index_pattern}"


class IndexCounter(models.Model):
    """The last serial used for one rendering of the pattern without its serial (the scope),
    e.g. ``JL-JYJ/2025-``; rows are locked with ``select_for_update`` while a number is taken."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=120)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("agency", "scope"), name="catalogue_counter_scope"),
        )


class Document(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="公开机关", on_delete=models.PROTECT, related_name="+"
    )
    index_number = models.CharField("索引号", max_length=120, editable=False)
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    category = models.CharField("主题分类", max_length=2, choices=Category.choices)
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices)
    status = models.CharField(
        "效力状态", max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    status_changed_on = models.DateField("修改/废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="修改/替代文件",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
    )
    body = models.TextField("正文", blank=True)
    # 条例第二十六条: 20 working days from the day the information is formed or changed.
    publication_due = models.DateField("应公开日期", db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False)
    # 条例第二十六条 "形成或者变更之日起20个工作日内": an amendment or repeal is a change of
    # the information, with its own deadline from ``status_changed_on``.
    change_publication_due = models.DateField(
        "变更应公开日期", null=True, blank=True, editable=False, db_index=True
    )
    change_due_provisional = models.BooleanField("变更期限为暂定", default=False, editable=False)
    change_published_on = models.DateField("变更公开日期", null=True, blank=True)
    # 已更正: the 更正日期 of the latest applied correction (DocumentCorrection.applied_on), set
    # where a correction is applied (catalogue.correction), so that a list shows the mark
    # without reading the corrections.
    corrected_on = models.DateField("最近更正日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "主动公开文件"
        verbose_name_plural = "主动公开文件"
        ordering = ("-published_on", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("agency", "index_number"), name="catalogue_index_number_unique"
            ),
        )
        # The portal lists one agency's documents newest first; the year and category filters
        # each have their own index so a filter never reads every row of the agency.
        indexes = (
            models.Index(fields=("agency", "published_on")),
            models.Index(fields=("agency", "written_on")),
            models.Index(fields=("agency", "category", "published_on")),
        )

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.published_on and self.published_on < self.written_on:
            errors["published_on"] = "发布日期不能早于成文日期。"
        if self.status == Status.IN_FORCE:
            if self.status_changed_on or self.replaced_by_id:
                errors["status_changed_on"] = "现行有效的文件不应有修改/废止日期或替代文件。"
        elif not self.status_changed_on:
            errors["status_changed_on"] = f"“{self.get_status_display()}”须填写日期。"
        elif self.status_changed_on < self.written_on:
            errors["status_changed_on"] = "修改/废止日期不能早于成文日期。"
        if self.change_published_on and (
            not self.status_changed_on or self.change_published_on < self.status_changed_on
        ):
            errors["change_published_on"] = "变更公开日期不能早于修改/废止日期。"
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = "文件不能替代自己。"
        if errors:
            raise ValidationError(errors)

    def is_change_late(self, today: date | None = None) -> bool:
        """The amendment or repeal published after its own 20 working days, or not yet
        published once they have run (条例第二十六条)."""
        if self.change_publication_due is None:
            return False
        if self.change_published_on is not None:
            return self.change_published_on > self.change_publication_due
        return (today or timezone.localdate()) > self.change_publication_due

    def is_late(self, today: date | None = None) -> bool:
        """Published after its due date, or still unpublished once the due date has passed."""
        if self.published_on is not None:
            return self.published_on > self.publication_due
        return (today or timezone.localdate()) > self.publication_due

    @property
    def is_public(self) -> bool:
        return self.published_on is not None and self.published_on <= timezone.localdate()


class DocumentReview(models.Model):
    """保密审查 of a catalogue document before it is published (条例第十七条: 行政机关应当建立健全
    政府信息公开审查机制; 保守国家秘密法), with the 法制审核 a 规章 or 规范性文件 also needs
    (国办发〔2018〕115号 合法性审核). It reviews one draft — the content and files as they stood
    (``draft_digest``); a draft changed afterwards needs a new review."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_on = models.DateField("审查日期")
    passed = models.BooleanField("审查结论：同意公开")
    opinion = models.TextField("保密审查意见")
    legal_opinion = models.TextField("法制审核意见", blank=True)
    draft_digest = models.CharField("所审查文稿的摘要", max_length=64)
    # Set for the review of a 更正 of the published document (``catalogue.correction``): the
    # same 保密审查, of the corrected content rather than of the first draft.
    correction = models.ForeignKey(
        "DocumentCorrection",
        verbose_name="所审查的更正",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = "发布前保密审查"
        verbose_name_plural = "发布前保密审查"

    def __str__(self) -> str:
        return f"{self.document.index_number} 保密审查 {self.reviewed_on}"


class DocumentCorrection(models.Model):
    """更正 of a published document (a typo in its title, text or particulars): the corrected
    content, prepared while the public still sees the published one, reviewed like a draft
    (条例第十七条) and then applied (``catalogue.correction``). The 索引号 and 发布日期 stay;
    ``applied_on`` is the 更正日期 and ``note`` the 更正说明 shown on the portal;
    ``previous`` keeps the content the public saw before, for staff."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="corrections")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发布机构", max_length=100)
    written_on = models.DateField("成文日期")
    category = models.CharField("主题分类", max_length=2, choices=Category.choices)
    doc_type = models.CharField("文件类型", max_length=20, choices=DocType.choices)
    body = models.TextField("正文", blank=True)
    note = models.CharField(
        "更正说明",
        max_length=500,
        help_text="公开显示于文件页：“本文于某日更正：……”，如：更正第二段中的日期笔误。",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="拟稿人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("拟稿时间", default=timezone.now)
    applied_on = models.DateField("更正日期", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正发布人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    previous = models.JSONField("更正前内容", default=dict, blank=True, editable=False)
    # 撤回: abandoned before it was applied; kept, with its reviews, for the record.
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)

    class Meta:
        verbose_name = "已发布文件的更正"
        verbose_name_plural = "已发布文件的更正"
        ordering = ("pk",)
        constraints = (
            # One correction in preparation at a time: a second would be reviewed against
            # content that the first one is about to replace.
            models.UniqueConstraint(
                fields=("document",),
                condition=models.Q(applied_on__isnull=True, withdrawn_on__isnull=True),
                name="catalogue_one_open_correction",
            ),
        )

    def __str__(self) -> str:
        return f"{self.document.index_number} 更正 {self.applied_on or '（未发布）'}"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", storage=_attachment_storage, upload_to="%Y/")

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("id",)

    def __str__(self) -> str:
        return self.title


class CorrectionFile(models.Model):
    """A file of the published document as it should read (a wrong file, a typo in its
    name), replacing ``replaces`` when the correction is applied: the attachment keeps its id,
    so links to it still work, and the file it held is kept here (``previous_*``), for staff."""

    correction = models.ForeignKey(
        DocumentCorrection, on_delete=models.CASCADE, related_name="files"
    )
    replaces = models.ForeignKey(
        Attachment, verbose_name="被更正的附件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("附件名称", max_length=200)
    file = models.FileField("更正后的文件", storage=_attachment_storage, upload_to="%Y/")
    previous_title = models.CharField("更正前附件名称", max_length=200, blank=True)
    previous_file = models.CharField("更正前的文件", max_length=200, blank=True)

    class Meta:
        verbose_name = "更正的附件"
        verbose_name_plural = "更正的附件"
        ordering = ("replaces_id", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("correction", "replaces"), name="catalogue_correction_file_once"
            ),
        )

    def __str__(self) -> str:
        return self.title


class PowerKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    PAYMENT = "payment", "行政给付"
    INSPECTION = "inspection", "行政检查"
    CONFIRMATION = "confirmation", "行政确认"
    REWARD = "reward", "行政奖励"
    RULING = "ruling", "行政裁决"
    OTHER = "other", "其他行政权力"


class PowerItem(models.Model):
    """One line of the 权责清单."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("事项编码", max_length=40)
    kind = models.CharField("权力类型", max_length=20, choices=PowerKind.choices)
    name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("设定依据")
    implementing_body = models.CharField("实施主体", max_length=100)
    responsibility = models.TextField("责任事项", blank=True)

    class Meta:
        verbose_name = "权责清单事项"
        verbose_name_plural = "权责清单"
        ordering = ("agency", "code")
        constraints = (
            models.UniqueConstraint(fields=("agency", "code"), name="catalogue_power_code_unique"),
        )

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class YearFigures(models.Model):
    """Table 二 cells that the catalogue cannot count, keyed ``row/column`` exactly as in
    ``gongkai.report.formats`` (e.g. ``licensing/decisions``, ``fees/amount``)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    values = models.JSONField("数值", default=dict)

    class Meta:
        verbose_name = "年度录入数据"
        verbose_name_plural = "年度录入数据"
        ordering = ("agency", "-year")
        constraints = (
            models.UniqueConstraint(fields=("agency", "year"), name="catalogue_figures_year"),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年"
