from django.contrib import admin

from xiaoneng.core.admin import ReadOnlyAdmin

from .models import Delivery, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "category", "text", "read_at"]
    list_filter = ["category"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "notification", "sender", "status", "attempts", "failed_at", "last_error"]
    list_filter = ["status", "sender"]
