from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "xiaoneng.accountability"
    label = "accountability"
    verbose_name = "行政过错责任追究"

    def ready(self):
        from xiaoneng.clocks.registry import register_kind, register_recompute, register_subject
        from xiaoneng.clocks.services import recompute_copy

        from .models import Sanction

        register_kind("accountability.appeal", "申诉期限")
        register_subject("accountability.sanction", "处理决定")
        register_recompute("accountability.sanction", recompute_copy(Sanction, "appeal_due_at", "appeal_clock"))
