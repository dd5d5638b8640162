from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from xiaoneng.core.admin import AuditedAdmin
from xiaoneng.core.context import Channel

from .models import ApiKey, Department, Role, Staff
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


class StaffForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        disabled=True,
        help_text="角色由安全管理员授予或撤销（三员分立：PUT /api/v1/staff/{用户名}/roles），系统管理员在此只能查看。",
    )

    class Meta:
        model = Staff
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = list(self.instance.role_grants.values_list("role", flat=True))


@admin.register(Staff)
class StaffAdmin(AuditedAdmin):
    """Roles are shown here, not edited: only the security administrator grants them, through
    ``staff_set_roles`` (三员分立), and the admin site is the system administrator's."""

    form = StaffForm
    list_display = ["name", "department", "position", "is_leader", "is_active"]
    list_filter = ["is_leader", "is_active", "department__kind"]
    search_fields = ["name", "user__username", "department__name"]
    autocomplete_fields = ["department"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    """Accounts: passwords and names here; who may do what is the staff record's roles, so the
    permission flags are shown, never edited (they follow the administrator role)."""

    readonly_fields = ["is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined"]


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
