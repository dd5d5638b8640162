from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "xiaoneng.accountability"
    label = "accountability"
    verbose_name = "行政过错责任追究"
