from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "xiaoneng.applications"
    label = "applications"
    verbose_name = "办件与审批时限"

    def ready(self):
        from django.urls import reverse

        from xiaoneng.clocks import registry

        from .services import clockwork

        for kind, label in clockwork.KIND_LABELS.items():
            registry.register_kind(kind, label)
        registry.register_subject("applications.application", "办件", lambda pk: reverse("applications:detail", args=[pk]))
        registry.register_subject("applications.jointreview", "并联审查", lambda pk: reverse("applications:joint_review", args=[pk]))
        registry.register_recompute("applications.application", clockwork.recompute)
        registry.register_recompute("applications.jointreview", clockwork.recompute_review)
