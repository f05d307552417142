from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.audit.services import event_record
from gongkai.workdays.models import CalendarDay, HolidayYear


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5
    fields = ("date", "kind", "name")


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedModelAdmin):
    audit_entity = "calendar"
    list_display = ("year", "source", "notice", "holiday_count", "workday_count")
    inlines = (CalendarDayInline,)

    @admin.display(description="放假（工作日）")
    def holiday_count(self, obj: HolidayYear) -> int:
        return obj.days.filter(kind=CalendarDay.Kind.HOLIDAY).count()

    @admin.display(description="调休上班")
    def workday_count(self, obj: HolidayYear) -> int:
        return obj.days.filter(kind=CalendarDay.Kind.WORKDAY).count()

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        removed = [str(obj) for obj in formset.deleted_objects]
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            obj.save()
        added = [str(obj) for obj in instances]
        if added or removed:
            event_record(
                actor=request.user,
                action="calendar.admin_days",
                obj=form.instance,
                changes={"days": [removed, added]},
                reason="管理后台",
            )
