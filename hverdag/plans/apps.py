from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The planning workflow: drafts, optimisation jobs, edits, sick calls, board, KPIs."""

    name = "hverdag.plans"
    label = "plans"
    verbose_name = "Plans"
