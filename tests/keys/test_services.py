"""The key register's rules, as stories: Nils takes Astrid's key for his visit, Anne may not,
Tone (team leader) registers the return for Nils, a key not back after the shift alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent
from hverdag.core.append_only import AppendOnly
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.keys.models import Key, KeyAlert, KeyEvent, KeyEventKind, KeyKind
from hverdag.keys.selectors import IN_PLACE, LOST, OUT, held_by, state_of
from hverdag.keys.services import (
    KeyInput,
    do_check_out_key,
    do_register_key,
    do_report_key_lost,
    do_retire_key,
    do_return_key,
    due_back,
    raise_key_alerts,
)
from hverdag.staff.models import Shift
from hverdag.visits.models import Visit, VisitStatus
from tests.builders.key_cabinet import Cabinet, build_cabinet, minutes_ago, new_key
from tests.builders.people import World


@pytest.fixture
def cab(world: World) -> Cabinet:
    return build_cabinet(world)


def rule(exc: pytest.ExceptionInfo[RuleViolation]) -> tuple[str, str]:
    v = exc.value.violations[0]
    return v.field, v.rule


def in_the_shift() -> dt.datetime:
    """A moment of today's day shift (07:30-15:30) that is not in the future: 08:00 or now."""
    eight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(8, 0)))
    return min(eight, minutes_ago(1))


def take(cab: Cabinet, user: str = "nils", key: Key | None = None) -> KeyEvent:
    users = {"nils": cab.world.nurse, "tone": cab.world.team_leader}
    # The leader takes a key without a visit (she is planned for none).
    visit = cab.pub.astrid_medication if user == "nils" else None
    return do_check_out_key(users[user], key or cab.astrid_key, visit, in_the_shift(), new_key())


# --- the register -------------------------------------------------------------------------


def test_the_leader_registers_a_key_audited_and_its_number_is_unique_in_the_team(
    cab: Cabinet,
) -> None:
    audit = AuditEvent.objects.get(action="key.register", object_id=str(cab.astrid_key.public_id))
    assert audit.actor == cab.world.team_leader
    assert audit.new["location"] == "Nøkkelskap Øst, krok 14"
    astrid = cab.astrid_key.client
    with pytest.raises(RuleViolation) as exc:
        do_register_key(
            cab.world.team_leader, KeyInput(astrid, "Reserve", KeyKind.KEY, "Ø-14", "Krok 20")
        )
    assert rule(exc) == ("tag", "unique")
    with pytest.raises(RuleViolation) as exc:
        do_register_key(cab.world.team_leader, KeyInput(astrid, "Reserve", KeyKind.KEY, "", ""))
    fields = {(v.field, v.rule) for v in exc.value.violations}
    assert fields == {("tag", "required"), ("location", "required")}
    assert Key.objects.count() == 3


def test_only_the_teams_leader_or_planner_registers_keys(cab: Cabinet) -> None:
    astrid = cab.astrid_key.client
    for user in (cab.world.nurse, cab.world.nurse_vest, cab.world.caseworker):
        with pytest.raises(PermissionDenied):
            do_register_key(user, KeyInput(astrid, "Reserve", KeyKind.KEY, "Ø-99", "Krok 99"))
    do_register_key(cab.world.planner, KeyInput(astrid, "Reserve", KeyKind.KEY, "Ø-99", "Krok 99"))


def test_a_key_box_is_in_the_register_without_a_copy_of_the_code(cab: Cabinet) -> None:
    field_names = {f.name for f in Key._meta.get_fields()}
    assert not {n for n in field_names if "code" in n}
    with pytest.raises(RuleViolation) as exc:
        take(cab, key=cab.astrid_box)
    assert rule(exc) == ("key", "not_portable")


