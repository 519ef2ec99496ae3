"""Every route of the pages and the API, once, with who may and who may not.

A page is keyed by its URL name (``web:client_detail``), never by its path: the paths are
being renamed to bokmål and the names stay. An API operation is keyed by its method and its
path as the OpenAPI document names it (``GET /clients/{client_id}``). A page that dispatches
on a slug (``decisions/<id>/<action>/``) has one entry per slug it knows.

Each entry names the scene it needs (tests/authz/scenes.py), how to build its URL and body
from that scene, and what each person gets:

- ``ok(status)``: let in; the matrix asserts the status.
- ``refused(status)``: kept out; the matrix asserts the status and that no row of any
  Hverdag table changed, the audit trail and the access log included.
- ``NO_CARE``: the client page without a care relationship: 200, but it shows only the
  emergency-access form and reads nothing, so it is a refusal like any other.
- ``LOGIN``: a page's anonymous caller is sent to the login page (the API answers 401).

The people every restricted entry must name (``MUST_NAME``): nobody, Ingrid the client,
Hege her daughter, Siri a nurse of another team, Pia of the private provider, and at least
one person who is let in. Wrong roles are added where the role is the point: Hilde the home
helper for the journal, Nils the nurse for decisions and the key register, Vera the planner
of team Vest for Øst's board and rota.

An entry can carry ``known_wrong``: person → why the outcome written is what *should*
happen and the route does not do it yet. The matrix runs those cases as strict xfail.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hverdag.decisions.models import Service
from tests.api.clients.bodies import ASSESSMENT, DEVICE, HOME_NOTES, RESOURCE_PERSON
from tests.api.clients.test_record import new_client
from tests.api.test_decisions import decision_body
from tests.authz.scenes import Person, Scene, SceneName, catalogue, present

MUST_NAME: tuple[Person, ...] = ("anonymous", "ingrid", "hege", "siri", "pia", "bjarne")


@dataclass(frozen=True)
class Outcome:
    status: int
    allowed: bool
    no_care: bool = False
    login: bool = False
    trace: bool = False  # let in, and the request must leave its access-log or audit row
    blind: bool = False  # let in to his own municipality: nothing of Oslo's may show
    to: str = ""  # a redirect's target, by URL name

    def __str__(self) -> str:
        if self.login:
            return "login"
        if self.no_care:
            return "no-care"
        return f"{'ok' if self.allowed else 'refused'}-{self.status}"


def ok(status: int = 200, *, to: str = "") -> Outcome:
    return Outcome(status, allowed=True, to=to)


def own_only(status: int = 200) -> Outcome:
    """Let in, to a list or page of one's own (Bjarne's Bærum, Olav's own record): not a
    word of Ingrid, her team or her provider in it."""
    return Outcome(status, allowed=True, blind=True)


def logged(status: int = 200) -> Outcome:
    """Let in to health information: the read leaves an access-log row, the write an audit
    row (the matrix asserts that something was written)."""
    return Outcome(status, allowed=True, trace=True)


def refused(status: int, *, to: str = "") -> Outcome:
    return Outcome(status, allowed=False, to=to)


LOGIN = Outcome(302, allowed=False, login=True)
NO_CARE = Outcome(200, allowed=False, no_care=True)
FORBIDDEN = refused(403)
NOT_FOUND = refused(404)
UNAUTHENTICATED = refused(401)
# "These pages are for the service's staff": a client and her proxy read their record in
# the portal, never on the staff pages.
PORTAL_PEOPLE: dict[Person, Outcome] = {"ingrid": FORBIDDEN, "hege": FORBIDDEN}
# Bjarne works in Bærum, on the same installation: Oslo's clients, visits, decisions and
# boards do not exist for him.
ELSEWHERE: dict[Person, Outcome] = {"bjarne": NOT_FOUND}


# Olav, another client, signs in to the API (the pages are staff-only, so there he is one
# more client refused): Ingrid's record does not exist for him.
ANOTHER_CLIENT: dict[Person, Outcome] = {"olav": NOT_FOUND}


def forged(method: str) -> dict[Person, Outcome]:
    """Another site's page posting with Kari's session: no CSRF token, so no write, on any
    page or API operation that changes something (the API checks it for sessions)."""
    return {} if method == "GET" else {"forged": FORBIDDEN}


@dataclass(frozen=True)
class Route:
    key: str  # "web:<url name>" or "api:<METHOD> <path>"
    method: str
    scene: SceneName
    url: Callable[[Scene], str]
    expect: Mapping[Person, Outcome]
    data: Callable[[Scene], dict[str, Any]] = field(default=lambda s: {})
    variant: str = ""  # the slug of a page that dispatches on one
    known_wrong: Mapping[Person, str] = field(default_factory=dict)
    # A queued action sent as the phone's offline queue sends it (web.offline): JSON in and
    # out, and refusals answered by the wrapper's own JSON branch.
    as_json: bool = False

    @property
    def is_api(self) -> bool:
        return self.key.startswith("api:")

    @property
    def id(self) -> str:
        name = f"{self.key}[{self.variant}]" if self.variant else self.key
        return f"{name}+json" if self.as_json else name


Args = Callable[[Scene], list[Any]]
Data = Callable[[Scene], dict[str, Any]]


def page(
    name: str,
    method: str,
    scene: SceneName,
    args: Args,
    expect: Mapping[Person, Outcome],
    data: Data | None = None,
    *,
    variant: str = "",
    known_wrong: Mapping[Person, str] | None = None,
    as_json: bool = False,
) -> Route:
    def url(s: Scene) -> str:
        built = args(s)
        return reverse(f"web:{name}", args=[*built, variant] if variant else built)

    return Route(
        f"web:{name}",
        method,
        scene,
        url,
        {"anonymous": LOGIN, **PORTAL_PEOPLE, **ELSEWHERE, **expect, **forged(method)},
        data or (lambda s: {}),
        variant,
        known_wrong or {},
        as_json,
    )


def api(
    method: str,
    path: str,
    scene: SceneName,
    params: Callable[[Scene], dict[str, Any]],
    expect: Mapping[Person, Outcome],
    body: Data | None = None,
    *,
    query: str = "",
    variant: str = "",
    known_wrong: Mapping[Person, str] | None = None,
) -> Route:
    return Route(
        f"api:{method} {path}",
        method,
        scene,
        lambda s: "/api/v1" + path.format(**params(s)) + query,
        {"anonymous": UNAUTHENTICATED, **ELSEWHERE, **ANOTHER_CLIENT, **expect, **forged(method)},
        body or (lambda s: {}),
        variant,
        known_wrong or {},
    )


# What the pages are built from ----------------------------------------------------------


def ingrid(s: Scene) -> list[Any]:
    return [s.world.ingrid.public_id]


def astrid(s: Scene) -> list[Any]:
    return [s.visit.client.public_id]


def visit(s: Scene) -> list[Any]:
    return [s.visit.public_id]


def nothing(s: Scene) -> list[Any]:
    return []


def action_key() -> dict[str, Any]:
    """The fields of every queued action (web.offline): a fresh idempotency key."""
    return {"key": str(uuid.uuid4())}


def today() -> str:
    return timezone.localdate().isoformat()


def scope_day(s: Scene) -> list[Any]:
    p = present(s.planning)
    return [p.world.ost.public_id, p.date]


def draft_id(s: Scene) -> list[Any]:
    return [present(s.decision)["id"]]


def key_of(s: Scene) -> Any:
    return present(s.cabinet).astrid_key


def client_form(s: Scene) -> dict[str, Any]:
    """Ingrid's details as the edit form posts them, with a new phone number."""
    c = s.world.ingrid
    return {
        "identity_number": c.identity_number,
        "first_name": c.first_name,
        "last_name": c.last_name,
        "street_address": c.street_address,
        "postal_code": c.postal_code,
        "postal_place": c.postal_place,
        "phone": "22 33 44 55",
        "preferred_language": "norsk",
        "team": str(c.team.public_id),
    }


