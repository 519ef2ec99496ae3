"""The snapshot the matrix trusts: it sees every Hverdag table, and a changed row as well as
a new one."""

from __future__ import annotations

from django.utils import timezone

from hverdag.access.models import AccessLog
from hverdag.clients.models import Client
from tests.authz.snapshot import changes, snapshot
from tests.builders.people import World


def test_it_holds_the_audit_trail_the_access_log_and_the_domain(world: World) -> None:
    tables = set(snapshot())
    assert {"access.AuditEvent", "access.AccessLog", "clients.Client", "decisions.Decision"} <= (
        tables
    )
    assert "staff.Employee_competences" in tables  # many-to-many rows too


def test_a_changed_row_is_a_change_even_when_the_counts_stay(world: World) -> None:
    before = snapshot()
    Client.objects.filter(pk=world.ingrid.pk).update(phone="22 33 44 55")
    assert changes(before) == {"clients.Client": "1 rows → 1 rows (a row changed)"}


def test_signing_in_is_not_a_change(world: World) -> None:
    before = snapshot()
    world.nurse.last_login = timezone.now()
    world.nurse.save(update_fields=["last_login"])
    assert changes(before) == {}
    AccessLog.objects.create(
        user=world.nurse, client=world.ingrid, role="field_staff", what="overview", reason="team"
    )
    assert set(changes(before)) == {"access.AccessLog"}
