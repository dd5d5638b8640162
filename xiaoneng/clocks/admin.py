from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import Clock


@admin.register(Clock)
class ClockAdmin(ReadOnlyAdmin):
    list_display = ["kind", "subject_type", "subject_id", "round", "department", "started_on", "due_on", "provisional", "state", "met"]
    list_filter = ["kind", "state", "provisional"]
    search_fields = ["subject_id"]
