from django.contrib import admin

from .models import Clock


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject_type", "subject_id", "round", "department", "started_on", "due_on", "provisional", "state", "met"]
    list_filter = ["kind", "state", "provisional"]
    search_fields = ["subject_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
