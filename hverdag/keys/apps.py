from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "hverdag.keys"
    label = "keys"
