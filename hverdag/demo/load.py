"""Write a generated demo district (hverdag.demo.generate) to the database.

The loader writes rows with the ORM directly, in bulk and in one transaction, rather
than through the apps' ``do_*`` service functions: those check a user's permission and
write an audit row per change, which is right for people and wrong for 300 seeded
clients that must load in seconds and stay exactly as generated. The data itself keeps
the domain's rules (decision lines only to approved providers, double staffing only
where there is a patient lift, synthetic identity numbers); tests/demo proves it.

All demo users share one password (DEMO_PASSWORD), hashed once.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.clients.models import (
    Assessment,
    Client,
    FunctionScore,
    FunctionVariable,
    Goal,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
)
from hverdag.clients.reference import SPEC_VERSION, install_function_variables
from hverdag.core import crypto
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import (
    Decision,
    DecisionKind,
    DecisionStatus,
    Service,
    ServiceLine,
)
from hverdag.demo import geography
from hverdag.demo.generate import DEMO_PASSWORD, DemoData
from hverdag.demo.medication import medication_orders
from hverdag.demo.rota import rota
from hverdag.notes.defaults import install_note_templates
from hverdag.org.models import Centre, District, Municipality, Provider, Team, Unit
from hverdag.staff.models import Absence, Competence, Employee, Shift
from hverdag.staff.reference import install_competences

OSLO = ZoneInfo("Europe/Oslo")
# The rota from two weeks back (what was worked, for plans and reports of the past days) to
# four weeks ahead (what the planner plans).
ROTA_DAYS_BEFORE = 14
ROTA_DAYS_AFTER = 28


@dataclass(frozen=True)
class LoadResult:
    municipality: Municipality
    clients: int
    employees: int
    users: int
    decisions: int
    lines: int
    shifts: int
    absences: int
    rota_from: dt.date
    rota_to: dt.date
    seconds: float


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


def _time(hhmm: str) -> dt.time:
    hours, minutes = hhmm.split(":")
    return dt.time(int(hours), int(minutes))


def ensure_reference_data() -> None:
    """Competences and function variables come by migration; put them back after a flush."""
    install_competences(Competence)
    install_function_variables(FunctionVariable)


@transaction.atomic
def load(data: DemoData, *, today: dt.date) -> LoadResult:
    """Create the demo district; dates of the case calendar are counted from ``today``."""
    started = time.perf_counter()
    ensure_reference_data()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    # Organisation --------------------------------------------------------------------
    oslo = Municipality.objects.create(name="Oslo", number="0301")
    district = District.objects.create(
        municipality=oslo,
        name="Bydel Gamle Oslo",
        number="030101",
        phone="21 80 21 80",
        email="postmottak@bgo.oslo.kommune.no",
        postal_address=geography.DISTRICT_POSTAL_ADDRESS,
    )
    unit = Unit.objects.create(district=district, name="Enhet helse og hverdagsmestring")
    teams = {
        slug: Team.objects.create(
            unit=unit, municipality=oslo, name=f"Team {geography.TEAM_NAMES[slug]}", slug=slug
        )
        for slug in geography.TEAM_SLUGS
    }
    providers: dict[str, Provider] = {}
    for spec in data.providers:
        private = spec.kind == Provider.Kind.PRIVATE
        providers[spec.key] = Provider.objects.create(
            municipality=oslo,
            name=spec.name,
            kind=spec.kind,
            categories=list(spec.categories),
            contract_from=dt.date(today.year - 5, 1, 1) if private else None,
            contract_to=dt.date(today.year + 2, 12, 31) if private else None,
        )
    Centre.objects.bulk_create(
        [Centre(district=district, name=name, address=address) for name, address in data.centres]
    )
    install_catalogue(oslo)
    install_note_templates(oslo)
    services = {s.code: s for s in Service.objects.filter(municipality=oslo)}
    competences = {c.code: c for c in Competence.objects.all()}
    variables = {v.code: v for v in FunctionVariable.objects.filter(spec_version=SPEC_VERSION)}

    # Users: one hash for everyone ----------------------------------------------------
    password = make_password(DEMO_PASSWORD)
    user_rows = [
        User(
            username=data.admin_username,
            first_name="Admin",
            last_name="Adminsen",
            password=password,
            is_staff=True,
            is_superuser=True,
        )
    ]
    user_rows += [
        User(username=s.username, first_name=s.first_name, last_name=s.last_name, password=password)
        for s in data.staff
    ]
    user_rows += [
        User(username=p.username, first_name=p.first_name, last_name=p.last_name, password=password)
        for p in data.portal_users
    ]
    users = {u.username: u for u in User.objects.bulk_create(user_rows)}

    # Staff ---------------------------------------------------------------------------
    employee_rows = Employee.objects.bulk_create(
        [
            Employee(
                municipality=oslo,
                user=users[s.username],
                first_name=s.first_name,
                last_name=s.last_name,
                profession=s.profession,
                # No HPR numbers: there is no synthetic series, and an invented number
                # could belong to a real health professional.
                team=teams[s.team] if s.team else None,
                provider=providers[s.provider],
                employment_percent=s.employment_percent,
                home_base_address=s.home_base.address,
                home_base_lat=s.home_base.lat,
                home_base_lon=s.home_base.lon,
                transport_mode=s.transport_mode,
            )
            for s in data.staff
        ]
    )
    employees = {s.username: e for s, e in zip(data.staff, employee_rows, strict=True)}
    Through = Employee.competences.through
    Through.objects.bulk_create(
        [
            Through(employee_id=employees[s.username].pk, competence_id=competences[code].pk)
            for s in data.staff
            for code in s.competences
        ]
    )
    assignments = [RoleAssignment(user=users["admin"], role=Role.SYSTEM_ADMIN, municipality=oslo)]
    for s in data.staff:
        # Team staff work in their team; district-wide staff (therapists, coordinators) in
        # the district; a private provider's staff only with their provider's clients.
        private = s.provider in providers and providers[s.provider].kind == Provider.Kind.PRIVATE
        assignments.append(
            RoleAssignment(
                user=users[s.username],
                role=s.role,
                municipality=oslo,
                team=teams[s.team] if s.team else None,
                district=district if not s.team and not private else None,
                provider=providers[s.provider] if private else None,
            )
        )

    # Rota ----------------------------------------------------------------------------
    rota_from = today - dt.timedelta(days=ROTA_DAYS_BEFORE)
    rota_to = today + dt.timedelta(days=ROTA_DAYS_AFTER)
    planned = rota(data.staff, rota_from, rota_to, seed=data.seed)
    shifts = Shift.objects.bulk_create(
        [
            Shift(
                employee=employees[s.username],
                team=employees[s.username].team,
                date=s.date,
                kind=s.kind,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                break_minutes=s.break_minutes,
            )
            for s in planned.shifts
        ]
    )
    absences = Absence.objects.bulk_create(
        [
            Absence(
                employee=employees[a.username],
                kind=a.kind,
                starts_on=a.starts_on,
                ends_on=a.ends_on,
                note=a.note,
                registered_by=users[a.registered_by],
            )
            for a in planned.absences
        ]
    )

    # Clients -------------------------------------------------------------------------
    clients = Client.objects.bulk_create(
        [
            Client(
                municipality=oslo,
                district=district,
                team=teams[c.team],
                identity_number=c.identity_number,
                identity_kind=c.identity_kind,
                first_name=c.first_name,
                last_name=c.last_name,
                birth_date=c.birth_date,
                street_address=c.street_address,
                postal_code=c.postal_code,
                postal_place=c.postal_place,
                lat=c.lat,
                lon=c.lon,
                phone=c.phone,
                preferred_language=c.preferred_language,
                needs_interpreter=c.needs_interpreter,
                contact_person=employees[c.contact_person],
                practical_provider=providers[c.practical_provider]
                if c.practical_provider
                else None,
            )
            for c in data.clients
        ]
    )
    ResourcePerson.objects.bulk_create(
        [
            ResourcePerson(
                client=client,
                name=k.name,
                relation=k.relation,
                phone=k.phone,
                email=k.email,
                address=k.address,
                is_next_of_kin=k.is_next_of_kin,
                has_proxy=k.has_proxy,
                consent_to_information=k.consent_to_information,
            )
            for client, c in zip(clients, data.clients, strict=True)
            for k in c.kin
        ]
    )
    HomeNotes.objects.bulk_create(
        [
            HomeNotes(
                client=client,
                version=1,
                entry_method=n.entry_method,
                entry_code_encrypted=crypto.encrypt(n.entry_code),
                entry_instructions=n.entry_instructions,
                pets=n.pets,
                pets_in_separate_room=n.pets_in_separate_room,
                smoking=n.smoking,
                cleaning_equipment=n.cleaning_equipment,
                hospital_bed=n.hospital_bed,
                patient_lift=n.patient_lift,
                other_aids=n.other_aids,
                risk_notes=n.risk_notes,
                recorded_by=users[c.decision.caseworker],
            )
            for client, c in zip(clients, data.clients, strict=True)
            for n in [c.home_notes]
        ]
    )
    WelfareTechnology.objects.bulk_create(
        [
            WelfareTechnology(
                client=client,
                kind=w.kind,
                serial_number=w.serial_number,
                supplier=w.supplier,
                installed_on=ago(w.installed_days_ago),
            )
            for client, c in zip(clients, data.clients, strict=True)
            for w in c.welfare_technology
        ]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                client=client,
                version=1,
                assessed_on=ago(c.assessment.days_ago),
                what_matters=c.assessment.what_matters,
                manages_self=c.assessment.manages_self,
                resources=c.assessment.resources,
                notes=c.assessment.notes,
                home_visit=c.assessment.home_visit,
                recorded_by=users[c.decision.caseworker],
            )
            for client, c in zip(clients, data.clients, strict=True)
        ]
    )
    FunctionScore.objects.bulk_create(
        [
            FunctionScore(assessment=assessment, variable=variables[code], score=score)
            for assessment, c in zip(assessments, data.clients, strict=True)
            for code, score in c.assessment.scores
        ]
    )
    Goal.objects.bulk_create(
        [
            Goal(
                assessment=assessment,
                kind=g.kind,
                description=g.description,
                follow_up_on=today + dt.timedelta(days=g.follow_up_in_days),
            )
            for assessment, c in zip(assessments, data.clients, strict=True)
            for g in c.assessment.goals
        ]
    )

    # Decisions -----------------------------------------------------------------------
    decision_rows = []
    for client, c in zip(clients, data.clients, strict=True):
        d = c.decision
        valid_from = ago(d.valid_from_days_ago)
        valid_to = valid_from + dt.timedelta(days=d.valid_for_days) if d.valid_for_days else None
        review_on = today + dt.timedelta(days=d.review_in_days)
        if valid_to and review_on > valid_to:
            review_on = valid_to
        decided_on = valid_from - dt.timedelta(days=1)
        decision_rows.append(
            Decision(
                municipality=oslo,
                district=district,
                client=client,
                version=1,
                kind=DecisionKind.NEW,
                status=DecisionStatus.ACTIVE,
                applied_on=ago(d.applied_days_ago),
                valid_from=valid_from,
                valid_to=valid_to,
                review_on=review_on,
                facts=d.facts,
                reasons=d.reasons,
                informed_how=d.informed_how,
                applied_for=d.applied_for,
                refused=d.refused,
                informed_on=decided_on,
                caseworker=users[d.caseworker],
                approved_by=users[d.approved_by],
                approved_at=_at(decided_on, 10),
                sent_at=_at(decided_on, 14),
            )
        )
    decisions = Decision.objects.bulk_create(decision_rows)
    lines = ServiceLine.objects.bulk_create(
        [
            ServiceLine(
                decision=decision,
                service=services[line.service],
                times_per_day=line.times_per_day,
                weekdays=list(line.weekdays),
                every_n_weeks=line.every_n_weeks,
                minutes_per_visit=line.minutes,
                window_start=_time(line.window[0]),
                window_end=_time(line.window[1]),
                staff_count=line.staff_count,
                provider=providers[line.provider],
                tasks=line.tasks,
                outcome=line.outcome,
            )
            for decision, c in zip(decisions, data.clients, strict=True)
            for line in c.decision.lines
        ]
    )

    # Portal users --------------------------------------------------------------------
    for p in data.portal_users:
        role = Role.CLIENT if p.role == "client" else Role.NEXT_OF_KIN
        assignments.append(
            RoleAssignment(
                user=users[p.username],
                role=role,
                municipality=oslo,
                client=clients[p.client_index],
            )
        )
    RoleAssignment.objects.bulk_create(assignments)
    medication_orders(clients, data.clients, users, today=today, seed=data.seed)

    return LoadResult(
        municipality=oslo,
        clients=len(clients),
        employees=len(employees),
        users=len(users),
        decisions=len(decisions),
        lines=len(lines),
        shifts=len(shifts),
        absences=len(absences),
        rota_from=rota_from,
        rota_to=rota_to,
        seconds=time.perf_counter() - started,
    )
