"""The audit trail in the admin: read-only. Also ``AuditedModelAdmin``, the base for every other
admin page, so that edits made in the admin land in the audit trail like any service call."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from gongkai.audit.models import Event
from gongkai.audit.services import event_record, jsonable


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "agency", "action", "object_repr", "reason")
    list_filter = ("action", "agency")
    search_fields = ("object_repr", "actor_name", "reason", "object_id")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


class AuditedModelAdmin(admin.ModelAdmin):
    """Records an event for every add, change and delete made through the admin."""

    audit_entity = ""  # e.g. "agency": actions become "agency.admin_change"

    def audit_agency(self, obj: models.Model) -> Any:
        return None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = {
            name: [
                jsonable(form.initial.get(name)) if change else None,
                jsonable(form.cleaned_data.get(name)),
            ]
            for name in form.changed_data
            if name not in {"password"}
        }
        super().save_model(request, obj, form, change)
        verb = "admin_change" if change else "admin_add"
        event_record(
            actor=request.user,
            action=f"{self.audit_entity}.{verb}",
            obj=obj,
            agency=self.audit_agency(obj),
            changes=changes,
            reason="管理后台",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        agency = self.audit_agency(obj)
        event_record(
            actor=request.user,
            action=f"{self.audit_entity}.admin_delete",
            obj=obj,
            agency=agency,
            reason="管理后台",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
