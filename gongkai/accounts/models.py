"""Staff users with one agency and one role (see the package docstring)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class User(AbstractUser):
    class Role(models.TextChoices):
        CLERK = "clerk", "经办人"
        REVIEWER = "reviewer", "审核人"
        ADMIN = "admin", "机关管理员"
        SUPERVISOR = "supervisor", "公开办监督"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="所属机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ("agency__short_code", "username")

    def clean(self) -> None:
        super().clean()
        if bool(self.agency_id) != bool(self.role):
            raise ValidationError("机关工作人员必须同时设置所属机关和角色。")
        if self.role == self.Role.SUPERVISOR and self.agency and self.agency.kind != "office":
            raise ValidationError({"role": "“公开办监督”角色只能授予政务公开办公室的用户。"})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.role:
            return "平台管理员"
        return self.get_role_display()
