from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from gongkai.accounts.models import User
from gongkai.audit.admin import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    audit_entity = "user"
    list_display = ("username", "first_name", "agency", "role", "is_active", "is_superuser")
    list_filter = ("role", "agency", "is_active", "is_superuser")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ("agency",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("机关与角色", {"fields": ("agency", "role", "phone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("机关与角色", {"fields": ("first_name", "agency", "role")}),
    )

    def audit_agency(self, obj: Any) -> Any:
        return obj.agency

    def delete_model(self, request: Any, obj: Any) -> None:
        # Users are deactivated, not deleted: the audit trail points at them (on_delete=PROTECT).
        super().delete_model(request, obj)
