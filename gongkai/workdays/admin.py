from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.audit.services import event_record
from gongkai.workdays.models import CalendarDay, HolidayYear
from gongkai.workdays.services import calendar_changed_notify, calendar_year_declare


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5
    fields = ("date", "kind", "name")


@admin.register(HolidayYear)
class HolidayYearAdmin(AuditedModelAdmin):
    audit_entity = "calendar"
    list_display = ("year", "complete", "source", "notice", "holiday_count", "workday_count")
    actions = ("declare_complete",)
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

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Days or completeness edited: the open deadlines through the year are recomputed.
        calendar_changed_notify(
            actor=request.user, years=[form.instance.year], reason="管理后台修改工作日历"
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        year = obj.year
        super().delete_model(request, obj)
        calendar_changed_notify(actor=request.user, years=[year], reason="管理后台删除年度")

    @admin.action(description="声明所选年度的节假日安排已完整录入")
    def declare_complete(self, request: HttpRequest, queryset: Any) -> None:
        for record in queryset:
            calendar_year_declare(
                actor=request.user, year=record.year, complete=True, reason="管理后台声明完整"
            )
