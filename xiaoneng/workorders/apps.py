from django.apps import AppConfig
from django.urls import reverse


class WorkordersConfig(AppConfig):
    name = "xiaoneng.workorders"
    label = "workorders"
    verbose_name = "诉求工单"

    def ready(self):
        from xiaoneng.clocks import backfill, registry
        from xiaoneng.core import hooks

        from .charts import bulletin_chart
        from .selectors import pick, redact_for_departments
        from .services import workorder_recompute
        from .services.backfill import STEPS, workorder_backfill_approve_by_id
        from .services.common import KIND_FEEDBACK, KIND_FOLLOW_UP, KIND_HANDLE, KIND_SIGN, SUBJECT

        registry.register_kind(KIND_HANDLE, "工单办理")
        registry.register_kind(KIND_SIGN, "工单签收")
        registry.register_kind(KIND_FEEDBACK, "工单阶段性反馈")
        registry.register_kind(KIND_FOLLOW_UP, "工单回访")
        registry.register_subject(SUBJECT, "诉求工单", lambda pk: reverse("workorders:detail", args=[pk]), number="tracking_no")
        registry.register_recompute(SUBJECT, workorder_recompute)
        backfill.register_steps(SUBJECT, STEPS, workorder_backfill_approve_by_id)
        registry.register_search(SUBJECT, pick)
        registry.register_redaction(SUBJECT, redact_for_departments)
        hooks.register("supervision.bulletin_charts", bulletin_chart)
