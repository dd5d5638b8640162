from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "xiaoneng.accountability"
    label = "accountability"
    verbose_name = "行政过错责任追究"

    def ready(self):
        from xiaoneng.clocks.registry import register_kind, register_subject

        register_kind("accountability.appeal", "申诉期限")
        register_subject("accountability.sanction", "处理决定")
