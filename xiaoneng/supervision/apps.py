from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "xiaoneng.supervision"
    label = "supervision"
    verbose_name = "电子监察与督办"

    def ready(self):
        from django.urls import reverse

        from xiaoneng.clocks.registry import register_kind, register_recompute, register_subject
        from xiaoneng.clocks.services import recompute_copy

        from .models import SupervisionOrder

        register_kind("supervision.order", "督办答复")
        register_subject("supervision.supervisionorder", "督办单", lambda pk: reverse("supervision:order", args=[pk]))
        register_recompute("supervision.supervisionorder", recompute_copy(SupervisionOrder, "due_at"))