def decision_form(s: Scene) -> dict[str, Any]:
    """A one-line decision as the editor posts it: wound care every day (the draft scene's
    catalogue, with Nils holding the competence)."""
    wound_care = Service.objects.get(municipality=s.world.oslo, code="wound_care")
    return {
        "applied_for": "sårstell",
        "applied_on": today(),
        "valid_from": today(),
        "facts": "Glemmer medisiner.",
        "reasons": "Nødvendig helsehjelp.",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-service": str(wound_care.public_id),
        "lines-0-provider": str(s.world.municipal.public_id),
        "lines-0-times_per_day": "1",
        "lines-0-weekdays": ["1", "2", "3", "4", "5", "6", "7"],
        "lines-0-every_n_weeks": "1",
        "lines-0-minutes_per_visit": "15",
        "lines-0-window_start": "08:00",
        "lines-0-window_end": "10:00",
        "lines-0-staff_count": "1",
        "lines-0-outcome": "granted",
    }


ORDER_FORM = {
    "drug": "Paracet",
    "strength": "500 mg",
    "form": "tablet",
    "dose": "1 tablett",
    "route": "oral",
    "given_by": "staff",
    "times": "08:00",
    "start_date": "",
    "prescriber": "fastlege Dr. Berg",
}

# A record page: Kari (team), Nils (contact person), Per and Tone (team) read it; Siri, with
# no relationship, gets the emergency-access form; Pia reads only what delivering needs.
RECORD_READERS: dict[Person, Outcome] = {
    "kari": logged(),
    "nils": logged(),
    "per": logged(),
    "tone": logged(),
    "siri": NO_CARE,
    "admin": FORBIDDEN,
}
# Writes to the record that any caregiver with a relationship makes (home notes, people,
# devices): not the planner, not the private provider.
RECORD_WRITERS: dict[Person, Outcome] = {
    "kari": logged(302),
    "nils": logged(302),
    "tone": logged(302),
    "per": FORBIDDEN,
    "siri": FORBIDDEN,
    "pia": FORBIDDEN,
}
# The caregiver's phone: only the caregiver planned for the visit finds it at all.
AT_THE_VISIT: dict[Person, Outcome] = {
    "nils": ok(302),
    "siri": NOT_FOUND,
    "pia": NOT_FOUND,
    "kari": NOT_FOUND,
    "tone": NOT_FOUND,
}
# Øst's board and rota: its planner and team leader; Vera plans Vest, not Øst.
PLANNERS: dict[Person, Outcome] = {
    "per": ok(),
    "tone": ok(),
    "vera": FORBIDDEN,
    "nils": FORBIDDEN,
    "kari": FORBIDDEN,
    "siri": FORBIDDEN,
    "pia": FORBIDDEN,
    # A team's id is looked up across municipalities, then the planner check refuses.
    "bjarne": FORBIDDEN,
}
PLANNER_ACTIONS = {**PLANNERS, "per": ok(302), "tone": ok(302)}
# Team Øst's key register: kept by its leader and planner.
KEEPERS: dict[Person, Outcome] = {
    "tone": ok(),
    "per": ok(),
    "vera": NOT_FOUND,
    "nils": NOT_FOUND,
    "kari": NOT_FOUND,
    "siri": NOT_FOUND,
    "pia": NOT_FOUND,
}
# The decision editor: the caseworker of the client's team writes; a nurse never does.
DECIDERS: dict[Person, Outcome] = {
    "kari": ok(302),
    "nils": FORBIDDEN,
    "tone": FORBIDDEN,
    "siri": FORBIDDEN,
    "pia": FORBIDDEN,
}
DECISION_READERS: dict[Person, Outcome] = {
    **DECIDERS,
    "kari": ok(),
    "nils": ok(),
    "tone": ok(),
}
# Pages every staff member has, each showing only their own: their day, their clients,
# their deviations, their district's client list. Bjarne's shows Bærum's, or nothing.
ANY_STAFF: dict[Person, Outcome] = {
    "kari": ok(),
    "nils": ok(),
    "siri": ok(),
    "pia": ok(),
    "admin": FORBIDDEN,
    "bjarne": own_only(),
}


