from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "xiaoneng.supervision"
    label = "supervision"
    verbose_name = "电子监察与督办"
