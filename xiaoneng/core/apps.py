from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xiaoneng.core"
    label = "core"
    verbose_name = "基础服务"
