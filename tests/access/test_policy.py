import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hverdag.access import policy
from hverdag.access.logging import access_health
from hverdag.access.models import (
    AccessLog,
    AccessReason,
    AuditEvent,
    BreakGlass,
    Role,
    RoleAssignment,
    User,
)
from hverdag.access.services import do_open_break_glass, do_review_break_glass
from hverdag.clients.permissions import basic_visible_clients
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.org.models import Team
from tests.builders.people import World, make_client


def test_the_team_gives_caseworkers_a_care_relationship_but_not_caregivers(
    world: World,
) -> None:
    """A caregiver reads a record for the visits they make, or as contact person; being on
    the client's team shows only basic details (issue 5 §7)."""
    world.ingrid.contact_person = None
    world.ingrid.save()
    assert policy.care_relationship(world.caseworker, world.ingrid) == AccessReason.TEAM
    assert policy.care_relationship(world.nurse, world.ingrid) is None
    assert world.ingrid in basic_visible_clients(world.nurse)
    with pytest.raises(PermissionDenied):
        access_health(world.nurse, world.ingrid, "assessment")
    world.ingrid.contact_person = world.nurse.employee
    world.ingrid.save()
    assert policy.care_relationship(world.nurse, world.ingrid) == AccessReason.CONTACT_PERSON


def test_staff_of_another_team_have_none(world: World) -> None:
    assert policy.care_relationship(world.nurse_vest, world.ingrid) is None
    with pytest.raises(PermissionDenied):
        access_health(world.nurse_vest, world.ingrid, "assessment")
    assert not AccessLog.objects.exists()


def test_contact_person_from_another_team_has_access(world: World) -> None:
    world.ingrid.contact_person = world.nurse_vest.employee
    world.ingrid.save()
    assert policy.care_relationship(world.nurse_vest, world.ingrid) == AccessReason.CONTACT_PERSON


def test_client_and_proxy_see_own_record_only(world: World) -> None:
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    assert policy.care_relationship(world.client_user, world.ingrid) == AccessReason.OWN_RECORD
    assert policy.care_relationship(world.daughter, world.ingrid) == AccessReason.PROXY
    assert policy.care_relationship(world.client_user, other) is None
    assert list(basic_visible_clients(world.client_user)) == [world.ingrid]


def test_private_provider_sees_only_its_clients(world: World) -> None:
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    assert policy.care_relationship(world.provider_admin, world.ingrid) == AccessReason.PROVIDER
    assert policy.care_relationship(world.provider_admin, other) is None
    assert list(basic_visible_clients(world.provider_admin)) == [world.ingrid]


def test_system_admin_has_no_health_access(world: World) -> None:
    assert policy.care_relationship(world.admin, world.ingrid) is None
    with pytest.raises(PermissionDenied):
        access_health(world.admin, world.ingrid, "assessment")


def test_every_health_read_is_logged_with_who_what_why(world: World) -> None:
    access_health(world.nurse, world.ingrid, "assessment", channel="api")
    row = AccessLog.objects.get()
    assert (row.user, row.client, row.what, row.reason, row.channel) == (
        world.nurse,
        world.ingrid,
        "assessment",
        AccessReason.CONTACT_PERSON,
        "api",
    )
    assert row.role == "field_staff"


def test_break_glass_gives_time_limited_logged_access(world: World) -> None:
    with pytest.raises(RuleViolation) as err:
        do_open_break_glass(world.nurse_vest, world.ingrid, "urgent_care", "kort")
    assert err.value.as_dict()["reason_text"][0]["rule"] == "min_length"
    assert not BreakGlass.objects.exists()

    glass = do_open_break_glass(
        world.nurse_vest, world.ingrid, "urgent_care", "Alarm fra brukeren, team Øst opptatt"
    )
    assert AuditEvent.objects.filter(action="break_glass.open", client=world.ingrid).count() == 1
    access_health(world.nurse_vest, world.ingrid, "home_notes")
    row = AccessLog.objects.get()
    assert row.reason == AccessReason.BREAK_GLASS
    assert row.break_glass == glass

    glass.expires_at = timezone.now() - dt.timedelta(minutes=1)
    glass.save()
    with pytest.raises(PermissionDenied):
        access_health(world.nurse_vest, world.ingrid, "home_notes")


def test_break_glass_is_not_for_clients_or_their_family(world: World) -> None:
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    with pytest.raises(PermissionDenied):
        do_open_break_glass(world.daughter, other, "urgent_care", "Vil se journalen til Olav")
    assert not BreakGlass.objects.exists()


def test_team_leader_reviews_but_not_own_access(world: World) -> None:
    glass = do_open_break_glass(
        world.nurse_vest, world.ingrid, "standing_in", "Vikar for kollega på team Øst"
    )
    reviewed = do_review_break_glass(world.team_leader, glass, "OK, avtalt vikariat")
    assert reviewed.reviewed_by == world.team_leader
    event = AuditEvent.objects.get(action="break_glass.review")
    assert event.old["reviewed_by_id"] is None
    assert event.new["reviewed_by_id"] == world.team_leader.pk
    with pytest.raises(PermissionDenied):
        do_review_break_glass(world.nurse, glass, "Jeg godkjenner")


