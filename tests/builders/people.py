"""Named people and places for tests: stories about users, not anonymous rows.

The district is Gamle Oslo with teams Sør, Øst, Nord and Vest. People:
- Kari Saksbehandler: caseworker on team Øst
- Nils Sykepleier: nurse (field staff) on team Øst
- Siri Vest: nurse (field staff) on team Vest
- Per Planlegger: planner on team Øst
- Tone Teamleder: team leader on team Øst
- Pia Privat: administrator of the private provider Hjemmehjelp AS
- Admin Adminsen: system administrator
- Ingrid Hansen: client on team Øst, practical assistance from Hjemmehjelp AS
- Hege Hansen: Ingrid's daughter, next of kin with power of attorney
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from hverdag.access.models import Role, RoleAssignment, User
from hverdag.clients.models import Client, FunctionVariable
from hverdag.clients.reference import install_function_variables
from hverdag.core import identity_numbers
from hverdag.org.models import District, Municipality, Provider, Team, Unit
from hverdag.staff.models import Competence, Employee, Profession
from hverdag.staff.reference import install_competences

PASSWORD = "riktig-hest-batteri-stift"


@dataclass
class World:
    oslo: Municipality
    gamle_oslo: District
    unit: Unit
    teams: dict[str, Team]
    municipal: Provider
    private: Provider
    caseworker: User
    nurse: User
    nurse_vest: User
    planner: User
    team_leader: User
    provider_admin: User
    admin: User
    client_user: User
    daughter: User
    ingrid: Client

    @property
    def ost(self) -> Team:
        return self.teams["ost"]

    @property
    def vest(self) -> Team:
        return self.teams["vest"]


def make_user(username: str, first: str, last: str) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    user.first_name, user.last_name = first, last
    user.save()
    return user


def make_staff(
    world_municipality: Municipality,
    provider: Provider,
    username: str,
    first: str,
    last: str,
    role: Role,
    profession: Profession,
    team: Team | None = None,
    district: District | None = None,
) -> User:
    user = make_user(username, first, last)
    Employee.objects.create(
        municipality=world_municipality,
        user=user,
        first_name=first,
        last_name=last,
        profession=profession,
        team=team,
        provider=provider,
    )
    RoleAssignment.objects.create(
        user=user,
        role=role,
        municipality=world_municipality,
        team=team if district is None else None,
        district=district,
        provider=provider if role == Role.PROVIDER_ADMIN else None,
    )
    return user


def make_client(
    municipality: Municipality,
    district: District,
    team: Team,
    first: str = "Ingrid",
    last: str = "Hansen",
    *,
    seed: int = 1,
    provider: Provider | None = None,
) -> Client:
    rng = random.Random(seed)
    born = dt.date(1938, 5, 17) + dt.timedelta(days=seed - 1)  # distinct numbers per seed
    number = identity_numbers.generate(born, rng, synthetic=False)
    return Client.objects.create(
        municipality=municipality,
        district=district,
        team=team,
        identity_number=number,
        identity_kind="fnr",
        first_name=first,
        last_name=last,
        birth_date=born,
        street_address="Tøyengata 12",
        postal_code="0190",
        postal_place="Oslo",
        lat=59.9142,
        lon=10.7696,
        practical_provider=provider,
    )


def build_world() -> World:
    # Reference data comes from migrations, but a transactional test elsewhere in the run
    # flushes every table; put it back so each story starts from a migrated database.
    install_competences(Competence)
    install_function_variables(FunctionVariable)
    oslo = Municipality.objects.create(name="Oslo", number="0301")
    gamle_oslo = District.objects.create(
        municipality=oslo,
        name="Bydel Gamle Oslo",
        number="030101",
        phone="21 80 21 80",
        email="postmottak@bgo.oslo.kommune.no",
        postal_address="Postboks 9406 Grønland, 0135 Oslo",
    )
    unit = Unit.objects.create(district=gamle_oslo, name="Enhet helse og hverdagsmestring")
    teams = {
        slug: Team.objects.create(unit=unit, municipality=oslo, name=f"Team {name}", slug=slug)
        for slug, name in [("sor", "Sør"), ("ost", "Øst"), ("nord", "Nord"), ("vest", "Vest")]
    }
    municipal = Provider.objects.create(
        municipality=oslo, name="Bydel Gamle Oslo hjemmetjeneste", kind=Provider.Kind.MUNICIPAL
    )
    private = Provider.objects.create(
        municipality=oslo,
        name="Hjemmehjelp AS",
        kind=Provider.Kind.PRIVATE,
        categories=["household", "personal_care"],
    )
    ost, vest = teams["ost"], teams["vest"]
    caseworker = make_staff(
        oslo,
        municipal,
        "kari",
        "Kari",
        "Saksbehandler",
        Role.CASEWORKER,
        Profession.CASEWORKER,
        ost,
    )
    nurse = make_staff(
        oslo, municipal, "nils", "Nils", "Sykepleier", Role.FIELD_STAFF, Profession.NURSE, ost
    )
    nurse_vest = make_staff(
        oslo, municipal, "siri", "Siri", "Vest", Role.FIELD_STAFF, Profession.NURSE, vest
    )
    planner = make_staff(
        oslo, municipal, "per", "Per", "Planlegger", Role.PLANNER, Profession.PLANNER, ost
    )
    team_leader = make_staff(
        oslo, municipal, "tone", "Tone", "Teamleder", Role.TEAM_LEADER, Profession.TEAM_LEADER, ost
    )
    provider_admin = make_staff(
        oslo, private, "pia", "Pia", "Privat", Role.PROVIDER_ADMIN, Profession.HOME_HELPER
    )
    admin = make_user("admin", "Admin", "Adminsen")
    RoleAssignment.objects.create(user=admin, role=Role.SYSTEM_ADMIN, municipality=oslo)
    ingrid = make_client(oslo, gamle_oslo, ost, provider=private)
    # Nils is Ingrid's contact person (primærkontakt): his reason to read her record, since a
    # caregiver's team alone shows only basic details.
    ingrid.contact_person = nurse.employee
    ingrid.save(update_fields=["contact_person"])
    client_user = make_user("ingrid", "Ingrid", "Hansen")
    RoleAssignment.objects.create(
        user=client_user, role=Role.CLIENT, municipality=oslo, client=ingrid
    )
    daughter = make_user("hege", "Hege", "Hansen")
    RoleAssignment.objects.create(
        user=daughter, role=Role.NEXT_OF_KIN, municipality=oslo, client=ingrid
    )
    return World(
        oslo=oslo,
        gamle_oslo=gamle_oslo,
        unit=unit,
        teams=teams,
        municipal=municipal,
        private=private,
        caseworker=caseworker,
        nurse=nurse,
        nurse_vest=nurse_vest,
        planner=planner,
        team_leader=team_leader,
        provider_admin=provider_admin,
        admin=admin,
        client_user=client_user,
        daughter=daughter,
        ingrid=ingrid,
    )
