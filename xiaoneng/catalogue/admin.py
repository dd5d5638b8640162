from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import EnterpriseFee, ServiceItem, ServiceItemVersion


class ReadOnly(ReadOnlyAdmin):
    """The catalogue changes only through its services (versions are immutable; every
    change is audited): the admin shows it, the 事项清单 pages and the import change it."""


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnly):
    list_display = ["code", "current", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["code", "current__name"]


@admin.register(ServiceItemVersion)
class ServiceItemVersionAdmin(ReadOnly):
    list_display = [
        "item",
        "number",
        "name",
        "department",
        "legal_limit_days",
        "committed_limit_days",
        "validity_months",
        "preliminary_department",
        "created_at",
    ]
    list_filter = ["kind", "joint", "deemed_approval", "on_the_spot"]
    search_fields = ["item__code", "name"]


@admin.register(EnterpriseFee)
class EnterpriseFeeAdmin(ReadOnly):
    list_display = ["code", "name", "kind", "department", "standard", "active"]
    list_filter = ["kind", "active"]
