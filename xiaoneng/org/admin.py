from django import forms
from django.contrib import admin, messages

from xiaoneng.core.admin import AuditedAdmin
from xiaoneng.core.context import Channel

from .models import ApiKey, Department, Staff, StaffRole
from .services import INTEGRATION_CHANNELS, apikey_create


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent", "division_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "division_code"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a department would change the scope of everyone below it; it is not an
        # admin-form edit.
        return ["parent", "code"] if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
            type(obj).objects.filter(pk=obj.pk).update(path=obj.path)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    list_display = ["name", "department", "position", "is_leader", "is_active"]
    list_filter = ["is_leader", "is_active", "department__kind"]
    search_fields = ["name", "user__username", "department__name"]
    autocomplete_fields = ["department"]
    inlines = [StaffRoleInline]


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedAdmin):
    list_display = ["name", "channel", "prefix", "created_by", "created_at", "is_active"]
    fields = ["name", "channel", "is_active"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "channel":
            labels = dict(Channel.choices)
            return forms.ChoiceField(label=db_field.verbose_name, choices=[(c, labels[c]) for c in INTEGRATION_CHANNELS])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # A new key is made by the service, which shows the secret once and stores its hash.
        key, raw = apikey_create(by=request.user, name=obj.name, channel=obj.channel)
        obj.pk = key.pk
        messages.warning(request, f"接口密钥（只显示这一次，请立即复制保存）：{raw}")

    def has_delete_permission(self, request, obj=None):
        return False  # switch a key off instead; the audit trail refers to it
