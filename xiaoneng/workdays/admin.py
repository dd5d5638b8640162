from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from . import services
from .models import CalendarDay, CalendarYear, DaySource


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Single-day edits go through the calendar service, so they are audited and the
    deadlines they affect are recomputed."""

    list_display = ["date", "kind", "name", "source", "updated_at"]
    list_filter = ["kind", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]
    fields = ["date", "kind", "name", "source"]

    def get_readonly_fields(self, request, obj=None):
        return ["date"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = services.calendar_set_day(by=request.user, date=obj.date, kind=obj.kind, name=obj.name, local=obj.source == DaySource.LOCAL)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.calendar_remove_day(by=request.user, date=obj.date)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):  # a year is published by importing its schedule (工作台 › 工作日历)
    list_display = ["year", "source", "loaded_at"]
