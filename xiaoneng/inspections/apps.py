from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "xiaoneng.inspections"
    label = "inspections"
    verbose_name = "明察暗访"

    def ready(self):
        from django.urls import reverse

        from xiaoneng.clocks.registry import register_subject

        register_subject("inspections.finding", "检查发现", lambda pk: reverse("inspections:finding", args=[pk]))