def test_events_and_keys_are_never_edited_or_deleted(cab: Cabinet) -> None:
    event = take(cab)
    event.note = "changed"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        KeyEvent.objects.all().delete()
    with pytest.raises(AppendOnly):
        KeyEvent.objects.update(note="x")
    with pytest.raises(AppendOnly):
        cab.bjorn_key.delete()
    cab.bjorn_key.label = "Other"
    with pytest.raises(AppendOnly):
        cab.bjorn_key.save()
    assert KeyEvent.objects.get().note == ""


def test_retiring_is_a_flag_change_audited_and_a_retired_key_is_not_taken(cab: Cabinet) -> None:
    do_retire_key(cab.world.team_leader, cab.astrid_key)
    key = Key.objects.get(pk=cab.astrid_key.pk)
    assert not key.active and key.retired_by == cab.world.team_leader
    audit = AuditEvent.objects.get(action="key.retire")
    assert audit.old["active"] is True and audit.new["active"] is False
    with pytest.raises(RuleViolation) as exc:
        take(cab, key=key)
    assert rule(exc) == ("key", "retired")
    with pytest.raises(PermissionDenied):
        do_retire_key(cab.world.nurse, cab.bjorn_key)


def test_a_key_that_is_out_is_not_retired(cab: Cabinet) -> None:
    take(cab)
    with pytest.raises(RuleViolation) as exc:
        do_retire_key(cab.world.team_leader, cab.astrid_key)
    assert rule(exc) == ("key", "checked_out")
    assert Key.objects.get(pk=cab.astrid_key.pk).active


# --- taking and returning -----------------------------------------------------------------


def test_the_planned_caregiver_takes_the_key_and_holds_it(cab: Cabinet) -> None:
    event = take(cab)
    assert event.kind == KeyEventKind.CHECKED_OUT and event.visit == cab.pub.astrid_medication
    state = state_of(cab.astrid_key)
    assert state.status == OUT and state.holder == cab.pub.nils
    assert [s.key for s in held_by(cab.pub.nils)] == [cab.astrid_key]
    assert AuditEvent.objects.filter(action="key.checked_out", actor=cab.world.nurse).count() == 1


def test_a_key_is_out_to_one_person_at_a_time_and_the_refusal_names_the_holder(
    cab: Cabinet,
) -> None:
    take(cab)
    with pytest.raises(RuleViolation) as exc:
        take(cab, "tone")  # the leader may take keys without a visit, but not this one now
    assert rule(exc) == ("key", "checked_out")
    assert "Nils Sykepleier" in exc.value.violations[0].message
    assert KeyEvent.objects.count() == 1


def test_only_the_caregiver_planned_for_the_client_takes_the_key(cab: Cabinet) -> None:
    anne = cab.pub.anne.user
    assert anne is not None
    visit = cab.pub.astrid_medication
    for user in (anne, cab.world.nurse_vest):
        with pytest.raises(PermissionDenied):
            do_check_out_key(user, cab.astrid_key, visit, minutes_ago(1), new_key())
        with pytest.raises(PermissionDenied):
            do_check_out_key(user, cab.astrid_key, None, minutes_ago(1), new_key())
    # Anne's own visit is to Hans, not to Astrid: the visit does not open Astrid's key.
    with pytest.raises(RuleViolation) as exc:
        do_check_out_key(anne, cab.astrid_key, cab.pub.hans_second, minutes_ago(1), new_key())
    assert rule(exc) == ("visit", "other_client")
    assert not KeyEvent.objects.exists()


def test_without_a_visit_the_caregivers_planned_visit_is_found(cab: Cabinet) -> None:
    event = do_check_out_key(cab.world.nurse, cab.bjorn_key, None, minutes_ago(1), new_key())
    assert event.visit == cab.pub.bjorn_hygiene


def test_not_for_a_cancelled_visit_nor_a_visit_two_days_away(cab: Cabinet) -> None:
    visit = cab.pub.astrid_medication
    Visit.objects.filter(pk=visit.pk).update(status=VisitStatus.CANCELLED)
    visit.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        do_check_out_key(cab.world.nurse, cab.astrid_key, visit, minutes_ago(1), new_key())
    assert rule(exc) == ("visit", "cancelled")
    far = timezone.localdate() + dt.timedelta(days=2)
    Visit.objects.filter(pk=visit.pk).update(date=far, status=VisitStatus.PLANNED)
    visit.refresh_from_db()
    with pytest.raises(RuleViolation) as exc:
        do_check_out_key(cab.world.nurse, cab.astrid_key, visit, minutes_ago(1), new_key())
    assert rule(exc) == ("visit", "outside_days")


