"""Administrators edit the city's time limits and routing rules here (audited); cases are
read-only in the admin — every change to a case goes through the services."""

from django.contrib import admin
from django.db import transaction

from xiaoneng.core import clock
from xiaoneng.core.admin import AuditedAdmin, ReadOnlyAdmin

from .models import DutyShift, RoutingRule, TimeLimit, WorkOrder
from .selectors import forget_time_limits


@admin.register(TimeLimit)
class TimeLimitAdmin(AuditedAdmin):
    list_display = ["key", "handle_days", "sign_hours", "feedback_interval_days", "updated_at"]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)
        transaction.on_commit(forget_time_limits)

    def has_delete_permission(self, request, obj=None):
        return False  # every type needs a limit; the reference value is the fallback, not "none"


@admin.register(RoutingRule)
class RoutingRuleAdmin(AuditedAdmin):
    list_display = ["name", "priority", "type", "keywords", "area", "department", "auto_dispatch", "is_active"]
    list_filter = ["is_active", "auto_dispatch", "type"]
    search_fields = ["name", "keywords"]
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)


@admin.register(DutyShift)
class DutyShiftAdmin(ReadOnlyAdmin):
    """Read-only: shifts are kept on the roster page (/staff/workorders/roster/), whose services
    refuse overlapping shifts and people who are not the centre's dispatchers."""

    list_display = ["staff", "starts_at", "ends_at", "note"]
    list_filter = ["staff"]
    date_hierarchy = "starts_at"
    autocomplete_fields = []


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    """Read-only: for administrators looking something up; changes go through the pages."""

    list_display = ["id", "title", "type", "status", "department", "received_at", "due_at"]
    list_filter = ["status", "type", "channel"]
    search_fields = ["title"]
    date_hierarchy = "received_at"
