from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "hverdag.org"
    label = "org"
