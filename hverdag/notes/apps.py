from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "hverdag.notes"
    label = "notes"
