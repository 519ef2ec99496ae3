"""The care relationships other contexts register with access at start-up."""

from __future__ import annotations

import pytest

from hverdag.access import relationships
from hverdag.access.models import AccessReason


def test_the_contexts_register_contact_person_then_planned_visit() -> None:
    # Registration order is INSTALLED_APPS order: clients before visits. The reason logged
    # for a read depends on it, so it is part of the behaviour.
    assert [(r.reason, r.registered_by) for r in relationships.registered()] == [
        (AccessReason.CONTACT_PERSON, "clients"),
        (AccessReason.PLANNED_VISIT, "visits"),
    ]


def test_a_second_app_claiming_a_registered_reason_is_a_start_up_error() -> None:
    with pytest.raises(RuntimeError, match="registered by clients and again by notes"):
        relationships.register(
            AccessReason.CONTACT_PERSON, lambda user, client: True, registered_by="notes"
        )
    # The registry is unchanged by the refusal.
    assert relationships.registered()[0].registered_by == "clients"
