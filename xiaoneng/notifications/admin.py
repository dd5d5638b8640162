from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "category", "text", "read_at"]
    list_filter = ["category"]
