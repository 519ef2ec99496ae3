from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "hverdag.decisions"
    label = "decisions"
