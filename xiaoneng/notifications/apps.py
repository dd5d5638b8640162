from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "xiaoneng.notifications"
    label = "notifications"
    verbose_name = "站内通知"