def test_the_time_is_the_phones_with_its_zone_and_not_in_the_future(cab: Cabinet) -> None:
    visit = cab.pub.astrid_medication
    with pytest.raises(RuleViolation) as exc:
        later = timezone.now() + dt.timedelta(minutes=6)
        do_check_out_key(cab.world.nurse, cab.astrid_key, visit, later, new_key())
    assert rule(exc) == ("at", "future")
    with pytest.raises(RuleViolation) as exc:
        naive = dt.datetime.now() - dt.timedelta(minutes=1)
        do_check_out_key(cab.world.nurse, cab.astrid_key, visit, naive, new_key())
    assert rule(exc) == ("at", "naive")
    skew = timezone.now() + dt.timedelta(minutes=4)
    assert do_check_out_key(cab.world.nurse, cab.astrid_key, visit, skew, new_key()).pk


def test_the_holder_returns_the_key_and_another_caregiver_may_not(cab: Cabinet) -> None:
    take(cab)
    anne = cab.pub.anne.user
    assert anne is not None
    with pytest.raises(PermissionDenied):
        do_return_key(anne, cab.astrid_key, minutes_ago(1), new_key())
    back = do_return_key(cab.world.nurse, cab.astrid_key, minutes_ago(1), new_key())
    assert back.employee == cab.pub.nils and back.recorded_by == cab.world.nurse
    assert state_of(cab.astrid_key).status == IN_PLACE
    with pytest.raises(RuleViolation) as exc:
        do_return_key(cab.world.nurse, cab.astrid_key, minutes_ago(0), new_key())
    assert rule(exc) == ("key", "not_out")


def test_the_team_leader_registers_the_return_on_behalf_of_the_holder(cab: Cabinet) -> None:
    take(cab)
    with pytest.raises(RuleViolation) as exc:
        do_return_key(
            cab.world.team_leader, cab.astrid_key, minutes_ago(1), new_key(), cab.pub.anne
        )
    assert rule(exc) == ("on_behalf_of", "not_holder")
    back = do_return_key(
        cab.world.team_leader, cab.astrid_key, minutes_ago(1), new_key(), cab.pub.nils
    )
    assert (back.employee, back.recorded_by) == (cab.pub.nils, cab.world.team_leader)
    assert state_of(cab.astrid_key).status == IN_PLACE
    audit = AuditEvent.objects.get(action="key.returned")
    assert audit.actor == cab.world.team_leader and audit.new["employee_id"] == cab.pub.nils.pk


def test_the_vest_leader_may_not_return_an_ost_key(cab: Cabinet, world: World) -> None:
    from hverdag.access.models import Role
    from hverdag.staff.models import Profession
    from tests.builders.people import make_staff

    vest_leader = make_staff(
        world.oslo, world.municipal, "vera", "Vera", "Vest", Role.TEAM_LEADER,
        Profession.TEAM_LEADER, world.vest,
    )  # fmt: skip
    take(cab)
    with pytest.raises(PermissionDenied):
        do_return_key(vest_leader, cab.astrid_key, minutes_ago(1), new_key(), cab.pub.nils)
    assert state_of(cab.astrid_key).status == OUT


