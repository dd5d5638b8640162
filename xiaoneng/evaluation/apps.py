from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "xiaoneng.evaluation"
    label = "evaluation"
    verbose_name = "评议考核"

    def ready(self):
        from django.urls import reverse

        from xiaoneng.applications.documents import NOTICE_EXTRAS
        from xiaoneng.clocks import registry
        from xiaoneng.core import hooks
        from xiaoneng.supervision.checks import ExtraCheck, register_check

        from . import documents, selectors
        from .services.common import KIND_LABELS

        hooks.register(NOTICE_EXTRAS, documents.rating_qr)
        for kind, label in KIND_LABELS.items():
            registry.register_kind(kind, label)
        registry.register_subject(
            "evaluation.rectification", "差评整改", lambda pk: reverse("evaluation:rectification", args=[pk]), number="rating.subject_number"
        )
        registry.register_subject("evaluation.commitment", "承诺事项", lambda pk: reverse("evaluation:commitments") + f"#c{pk}")
        registry.register_subject("evaluation.commitmentreview", "承诺回头看", lambda pk: reverse("evaluation:commitments"), number="commitment.number")
        registry.register_subject("evaluation.policy", "惠企政策", lambda pk: reverse("evaluation:policies"), number="name")
        registry.register_subject("evaluation.benefitclaim", "政策兑现申请", lambda pk: reverse("evaluation:policies"))
        registry.register_subject("evaluation.appraisalresult", "评议末位单位", lambda pk: reverse("evaluation:appraisals"))
        register_check(
            ExtraCheck(
                code="evaluation.appraisal_bottom",
                label="万人评议末位单位",
                level="yellow",
                opens_fault=False,
                find=selectors.bottom_unit_findings,
                stamp="published_at",
            )
        )
