import datetime as dt
import random
import uuid
from typing import cast

import pytest
from django.contrib.auth.models import AnonymousUser

from hverdag.access.models import AccessLog, AuditEvent, User
from hverdag.clients.inputs import (
    AssessmentInput,
    ClientInput,
    GoalInput,
    HomeNotesInput,
    ResourcePersonInput,
    WelfareTechnologyInput,
)
from hverdag.clients.models import Assessment, Client, HomeNotes, ResourcePerson
from hverdag.clients.selectors import home_notes_for, reveal_entry_code
from hverdag.clients.services import (
    do_add_resource_person,
    do_add_welfare_technology,
    do_record_assessment,
    do_record_home_notes,
    do_register_client,
)
from hverdag.core import identity_numbers
from hverdag.core.errors import PermissionDenied, RuleViolation
from tests.builders.people import World


def new_client_input(world: World, **overrides: object) -> ClientInput:
    number = identity_numbers.generate(dt.date(1941, 4, 9), random.Random(99), synthetic=False)
    data = ClientInput(
        identity_number=number,
        first_name="Astrid",
        last_name="Nilsen",
        street_address="Kampengata 5",
        postal_code="0654",
        postal_place="Oslo",
        team=world.ost.public_id,
        phone="+47 912 34 567",
        lat=59.9150,
        lon=10.7780,
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def rules(err: pytest.ExceptionInfo[RuleViolation]) -> dict[str, set[str]]:
    return {field: {v["rule"] for v in items} for field, items in err.value.as_dict().items()}


def test_caseworker_registers_a_client_with_an_audit_row(world: World) -> None:
    client = do_register_client(world.caseworker, new_client_input(world))
    assert client.team == world.ost
    assert client.district == world.gamle_oslo
    assert client.identity_kind == "fnr"
    assert client.birth_date == dt.date(1941, 4, 9)
    assert client.practical_provider == world.municipal  # default: the municipal service
    event = AuditEvent.objects.get(action="client.register")
    assert event.actor == world.caseworker
    assert event.client == client
    assert event.new["first_name"] == "Astrid"
    # The audit trail is a log: the personal digits never appear in it.
    assert event.new["identity_number"] == client.identity_number[:6] + "*****"


def test_a_2032_number_is_accepted(world: World) -> None:
    number = identity_numbers.generate(
        dt.date(1950, 3, 4), random.Random(3), synthetic=False, new_generation=True
    )
    client = do_register_client(world.caseworker, new_client_input(world, identity_number=number))
    assert client.identity_number == number


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"identity_number": "12345678901"}, "identity_number", "check_digit_1"),
        ({"identity_number": "123"}, "identity_number", "format"),
        ({"first_name": " "}, "first_name", "required"),
        ({"postal_code": "65"}, "postal_code", "format"),
        ({"lat": 59.9, "lon": None}, "lat", "both_or_none"),
        ({"lat": 40.0, "lon": 10.0}, "lat", "in_norway"),
        ({"team": uuid.uuid4()}, "team", "unknown"),
        ({"contact_person": uuid.uuid4()}, "contact_person", "unknown"),
        ({"practical_provider": uuid.uuid4()}, "practical_provider", "unknown"),
        ({"phone": "12"}, "phone", "format"),
    ],
)
def test_bad_input_names_field_and_rule_and_writes_nothing(
    world: World, overrides: dict[str, object], field: str, rule: str
) -> None:
    before = Client.objects.count()
    with pytest.raises(RuleViolation) as err:
        do_register_client(world.caseworker, new_client_input(world, **overrides))
    assert rule in rules(err)[field]
    assert Client.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_duplicate_client_is_refused(world: World) -> None:
    data = new_client_input(world, identity_number=world.ingrid.identity_number)
    with pytest.raises(RuleViolation) as err:
        do_register_client(world.caseworker, data)
    assert rules(err)["identity_number"] == {"duplicate"}


