from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "xiaoneng.applications"
    label = "applications"
    verbose_name = "办件与审批时限"

    def ready(self):
        from django.urls import reverse

        from xiaoneng.clocks import backfill, registry
        from xiaoneng.supervision.checks import ExtraCheck, register_check
        from xiaoneng.supervision.models import Level

        from . import rules, selectors
        from .services import clockwork, inquiries
        from .services.backfill import application_backfill_approve_by_id

        for kind, label in clockwork.KIND_LABELS.items():
            registry.register_kind(kind, label)
        registry.register_subject("applications.application", "办件", lambda pk: reverse("applications:detail", args=[pk]))
        registry.register_kind(inquiries.OPEN_KIND, "首问办理")
        registry.register_kind(inquiries.HANDOVER_KIND, "首问移交后答复")
        registry.register_subject("applications.inquiry", "首问登记", lambda pk: reverse("applications:inquiry", args=[pk]), number="summary")
        registry.register_subject(
            "applications.jointreview", "并联审查", lambda pk: reverse("applications:joint_review", args=[pk]), number="application.number"
        )
        registry.register_recompute("applications.application", clockwork.recompute)
        backfill.register_steps("applications.application", {k: rules.ACTIONS[k][0] for k in rules.DATED_STEPS}, application_backfill_approve_by_id)
        registry.register_search("applications.application", selectors.pick)
        registry.register_recompute("applications.jointreview", clockwork.recompute_review)
        registry.register_subject(
            "applications.preliminaryreview", "下级初审", lambda pk: reverse("applications:preliminary", args=[pk]), number="application.number"
        )
        registry.register_recompute("applications.preliminaryreview", clockwork.recompute_preliminary)
        register_check(
            ExtraCheck(
                code="applications.refused_without_reasons", label="不予许可/不予受理未说明理由", find=selectors.refusals_without_reasons, stamp="updated_at"
            )
        )
        register_check(
            ExtraCheck(
                code="applications.refusal_of_complete",
                label="材料齐全、符合所列条件的申请被不予许可（待复核）",
                find=selectors.refusals_of_complete_applications,
                stamp="updated_at",
                level=Level.YELLOW,
                opens_fault=False,  # for the office's review, not a fault in itself
            )
        )
        register_check(ExtraCheck(code="applications.unlisted_fee", label="收取公布清单以外的费用", find=selectors.unlisted_fee_findings, stamp="created_at"))
