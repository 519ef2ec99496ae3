"""The state a route needs before anyone knocks: each scene is the cheapest existing fixture
that makes the route mean something, plus the one row the route acts on.

- ``world``: build_world() only. Ingrid (team Øst, practical help from Pia's Hjemmehjelp AS),
  Nils her contact person.
- ``record``: Ingrid's record with home notes (a key-box code), Hege as resource person and a
  safety alarm, all written by Kari.
- ``draft`` / ``sent``: Kari's decision for Ingrid, still a draft, or approved and sent.
- ``glass``: Siri opened emergency access to Ingrid; it waits for Tone's review.
- ``deviation``: Nils reported that Ingrid fell in the hall.
- ``day``: Min dag's published day: Nils visits Astrid at 08:00 today.
- ``notes``: the notes day (Hilde the home helper cleans at Astrid's) and Nils's note on his
  medication visit to Astrid.
- ``meds``: Astrid's medication list, an as-needed dose Nils gave, and the unsigned-dose
  alert of yesterday evening; Siri is on duty for Vest.
- ``cabinet``: team Øst's key cabinet; Nils has Astrid's key.
- ``planning``: tomorrow's planning day of team Øst.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.test import Client as HttpClient
from django.utils import timezone

from hverdag.access.models import BreakGlass, Role, RoleAssignment, User
from hverdag.access.services import do_open_break_glass
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Service
from hverdag.deviations.inputs import DeviationInput
from hverdag.deviations.models import Deviation
from hverdag.deviations.services import do_report_deviation
from hverdag.keys.services import do_check_out_key
from hverdag.medication.models import DoseRecord, MedicationAlert
from hverdag.medication.services import do_give_prn, raise_unsigned_alerts
from hverdag.notes.models import Note
from hverdag.org.models import District, Municipality, Provider, Team, Unit
from hverdag.staff.models import Competence, Profession
from hverdag.visits.models import Visit
from tests.api.clients.bodies import DEVICE, HOME_NOTES, RESOURCE_PERSON
from tests.api.conftest import quiet_token_for
from tests.api.test_decisions import decision_body
from tests.builders.key_cabinet import Cabinet, build_cabinet
from tests.builders.medication_day import Meds, backdate, build_meds
from tests.builders.notes_day import NotesDay, build_notes_day, write
from tests.builders.people import World, build_world, make_client, make_staff, make_user
from tests.builders.planning_day import PlanningDay, add_shift, build_planning_day
from tests.builders.published_day import PublishedDay, build_published_day

SceneName = Literal[
    "world",
    "record",
    "draft",
    "sent",
    "glass",
    "deviation",
    "day",
    "notes",
    "meds",
    "cabinet",
    "planning",
]

T = TypeVar("T")


def present(value: T | None) -> T:
    """The scene's part a route relies on; a registry entry on the wrong scene fails here."""
    assert value is not None, "the registry entry names a scene without this part"
    return value


@dataclass
class Scene:
    world: World
    record: dict[str, Any] | None = None  # API bodies of what Kari wrote: resource person, device
    decision: dict[str, Any] | None = None  # the API body of Kari's decision
    glass: BreakGlass | None = None
    deviation: Deviation | None = None
    pub: PublishedDay | None = None
    notes: NotesDay | None = None
    note: Note | None = None
    meds: Meds | None = None
    prn_dose: DoseRecord | None = None
    alert: MedicationAlert | None = None
    cabinet: Cabinet | None = None
    planning: PlanningDay | None = None

    @property
    def visit(self) -> Visit:
        """Nils's visit to Astrid this morning, whichever day-scene built it."""
        days = (
            self.pub,
            self.notes.pub if self.notes else None,
            self.meds.pub if self.meds else None,
            self.cabinet.pub if self.cabinet else None,
        )
        return present(next((d for d in days if d is not None), None)).astrid_medication


