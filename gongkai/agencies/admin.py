from __future__ import annotations

from typing import Any

from django.contrib import admin

from gongkai.agencies.models import Agency
from gongkai.audit.admin import AuditedModelAdmin


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    audit_entity = "agency"
    list_display = ("short_code", "name", "kind", "level", "parent", "disclosure_unit", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "short_code")
    autocomplete_fields = ("parent",)

    def audit_agency(self, obj: Any) -> Any:
        return obj if obj.pk else None
