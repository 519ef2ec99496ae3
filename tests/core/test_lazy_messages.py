"""A domain error is worded where it is shown, in the reader's language, not where it is raised.

A service may run before the request's language is active, in a Celery task or a management
command: the error it raises must still read in bokmål on a bokmål page and in English for
an English reader. Each test raises with no language active (``override(None)``, where an
eager ``gettext`` would freeze the English msgid) and renders under ``nb`` and ``en``.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from hverdag.access import policy
from hverdag.access.models import BreakGlassTemplate
from hverdag.access.services import do_open_break_glass
from hverdag.clients.inputs import ClientInput
from hverdag.clients.services import do_register_client
from hverdag.core import identity_numbers
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.core.i18n import interpolate, lowercase
from hverdag.core.idempotency import parse_key
from hverdag.core.phone_time import check_phone_time
from hverdag.staff.permissions import require_staff_action
from tests.builders.people import World


def test_interpolation_waits_for_the_language() -> None:
    with translation.override(None):
        message = interpolate(gettext_lazy("At most %(limit)d characters."), {"limit": 30})
        label = lowercase(gettext_lazy("Approved"))
    with translation.override("nb"):
        assert str(message) == "Høyst 30 tegn."
        assert str(label) == "godkjent"
    with translation.override("en"):
        assert str(message) == "At most 30 characters."
        assert str(label) == "approved"


def test_an_identity_number_refusal_reads_in_each_language() -> None:
    with translation.override(None), pytest.raises(identity_numbers.InvalidIdentityNumber) as exc:
        identity_numbers.parse("123")
    assert exc.value.rule == "format"
    with translation.override("nb"):
        assert str(exc.value.message) == "Identitetsnummeret må ha nøyaktig 11 sifre."
    with translation.override("en"):
        assert str(exc.value.message) == "Identity number must be exactly 11 digits."


def bad_client(world: World) -> ClientInput:
    number = identity_numbers.generate(dt.date(1941, 4, 9), random.Random(99), synthetic=False)
    return ClientInput(
        identity_number=number,
        first_name="Astrid",
        last_name="Nilsen",
        street_address="Kampengata 5",
        postal_code="12",
        postal_place="Oslo",
        team=world.ost.public_id,
    )


def test_a_service_refusal_raised_with_no_language_renders_in_the_readers_language(
    world: World,
) -> None:
    with translation.override(None), pytest.raises(RuleViolation) as exc:
        do_register_client(world.caseworker, bad_client(world))
    error = exc.value
    assert [(v.field, v.rule) for v in error.violations] == [("postal_code", "format")]

    with translation.override("nb"):
        assert error.violations[0].message == "Postnummeret må ha fire sifre."
        assert str(error) == "postal_code: Postnummeret må ha fire sifre."
        assert error.as_dict() == {
            "postal_code": [{"rule": "format", "message": "Postnummeret må ha fire sifre."}]
        }
    with translation.override("en"):
        assert error.violations[0].message == "Postal code must be four digits."
        assert str(error) == "postal_code: Postal code must be four digits."
        assert error.as_dict() == {
            "postal_code": [{"rule": "format", "message": "Postal code must be four digits."}]
        }


def test_a_refusal_survives_pickling_still_lazy(world: World) -> None:
    # A Celery result carries the exception pickled; it must come back whole and untranslated.
    with translation.override(None), pytest.raises(RuleViolation) as exc:
        do_register_client(world.caseworker, bad_client(world))
    copy = pickle.loads(pickle.dumps(exc.value))
    assert [(v.field, v.rule) for v in copy.violations] == [("postal_code", "format")]
    with translation.override("nb"):
        assert copy.violations[0].message == "Postnummeret må ha fire sifre."
    with translation.override("en"):
        assert copy.violations[0].message == "Postal code must be four digits."


def test_an_interpolated_refusal_keeps_its_number_in_both_languages(world: World) -> None:
    with translation.override(None), pytest.raises(RuleViolation) as exc:
        do_open_break_glass(world.nurse, world.ingrid, BreakGlassTemplate.URGENT_CARE, "Fall")
    [violation] = exc.value.violations
    assert (violation.field, violation.rule) == ("reason_text", "min_length")
    with translation.override("nb"):
        assert violation.message == "Skriv begrunnelsen med minst 10 tegn."
    with translation.override("en"):
        assert violation.message == "Write the reason in at least 10 characters."


def test_a_permission_refusal_renders_in_the_readers_language(world: World) -> None:
    with translation.override(None), pytest.raises(PermissionDenied) as exc:
        policy.require_action(world.nurse, "client.register")
    with translation.override("nb"):
        assert str(exc.value) == "Rollen din gir ikke lov til client.register."
    with translation.override("en"):
        assert str(exc.value) == "Your role does not allow client.register."


def test_refusals_of_the_phones_queue_wait_for_the_language_too() -> None:
    with translation.override(None):
        with pytest.raises(RuleViolation) as bad_key:
            parse_key("not-a-uuid")
        with pytest.raises(RuleViolation) as naive:
            check_phone_time(dt.datetime(2026, 12, 2, 8, 0))  # no time zone
    with translation.override("nb"):
        assert bad_key.value.violations[0].message == "Handlingens nøkkel er ikke en gyldig UUID."
        assert naive.value.violations[0].message == "Tidspunktet må ha tidssone."
    with translation.override("en"):
        assert bad_key.value.violations[0].message == "The action's key is not a valid UUID."
        assert naive.value.violations[0].message == "The time must carry its time zone."


def test_a_label_made_at_import_is_worded_when_the_refusal_is_shown(world: World) -> None:
    # STAFF_ACTION_LABELS is built when the module is imported, long before any request.
    with translation.override(None), pytest.raises(PermissionDenied) as exc:
        require_staff_action(world.nurse, "staff.shifts", world.nurse.employee)
    with translation.override("nb"):
        assert str(exc.value) == "Rollen din gir ikke lov til å endre vaktplanen."
    with translation.override("en"):
        assert str(exc.value) == "Your role does not allow changing the rota."
