from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "xiaoneng.inspections"
    label = "inspections"
    verbose_name = "明察暗访"
