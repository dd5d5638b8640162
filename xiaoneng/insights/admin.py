from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import CategoryDepartment, RoutingModel
from .services import category_department_set


@admin.register(CategoryDepartment)
class CategoryDepartmentAdmin(admin.ModelAdmin):
    """分类归口: edits go through the audited service."""

    list_display = ["label", "department", "updated_at"]
    fields = ["label", "department"]

    def get_readonly_fields(self, request, obj=None):
        return ["label"] if obj else []

    def save_model(self, request, obj, form, change):
        saved = category_department_set(by=request.user, label=obj.label, department=obj.department)
        obj.pk, obj.updated_at = saved.pk, saved.updated_at

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoutingModel)
class RoutingModelAdmin(ReadOnlyAdmin):
    list_display = ["version", "source", "samples", "train_seconds", "is_active", "created_at"]
    exclude = ["payload"]
