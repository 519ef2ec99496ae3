from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "hverdag.clients"
    label = "clients"
