from django.contrib import admin

from .models import Fault


@admin.register(Fault)
class FaultAdmin(admin.ModelAdmin):
    list_display = ["recorded_at", "source", "status", "department", "person"]
    list_filter = ["source", "status"]
    search_fields = ["description"]

    def has_delete_permission(self, request, obj=None):
        return False  # faults are dismissed with reasons, never deleted
