from django.contrib import admin

from xiaoneng.core.admin import ConfigAdmin, ReadOnlyAdmin

from .models import Evidence, Finding, FindingCategory, InspectionPlan


@admin.register(FindingCategory)
class FindingCategoryAdmin(ConfigAdmin):
    list_display = ["sort_order", "name", "code", "conduct", "is_active"]
    list_display_links = ["name"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_on", "ends_on", "state", "seed"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["observed_at", "department", "category", "person", "fault"]
    list_filter = ["category"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "content_type", "size", "uploaded_at"]
    exclude = ["file"]
