from __future__ import annotations

from typing import Any

from django.contrib import admin, messages

from gongkai.api.models import StaffToken, staff_token_create


@admin.register(StaffToken)
class StaffTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_on", "is_active")
    list_filter = ("is_active",)
    fields = ("user", "name", "is_active")

    def save_model(self, request: Any, obj: StaffToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = staff_token_create(actor=request.user, user=obj.user, name=obj.name)
        obj.pk = token.pk
        messages.warning(request, f"令牌（只显示这一次，请立即保存）：{raw}")
