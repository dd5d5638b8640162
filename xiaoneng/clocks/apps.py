from django.apps import AppConfig


class ClocksConfig(AppConfig):
    name = "xiaoneng.clocks"
    label = "clocks"
    verbose_name = "时限"

    def ready(self):
        from xiaoneng.core import hooks
        from xiaoneng.workdays.services import CALENDAR_CHANGED

        from .tasks import recompute_after_calendar_change

        hooks.register(CALENDAR_CHANGED, recompute_after_calendar_change)
