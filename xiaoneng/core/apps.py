from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "xiaoneng.core"
    label = "core"
    verbose_name = "基础服务"

    def ready(self):
        from . import checks  # noqa: F401  registers the security checks
