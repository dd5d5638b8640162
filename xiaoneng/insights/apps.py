from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "xiaoneng.insights"
    label = "insights"
    verbose_name = "智能分析"

    def ready(self):
        from xiaoneng.workorders.replies import ReplyCheck, register_reply_check
        from xiaoneng.workorders.routing import register_after_intake
        from xiaoneng.workorders.suggestions import register_suggester

        from .services import duplicate_check, reply_assess
        from .services.replies import close_blocker
        from .suggester import suggest

        register_suggester(suggest)
        register_after_intake(duplicate_check)
        register_reply_check(ReplyCheck(name="insights.reply_quality", on_reply=reply_assess, blocks_close=close_blocker))
