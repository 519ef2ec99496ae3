from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "hverdag.deviations"
    label = "deviations"
