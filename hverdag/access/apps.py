from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "hverdag.access"
    label = "access"
