from django.apps import AppConfig


class MedicationConfig(AppConfig):
    name = "hverdag.medication"
    label = "medication"
