from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "hverdag.visits"
    label = "visits"