# A draft is discarded; a sent decision is changed.
DISCARD_AND_CHANGE: tuple[tuple[str, SceneName], ...] = (("discard", "draft"), ("change", "sent"))

PAGES: list[Route] = [
    page("client_list", "GET", "world", nothing, ANY_STAFF),
    # Registering is the caseworker's: an empty form comes back with its errors (200), the
    # role check ran first.
    page(
        "client_register",
        "POST",
        "world",
        nothing,
        {
            "kari": ok(),
            "bjarne": own_only(),  # a caseworker, offered Bærum's teams only
            "nils": FORBIDDEN,
            "per": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
    ),
    # Finding by identity number (a phone call) shows basic details: anyone of the district,
    # and a provider for its own client.
    page(
        "client_find",
        "POST",
        "world",
        nothing,
        {
            "kari": ok(302, to="web:client_detail"),
            "siri": ok(302, to="web:client_detail"),
            "pia": ok(302, to="web:client_detail"),
            # Bærum does not know the number: back to the list with "no client".
            "bjarne": refused(302, to="web:client_list"),
        },
        lambda s: {"identity_number": s.world.ingrid.identity_number},
    ),
    page("client_detail", "GET", "world", ingrid, {**RECORD_READERS, "pia": logged()}),
    *[
        page("client_section", "GET", "world", ingrid, expect, variant=section)
        for section, expect in {
            "overview": {**RECORD_READERS, "pia": logged()},
            "home": {**RECORD_READERS, "pia": logged()},
            "intake": {**RECORD_READERS, "pia": FORBIDDEN},
            "decisions": {**RECORD_READERS, "pia": FORBIDDEN},
            "medication": {**RECORD_READERS, "pia": FORBIDDEN},
            # Who read the record is for the client (in the portal) and the team leader.
            "log": {
                **RECORD_READERS,
                "kari": FORBIDDEN,
                "nils": FORBIDDEN,
                "per": FORBIDDEN,
                "pia": FORBIDDEN,
            },
        }.items()
    ],
    # The journal is health care: the home helper planned at Astrid's keeps the case file
    # only. Astrid gets no practical help from Pia, so Pia does not know of her.
    page(
        "client_section",
        "GET",
        "notes",
        astrid,
        {"nils": ok(), "kari": ok(), "hilde": FORBIDDEN, "siri": NO_CARE, "pia": NOT_FOUND},
        variant="journal",
    ),
    page(
        "client_section",
        "GET",
        "notes",
        astrid,
        {"nils": ok(), "kari": ok(), "hilde": ok(), "siri": NO_CARE, "pia": NOT_FOUND},
        variant="case_file",
    ),
    *[
        page(
            "client_edit",
            method,
            "world",
            ingrid,
            {
                "kari": ok(200 if method == "GET" else 302),
                "tone": ok(200 if method == "GET" else 302),
                "nils": FORBIDDEN,
                "per": FORBIDDEN,
                "siri": FORBIDDEN,
                "pia": FORBIDDEN,
            },
            client_form,
        )
        for method in ("GET", "POST")
    ],
    # The key-box code: Pia's helpers need it to get in; Siri does not.
    page(
        "reveal_code",
        "POST",
        "record",
        ingrid,
        {"kari": logged(), "nils": logged(), "pia": logged(), "siri": FORBIDDEN},
    ),
    page(
        "home_notes_save",
        "POST",
        "world",
        ingrid,
        RECORD_WRITERS,
        lambda s: {"entry_method": "client_opens"},
    ),
    page(
        "resource_person_add",
        "POST",
        "world",
        ingrid,
        RECORD_WRITERS,
        lambda s: {"name": "Hege Hansen", "relation": "child", "phone": "91234567"},
    ),
    page(
        "resource_person_deactivate",
        "POST",
        "record",
        lambda s: [s.world.ingrid.public_id, present(s.record)["person"]["id"]],
        RECORD_WRITERS,
    ),
    page(
        "device_add",
        "POST",
        "world",
        ingrid,
        RECORD_WRITERS,
        lambda s: {
            "kind": "safety_alarm",
            "serial_number": "X-1",
            "supplier": "Y",
            "installed_on": today(),
        },
    ),
    # Emergency access is for staff who have no relationship; the client has none to open.
    # Finding: Pia, whose company delivers Ingrid's cleaning and may read only what that
    # needs, opens it too, and then reads Ingrid's assessments, decisions and medication.
    page(
        "break_glass",
        "POST",
        "world",
        ingrid,
        {"siri": ok(302), "pia": FORBIDDEN, "admin": FORBIDDEN},
        lambda s: {"template": "urgent_care", "reason_text": "Alarm, ingen fra Øst tilgjengelig"},
        known_wrong={
            "pia": "a private provider's administrator opens emergency access (302) and with "
            "it the parts of the record PROVIDER_MAY_READ keeps from her"
        },
    ),
    page(
        "intake_new",
        "POST",
        "world",
        ingrid,
        {
            "kari": logged(302),
            "nils": FORBIDDEN,
            "tone": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
        lambda s: {
            "assessed_on": today(),
            "what_matters": "a",
            "manages_self": "b",
            "resources": "c",
        },
    ),
    page("decision_new", "GET", "world", ingrid, {**DECIDERS, "kari": ok()}),
    page("decision_new", "POST", "draft", ingrid, DECIDERS, lambda s: decision_form(s)),
    # The editor and the letter preview are reads of the decision: whoever reads the record
    # sees the draft (Nils as contact person, Tone as leader); only Kari's buttons work.
    page("decision_edit", "GET", "draft", draft_id, DECISION_READERS),
    page("decision_preview", "GET", "draft", draft_id, DECISION_READERS),
    page(
        "decision_edit",
        "POST",
        "draft",
        draft_id,
        DECIDERS,
        lambda s: decision_form(s),
    ),
    page(
        "decision_action",
        "POST",
        "draft",
        draft_id,
        DECIDERS,
        variant="approve",
    ),
    page(
        "decision_action",
        "POST",
        "draft",
        draft_id,
        DECIDERS,
        lambda s: {"informed_how": "both", "informed_on": today()},
        variant="send",
    ),
    *[
        page(
            "decision_action",
            "POST",
            scene,
            draft_id,
            DECIDERS,
            variant=action,
        )
        for action, scene in DISCARD_AND_CHANGE
    ],
    page(
        "decision_action",
        "POST",
        "sent",
        draft_id,
        DECIDERS,
        lambda s: {"end_date": today(), "reasons": "Flyttet til sykehjem."},
        variant="terminate",
    ),
    page(
        "letter_pdf",
        "GET",
        "sent",
        lambda s: [present(s.decision)["letters"][0]["id"]],
        {"kari": ok(), "nils": ok(), "tone": ok(), "siri": FORBIDDEN, "pia": FORBIDDEN},
    ),
    page(
        "break_glass_list",
        "GET",
        "glass",
        nothing,
        {
            "tone": ok(),
            "kari": FORBIDDEN,
            "nils": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
            "bjarne": FORBIDDEN,
        },
    ),
    # Nobody reviews their own emergency access, and only a leader of the client's team.
    page(
        "break_glass_review",
        "POST",
        "glass",
        lambda s: [present(s.glass).public_id],
        {
            "tone": ok(302),
            "kari": NOT_FOUND,
            "nils": NOT_FOUND,
            "siri": NOT_FOUND,
            "pia": NOT_FOUND,
        },
        lambda s: {"note": "OK"},
    ),
    # Each sees the deviations they reported, a leader those of her team.
    page("deviation_list", "GET", "deviation", nothing, {**ANY_STAFF, "tone": ok()}),
    page(
        "deviation_new",
        "POST",
        "world",
        nothing,
        # Siri and Bjarne cannot name Ingrid (not their team's client): the form refuses it.
        {
            "nils": ok(302),
            "kari": ok(302),
            "per": ok(302),
            "siri": refused(422),
            "bjarne": refused(422),
            "pia": FORBIDDEN,
        },
        lambda s: {
            "client": str(s.world.ingrid.public_id),
            "kind": "fall",
            "severity": "low",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "description": "Snublet i gangen.",
        },
    ),
    page(
        "deviation_detail",
        "GET",
        "deviation",
        lambda s: [present(s.deviation).public_id],
        {"nils": ok(), "tone": ok(), "kari": NOT_FOUND, "siri": NOT_FOUND, "pia": NOT_FOUND},
    ),
    page(
        "deviation_detail",
        "POST",
        "deviation",
        lambda s: [present(s.deviation).public_id],
        {"nils": ok(302), "tone": ok(302), "kari": NOT_FOUND, "siri": NOT_FOUND, "pia": NOT_FOUND},
        lambda s: {"text": "Fulgt opp med fallforebygging.", "new_status": "in_progress"},
    ),
    # Min dag: every caregiver's own day; nobody else's.
    page(
        "my_day",
        "GET",
        "day",
        nothing,
        ANY_STAFF,
    ),
    page("my_clients", "GET", "world", nothing, ANY_STAFF),
    page("my_day_visit", "GET", "day", visit, {**AT_THE_VISIT, "nils": ok()}),
    page("my_day_code", "POST", "day", visit, {**AT_THE_VISIT, "nils": ok()}),
    *[
        page(
            "my_day_check",
            "POST",
            "day",
            visit,
            AT_THE_VISIT,
            lambda s: action_key(),
            variant=action,
        )
        for action in ("sjekk-inn", "sjekk-ut")
    ],
    page(
        "my_day_task",
        "POST",
        "day",
        visit,
        AT_THE_VISIT,
        lambda s: {**action_key(), "number": "1", "done": "yes"},
    ),
    page(
        "my_day_not_home",
        "POST",
        "day",
        visit,
        AT_THE_VISIT,
        lambda s: {**action_key(), "explanation": "Ingen åpnet, ringte datteren."},
    ),
    page(
        "my_day_hand_back",
        "POST",
        "day",
        visit,
        AT_THE_VISIT,
        lambda s: {**action_key(), "reason": "Syk, må gå hjem."},
    ),
    page(
        "my_day_dose",
        "POST",
        "meds",
        lambda s: [s.visit.public_id, present(s.meds).metformin.public_id],
        AT_THE_VISIT,
        lambda s: {
            **action_key(),
            "due": timezone.localtime(present(s.meds).due).strftime("%Y-%m-%d %H:%M"),
            "outcome": "given",
        },
    ),
    page(
        "my_day_prn",
        "POST",
        "meds",
        lambda s: [s.visit.public_id, present(s.meds).oxynorm.public_id],
        AT_THE_VISIT,
        lambda s: {**action_key(), "reason": "Smerter"},
    ),
    page(
        "my_day_prn_follow_up",
        "POST",
        "meds",
        lambda s: [s.visit.public_id, present(s.prn_dose).public_id],
        AT_THE_VISIT,
        lambda s: {**action_key(), "effect": "good"},
    ),
    # The unsigned-dose alert is the nurse on duty's to answer.
    page(
        "medication_alert_ack",
        "POST",
        "meds",
        lambda s: [present(s.alert).public_id],
        {
            # The alert is found by id alone ("who may answer is the service's question"),
            # so Bærum is told 403, not 404: it learns that the id exists, nothing more.
            "bjarne": FORBIDDEN,
            "nils": ok(302),
            "kari": FORBIDDEN,
            "tone": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
        lambda s: {**action_key(), "note": "Ringte Astrid, tok den 10:15"},
    ),
    # The medication list: caseworkers and nurses with a relationship; never a home helper.
    page(
        "medication_add",
        "POST",
        "world",
        ingrid,
        {
            "kari": logged(302),
            "nils": logged(302),
            "hilde": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
        lambda s: {**ORDER_FORM, "start_date": today()},
    ),
    page(
        "medication_change",
        "POST",
        "meds",
        lambda s: [s.visit.client.public_id, present(s.meds).metformin.public_id],
        {"kari": logged(302), "nils": logged(302), "siri": FORBIDDEN, "pia": NOT_FOUND},
        lambda s: {**ORDER_FORM, "start_date": today()},
    ),
    page(
        "medication_stop",
        "POST",
        "meds",
        lambda s: [s.visit.client.public_id, present(s.meds).metformin.public_id],
        {"kari": logged(302), "nils": logged(302), "siri": FORBIDDEN, "pia": NOT_FOUND},
        lambda s: {"end_date": today(), "end_reason": "Seponert av fastlegen."},
    ),
    # Notes from the visit: the caregiver planned for it. Hilde cleans at Astrid's at noon,
    # but the 08:00 medication visit is Nils's.
    page(
        "my_day_note",
        "POST",
        "notes",
        visit,
        {**AT_THE_VISIT, "hilde": NOT_FOUND},
        lambda s: {**action_key(), "text": "Gitt morgendose."},
    ),
    page(
        "my_day_note_correct",
        "POST",
        "notes",
        lambda s: [s.visit.public_id, present(s.note).public_id],
        {**AT_THE_VISIT, "hilde": NOT_FOUND},
        lambda s: {**action_key(), "text": "Gitt morgendose kl 08.10.", "reason": "Feil tid."},
    ),
    page(
        "client_note",
        "POST",
        "notes",
        astrid,
        {
            "nils": logged(302),
            "kari": logged(302),
            "hilde": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": NOT_FOUND,
        },
        lambda s: {**action_key(), "text": "Ringte fastlegen om blodsukkeret."},
        variant="journal",
    ),
    page(
        "client_note",
        "POST",
        "notes",
        astrid,
        {
            "nils": logged(302),
            "kari": logged(302),
            "hilde": logged(302),
            "siri": FORBIDDEN,
            "pia": NOT_FOUND,
        },
        lambda s: {**action_key(), "text": "Avtalt vask annenhver uke."},
        variant="case_file",
    ),
    # A note is corrected by its author (or the team's leader); a home helper never
    # touches the journal.
    page(
        "client_note_correct",
        "POST",
        "notes",
        lambda s: [s.visit.client.public_id, present(s.note).public_id],
        # Siri knows Astrid exists (same district), not the note.
        {
            "nils": ok(302),
            "kari": FORBIDDEN,
            "hilde": FORBIDDEN,
            "siri": NOT_FOUND,
            "pia": NOT_FOUND,
        },
        lambda s: {**action_key(), "text": "Gitt morgendose kl 08.10.", "reason": "Feil tid."},
    ),
    # Keys: the caregiver planned for the visit takes and returns the client's key.
    page(
        "my_day_key",
        "POST",
        "cabinet",
        lambda s: [s.visit.public_id, present(s.cabinet).astrid_box.public_id],
        AT_THE_VISIT,
        lambda s: action_key(),
        variant="ta",
    ),
    page(
        "my_day_key",
        "POST",
        "cabinet",
        lambda s: [s.visit.public_id, key_of(s).public_id],
        AT_THE_VISIT,
        lambda s: action_key(),
        variant="lever",
    ),
    # Only the one who has the key returns it from Min dag.
    page(
        "my_day_key_return",
        "POST",
        "cabinet",
        lambda s: [key_of(s).public_id],
        {**AT_THE_VISIT, "per": NOT_FOUND},
        lambda s: action_key(),
    ),
    # Vera keeps Vest's register (empty here); Øst's is out of her reach by its id below.
    page("key_register", "GET", "cabinet", nothing, {**KEEPERS, "vera": ok()}),
    page(
        "key_register",
        "POST",
        "cabinet",
        nothing,
        # Vera's form (Vest's register) does not offer Astrid: it comes back refused.
        {**KEEPERS, "tone": ok(302), "per": ok(302), "vera": refused(200)},
        lambda s: {
            "client": str(s.visit.client.pk),  # the form's choice is the row, as the page has it
            "label": "Reservenøkkel",
            "kind": "key",
            "tag": "Ø-16",
            "location": "Nøkkelskap Øst, krok 16",
        },
    ),
    page("key_register_team", "GET", "cabinet", lambda s: [s.world.ost.public_id], KEEPERS),
    *[
        page(
            "key_action",
            "POST",
            "cabinet",
            lambda s: [key_of(s).public_id],
            {**KEEPERS, "tone": ok(302), "per": ok(302)},
            lambda s: {**action_key(), "note": "Funnet i bilen."},
            variant=action,
        )
        for action in ("levert", "mistet", "pensjoner")
    ],
    # The offline queue's JSON, once per kind of action: the wrapper refuses in JSON (403,
    # 404) and a done action answers 200 with its payload.
    page(
        "my_day_check",
        "POST",
        "day",
        visit,
        {**AT_THE_VISIT, "nils": logged(200)},
        lambda s: action_key(),
        variant="sjekk-inn",
        as_json=True,
    ),
    page(
        "my_day_note",
        "POST",
        "notes",
        visit,
        {**AT_THE_VISIT, "nils": logged(200), "hilde": NOT_FOUND},
        lambda s: {**action_key(), "text": "Gitt morgendose."},
        as_json=True,
    ),
    page(
        "client_note",
        "POST",
        "notes",
        astrid,
        {
            "nils": logged(200),
            "kari": logged(200),
            "hilde": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": NOT_FOUND,
        },
        lambda s: {**action_key(), "text": "Ringte fastlegen om blodsukkeret."},
        variant="journal",
        as_json=True,
    ),
    page(
        "key_action",
        "POST",
        "cabinet",
        lambda s: [key_of(s).public_id],
        {**KEEPERS, "tone": logged(200), "per": logged(200)},
        lambda s: {**action_key(), "note": "Funnet i bilen."},
        variant="levert",
        as_json=True,
    ),
    page(
        "planning_start",
        "GET",
        "world",
        nothing,
        {
            "per": ok(),
            "tone": ok(),
            "vera": ok(),
            "pia": ok(),
            "bjarne": FORBIDDEN,  # a caseworker: nothing to plan
            "nils": FORBIDDEN,
            "kari": FORBIDDEN,
            "siri": FORBIDDEN,
        },
    ),
    page("planning_board", "GET", "planning", scope_day, PLANNERS),
    page("planning_job", "GET", "planning", scope_day, PLANNERS),
    # Without htmx the visit panel sends the planner to the board that shows it.
    page(
        "planning_visit",
        "GET",
        "planning",
        lambda s: [*scope_day(s), present(s.planning).visits[0].public_id],
        PLANNER_ACTIONS,
    ),
    # Every button of the board; the scope is checked before the form is read, so an
    # incomplete form still shows whether the door was open (302 back to the board).
    *[
        page("planning_action", "POST", "planning", scope_day, PLANNER_ACTIONS, variant=action)
        for action in (
            "optimise",
            "cancel",
            "publish",
            "new-draft",
            "move",
            "swap",
            "lock",
            "unassign",
            "sick",
        )
    ],
    page("rota_week", "GET", "planning", scope_day, PLANNERS),
    *[
        page("rota_action", "POST", "planning", scope_day, PLANNER_ACTIONS, variant=action)
        for action in ("shift", "remove-shift", "absence", "withdraw-absence")
    ],
]


# The API -------------------------------------------------------------------------------


def client_params(s: Scene) -> dict[str, Any]:
    return {"client_id": s.world.ingrid.public_id}


def astrid_params(s: Scene) -> dict[str, Any]:
    return {"client_id": s.visit.client.public_id}


def decision_params(s: Scene) -> dict[str, Any]:
    return {"decision_id": present(s.decision)["id"]}


# The API is not staff-only: the client and her proxy read their own record through it.
OWN_RECORD: dict[Person, Outcome] = {"ingrid": ok(), "hege": ok()}
API_READERS: dict[Person, Outcome] = {
    "ingrid": logged(),
    "hege": logged(),
    "kari": logged(),
    "nils": logged(),
    "siri": FORBIDDEN,
    "pia": logged(),
    "admin": NOT_FOUND,
}
API_WRITERS: dict[Person, Outcome] = {
    "kari": logged(201),
    "nils": logged(201),
    "tone": logged(201),
    "per": FORBIDDEN,
    "ingrid": FORBIDDEN,
    "hege": FORBIDDEN,
    "siri": FORBIDDEN,
    "pia": FORBIDDEN,
}
# A write to a decision is refused by role (403) before anything is looked up, so a
# client is told "not your role" even for a draft she cannot read (GET is 404 for her).
API_DECIDERS: dict[Person, Outcome] = {
    "kari": ok(),
    "nils": FORBIDDEN,
    "ingrid": FORBIDDEN,
    "hege": FORBIDDEN,
    "siri": FORBIDDEN,
    "pia": FORBIDDEN,
}


def decision_body_of(s: Scene) -> dict[str, Any]:
    return decision_body(s.world, catalogue(s.world))


def note_body(kind: str) -> Data:
    def body(s: Scene) -> dict[str, Any]:
        return {"key": str(uuid.uuid4()), "text": "Ringte fastlegen.", "kind": kind}

    return body


def ingrid_changed(s: Scene) -> dict[str, Any]:
    return {"phone": "22 33 44 55"}


def ingrid_replaced(s: Scene) -> dict[str, Any]:
    return new_client(identity_number=s.world.ingrid.identity_number)


APIS: list[Route] = [
    api(
        "GET",
        "/clients",
        "world",
        lambda s: {},
        {
            **OWN_RECORD,
            "kari": ok(),
            "siri": ok(),
            "pia": ok(),
            "bjarne": own_only(),
            "olav": own_only(),  # himself, and not Ingrid
        },
    ),
    api(
        "POST",
        "/clients",
        "world",
        lambda s: {},
        {
            "kari": ok(201),
            "olav": FORBIDDEN,
            # "ost" is also the slug of his own team in Bærum: the client lands there.
            "bjarne": own_only(201),
            "nils": FORBIDDEN,
            "tone": FORBIDDEN,
            "ingrid": FORBIDDEN,
            "hege": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
        lambda s: new_client(),
    ),
    # Basic details (the masked number is the birth date) are visible across the district
    # and are not health information: nothing is logged.
    api(
        "GET",
        "/clients/{client_id}",
        "world",
        client_params,
        {**OWN_RECORD, "kari": ok(), "nils": ok(), "siri": ok(), "pia": ok(), "admin": NOT_FOUND},
    ),
    *[
        api(
            method,
            "/clients/{client_id}",
            "world",
            client_params,
            {
                "kari": ok(),
                "tone": ok(),
                "nils": FORBIDDEN,
                "ingrid": FORBIDDEN,
                "hege": FORBIDDEN,
                "siri": FORBIDDEN,
                "pia": FORBIDDEN,
            },
            ingrid_changed if method == "PATCH" else ingrid_replaced,
        )
        for method in ("PUT", "PATCH")
    ],
    api(
        "GET",
        "/clients/{client_id}/assessments",
        "world",
        client_params,
        {**API_READERS, "pia": FORBIDDEN},
    ),
    api(
        "POST",
        "/clients/{client_id}/assessments",
        "world",
        client_params,
        {**API_WRITERS, "nils": FORBIDDEN, "tone": FORBIDDEN},
        lambda s: ASSESSMENT,
    ),
    api("GET", "/clients/{client_id}/home-notes", "world", client_params, API_READERS),
    api(
        "POST",
        "/clients/{client_id}/home-notes",
        "world",
        client_params,
        API_WRITERS,
        lambda s: HOME_NOTES,
    ),
    api("GET", "/clients/{client_id}/resource-persons", "world", client_params, API_READERS),
    api(
        "POST",
        "/clients/{client_id}/resource-persons",
        "world",
        client_params,
        API_WRITERS,
        lambda s: RESOURCE_PERSON,
    ),
    api(
        "PUT",
        "/clients/{client_id}/resource-persons/{person_id}",
        "record",
        lambda s: {**client_params(s), "person_id": present(s.record)["person"]["id"]},
        {**API_WRITERS, "kari": logged(), "nils": logged(), "tone": logged()},
        lambda s: RESOURCE_PERSON,
    ),
    api(
        "POST",
        "/clients/{client_id}/resource-persons/{person_id}/deactivate",
        "record",
        lambda s: {**client_params(s), "person_id": present(s.record)["person"]["id"]},
        {**API_WRITERS, "kari": logged(), "nils": logged(), "tone": logged()},
    ),
    api(
        "GET",
        "/clients/{client_id}/welfare-technology",
        "world",
        client_params,
        {**API_READERS, "pia": FORBIDDEN},
    ),
    api(
        "POST",
        "/clients/{client_id}/welfare-technology",
        "world",
        client_params,
        API_WRITERS,
        lambda s: DEVICE,
    ),
    api(
        "POST",
        "/clients/{client_id}/welfare-technology/{device_id}/remove",
        "record",
        lambda s: {**client_params(s), "device_id": present(s.record)["device"]["id"]},
        {**API_WRITERS, "kari": logged(), "nils": logged(), "tone": logged()},
        lambda s: {"removed_on": today()},
    ),
    # Who read her record: the client, her proxy and the leader of her team.
    api(
        "GET",
        "/clients/{client_id}/access-log",
        "world",
        client_params,
        {
            **OWN_RECORD,
            "tone": ok(),
            "kari": FORBIDDEN,
            "nils": FORBIDDEN,
            "siri": FORBIDDEN,
            "pia": FORBIDDEN,
        },
    ),
    api(
        "GET",
        "/clients/{client_id}/decisions",
        "sent",
        client_params,
        {**API_READERS, "pia": FORBIDDEN},
    ),
    api(
        "POST",
        "/clients/{client_id}/decisions",
        "world",
        client_params,
        {**API_DECIDERS, "kari": ok(201)},
        decision_body_of,
    ),
    # A client never sees a draft.
    api(
        "GET",
        "/decisions/{decision_id}",
        "draft",
        decision_params,
        {**API_DECIDERS, "nils": ok(), "tone": ok(), "ingrid": NOT_FOUND, "hege": NOT_FOUND},
    ),
    api(
        "PUT", "/decisions/{decision_id}", "draft", decision_params, API_DECIDERS, decision_body_of
    ),
    api(
        "DELETE",
        "/decisions/{decision_id}",
        "draft",
        decision_params,
        {**API_DECIDERS, "kari": ok(204)},
    ),
    api("POST", "/decisions/{decision_id}/approve", "draft", decision_params, API_DECIDERS),
    api(
        "POST",
        "/decisions/{decision_id}/send",
        "draft",
        decision_params,
        # A draft is approved before it is sent: Kari passes the door and meets the rule.
        {**API_DECIDERS, "kari": ok(422)},
        lambda s: {"informed_how": "both", "informed_on": today()},
    ),
    api(
        "POST",
        "/decisions/{decision_id}/change",
        "sent",
        decision_params,
        {**API_DECIDERS, "kari": ok(201)},
        decision_body_of,
    ),
    api(
        "POST",
        "/decisions/{decision_id}/terminate",
        "sent",
        decision_params,
        {**API_DECIDERS, "kari": ok(201)},
        lambda s: {"end_date": today(), "reasons": "Flyttet til sykehjem."},
    ),
    api(
        "GET",
        "/decisions/{decision_id}/letters/{letter_id}.pdf",
        "sent",
        lambda s: {**decision_params(s), "letter_id": present(s.decision)["letters"][0]["id"]},
        {**OWN_RECORD, "kari": ok(), "nils": ok(), "siri": FORBIDDEN, "pia": FORBIDDEN},
    ),
    # Who works where: for staff and the system administrator, not for clients.
    api(
        "GET",
        "/staff",
        "world",
        lambda s: {},
        {
            "kari": ok(),
            "siri": ok(),
            "pia": ok(),
            "admin": ok(),
            "bjarne": own_only(),
            "ingrid": FORBIDDEN,
            "hege": FORBIDDEN,
            "olav": FORBIDDEN,
        },
    ),
    # Teams, services and providers are the municipality's public catalogue: any signed-in
    # caller of the municipality reads them (the portal names her team from it).
    *[
        api(
            "GET",
            path,
            "world",
            lambda s: {},
            {
                "ingrid": ok(),
                "hege": ok(),
                "siri": ok(),
                "pia": ok(),
                "kari": ok(),
                "olav": ok(),
                "bjarne": own_only(),
            },
        )
        for path in ("/teams", "/services", "/providers")
    ],
    # Notes: the journal is health care; the home helper reads and writes the case file
    # only. Astrid's notes are no business of Ingrid, Hege or Pia: they do not exist.
    *[
        api(
            method,
            "/clients/{client_id}/notes",
            "notes",
            astrid_params,
            {
                "nils": logged(status),
                "kari": logged(status),
                "hilde": FORBIDDEN if kind == "journal" else logged(status),
                "siri": FORBIDDEN,
                "pia": NOT_FOUND,
                "ingrid": NOT_FOUND,
                "hege": NOT_FOUND,
            },
            note_body(kind) if method == "POST" else None,
            query=f"?kind={kind}" if method == "GET" else "",
            variant=kind,
        )
        for kind in ("journal", "case_file")
        for method, status in (("GET", 200), ("POST", 201))
    ],
]


# Public on purpose: nothing behind them to protect. Keyed like the resolver names them.
PUBLIC: dict[str, str] = {
    "web:home": "redirects to the login page or the client list; shows nothing",
    "web:login": "the way in",
    "web:logout": "the way out; ends only the caller's own session",
    "web:my_day_sw": "Min dag's service worker: static script, must load to work offline",
    "web:my_day_manifest": "the installable app's manifest: names and icons only",
    "set_language": "Django's i18n switch: sets the caller's language cookie",
    "api-v1:openapi-json": "the published OpenAPI document (tests/api/test_openapi.py)",
    "api-v1:api-root": "django-ninja's root: always 404, there only to build paths",
}
# Not listed, with the reason: the Django admin checks is_staff itself, and on purpose shows
# no health information (docs/access.md, "Not in the Django admin").
EXCLUDED_NAMESPACES: dict[str, str] = {"admin": "Django admin: its own staff check"}

ROUTES: list[Route] = [*PAGES, *APIS]
