from django.contrib import admin

from xiaoneng.core.admin import AuditedAdmin, ConfigAdmin, ReadOnlyAdmin

from .models import Bulletin, ListEntry, OversightAssignment, SupervisionOrder, SupervisionRule, SweepRun, Warning


@admin.register(SupervisionRule)
class SupervisionRuleAdmin(ConfigAdmin):
    list_display = ["kind", "supervised", "notice_lead_days", "supervision_days", "heads_from", "leaders_from", "note"]
    list_editable = []
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        from xiaoneng.core import clock

        obj.updated_at = clock.now()
        super().save_model(request, obj, form, change)


@admin.register(OversightAssignment)
class OversightAssignmentAdmin(AuditedAdmin):
    list_display = ["leader", "department", "created_at"]
    autocomplete_fields = ["department"]
    readonly_fields = ["created_at"]

    def save_model(self, request, obj, form, change):
        from xiaoneng.core import clock

        obj.created_at = obj.created_at or clock.now()
        super().save_model(request, obj, form, change)


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = ["id", "level", "rule", "clock_kind", "subject_type", "subject_id", "department", "due", "effective_at", "resolved_at"]
    list_filter = ["level", "rule", "clock_kind"]
    search_fields = ["subject_id"]


@admin.register(SweepRun)
class SweepRunAdmin(ReadOnlyAdmin):
    list_display = ["id", "as_of", "live", "started_at", "finished_at", "counts"]


@admin.register(SupervisionOrder)
class SupervisionOrderAdmin(ReadOnlyAdmin):
    list_display = ["id", "department", "state", "due_at", "issued_at"]
    list_filter = ["state"]


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "target", "department", "state", "published_at"]
    list_filter = ["kind", "state"]


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyAdmin):
    list_display = ["title", "month", "as_of", "issued_by", "issued_at"]
