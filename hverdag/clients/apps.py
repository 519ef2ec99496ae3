from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "hverdag.clients"
    label = "clients"

    def ready(self) -> None:
        from hverdag.access import relationships
        from hverdag.access.models import AccessReason
        from hverdag.clients.permissions import is_contact_person

        relationships.register(
            AccessReason.CONTACT_PERSON, is_contact_person, registered_by=self.label
        )
