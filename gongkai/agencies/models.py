"""The agency hierarchy (see the package docstring)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

GUIDE_TEXT_LIMIT = 8000


class Agency(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        OFFICE = "office", "政务公开办公室"
        DEPARTMENT = "department", "政府部门"

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_code = models.CharField(
        "机关代码",
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9][A-Z0-9-]*$", "只能使用大写字母、数字和连字符。")],
        help_text="用于索引号和申请受理编号，如 SF-DAJ。",
    )

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", "省级"
        MUNICIPAL = "municipal", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇（街道）"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    # 条例第四十九条: a county-level or higher government's own annual report is published by
    # 31 March; its departments submit and publish theirs by 31 January.
    level = models.CharField(
        "行政层级",
        max_length=20,
        choices=Level.choices,
        default=Level.COUNTY,
        help_text="决定年度报告期限（条例第四十九条）：县级以上人民政府本级报告为3月31日前公布。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    disclosure_unit = models.CharField(
        "政府信息公开工作机构",
        max_length=100,
        help_text="条例第四条：负责本机关政府信息公开日常工作的机构，如“办公室”。",
    )
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    reading_room = models.CharField(
        "政府信息查阅场所",
        max_length=200,
        blank=True,
        help_text="条例第二十五条：查阅场所的地址与开放时间；没有则留空。",
    )
    # 条例第十二条: the 政府信息公开指南 names the office receiving applications and the
    # procedure; the contact fields above are its address, hours, phone, fax and e-mail.
    request_office = models.CharField(
        "依申请公开受理机构",
        max_length=100,
        blank=True,
        help_text="条例第十二条：受理政府信息公开申请的机构；留空则为政府信息公开工作机构。",
    )
    guide_procedure = models.TextField(
        "申请程序与说明",
        max_length=GUIDE_TEXT_LIMIT,
        blank=True,
        help_text="条例第十二条：申请的提出方式、办理程序、答复期限、信息处理费、救济途径等，纯文本。",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("short_code",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A cycle would make "everything below this office" infinite.
        if self.parent_id is not None and self.pk is not None:
            node: Agency | None = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})
                node = node.parent

    def ancestors(self) -> list[Agency]:
        """From the direct parent up to the root."""
        chain: list[Agency] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    @property
    def has_reading_room(self) -> bool:
        return bool(self.reading_room.strip())

    @property
    def receiving_office(self) -> str:
        """条例第十二条's 受理机构: the office named for applications, else the disclosure unit."""
        return self.request_office.strip() or self.disclosure_unit