def api_as(user: User) -> Callable[[str, str, Any], Any]:
    """Set-up calls through the API as the person would make them (bodies already tested)."""
    http = HttpClient()
    headers = {"Authorization": f"Bearer {quiet_token_for(user)}"}

    def send(method: str, path: str, body: Any = None) -> Any:
        import json

        response = http.generic(
            method,
            "/api/v1" + path,
            json.dumps(body, default=str),
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code in (200, 201), response.content
        return response.json()

    return send


def catalogue(world: World) -> dict[str, Service]:
    """The standard catalogue, with Nils and Pia holding what its lines need."""
    install_catalogue(world.oslo)
    world.nurse.employee.competences.add(
        *Competence.objects.filter(code__in=["wound_care", "personal_care", "household"])
    )
    world.provider_admin.employee.competences.add(
        *Competence.objects.filter(code__in=["household", "personal_care"])
    )
    return {s.code: s for s in Service.objects.filter(municipality=world.oslo)}


def _record(scene: Scene) -> None:
    w = scene.world
    kari = api_as(w.caseworker)
    base = f"/clients/{w.ingrid.public_id}"
    kari("POST", f"{base}/home-notes", HOME_NOTES)
    scene.record = {
        "person": kari("POST", f"{base}/resource-persons", RESOURCE_PERSON),
        "device": kari("POST", f"{base}/welfare-technology", DEVICE),
    }


def _draft(scene: Scene) -> None:
    w = scene.world
    body = decision_body(w, catalogue(w))
    scene.decision = api_as(w.caseworker)("POST", f"/clients/{w.ingrid.public_id}/decisions", body)


def _sent(scene: Scene) -> None:
    _draft(scene)
    kari = api_as(scene.world.caseworker)
    decision = present(scene.decision)
    kari("POST", f"/decisions/{decision['id']}/approve", None)
    informed = {"informed_how": "both", "informed_on": str(timezone.localdate())}
    scene.decision = kari("POST", f"/decisions/{decision['id']}/send", informed)


def _glass(scene: Scene) -> None:
    w = scene.world
    scene.glass = do_open_break_glass(
        w.nurse_vest, w.ingrid, "urgent_care", "Alarm, ingen fra Øst tilgjengelig"
    )


def _deviation(scene: Scene) -> None:
    w = scene.world
    scene.deviation = do_report_deviation(
        w.nurse,
        DeviationInput(
            kind="fall",
            severity="low",
            happened_at=timezone.now() - dt.timedelta(hours=2),
            description="Snublet i gangen.",
            client=w.ingrid,
        ),
    )


def _day(scene: Scene) -> None:
    scene.pub = build_published_day(scene.world)


def _notes(scene: Scene) -> None:
    scene.notes = build_notes_day(scene.world)
    scene.note = write(scene.world.nurse, scene.notes.astrid_medication)


def _meds(scene: Scene) -> None:
    meds = build_meds(scene.world)
    scene.meds = meds
    visit = meds.pub.astrid_medication
    scene.prn_dose = do_give_prn(
        scene.world.nurse, visit, meds.oxynorm, "Smerter i ryggen", timezone.now(), uuid.uuid4()
    )
    # Listed three days ago, so yesterday's 20:00 Metformin, never signed, alerts the nurse
    # on duty.
    backdate(meds.metformin, timezone.now() - dt.timedelta(days=3))
    raise_unsigned_alerts()
    scene.alert = MedicationAlert.objects.order_by("due_at").first()
    # Siri is on duty for Vest today: only the care relationship keeps her from Øst's alert.
    add_shift(scene.world.nurse_vest.employee, visit.date)


def _cabinet(scene: Scene) -> None:
    cabinet = build_cabinet(scene.world)
    scene.cabinet = cabinet
    do_check_out_key(
        scene.world.nurse,
        cabinet.astrid_key,
        cabinet.pub.astrid_medication,
        timezone.now(),
        uuid.uuid4(),
    )


def _planning(scene: Scene) -> None:
    scene.planning = build_planning_day(scene.world)


BUILDERS: dict[SceneName, Callable[[Scene], None]] = {
    "world": lambda scene: None,
    "record": _record,
    "draft": _draft,
    "sent": _sent,
    "glass": _glass,
    "deviation": _deviation,
    "day": _day,
    "notes": _notes,
    "meds": _meds,
    "cabinet": _cabinet,
    "planning": _planning,
}


def build_scene(name: SceneName) -> Scene:
    scene = Scene(build_world())
    BUILDERS[name](scene)
    return scene


# The people who try. Those the world does not have are hired on the spot, before the
# snapshot of the database is taken.
Person = Literal[
    "anonymous",
    "ingrid",
    "hege",
    "siri",
    "pia",
    "kari",
    "nils",
    "per",
    "tone",
    "admin",
    "hilde",
    "vera",
    "bjarne",
    "forged",
    "olav",
]


def _hire(
    scene: Scene,
    username: str,
    first: str,
    last: str,
    role: Role,
    profession: Profession,
    team: Any,
) -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    w = scene.world
    return make_staff(w.oslo, w.municipal, username, first, last, role, profession, team)


def _hire_in_baerum(scene: Scene) -> User:
    """Bjarne, caseworker of team Sandvika in Bærum: another municipality on the same
    installation, who must not even learn that Ingrid exists."""
    found = User.objects.filter(username="bjarne").first()
    if found is not None:
        return found
    baerum = Municipality.objects.create(name="Bærum", number="3201")
    district = District.objects.create(municipality=baerum, name="Bærum", number="320101")
    unit = Unit.objects.create(district=district, name="Hjemmetjenesten Bærum")
    team = Team.objects.create(unit=unit, municipality=baerum, name="Team Sandvika", slug="ost")
    provider = Provider.objects.create(
        municipality=baerum, name="Bærum hjemmetjeneste", kind=Provider.Kind.MUNICIPAL
    )
    return make_staff(
        baerum,
        provider,
        "bjarne",
        "Bjarne",
        "Bærum",
        Role.CASEWORKER,
        Profession.CASEWORKER,
        team,
    )


def _olav(scene: Scene) -> User:
    """Olav Berg, another client (team Vest), with his own login: Ingrid's record is not his."""
    found = User.objects.filter(username="olav").first()
    if found is not None:
        return found
    w = scene.world
    record = make_client(w.oslo, w.gamle_oslo, w.vest, "Olav", "Berg", seed=2)
    user = make_user("olav", "Olav", "Berg")
    RoleAssignment.objects.create(user=user, role=Role.CLIENT, municipality=w.oslo, client=record)
    return user


def user_of(scene: Scene, who: Person) -> User | None:
    w = scene.world
    match who:
        case "anonymous":
            return None
        case "ingrid":
            return w.client_user
        case "hege":
            return w.daughter
        case "siri":
            return w.nurse_vest
        case "pia":
            return w.provider_admin
        case "kari" | "forged":
            # "forged": Kari's own browser session, but the request comes from another
            # site's page, without the CSRF token (tests/authz/test_matrix.py).
            return w.caseworker
        case "nils":
            return w.nurse
        case "per":
            return w.planner
        case "tone":
            return w.team_leader
        case "admin":
            return w.admin
        case "hilde":
            # A home helper of team Øst (the notes day hires her with visits of her own).
            return _hire(
                scene, "hilde", "Hilde", "Hjelper", Role.FIELD_STAFF, Profession.HOME_HELPER, w.ost
            )
        case "vera":
            # The planner of team Vest: a planner, but not of Øst's board, rota or keys.
            return _hire(
                scene, "vera", "Vera", "Vestplan", Role.PLANNER, Profession.PLANNER, w.vest
            )
        case "bjarne":
            return _hire_in_baerum(scene)
        case "olav":
            return _olav(scene)
    raise AssertionError(who)
