"""Kari writes, approves, sends, changes and ends Ingrid's decision; others may not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from hverdag.access.models import AccessLog, AuditEvent, Role, User
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    Letter,
    Service,
    ServiceLine,
)
from hverdag.decisions.services import (
    apply_due_transitions,
    do_activate,
    do_approve,
    do_change,
    do_create_decision,
    do_discard_draft,
    do_send,
    do_terminate,
    do_update_draft,
)
from hverdag.org.models import Municipality, Provider
from hverdag.staff.models import Profession
from tests.builders.people import World, make_staff
from tests.decisions.conftest import TODAY, decision_input, line_input, standard_input


def rows() -> tuple[Any, ...]:
    """Everything a decision write may touch, to prove a refused call wrote nothing."""
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "status", "version")),
        ServiceLine.objects.count(),
        Letter.objects.count(),
        AuditEvent.objects.count(),
    )


def errors_of(exc: pytest.ExceptionInfo[RuleViolation]) -> set[tuple[str, str]]:
    return {(v.field, v.rule) for v in exc.value.violations}


def sent(world: World, catalogue: dict[str, Service], **changes: Any) -> Decision:
    decision = do_create_decision(
        world.caseworker, world.ingrid, standard_input(world, catalogue, **changes)
    )
    do_approve(world.caseworker, decision)
    do_send(world.caseworker, decision, "both", TODAY)
    decision.refresh_from_db()
    return decision


# Creating a draft ----------------------------------------------------------------------


def test_caseworker_creates_a_draft_with_its_lines_and_an_audit_row(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))

    assert (decision.status, decision.kind, decision.version, decision.previous) == (
        DecisionStatus.DRAFT,
        DecisionKind.NEW,
        1,
        None,
    )
    assert (decision.client, decision.district, decision.municipality) == (
        world.ingrid,
        world.gamle_oslo,
        world.oslo,
    )
    assert decision.caseworker == world.caseworker
    assert decision.applied_for == "hjemmesykepleie og hjelp til rengjøring"
    wound, cleaning = decision.lines.order_by("id")
    assert (wound.service.code, wound.provider, wound.times_per_day, wound.weekdays) == (
        "wound_care",
        world.municipal,
        2,
        [1, 3, 5],
    )
    assert (wound.minutes_per_visit, wound.window_start, wound.window_end) == (
        30,
        dt.time(8, 0),
        dt.time(10, 0),
    )
    assert (wound.visits_per_week, wound.hours_per_week) == (6, 3)
    assert (cleaning.provider, cleaning.every_n_weeks, cleaning.visits_per_week) == (
        world.private,
        2,
        0.5,
    )
    assert cleaning.hours_per_week == 0.75

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.client) == (
        "decision.create",
        world.caseworker,
        world.ingrid,
    )
    assert event.object_id == str(decision.public_id)
    assert event.old is None
    assert event.new is not None
    assert event.new["status"] == "draft"
    assert event.new["valid_from"] == "2026-11-23"
    assert [line["minutes_per_visit"] for line in event.new["lines"]] == [30, 90]


def test_a_full_refusal_needs_no_lines_but_says_what_is_refused(
    world: World, catalogue: dict[str, Service]
) -> None:
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, decision_input(()))
    assert errors_of(exc) == {("lines", "required")}

    refusal = decision_input((), refused="Dagsenter: tilbudet gis ikke som tjeneste i hjemmet.")
    decision = do_create_decision(world.caseworker, world.ingrid, refusal)
    assert decision.lines.count() == 0
    assert decision.refused.startswith("Dagsenter")


# Validation ----------------------------------------------------------------------------

LINE_RULES: list[tuple[dict[str, Any], str, str]] = [
    ({"times_per_day": 0}, "lines[0].times_per_day", "min_value"),
    ({"weekdays": ()}, "lines[0].weekdays", "required"),
    ({"weekdays": (0, 3)}, "lines[0].weekdays", "choice"),
    ({"weekdays": (1, 8)}, "lines[0].weekdays", "choice"),
    ({"weekdays": (2, 2)}, "lines[0].weekdays", "duplicate"),
    ({"every_n_weeks": 0}, "lines[0].every_n_weeks", "min_value"),
    ({"minutes_per_visit": 0}, "lines[0].minutes_per_visit", "min_value"),
    ({"minutes_per_visit": -15}, "lines[0].minutes_per_visit", "min_value"),
    ({"staff_count": 0}, "lines[0].staff_count", "choice"),
    ({"staff_count": 3}, "lines[0].staff_count", "choice"),
    ({"window_end": dt.time(8, 0)}, "lines[0].window_end", "end_not_after_start"),
    ({"window_end": dt.time(7, 0)}, "lines[0].window_end", "end_not_after_start"),
    ({"window_end": None}, "lines[0].window_end", "required"),
    ({"outcome": "refused"}, "lines[0].outcome", "choice"),
]


@pytest.mark.parametrize(("changes", "field", "rule"), LINE_RULES)
def test_line_rules(
    world: World,
    catalogue: dict[str, Service],
    changes: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    data = decision_input((line_input(catalogue["wound_care"], world.municipal, **changes),))
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {(field, rule)}
    assert rows() == before


DECISION_RULES: list[tuple[dict[str, Any], str, str]] = [
    ({"valid_to": dt.date(2026, 11, 22)}, "valid_to", "end_before_start"),
    ({"review_on": dt.date(2026, 11, 1)}, "review_on", "before_start"),
    ({"facts": "  "}, "facts", "required"),
    ({"reasons": ""}, "reasons", "required"),
    ({"applied_for": ""}, "applied_for", "required"),
]


@pytest.mark.parametrize(("changes", "field", "rule"), DECISION_RULES)
def test_decision_rules(
    world: World,
    catalogue: dict[str, Service],
    changes: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(
            world.caseworker, world.ingrid, standard_input(world, catalogue, **changes)
        )
    assert errors_of(exc) == {(field, rule)}
    assert rows() == before


def test_a_decision_may_last_a_single_day(world: World, catalogue: dict[str, Service]) -> None:
    data = standard_input(world, catalogue, valid_to=dt.date(2026, 11, 23), review_on=None)
    assert do_create_decision(world.caseworker, world.ingrid, data).valid_to == dt.date(
        2026, 11, 23
    )


def test_every_violation_is_reported_at_once(world: World, catalogue: dict[str, Service]) -> None:
    data = decision_input(
        (
            line_input(catalogue["wound_care"], world.municipal, times_per_day=0, staff_count=3),
            line_input(catalogue["cleaning"], world.municipal, weekdays=()),
        ),
        valid_to=dt.date(2026, 1, 1),
        reasons="",
    )
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {
        ("valid_to", "end_before_start"),
        ("reasons", "required"),
        ("lines[0].times_per_day", "min_value"),
        ("lines[0].staff_count", "choice"),
        ("lines[1].weekdays", "required"),
    }
    assert exc.value.as_dict()["valid_to"][0]["rule"] == "end_before_start"


def test_a_service_no_longer_offered_is_refused(
    world: World, catalogue: dict[str, Service]
) -> None:
    Service.objects.filter(code="laundry").update(active=False)
    data = decision_input((line_input(catalogue["laundry"], world.municipal),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].service", "inactive")}


def test_services_and_providers_of_another_municipality_are_refused(
    world: World, catalogue: dict[str, Service]
) -> None:
    from hverdag.decisions.catalogue import install_catalogue

    baerum = Municipality.objects.create(name="Bærum", number="3201")
    install_catalogue(baerum)
    their_service = Service.objects.get(municipality=baerum, code="wound_care")
    their_provider = Provider.objects.create(
        municipality=baerum, name="Bærum hjemmetjeneste", kind=Provider.Kind.MUNICIPAL
    )
    data = decision_input(
        (
            line_input(their_service, world.municipal),
            line_input(catalogue["wound_care"], their_provider),
        )
    )
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {
        ("lines[0].service", "other_municipality"),
        ("lines[1].provider", "other_municipality"),
    }
    assert rows() == before


def test_unknown_service_and_inactive_provider(world: World, catalogue: dict[str, Service]) -> None:
    import uuid

    Provider.objects.filter(pk=world.private.pk).update(active=False)
    data = decision_input(
        (
            dataclasses.replace(
                line_input(catalogue["wound_care"], world.municipal), service=uuid.uuid4()
            ),
            line_input(catalogue["cleaning"], world.private),
        )
    )
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {
        ("lines[0].service", "unknown"),
        ("lines[1].provider", "inactive"),
    }


def test_additional_services_are_bought_not_granted(
    world: World, catalogue: dict[str, Service]
) -> None:
    data = decision_input((line_input(catalogue["additional_services"], world.private),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].service", "not_part_of_decision")}


def test_a_private_provider_delivers_only_its_approved_categories(
    world: World, catalogue: dict[str, Service]
) -> None:
    # Hjemmehjelp AS is approved for household and personal care, not home nursing.
    data = decision_input((line_input(catalogue["wound_care"], world.private),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].provider", "not_approved")}


def test_the_municipal_provider_is_approved_for_everything(
    world: World, catalogue: dict[str, Service]
) -> None:
    assert world.municipal.categories == []
    data = decision_input(
        tuple(
            line_input(catalogue[code], world.municipal)
            for code in ("wound_care", "personal_hygiene", "cleaning")
        )
    )
    assert do_create_decision(world.caseworker, world.ingrid, data).lines.count() == 3


def test_a_provider_whose_contract_has_ended_is_refused(
    world: World, catalogue: dict[str, Service]
) -> None:
    Provider.objects.filter(pk=world.private.pk).update(contract_to=dt.date(2026, 11, 22))
    data = decision_input((line_input(catalogue["cleaning"], world.private),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].provider", "contract_ended")}
    Provider.objects.filter(pk=world.private.pk).update(contract_to=dt.date(2026, 11, 23))
    assert do_create_decision(world.caseworker, world.ingrid, data).lines.count() == 1


def test_a_service_needs_an_active_employee_with_its_competence(
    world: World, catalogue: dict[str, Service]
) -> None:
    # Nobody at the municipal service is qualified for injections.
    data = decision_input((line_input(catalogue["injections"], world.municipal),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].provider", "competence_unavailable")}

    # Nils has wound care, but an inactive employee does not count.
    type(world.nurse.employee).objects.filter(pk=world.nurse.employee.pk).update(active=False)
    data = decision_input((line_input(catalogue["wound_care"], world.municipal),))
    with pytest.raises(RuleViolation) as exc:
        do_create_decision(world.caseworker, world.ingrid, data)
    assert errors_of(exc) == {("lines[0].provider", "competence_unavailable")}
    assert not Decision.objects.exists()


# Editing a draft -----------------------------------------------------------------------


def test_updating_a_draft_replaces_its_lines_and_audits_the_difference(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    old_line_ids = set(decision.lines.values_list("pk", flat=True))
    data = decision_input(
        (line_input(catalogue["wound_care"], world.municipal, minutes_per_visit=45),),
        reasons="Sårstell tar lengre tid enn antatt.",
    )

    do_update_draft(world.caseworker, decision, data)

    decision.refresh_from_db()
    assert decision.reasons == "Sårstell tar lengre tid enn antatt."
    (line,) = decision.lines.all()
    assert line.minutes_per_visit == 45
    assert not ServiceLine.objects.filter(pk__in=old_line_ids).exists()
    event = AuditEvent.objects.get(action="decision.update_draft")
    assert event.old is not None
    assert event.new is not None
    assert set(event.new) == {"reasons", "lines"}
    assert (
        event.old["reasons"] == "Behovet for sårstell og hjelp til rengjøring er nødvendig hjelp."
    )
    assert [line["minutes_per_visit"] for line in event.old["lines"]] == [30, 90]
    assert [line["minutes_per_visit"] for line in event.new["lines"]] == [45]


def test_an_invalid_update_leaves_the_draft_as_it_was(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    before = rows()
    bad = decision_input((line_input(catalogue["wound_care"], world.municipal, times_per_day=0),))
    with pytest.raises(RuleViolation) as exc:
        do_update_draft(world.caseworker, decision, bad)
    assert errors_of(exc) == {("lines[0].times_per_day", "min_value")}
    assert rows() == before
    assert decision.lines.count() == 2


def test_only_drafts_are_editable(world: World, catalogue: dict[str, Service]) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_update_draft(world.caseworker, decision, standard_input(world, catalogue))
    assert errors_of(exc) == {("status", "invalid_transition")}
    assert rows() == before
    # The verb and the status are translated too, not pasted in English into bokmål.
    [violation] = exc.value.violations
    with translation.override("en"):
        assert violation.message == "Cannot edit a decision that is approved."
    with translation.override("nb"):
        assert violation.message == "Du kan ikke endre et vedtak med status «godkjent»."


def test_an_unsent_decision_can_be_discarded_and_the_audit_keeps_it(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    public_id = str(decision.public_id)
    do_discard_draft(world.caseworker, decision)
    assert not Decision.objects.exists()
    assert not ServiceLine.objects.exists()
    event = AuditEvent.objects.get(action="decision.discard")
    assert event.object_id == public_id
    assert event.old is not None
    assert len(event.old["lines"]) == 2


# The lifecycle -------------------------------------------------------------------------


def test_approve_records_who_and_when(world: World, catalogue: dict[str, Service]) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.approved_by == world.caseworker
    assert decision.approved_at is not None
    event = AuditEvent.objects.get(action="decision.approve")
    assert event.old is not None
    assert event.new is not None
    assert (event.old["status"], event.new["status"]) == ("draft", "approved")
    assert event.new["approved_by_id"] == world.caseworker.pk


def test_sending_a_valid_decision_stores_the_letter_and_activates_it(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)

    letter = do_send(world.caseworker, decision, "in_writing", dt.date(2026, 11, 25))

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE
    assert (decision.informed_how, decision.informed_on) == ("in_writing", dt.date(2026, 11, 25))
    assert decision.sent_at is not None
    assert letter.decision == decision
    assert letter.template_version == "2"
    assert bytes(letter.pdf).startswith(b"%PDF-")
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "decision.create",
        "decision.approve",
        "decision.send",
        "decision.letter",
        "decision.activate",
    ]
    send = AuditEvent.objects.get(action="decision.send")
    assert send.old is not None
    assert send.new is not None
    assert (send.old["status"], send.new["status"]) == ("approved", "sent")
    assert (send.old["informed_how"], send.new["informed_how"]) == ("", "in_writing")
    assert send.new["informed_on"] == "2026-11-25"
    activate = AuditEvent.objects.get(action="decision.activate")
    assert (activate.old, activate.new) == ({"status": "sent"}, {"status": "active"})


def test_a_decision_valid_later_waits_as_sent_until_its_first_day(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = sent(world, catalogue, valid_from=dt.date(2026, 12, 1))
    assert decision.status == DecisionStatus.SENT

    with pytest.raises(RuleViolation) as exc:
        do_activate(world.caseworker, decision)
    assert errors_of(exc) == {("valid_from", "not_yet_valid")}

    assert apply_due_transitions(dt.date(2026, 11, 30)) == []
    assert apply_due_transitions(dt.date(2026, 12, 1)) == [decision]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ACTIVE
    event = AuditEvent.objects.get(action="decision.activate")
    assert event.actor is None


def test_send_needs_how_and_when_the_client_was_informed(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = do_create_decision(world.caseworker, world.ingrid, standard_input(world, catalogue))
    do_approve(world.caseworker, decision)
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_send(world.caseworker, decision, "by_pigeon", None)
    assert errors_of(exc) == {("informed_how", "choice"), ("informed_on", "required")}
    assert rows() == before


def test_a_time_limited_decision_ends_by_itself(
    world: World, catalogue: dict[str, Service]
) -> None:
    decision = sent(world, catalogue, valid_to=dt.date(2026, 12, 31), review_on=None)
    assert decision.status == DecisionStatus.ACTIVE
    assert apply_due_transitions(dt.date(2026, 12, 31)) == []
    assert apply_due_transitions(dt.date(2027, 1, 1)) == [decision]
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ENDED
    assert decision.ended_at is not None


TransitionCall = Callable[[World, dict[str, Service], Decision], object]

TRANSITIONS_OUT_OF_ORDER: list[tuple[str, str, TransitionCall]] = [
    ("approved", "approve", lambda w, c, d: do_approve(w.caseworker, d)),
    ("active", "approve", lambda w, c, d: do_approve(w.caseworker, d)),
    ("draft", "send", lambda w, c, d: do_send(w.caseworker, d, "orally", TODAY)),
    ("active", "send", lambda w, c, d: do_send(w.caseworker, d, "orally", TODAY)),
    ("draft", "activate", lambda w, c, d: do_activate(w.caseworker, d)),
    ("approved", "activate", lambda w, c, d: do_activate(w.caseworker, d)),
    ("draft", "change", lambda w, c, d: do_change(w.caseworker, d, standard_input(w, c))),
    ("approved", "change", lambda w, c, d: do_change(w.caseworker, d, standard_input(w, c))),
    (
        "draft",
        "terminate",
        lambda w, c, d: do_terminate(w.caseworker, d, dt.date(2026, 12, 31), "Flyttet."),
    ),
    ("active", "discard", lambda w, c, d: do_discard_draft(w.caseworker, d)),
]


def decision_in(world: World, catalogue: dict[str, Service], status: str) -> Decision:
    """A decision in the given status; "sent" is sent ahead of time and now due."""
    first_day = dt.date(2026, 12, 1) if status == "sent" else dt.date(2026, 11, 23)
    decision = do_create_decision(
        world.caseworker, world.ingrid, standard_input(world, catalogue, valid_from=first_day)
    )
    if status in ("approved", "sent", "active"):
        do_approve(world.caseworker, decision)
    if status in ("sent", "active"):
        do_send(world.caseworker, decision, "orally", TODAY)
    if status == "sent":
        Decision.objects.filter(pk=decision.pk).update(valid_from=TODAY)
    decision.refresh_from_db()
    assert decision.status == status
    return decision


@pytest.mark.parametrize(("status", "verb", "call"), TRANSITIONS_OUT_OF_ORDER)
def test_transitions_out_of_order_are_refused(
    world: World, catalogue: dict[str, Service], status: str, verb: str, call: TransitionCall
) -> None:
    decision = decision_in(world, catalogue, status)
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        call(world, catalogue, decision)
    assert errors_of(exc) == {("status", "invalid_transition")}
    assert rows() == before


# Changes and terminations --------------------------------------------------------------


def test_a_change_is_a_new_version_that_replaces_the_old_when_sent(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue)
    data = decision_input(
        (line_input(catalogue["wound_care"], world.municipal, times_per_day=1),),
        applied_for="mindre hjelp til sårstell",
        valid_from=dt.date(2026, 11, 24),
        reasons="Såret gror; ett besøk om dagen er nok.",
    )

    v2 = do_change(world.caseworker, v1, data)

    assert (v2.series, v2.version, v2.previous, v2.kind, v2.status) == (
        v1.series,
        2,
        v1,
        DecisionKind.CHANGE,
        DecisionStatus.DRAFT,
    )
    assert v2.lines.get().times_per_day == 1
    v1.refresh_from_db()
    assert v1.status == DecisionStatus.ACTIVE  # still standing until the change is sent
    assert AuditEvent.objects.filter(action="decision.change", object_id=str(v2.public_id)).exists()

    do_approve(world.caseworker, v2)
    do_send(world.caseworker, v2, "orally", TODAY)

    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (DecisionStatus.CHANGED, DecisionStatus.ACTIVE)
    assert v1.ended_at is not None
    assert v1.letters.count() == 1
    assert v2.letters.count() == 1
    replace = AuditEvent.objects.get(action="decision.replace")
    assert replace.object_id == str(v1.public_id)
    assert replace.old is not None
    assert replace.new is not None
    assert (replace.old["status"], replace.new["status"]) == ("active", "changed")


def test_a_change_valid_later_leaves_the_old_version_standing_until_then(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue)
    v2 = do_change(
        world.caseworker, v1, standard_input(world, catalogue, valid_from=dt.date(2027, 1, 1))
    )
    do_approve(world.caseworker, v2)
    do_send(world.caseworker, v2, "in_writing", TODAY)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (DecisionStatus.ACTIVE, DecisionStatus.SENT)

    apply_due_transitions(dt.date(2027, 1, 1))
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (DecisionStatus.CHANGED, DecisionStatus.ACTIVE)


def test_only_one_newer_version_at_a_time(world: World, catalogue: dict[str, Service]) -> None:
    v1 = sent(world, catalogue)
    do_change(world.caseworker, v1, standard_input(world, catalogue))
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_change(world.caseworker, v1, standard_input(world, catalogue))
    assert errors_of(exc) == {("decision", "has_newer_version")}
    with pytest.raises(RuleViolation) as exc:
        do_terminate(world.caseworker, v1, dt.date(2026, 12, 31), "Flytter.")
    assert errors_of(exc) == {("decision", "has_newer_version")}
    assert rows() == before


def test_a_change_cannot_take_effect_before_the_decision_it_changes(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue)
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_change(
            world.caseworker, v1, standard_input(world, catalogue, valid_from=dt.date(2026, 11, 1))
        )
    assert errors_of(exc) == {("valid_from", "before_previous_start")}
    assert rows() == before


def test_termination_ends_the_same_services_on_the_last_day(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue)

    v2 = do_terminate(
        world.caseworker,
        v1,
        dt.date(2026, 12, 31),
        "Ingrid flytter til sykehjem.",
        facts="Flytter.",
    )

    assert (v2.kind, v2.status, v2.version, v2.previous) == (
        DecisionKind.TERMINATION,
        DecisionStatus.DRAFT,
        2,
        v1,
    )
    assert (v2.valid_from, v2.valid_to) == (v1.valid_from, dt.date(2026, 12, 31))
    assert [(ln.service_id, ln.minutes_per_visit) for ln in v2.lines.order_by("id")] == [
        (ln.service_id, ln.minutes_per_visit) for ln in v1.lines.order_by("id")
    ]
    event = AuditEvent.objects.get(action="decision.terminate")
    assert event.new is not None
    assert (event.new["kind"], event.new["valid_to"]) == ("termination", "2026-12-31")

    do_approve(world.caseworker, v2)
    letter = do_send(world.caseworker, v2, "both", TODAY)
    assert letter.content["ends"] is True
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (DecisionStatus.ENDED, DecisionStatus.ACTIVE)

    apply_due_transitions(dt.date(2027, 1, 1))
    v2.refresh_from_db()
    assert v2.status == DecisionStatus.ENDED
    # A decision that ends the services is not itself changed or ended again.
    with pytest.raises(RuleViolation) as exc:
        do_change(world.caseworker, v2, standard_input(world, catalogue))
    assert errors_of(exc) == {("status", "invalid_transition")}


@pytest.mark.parametrize(
    ("end_date", "reasons", "expected"),
    [
        (dt.date(2026, 11, 1), "Flytter.", {("end_date", "end_before_start")}),
        (dt.date(2027, 2, 1), "Flytter.", {("end_date", "after_current_end")}),
        (dt.date(2026, 12, 1), " ", {("reasons", "required")}),
    ],
)
def test_termination_rules(
    world: World,
    catalogue: dict[str, Service],
    end_date: dt.date,
    reasons: str,
    expected: set[tuple[str, str]],
) -> None:
    v1 = sent(world, catalogue, valid_to=dt.date(2027, 1, 31), review_on=None)
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_terminate(world.caseworker, v1, end_date, reasons)
    assert errors_of(exc) == expected
    assert rows() == before


def test_a_termination_draft_is_not_edited_but_discarded(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue)
    v2 = do_terminate(world.caseworker, v1, dt.date(2026, 12, 31), "Flytter.")
    with pytest.raises(RuleViolation) as exc:
        do_update_draft(world.caseworker, v2, standard_input(world, catalogue))
    assert errors_of(exc) == {("kind", "not_editable")}
    do_discard_draft(world.caseworker, v2)
    # With the draft gone, a new change of v1 may start.
    assert do_change(world.caseworker, v1, standard_input(world, catalogue)).version == 2


def test_no_identity_number_in_the_audit_trail(world: World, catalogue: dict[str, Service]) -> None:
    v1 = sent(world, catalogue)
    v2 = do_terminate(world.caseworker, v1, dt.date(2026, 12, 31), "Flytter.")
    do_approve(world.caseworker, v2)
    do_send(world.caseworker, v2, "both", TODAY)
    trail = json.dumps([[e.old, e.new] for e in AuditEvent.objects.all()])
    assert world.ingrid.identity_number not in trail
    assert (
        Letter.objects.filter(content__party__identity_number=world.ingrid.identity_number).count()
        == 2
    )


# Who may write -------------------------------------------------------------------------


def anonymous(world: World) -> User:
    return cast(User, AnonymousUser())


def caseworker_vest(world: World) -> User:
    return make_staff(
        world.oslo,
        world.municipal,
        "vera",
        "Vera",
        "Vestre",
        Role.CASEWORKER,
        Profession.CASEWORKER,
        world.vest,
    )


DENIED: dict[str, Callable[[World], User]] = {
    "anonymous": anonymous,
    "client": lambda w: w.client_user,
    "next_of_kin": lambda w: w.daughter,
    "field staff, same team": lambda w: w.nurse,
    "field staff, other team": lambda w: w.nurse_vest,
    "team leader": lambda w: w.team_leader,
    "private provider": lambda w: w.provider_admin,
    "system admin": lambda w: w.admin,
    "caseworker, other team": caseworker_vest,
}

WriteCall = Callable[[User, World, dict[str, Service], Decision], object]

# Each write, with the state the decision must be in for the caseworker to succeed.
WRITES: dict[str, tuple[str, WriteCall]] = {
    "create": (
        "draft",
        lambda u, w, c, d: do_create_decision(u, w.ingrid, standard_input(w, c)),
    ),
    "update_draft": ("draft", lambda u, w, c, d: do_update_draft(u, d, standard_input(w, c))),
    "discard": ("draft", lambda u, w, c, d: do_discard_draft(u, d)),
    "approve": ("draft", lambda u, w, c, d: do_approve(u, d)),
    "send": ("approved", lambda u, w, c, d: do_send(u, d, "orally", TODAY)),
    "activate": ("sent", lambda u, w, c, d: do_activate(u, d)),
    "change": ("active", lambda u, w, c, d: do_change(u, d, standard_input(w, c))),
    "terminate": (
        "active",
        lambda u, w, c, d: do_terminate(u, d, dt.date(2026, 12, 31), "Flytter."),
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", list(DENIED))
def test_only_a_caseworker_with_the_client_writes_decisions(
    world: World, catalogue: dict[str, Service], write: str, who: str
) -> None:
    status, call = WRITES[write]
    decision = decision_in(world, catalogue, status)
    user = DENIED[who](world)
    before = rows()
    with pytest.raises(PermissionDenied):
        call(user, world, catalogue, decision)
    assert rows() == before
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("write", list(WRITES))
def test_the_caseworker_of_the_clients_team_may(
    world: World, catalogue: dict[str, Service], write: str
) -> None:
    status, call = WRITES[write]
    decision = decision_in(world, catalogue, status)
    events = AuditEvent.objects.count()
    call(world.caseworker, world, catalogue, decision)
    assert AuditEvent.objects.count() > events


def test_a_change_is_not_sent_once_the_decision_it_changes_has_ended(
    world: World, catalogue: dict[str, Service]
) -> None:
    v1 = sent(world, catalogue, valid_to=dt.date(2026, 12, 31), review_on=None)
    v2 = do_change(world.caseworker, v1, standard_input(world, catalogue, valid_to=None))
    do_approve(world.caseworker, v2)
    apply_due_transitions(dt.date(2027, 1, 1))
    before = rows()
    with pytest.raises(RuleViolation) as exc:
        do_send(world.caseworker, v2, "orally", TODAY)
    assert errors_of(exc) == {("status", "invalid_transition")}
    assert rows() == before
