from django.contrib import admin

from . import audit
from .codes import Action, action_label
from .models import AuditRecord, TaskIntent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through their services (or never): the admin shows them,
    it does not add, edit or delete them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits are state changes too: each save and delete writes an audit record with
    the fields before and after."""

    def _fields(self, obj):
        return [f.name for f in obj._meta.concrete_fields if f.name != "id"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            before = audit.snapshot(old, self._fields(old))
        super().save_model(request, obj, form, change)
        action = Action.ADMIN_CHANGE if change else Action.ADMIN_CREATE
        audit.record(actor=request.user, action=action, subject=obj, before=before, after=audit.snapshot(obj, self._fields(obj)))

    def delete_model(self, request, obj):
        before = audit.snapshot(obj, self._fields(obj))
        pk = obj.pk
        super().delete_model(request, obj)
        audit.record(actor=request.user, action=Action.ADMIN_DELETE, subject=obj._meta.label_lower, subject_id=pk, before=before)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ConfigAdmin(AuditedAdmin):
    """Configuration kept as data: edited (audited), never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "channel", "action", "action_label", "subject_type", "subject_id", "seq"]
    list_filter = ["channel", "action"]
    search_fields = ["subject_id", "actor_name", "action"]
    date_hierarchy = "at"

    @admin.display(description="含义")
    def action_label(self, obj):
        return action_label(obj.action)


@admin.register(TaskIntent)
class TaskIntentAdmin(ReadOnlyAdmin):
    """The outbox, to look at what is late or given up (docs/operations.md)."""

    list_display = ["created_at", "task", "key", "published_at", "attempts", "done_at", "last_error"]
    list_filter = ["task"]
    search_fields = ["key"]
