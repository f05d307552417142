"""Read-only in the admin: every change to a request goes through ``services`` (and the audit
trail), never through an admin form."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.requests.models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("tracking_number", "agency", "received_on", "status", "due_on", "outcome")
    list_filter = ("status", "agency", "category", "channel")
    search_fields = ("tracking_number",)
    # The full identity number is shown nowhere without an audit event; the admin shows it
    # masked (the read-only change page would otherwise print every field).
    exclude = ("id_number",)
    readonly_fields = ("id_number_masked",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
