from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "xiaoneng.insights"
    label = "insights"
    verbose_name = "智能分析"

    def ready(self):
        from xiaoneng.clocks import registry
        from xiaoneng.workorders.replies import ReplyCheck, register_reply_check
        from xiaoneng.workorders.routing import register_after_intake
        from xiaoneng.workorders.suggestions import register_batch_suggester

        from .services import duplicate_check, issues, reply_assess
        from .services.replies import close_blocker
        from .suggester import suggest_many

        registry.register_kind(issues.PROBLEM_KIND, "难题包案办结")
        registry.register_subject("insights.problementry", "难题库", None)
        registry.register_recompute("insights.problementry", issues.problem_recompute)
        register_batch_suggester(suggest_many)
        register_after_intake(duplicate_check)
        register_reply_check(ReplyCheck(name="insights.reply_quality", on_reply=reply_assess, blocks_close=close_blocker))