def test_a_lost_key_is_reported_with_a_note_and_not_taken_until_found(cab: Cabinet) -> None:
    take(cab)
    with pytest.raises(RuleViolation) as exc:
        do_report_key_lost(cab.world.nurse, cab.astrid_key, minutes_ago(1), new_key(), " ")
    assert rule(exc) == ("note", "required")
    do_report_key_lost(
        cab.world.nurse, cab.astrid_key, minutes_ago(1), new_key(), "Mistet på trikken"
    )
    assert state_of(cab.astrid_key).status == LOST
    with pytest.raises(RuleViolation) as exc:
        take(cab, "tone")
    assert rule(exc) == ("key", "lost")
    do_return_key(cab.world.team_leader, cab.astrid_key, minutes_ago(0), new_key(), note="Funnet")
    assert state_of(cab.astrid_key).status == IN_PLACE


def test_a_replayed_action_applies_once_and_a_reused_key_is_a_conflict(cab: Cabinet) -> None:
    idem, at, visit = new_key(), minutes_ago(3), cab.pub.astrid_medication
    first = do_check_out_key(cab.world.nurse, cab.astrid_key, visit, at, idem)
    again = do_check_out_key(cab.world.nurse, cab.astrid_key, visit, at, str(idem))
    assert first.pk == again.pk and KeyEvent.objects.count() == 1
    assert AuditEvent.objects.filter(action="key.checked_out").count() == 1
    with pytest.raises(RuleViolation) as exc:
        do_return_key(cab.world.nurse, cab.astrid_key, minutes_ago(1), idem)
    assert rule(exc) == ("idempotency_key", "conflict")
    with pytest.raises(RuleViolation) as exc:
        do_check_out_key(cab.world.nurse, cab.astrid_key, visit, at, "not-a-uuid")
    assert rule(exc) == ("idempotency_key", "invalid")
    assert KeyEvent.objects.count() == 1


# --- alerts -------------------------------------------------------------------------------


def shift_end(cab: Cabinet) -> dt.datetime:
    shift = Shift.objects.get(employee=cab.pub.nils, date=timezone.localdate())
    return timezone.make_aware(dt.datetime.combine(shift.date, shift.ends_at))


def test_a_key_not_back_after_the_shift_and_grace_raises_one_alert(cab: Cabinet) -> None:
    event = take(cab)
    end = shift_end(cab)  # 15:30 today
    assert raise_key_alerts(end + dt.timedelta(minutes=29)) == []
    raised = raise_key_alerts(end + dt.timedelta(minutes=31))
    assert len(raised) == 1
    alert = raised[0]
    assert (alert.checkout, alert.holder, alert.team) == (event, cab.pub.nils, cab.world.ost)
    assert alert.due_at == end + dt.timedelta(minutes=30)
    # Idempotent: the beat runs every 15 minutes; still one alert for this checkout.
    assert raise_key_alerts(end + dt.timedelta(minutes=46)) == []
    assert raise_key_alerts(end + dt.timedelta(hours=5)) == []
    assert KeyAlert.objects.count() == 1
    assert AuditEvent.objects.filter(action="key.alert", actor=None).count() == 1
    assert state_of(cab.astrid_key).overdue


def test_the_return_resolves_the_alert_and_the_next_checkout_gets_its_own(cab: Cabinet) -> None:
    take(cab)
    end = shift_end(cab)
    raise_key_alerts(end + dt.timedelta(hours=1))
    back = do_return_key(cab.world.team_leader, cab.astrid_key, minutes_ago(0), new_key())
    alert = KeyAlert.objects.get()
    assert alert.resolved_at is not None and alert.resolved_by == back
    assert not state_of(cab.astrid_key).overdue
    assert AuditEvent.objects.filter(action="key.alert_resolved").count() == 1
    assert raise_key_alerts(end + dt.timedelta(hours=2)) == []  # back in place: nothing
    take(cab)
    assert len(raise_key_alerts(end + dt.timedelta(hours=3))) == 1
    assert KeyAlert.objects.count() == 2


def test_without_a_shift_the_key_is_due_at_the_end_of_the_day(cab: Cabinet) -> None:
    taken = timezone.make_aware(dt.datetime(2026, 3, 10, 16, 0))
    due = due_back(taken, None)
    assert timezone.localtime(due) == timezone.make_aware(dt.datetime(2026, 3, 11, 0, 30))
