from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "hverdag.staff"
    label = "staff"
