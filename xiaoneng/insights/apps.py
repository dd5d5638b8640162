from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "xiaoneng.insights"
    label = "insights"
    verbose_name = "智能分析"
