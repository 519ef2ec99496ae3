from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hverdag.core"
    label = "core"
    verbose_name = "Core"