def test_all_violations_are_reported_together(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_register_client(
            world.caseworker, new_client_input(world, first_name="", postal_code="x", team=None)
        )
    assert set(rules(err)) == {"first_name", "postal_code", "team"}


@pytest.mark.parametrize("who", ["anonymous", "client_user", "nurse_vest", "nurse", "admin"])
def test_only_caseworkers_register_clients(world: World, who: str) -> None:
    user = cast(User, AnonymousUser()) if who == "anonymous" else getattr(world, who)
    before = Client.objects.count()
    with pytest.raises(PermissionDenied):
        do_register_client(user, new_client_input(world))
    assert Client.objects.count() == before


def test_home_notes_are_versioned_and_the_code_is_encrypted(world: World) -> None:
    first = do_record_home_notes(
        world.nurse,
        world.ingrid,
        HomeNotesInput(entry_method="key_box", entry_code="4711", pets="Katt", smoking=True),
    )
    assert "4711" not in first.entry_code_encrypted
    second = do_record_home_notes(
        world.nurse,
        world.ingrid,
        HomeNotesInput(entry_method="key_box", pets="Katt", pets_in_separate_room=True),
    )
    assert (first.version, second.version) == (1, 2)
    assert second.entry_code_encrypted == first.entry_code_encrypted  # code kept
    assert HomeNotes.objects.filter(client=world.ingrid).count() == 2
    assert reveal_entry_code(world.nurse, world.ingrid) == "4711"
    assert AccessLog.objects.filter(what="entry_code", user=world.nurse).count() == 1
    events = AuditEvent.objects.filter(action="home_notes.record").order_by("id")
    assert events[0].new["entry_code_encrypted"] == "***"
    assert events[1].old["pets_in_separate_room"] is False
    assert events[1].new["pets_in_separate_room"] is True


def test_key_box_needs_a_code(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_record_home_notes(world.nurse, world.ingrid, HomeNotesInput(entry_method="key_box"))
    assert rules(err) == {"entry_code": {"required"}}


def test_staff_of_another_team_can_neither_read_nor_write_home_notes(world: World) -> None:
    do_record_home_notes(world.nurse, world.ingrid, HomeNotesInput(entry_method="client_opens"))
    with pytest.raises(PermissionDenied):
        do_record_home_notes(
            world.nurse_vest, world.ingrid, HomeNotesInput(entry_method="client_opens")
        )
    with pytest.raises(PermissionDenied):
        home_notes_for(world.nurse_vest, world.ingrid)
    assert HomeNotes.objects.count() == 1
    assert not AccessLog.objects.filter(user=world.nurse_vest).exists()


def test_resource_person_with_proxy_must_receive_information(world: World) -> None:
    data = ResourcePersonInput(
        name="Hege Hansen", relation="child", phone="91234567", has_proxy=True
    )
    with pytest.raises(RuleViolation) as err:
        do_add_resource_person(world.caseworker, world.ingrid, data)
    assert rules(err) == {"consent_to_information": {"proxy_implies_consent"}}
    data.consent_to_information = True
    person = do_add_resource_person(world.caseworker, world.ingrid, data)
    assert ResourcePerson.objects.get() == person
    assert AuditEvent.objects.get(action="resource_person.add").new["has_proxy"] is True


def test_welfare_technology_is_recorded(world: World) -> None:
    device = do_add_welfare_technology(
        world.nurse,
        world.ingrid,
        WelfareTechnologyInput("safety_alarm", "TA-55521", "Telenor Trygghet", dt.date(2025, 3, 1)),
    )
    assert (device.kind, device.serial_number) == ("safety_alarm", "TA-55521")
    with pytest.raises(RuleViolation) as err:
        do_add_welfare_technology(
            world.nurse,
            world.ingrid,
            WelfareTechnologyInput("toaster", "", "X", dt.date.today() + dt.timedelta(days=3)),
        )
    assert set(rules(err)) == {"kind", "serial_number", "installed_on"}


def test_assessments_are_versioned_never_overwritten(world: World) -> None:
    today = dt.date.today()
    first = do_record_assessment(
        world.caseworker,
        world.ingrid,
        AssessmentInput(
            assessed_on=today - dt.timedelta(days=30),
            what_matters="Å bo hjemme og gå tur med hunden",
            manages_self="Spiser selv, kler på seg overdelen",
            resources="Datter Hege kommer hver helg",
            scores={"personal_hygiene": 3, "dressing": 4, "hearing": 9},
            goals=[GoalInput("reablement", "Gå til butikken selv", today + dt.timedelta(days=42))],
        ),
    )
    second = do_record_assessment(
        world.caseworker,
        world.ingrid,
        AssessmentInput(
            assessed_on=today,
            what_matters="Det samme",
            manages_self="Mer enn før",
            resources="Datter",
            scores={"personal_hygiene": 2},
        ),
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert {s.variable.code: s.score for s in first.scores.all()} == {
        "personal_hygiene": 3,
        "dressing": 4,
        "hearing": 9,
    }
    assert first.goals.get().kind == "reablement"
    event = AuditEvent.objects.filter(action="assessment.record").order_by("id").first()
    assert event is not None and event.new["scores"]["dressing"] == 4


def test_assessment_scores_outside_the_scale_are_refused(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_record_assessment(
            world.caseworker,
            world.ingrid,
            AssessmentInput(
                assessed_on=dt.date.today(),
                what_matters="x",
                manages_self="y",
                resources="z",
                scores={"dressing": 6, "flying": 1},
                goals=[GoalInput("reablement", "Gå", dt.date.today())],
            ),
        )
    assert rules(err) == {
        "scores.dressing": {"scale"},
        "scores.flying": {"unknown_variable"},
        "goals.0.follow_up_on": {"after_assessment"},
    }
    assert not Assessment.objects.exists()


def test_field_staff_do_not_record_assessments(world: World) -> None:
    with pytest.raises(PermissionDenied):
        do_record_assessment(
            world.nurse,
            world.ingrid,
            AssessmentInput(dt.date.today(), "x", "y", "z"),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("postal_place", "x" * 61), ("preferred_language", "y" * 41), ("phone", "1" * 31)],
)
def test_text_longer_than_its_column_is_refused_before_the_database(
    world: World, field: str, value: str
) -> None:
    with pytest.raises(RuleViolation) as err:
        do_register_client(world.caseworker, new_client_input(world, **{field: value}))
    assert "max_length" in rules(err)[field]
    assert Client.objects.count() == 1


def test_home_notes_and_next_of_kin_texts_fit_their_columns(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_record_home_notes(
            world.nurse, world.ingrid, HomeNotesInput(entry_method="client_opens", pets="p" * 201)
        )
    assert rules(err) == {"pets": {"max_length"}}
    with pytest.raises(RuleViolation) as err:
        do_add_resource_person(
            world.caseworker,
            world.ingrid,
            ResourcePersonInput(name="Hege", relation="child", email="ikke-en-epost"),
        )
    assert rules(err) == {"email": {"format"}}
    assert not HomeNotes.objects.exists()
    assert not ResourcePerson.objects.exists()
