from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "hverdag.visits"
    label = "visits"

    def ready(self) -> None:
        from hverdag.access import relationships
        from hverdag.access.models import AccessReason
        from hverdag.visits.permissions import has_planned_visit

        relationships.register(
            AccessReason.PLANNED_VISIT, has_planned_visit, registered_by=self.label
        )
