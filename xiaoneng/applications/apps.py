from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "xiaoneng.applications"
    label = "applications"
    verbose_name = "办件与审批时限"