def test_nothing_leaks_across_municipalities(world: World) -> None:
    from hverdag.access.models import Role, RoleAssignment
    from hverdag.org.models import District, Municipality, Team, Unit
    from tests.builders.people import make_user

    stavanger = Municipality.objects.create(name="Stavanger", number="1103")
    district = District.objects.create(municipality=stavanger, name="Stavanger sentrum")
    unit = Unit.objects.create(district=district, name="Stavanger hjemmehjelp")
    team = Team.objects.create(unit=unit, municipality=stavanger, name="Team Sentrum", slug="ost")
    other = make_user("sverre", "Sverre", "Stavanger")
    RoleAssignment.objects.create(
        user=other, role=Role.CASEWORKER, municipality=stavanger, team=team, district=district
    )
    assert list(basic_visible_clients(other)) == []
    assert policy.care_relationship(other, world.ingrid) is None
    with pytest.raises(PermissionDenied):
        do_open_break_glass(other, world.ingrid, "urgent_care", "Prøver å åpne en Oslo-bruker")
    assert not BreakGlass.objects.exists()


def test_private_provider_reads_only_what_it_needs_to_deliver(world: World) -> None:
    assert access_health(world.provider_admin, world.ingrid, "home_notes") == "provider"
    assert access_health(world.provider_admin, world.ingrid, "entry_code") == "provider"
    for what in ("assessments", "decisions", "decision_letter", "welfare_technology"):
        with pytest.raises(PermissionDenied):
            access_health(world.provider_admin, world.ingrid, what)
    assert AccessLog.objects.count() == 2


def test_private_providers_field_staff_see_their_providers_clients_only(world: World) -> None:
    from hverdag.access.models import Role, RoleAssignment
    from tests.builders.people import make_user

    helper = make_user("even", "Even", "Hjelper")
    RoleAssignment.objects.create(
        user=helper, role=Role.FIELD_STAFF, municipality=world.oslo, provider=world.private
    )
    other = make_client(world.oslo, world.gamle_oslo, world.ost, "Olav", "Berg", seed=2)
    assert policy.care_relationship(helper, world.ingrid) == AccessReason.PROVIDER
    assert policy.care_relationship(helper, other) is None
    assert list(basic_visible_clients(helper)) == [world.ingrid]
    with pytest.raises(PermissionDenied):
        access_health(helper, world.ingrid, "assessments")


def test_district_wide_field_staff_have_no_relationship_by_scope_alone(world: World) -> None:
    from hverdag.access.models import Role, RoleAssignment
    from tests.builders.people import make_user

    physio = make_user("lars", "Lars", "Fysio")
    RoleAssignment.objects.create(
        user=physio, role=Role.FIELD_STAFF, municipality=world.oslo, district=world.gamle_oslo
    )
    caseworker = make_user("dina", "Dina", "Forvaltning")
    RoleAssignment.objects.create(
        user=caseworker, role=Role.CASEWORKER, municipality=world.oslo, district=world.gamle_oslo
    )
    assert world.ingrid in basic_visible_clients(physio)
    assert policy.care_relationship(physio, world.ingrid) is None
    assert policy.care_relationship(caseworker, world.ingrid) == AccessReason.DISTRICT


def test_every_logged_read_has_a_label_for_the_log(world: World) -> None:
    import re
    from pathlib import Path

    from hverdag.access.models import WHAT_LABELS

    source = "\n".join(p.read_text() for p in Path("hverdag").rglob("*.py"))
    call = r'(?:access_health|_read|_allow)\(\s*\w+,\s*[\w.]+,\s*(?:[\w.]+,\s*)?"([a-z_]+)"'
    used = set(re.findall(call, source))
    assert used, "found no logged reads"
    assert used <= set(WHAT_LABELS), used - set(WHAT_LABELS)


def test_teams_where_covers_the_team_the_district_or_the_municipality(world: World) -> None:
    """The one helper behind every "for which teams" rule (key register, deviations)."""

    def covered(user: User, roles: set[str], **kw: Any) -> set[str]:
        return {t.slug for t in Team.objects.filter(policy.teams_where(user, roles, **kw))}

    every = set(world.teams)
    assert covered(world.team_leader, {Role.TEAM_LEADER}) == {"ost"}
    assert covered(world.team_leader, {Role.PLANNER}) == set()  # another role: nothing
    assert covered(world.nurse, {Role.TEAM_LEADER}) == set()
    # A provider-wide role covers no municipal team.
    assert covered(world.provider_admin, {Role.PROVIDER_ADMIN}) == set()
    assert covered(world.admin, {Role.TEAM_LEADER}, municipality_wide={Role.SYSTEM_ADMIN}) == every
    RoleAssignment.objects.create(
        user=world.planner,
        role=Role.PLANNER,
        municipality=world.oslo,
        district=world.gamle_oslo,
    )
    world.planner._role_cache = None  # type: ignore[attr-defined]
    assert covered(world.planner, {Role.PLANNER}) == every
