"""The demo district in the database: loaded once for the module, rolled back after."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.clients.models import Client, EntryMethod, HomeNotes
from hverdag.core import crypto, identity_numbers
from hverdag.core.errors import Collector
from hverdag.decisions.inputs import input_from_decision
from hverdag.decisions.models import (
    Decision,
    DecisionStatus,
    LineOutcome,
    ServiceCategory,
    ServiceLine,
)
from hverdag.decisions.validation import validate_decision
from hverdag.demo import geography
from hverdag.demo.generate import DEMO_PASSWORD, generate
from hverdag.org.models import District, Municipality, Provider, Team
from hverdag.staff.models import Employee

SEED = 301
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def loaded(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        out = io.StringIO()
        # As `make run` does it: --if-empty loads into an empty database.
        call_command(
            "load_demo",
            "--if-empty",
            "--seed",
            str(SEED),
            "--today",
            TODAY.isoformat(),
            # The plans' quality is measured by bench/continuity.py; here, that they are there.
            "--plan-seconds",
            "0.1",
            stdout=out,
        )
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("loaded", "db")


def test_the_district_is_gamle_oslo_with_four_teams_and_two_private_providers() -> None:
    district = District.objects.get()

    assert Municipality.objects.get().number == "0301"
    assert (district.name, district.number, district.phone) == (
        "Bydel Gamle Oslo",
        "030101",
        "21 80 21 80",
    )
    assert district.email == "postmottak@bgo.oslo.kommune.no"
    assert sorted(Team.objects.values_list("slug", flat=True)) == ["nord", "ost", "sor", "vest"]
    private = Provider.objects.filter(kind=Provider.Kind.PRIVATE)
    assert private.count() == 2
    assert all(set(p.categories) == {"household", "personal_care"} for p in private)
    assert 280 <= Client.objects.count() <= 320
    assert 70 <= Employee.objects.filter(team__isnull=False).count() <= 95


def test_the_database_holds_exactly_what_the_seed_generates() -> None:
    expected = sorted((c.full_name, c.identity_number) for c in generate(SEED).clients)
    stored = sorted(
        (f"{first} {last}", number)
        for first, last, number in Client.objects.values_list(
            "first_name", "last_name", "identity_number"
        )
    )

    assert stored == expected


def test_every_client_is_inside_the_district_with_a_valid_synthetic_number() -> None:
    for client in Client.objects.select_related("team"):
        assert client.lat is not None and client.lon is not None
        assert geography.inside_district(client.lat, client.lon)
        assert client.team.slug == geography.team_for(client.lat, client.lon)
        assert identity_numbers.parse(client.identity_number, allow_synthetic=True).synthetic
        assert client.contact_person is not None
        assert client.contact_person.team_id == client.team_id


def test_load_demo_reports_what_it_loaded(loaded: str) -> None:
    assert "Loaded Bydel Gamle Oslo (seed 301, dates counted from 2026-11-24)" in loaded
    assert "300 clients" in loaded


def test_load_demo_if_empty_leaves_a_loaded_database_alone() -> None:
    out = io.StringIO()

    call_command("load_demo", "--if-empty", stdout=out)

    assert "not loaded" in out.getvalue()
    assert Municipality.objects.count() == 1
    assert Client.objects.count() == len(generate(SEED).clients)


def test_load_demo_refuses_a_database_with_data_and_a_production_setup() -> None:
    with pytest.raises(CommandError, match="already has a municipality"):
        call_command("load_demo", stdout=io.StringIO())
    with (
        override_settings(ACCEPT_SYNTHETIC_IDS=False),
        pytest.raises(CommandError, match="looks like production"),
    ):
        call_command("load_demo", "--if-empty", stdout=io.StringIO())


def test_decisions_are_active_first_versions_that_started_in_the_past() -> None:
    decisions = Decision.objects.all()

    assert decisions.count() == Client.objects.count()
    for d in decisions:
        assert (d.status, d.version, d.kind) == (DecisionStatus.ACTIVE, 1, "new")
        assert d.applied_on < d.valid_from <= TODAY
        assert d.valid_to is None or d.valid_to > TODAY


def test_decisions_pass_the_decision_rules_of_the_service_layer() -> None:
    decisions = Decision.objects.select_related("client__practical_provider").prefetch_related(
        "lines__service", "lines__provider"
    )
    # The rules are the same for everyone: check every fifth decision, and all of those with
    # a private provider or a partly granted line.
    sample = [
        d
        for i, d in enumerate(decisions.order_by("pk"))
        if i % 5 == 0
        or d.refused
        or (d.client.practical_provider and d.client.practical_provider.kind == "private")
    ]
    for d in sample:
        errors = Collector()
        data = input_from_decision(d)

        validate_decision(d.client, data, errors)

        assert errors.violations == [], d.client.full_name
        partly = [line for line in d.lines.all() if line.outcome == LineOutcome.PARTLY_GRANTED]
        assert bool(partly) == bool(d.refused)


def test_double_staffed_lines_only_where_there_is_a_patient_lift() -> None:
    double = ServiceLine.objects.filter(staff_count=2).values_list("decision__client", flat=True)
    with_lift = set(HomeNotes.objects.filter(patient_lift=True).values_list("client", flat=True))

    assert double
    assert set(double) <= with_lift


def test_every_line_goes_to_a_provider_approved_for_its_category() -> None:
    for line in ServiceLine.objects.select_related("service", "provider"):
        if line.provider.kind == Provider.Kind.PRIVATE:
            assert line.service.category in line.provider.categories
        else:
            assert line.service.category != ServiceCategory.ADDITIONAL


def test_every_required_competence_is_held_by_someone_at_the_lines_provider() -> None:
    held = set(Employee.objects.values_list("provider_id", "competences__code").distinct())
    needed = set(
        ServiceLine.objects.values_list(
            "provider_id", "service__required_competence__code"
        ).distinct()
    )

    assert needed <= held


def test_private_providers_serve_about_sixteen_percent_of_practical_assistance() -> None:
    practical = Client.objects.filter(
        decisions__lines__service__category__in=["household", "personal_care"]
    ).distinct()
    private = practical.filter(practical_provider__kind=Provider.Kind.PRIVATE)

    assert 0.12 <= private.count() / practical.count() <= 0.20


def test_key_box_codes_are_stored_encrypted() -> None:
    boxes = HomeNotes.objects.filter(entry_method=EntryMethod.KEY_BOX)

    assert boxes
    for notes in boxes:
        code = crypto.decrypt(notes.entry_code_encrypted)
        assert len(code) == 4 and code.isdigit()
        assert code not in notes.entry_code_encrypted


def test_every_demo_user_logs_in_with_the_shared_password_and_has_a_role() -> None:
    assert authenticate(username="kari.ost", password=DEMO_PASSWORD) is not None
    assert authenticate(username="ingrid", password=DEMO_PASSWORD) is not None
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(role_assignments__isnull=True).exists()
    kari = RoleAssignment.objects.get(user__username="kari.ost")
    assert (kari.role, kari.team and kari.team.slug) == (Role.CASEWORKER, "ost")
    pia = RoleAssignment.objects.get(user__username="pia.trivsel")
    assert (
        pia.role == Role.PROVIDER_ADMIN and pia.provider and pia.provider.name.startswith("Trivsel")
    )
    hege = RoleAssignment.objects.get(user__username="hege")
    assert (
        hege.role == Role.NEXT_OF_KIN and hege.client and hege.client.full_name == "Ingrid Hansen"
    )
    for employee in Employee.objects.select_related("user"):
        assignment = RoleAssignment.objects.get(user=employee.user)
        assert assignment.team_id == employee.team_id


def test_demo_logins_prints_the_usernames_and_the_password() -> None:
    short, full = io.StringIO(), io.StringIO()

    call_command("demo_logins", stdout=short)
    call_command("demo_logins", "--all", stdout=full)

    assert DEMO_PASSWORD in short.getvalue()
    for username in ("admin", "kari.ost", "nils.ost", "pia.trivsel", "ingrid", "hege"):
        assert username in short.getvalue()
    for username in User.objects.values_list("username", flat=True):
        assert username in full.getvalue()
    assert "more field staff" in short.getvalue()
    assert "no longer" not in short.getvalue()


def test_every_team_has_published_plans_for_the_past_13_days_today_and_tomorrow() -> None:
    from hverdag.visits.models import Plan, PlanStatus

    days = {TODAY + dt.timedelta(days=d) for d in range(-13, 2)}
    for team in Team.objects.all():
        published = set(
            Plan.objects.filter(team=team, status=PlanStatus.PUBLISHED).values_list(
                "date", flat=True
            )
        )
        assert published == days, team.name
    for provider in Provider.objects.filter(kind=Provider.Kind.PRIVATE):
        assert Plan.objects.filter(provider=provider, team=None, status="published").exists()


def test_the_plans_carry_real_14_day_continuity_figures() -> None:
    from hverdag.visits.models import Plan, PlanStatus

    plan = Plan.objects.get(team__slug="ost", date=TODAY, status=PlanStatus.PUBLISHED)
    figures = plan.figures
    assert figures["assigned"] > 50 and figures["violations"] == []
    continuity = figures["continuity_14d"]
    assert continuity["clients"] > 40
    # Over 14 days of plans a client meets more than one caregiver, but not everyone.
    assert 1 < continuity["median"] < 12
