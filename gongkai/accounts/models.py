"""Staff users with one agency and one role (see the package docstring)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class User(AbstractUser):
    class Role(models.TextChoices):
        CLERK = "clerk", "经办人"
        REVIEWER = "reviewer", "审核人"
        ADMIN = "admin", "机关管理员"
        SUPERVISOR = "supervisor", "公开办监督"
        # Platform roles (三权分立, 等保 2.0 三级 "应对管理用户进行授权 … 实现管理用户的权限分离"):
        # held without an agency, each able to do only its own job (gongkai.accounts.roles).
        SYSADMIN = "sysadmin", "系统管理员"
        SECADMIN = "secadmin", "安全管理员"
        AUDITOR = "auditor", "安全审计员"

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
    # Set when an administrator creates the account or resets its password: until the user
    # chooses their own, every staff page leads to the password change page.
    must_change_password = models.BooleanField("须修改初始密码", default=False)
    # When the user last chose their password (None: not since the account was created); after
    # PASSWORD_MAX_AGE_DAYS they are asked to choose a new one (等保: 口令定期更换).
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    # Consecutive failed log-ins from any address (gongkai.accounts.lockout); reset by a
    # successful one. ``locked_at`` is set when they reach LOGIN_FAILURE_LIMIT.
    failed_logins = models.PositiveIntegerField("连续登录失败次数", default=0)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ("agency__short_code", "username")
        permissions = (
            ("unlock_user", "解除账号锁定"),
            ("reset_second_factor", "重置双因素认证"),
            ("assign_role", "分配角色"),
        )

    @property
    def is_platform_role(self) -> bool:
        return self.role in PLATFORM_ROLES

    def password_expired(self) -> bool:
        days = settings.PASSWORD_MAX_AGE_DAYS
        since = self.password_changed_at or self.date_joined
        return days > 0 and since is not None and timezone.now() - since > timedelta(days=days)

    def clean(self) -> None:
        super().clean()
        if self.role in PLATFORM_ROLES:
            if self.agency_id:
                raise ValidationError(
                    {"agency": "平台角色（系统管理员、安全管理员、安全审计员）不属于任何机关。"}
                )
        elif bool(self.agency_id) != bool(self.role):
            raise ValidationError("机关工作人员必须同时设置所属机关和角色。")
        if self.role == self.Role.SUPERVISOR and self.agency and self.agency.kind != "office":
            raise ValidationError({"role": "“公开办监督”角色只能授予政务公开办公室的用户。"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The platform roles work in the admin site, which admits only ``is_staff`` users.
        if self.role in PLATFORM_ROLES:
            self.is_staff = True
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "is_staff"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.username)

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.role:
            return "平台管理员"
        return self.get_role_display()


PLATFORM_ROLES: frozenset[str] = frozenset(
    str(r) for r in (User.Role.SYSADMIN, User.Role.SECADMIN, User.Role.AUDITOR)
)
AGENCY_ROLES: frozenset[str] = frozenset(
    str(r) for r in (User.Role.CLERK, User.Role.REVIEWER, User.Role.ADMIN, User.Role.SUPERVISOR)
)


def display_name(first_name: str, last_name: str, username: str) -> str:
    """A user's full name (``get_full_name``), or their user name when they have none
    (``User.display_name``; the request list reads the three columns alone)."""
    return f"{first_name} {last_name}".strip() or username


class SavedFilter(models.Model):
    """A named search of a staff list (today the request list), one user's own: the list's
    query string, with only that list's known parameters (``accounts.saved_filters``)."""

    class Page(models.TextChoices):
        REQUESTS = "requests", "依申请公开申请"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_filters")
    page = models.CharField("页面", max_length=20, choices=Page.choices)
    name = models.CharField("名称", max_length=40)
    query = models.CharField("筛选条件", max_length=600, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "保存的筛选条件"
        verbose_name_plural = "保存的筛选条件"
        ordering = ("name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("user", "page", "name"), name="accounts_filter_name"),
        )

    def __str__(self) -> str:
        return f"{self.user} {self.name}"
