from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hverdag.web"
    label = "web"
