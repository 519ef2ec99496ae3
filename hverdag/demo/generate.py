"""The demo district as plain data: people, homes, needs and decisions, from one seed.

Pure Python (no Django), so it can be generated, inspected and tested without a database;
``hverdag.demo.load`` writes it. Everything comes from one ``random.Random(seed)``: the
same seed gives the same district, down to names and identity numbers.

Dates. People are anchored to a fixed reference date (REFERENCE_DATE): birth dates and
identity numbers never change with the day the demo is loaded. The case calendar is
stored as day offsets (``*_days_ago``, ``*_in_days``) that the loader adds to the day of
loading, so a demo loaded on any day has active decisions, recent assessments and
follow-ups due in the coming weeks. Same seed and same day give the same database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

from hverdag.core import identity_numbers
from hverdag.demo import geography, names, texts
from hverdag.demo.geography import Place
from hverdag.demo.needs import (
    PRACTICAL_CATEGORIES,
    SERVICE_CATEGORY,
    Needs,
    add_medication,
    add_practical,
    draw_needs,
    function_scores,
)
from hverdag.demo.spec import (
    MUNICIPAL,
    PRIVATE_PROVIDERS,
    AssessmentSpec,
    ClientSpec,
    DecisionSpec,
    DemoData,
    HomeNotesSpec,
    KinSpec,
    PortalUserSpec,
    ProviderSpec,
    StaffSpec,
    WelfareTechSpec,
    ascii_slug,
    mobile,
    weighted,
)
from hverdag.demo.texts import Kin

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "MUNICIPAL",
    "PRIVATE_PROVIDERS",
    "SERVICE_CATEGORY",
    "DemoData",
    "Mix",
    "generate",
    "mix",
]

REFERENCE_DATE = dt.date(2026, 1, 1)
DEFAULT_SEED = 301  # Oslo's municipality number, minus the leading zero
DEMO_PASSWORD = "hverdag-demo"
# Share of practical-assistance clients who chose a private provider (Stavanger's 16 %).
PRIVATE_SHARE = 0.16


# --------------------------------------------------------------------------- providers


def providers() -> tuple[ProviderSpec, ...]:
    practical = ("household", "personal_care")
    return (
        ProviderSpec(
            MUNICIPAL,
            "Bydel Gamle Oslo hjemmetjeneste",
            "municipal",
            ("health_care", "personal_care", "household", "additional"),
            geography.DISTRICT_OFFICE,
        ),
        ProviderSpec(
            "trivsel",
            "Trivsel Hjemmehjelp AS",
            "private",
            practical,
            geography.PROVIDER_OFFICES["trivsel"],
        ),
        ProviderSpec(
            "partner",
            "Omsorgspartner Oslo AS",
            "private",
            practical,
            geography.PROVIDER_OFFICES["partner"],
        ),
    )


# --------------------------------------------------------------------------- staff

NURSE_COMPETENCES = ("medication_administration", "injections", "wound_care", "catheter_care")
EMPLOYMENT = ((100, 45.0), (80, 25.0), (75, 20.0), (50, 10.0))
FIELD_TRANSPORT = (("walk", 25.0), ("bike", 30.0), ("car", 25.0), ("public_transport", 20.0))
OFFICE_TRANSPORT = (("walk", 30.0), ("bike", 30.0), ("public_transport", 40.0))
THERAPIST_TRANSPORT = (("car", 60.0), ("bike", 20.0), ("public_transport", 20.0))

# The people of the test story (tests/builders/people.py: Kari the caseworker, Nils the nurse …),
# with ordinary surnames here, so their logins are easy to remember.
PINNED_STAFF: dict[tuple[str, str], tuple[str, str]] = {
    # (team, profession) -> (first name, last name)
    ("ost", "team_leader"): ("Tone", "Kvam"),
    ("ost", "planner"): ("Per", "Solheim"),
    ("ost", "caseworker"): ("Kari", "Lunde"),
    ("ost", "nurse"): ("Nils", "Haugland"),
    ("vest", "nurse"): ("Siri", "Aune"),
    ("trivsel", "admin"): ("Pia", "Ravn"),
}
DISTRICT_WIDE: tuple[tuple[str, str, int], ...] = (
    # profession, username suffix, how many
    ("physiotherapist", "fysio", 2),
    ("occupational_therapist", "ergo", 2),
    ("clinical_nutritionist", "ernaering", 1),
    ("advanced_clinical_nurse", "aks", 1),
    ("dementia_coordinator", "demens", 1),
    ("cancer_coordinator", "kreft", 1),
)


def _competences(profession: str, rng: random.Random) -> tuple[str, ...]:
    found: list[str] = []
    if profession in ("nurse", "advanced_clinical_nurse"):
        # A home-care nurse also helps with personal care and meals on the round.
        found += [*NURSE_COMPETENCES, "personal_care", "nutrition"]
        if rng.random() < 0.7:
            found.append("patient_lift")
        if rng.random() < 0.2:
            found.append("welfare_technology")
    elif profession == "health_worker":
        if rng.random() < 0.65:
            found.append("medication_administration")
        found += ["personal_care", "nutrition"]
        if rng.random() < 0.8:
            found.append("patient_lift")
    elif profession == "home_helper":
        found += ["household", "personal_care"]
    elif profession == "physiotherapist":
        found += ["physiotherapy", "patient_lift"]
    elif profession == "occupational_therapist":
        found += ["occupational_therapy", "welfare_technology"]
    elif profession == "clinical_nutritionist":
        found.append("nutrition")
    elif profession == "dementia_coordinator":
        found += ["medication_administration", "welfare_technology"]
    elif profession == "cancer_coordinator":
        found += ["medication_administration", "injections", "catheter_care", "wound_care"]
    return tuple(found)


class _NamePool:
    """Staff names, each first name handed out once so that logins stay short and unique."""

    def __init__(self, rng: random.Random) -> None:
        self._names = [
            (first, surnames) for firsts, surnames in names.STAFF_NAME_GROUPS for first in firsts
        ]
        rng.shuffle(self._names)
        self._rng = rng

    def take(self) -> tuple[str, str]:
        first, surnames = self._names.pop()
        return first, self._rng.choice(surnames)


@dataclass(frozen=True)
class TeamSize:
    """How many carers (nurses + health workers) and home helpers a team needs."""

    carers: int
    home_helpers: int


def team_sizes(drafts: list[_Draft]) -> dict[str, TeamSize]:
    """Staff each team in proportion to its decided hours, within the usual ranges.

    Together the teams have about 17 nurses and health workers each (7-10 of either), and
    3-4 home helpers, as the unit's budget allows; who gets how many follows the work. With
    fewer, the planner's figures showed a morning (07:30-10:30) no rota could meet on time.
    """
    carer_hours = dict.fromkeys(geography.TEAM_SLUGS, 0.0)
    helper_hours = dict.fromkeys(geography.TEAM_SLUGS, 0.0)
    for d in drafts:
        for line in d.needs.lines:
            hours = line.visits_per_week * line.minutes * line.staff_count / 60
            if line.service in ("physiotherapy",):
                continue  # the district's physiotherapists
            if SERVICE_CATEGORY[line.service] == "household":
                helper_hours[d.team] += hours
            else:
                carer_hours[d.team] += hours
    sizes = {}
    for slug in geography.TEAM_SLUGS:
        carers = 17 * len(carer_hours) * carer_hours[slug] / max(1.0, sum(carer_hours.values()))
        helpers = (
            3.5 * len(helper_hours) * helper_hours[slug] / max(1.0, sum(helper_hours.values()))
        )
        sizes[slug] = TeamSize(
            carers=min(20, max(15, round(carers))), home_helpers=min(4, max(3, round(helpers)))
        )
    return sizes


def generate_staff(rng: random.Random, sizes: dict[str, TeamSize]) -> tuple[StaffSpec, ...]:
    pool = _NamePool(rng)
    staff: list[StaffSpec] = []

    def add(
        profession: str,
        role: str,
        suffix: str,
        *,
        team: str | None,
        provider: str = MUNICIPAL,
        base: Place,
        pinned: tuple[str, str] | None = None,
        transport: Sequence[tuple[str, float]] = FIELD_TRANSPORT,
        percent: int | None = None,
    ) -> None:
        first, last = pinned or pool.take()
        staff.append(
            StaffSpec(
                username=f"{ascii_slug(first)}.{suffix}",
                first_name=first,
                last_name=last,
                profession=profession,
                role=role,
                provider=provider,
                team=team,
                competences=_competences(profession, rng),
                employment_percent=percent or weighted(rng, EMPLOYMENT),
                transport_mode=weighted(rng, transport),
                home_base=base,
            )
        )

    for slug in geography.TEAM_SLUGS:
        base = geography.TEAM_BASES[slug]
        nurses = sizes[slug].carers // 2 + rng.randint(0, sizes[slug].carers % 2)
        counts = {
            "team_leader": 1,
            "planner": 1,
            "caseworker": rng.randint(1, 2),
            "nurse": nurses,
            "health_worker": sizes[slug].carers - nurses,
            "home_helper": sizes[slug].home_helpers,
        }
        for profession, count in counts.items():
            desk = profession in ("team_leader", "planner", "caseworker")
            role = profession if desk else "field_staff"
            for i in range(count):
                pinned = PINNED_STAFF.get((slug, profession)) if i == 0 else None
                add(
                    profession,
                    role,
                    slug,
                    team=slug,
                    base=base,
                    pinned=pinned,
                    transport=OFFICE_TRANSPORT if desk else FIELD_TRANSPORT,
                    percent=100 if desk else None,
                )
    for profession, suffix, count in DISTRICT_WIDE:
        therapist = profession in ("physiotherapist", "occupational_therapist")
        for _ in range(count):
            add(
                profession,
                "field_staff",
                suffix,
                team=None,
                base=geography.DISTRICT_OFFICE,
                transport=THERAPIST_TRANSPORT if therapist else OFFICE_TRANSPORT,
                percent=None if therapist else 100,
            )
    for key in PRIVATE_PROVIDERS:
        office = geography.PROVIDER_OFFICES[key]
        add(
            "home_helper",
            "provider_admin",
            key,
            team=None,
            provider=key,
            base=office,
            pinned=PINNED_STAFF.get((key, "admin")),
            transport=OFFICE_TRANSPORT,
            percent=100,
        )
        for _ in range(rng.randint(3, 4)):
            add("home_helper", "field_staff", key, team=None, provider=key, base=office)
    return tuple(_private_helpers_cook(staff))


def _private_helpers_cook(staff: list[StaffSpec]) -> list[StaffSpec]:
    """Each private provider's first two helpers are trained in meals (nutrition lines)."""
    seen: dict[str, int] = {}
    result = []
    for s in staff:
        if s.provider != MUNICIPAL and s.role == "field_staff":
            seen[s.provider] = seen.get(s.provider, 0) + 1
            if seen[s.provider] <= 2:
                s = replace(s, competences=(*s.competences, "nutrition"))
        result.append(s)
    return result


# --------------------------------------------------------------------------- clients


@dataclass(frozen=True)
class _Person:
    first: str
    last: str
    sex: str
    language: str
    interpreter: bool
    origin: names.Origin | None = None  # a minority language community, if any


def _person(rng: random.Random) -> _Person:
    sex = "f" if rng.random() < 0.64 else "m"  # most home-care clients are women
    if rng.random() < 0.2:
        origins = names.MINORITY_ORIGINS
        origin = weighted(rng, [(o, float(w)) for o, w in origins])
        first = rng.choice(origin.women if sex == "f" else origin.men)
        last = rng.choice(origin.last_names)
        if rng.random() < 0.25:  # has lived here long: prefers Norwegian
            return _Person(first, last, sex, "norsk", False, origin)
        interpreter = rng.random() < origin.interpreter_share
        return _Person(first, last, sex, origin.language, interpreter, origin)
    first = rng.choice(names.OLDER_WOMEN if sex == "f" else names.OLDER_MEN)
    return _Person(first, rng.choice(names.LAST_NAMES), sex, "norsk", False)


def _age(rng: random.Random) -> int:
    if rng.random() < 0.08:
        return rng.randint(38, 66)
    return min(98, max(67, round(rng.triangular(67, 99, 86))))


def _birth_date(rng: random.Random, age: int) -> dt.date:
    year = REFERENCE_DATE.year - age - 1
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))


KIN_RELATIONS = (("child", 70.0), ("sibling", 10.0), ("friend", 10.0), ("other_family", 10.0))
# Younger clients: no grown-up children, perhaps a parent.
YOUNG_KIN_RELATIONS = (("parent", 40.0), ("sibling", 35.0), ("friend", 25.0))


def _kin(person: _Person, age: int, rng: random.Random, dementia: bool) -> list[Kin]:
    count = weighted(rng, ((0, 10.0), (1, 50.0), (2, 35.0), (3, 5.0)))
    found: list[Kin] = []
    relations = []
    if count and age < 88 and rng.random() < 0.3:
        relations.append("spouse")
    while len(relations) < count:
        relations.append(weighted(rng, KIN_RELATIONS if age >= 60 else YOUNG_KIN_RELATIONS))
    proxy_given = False
    taken = {person.first}
    for relation in relations:
        sex = ("m" if person.sex == "f" else "f") if relation == "spouse" else rng.choice("fm")
        if person.origin:  # family names from the same community
            pool = person.origin.women if sex == "f" else person.origin.men
        elif relation in ("spouse", "parent"):
            pool = names.OLDER_WOMEN if sex == "f" else names.OLDER_MEN
        else:
            pool = names.KIN_WOMEN if sex == "f" else names.KIN_MEN
        first = rng.choice([n for n in pool if n not in taken] or pool)
        taken.add(first)
        same_name = relation in ("spouse", "parent") or (
            relation in ("child", "sibling") and (person.origin or rng.random() < 0.6)
        )
        last = person.last if same_name else rng.choice(names.LAST_NAMES)
        proxy = (
            not proxy_given and relation == "child" and rng.random() < (0.7 if dementia else 0.15)
        )
        proxy_given = proxy_given or proxy
        email = ""
        if relation != "spouse" and rng.random() < 0.5:
            email = f"{ascii_slug(first)}.{ascii_slug(last).replace(' ', '')}@example.com"
        habit, town = ("", "")
        if relation != "spouse":
            habit, town = rng.choice(
                texts.FRIEND_HABITS if relation == "friend" else texts.KIN_HABITS
            )
        found.append(
            Kin(
                KinSpec(
                    name=f"{first} {last}",
                    relation=relation,
                    phone=mobile(rng),
                    email=email,
                    address=town,
                    is_next_of_kin=relation in ("spouse", "child", "sibling"),
                    has_proxy=proxy,
                    consent_to_information=proxy or relation in ("spouse", "child"),
                ),
                first,
                sex,
                habit,
            )
        )
    return found


def _address(rng: random.Random, team: str) -> tuple[str, str, float, float]:
    """A street address in a team's area.

    A street in the team's wedge (weighted by how many people live there), then a point
    near the street that stays in the district and in the wedge.
    """
    streets = [s for s in geography.STREETS if geography.team_for(s.lat, s.lon) == team]
    street = rng.choices(streets, weights=[s.weight for s in streets], k=1)[0]
    number = rng.randint(1, street.max_number)
    suffix = rng.choice(("", "", "", "A", "B", "C"))
    while True:
        lat, lon = geography.jitter(street.lat, street.lon, 180, rng.random(), rng.random())
        if geography.inside_district(lat, lon) and geography.team_for(lat, lon) == team:
            break
    return f"{street.name} {number}{suffix}", street.postal_code, round(lat, 6), round(lon, 6)


@dataclass
class _Draft:
    """A client before the practical provider is chosen (that needs all clients drawn)."""

    person: _Person
    birth: dt.date
    number: str
    kind: str
    street: str
    postal_code: str
    lat: float
    lon: float
    phone: str
    team: str
    needs: Needs
    kin: tuple[KinSpec, ...]
    home_notes: HomeNotesSpec
    tech: tuple[WelfareTechSpec, ...]
    assessment: AssessmentSpec
    decision: DecisionSpec
    contact: str

    def build(self, provider: str | None) -> ClientSpec:
        lines = tuple(
            replace(line, provider=provider)
            if provider and SERVICE_CATEGORY[line.service] in PRACTICAL_CATEGORIES
            else line
            for line in self.needs.lines
        )
        return ClientSpec(
            first_name=self.person.first,
            last_name=self.person.last,
            birth_date=self.birth,
            identity_number=self.number,
            identity_kind=self.kind,
            street_address=self.street,
            postal_code=self.postal_code,
            postal_place=geography.POSTAL_PLACE,
            lat=self.lat,
            lon=self.lon,
            phone=self.phone,
            preferred_language=self.person.language,
            needs_interpreter=self.person.interpreter,
            team=self.team,
            practical_provider=provider,
            contact_person=self.contact,
            kin=self.kin,
            home_notes=self.home_notes,
            welfare_technology=self.tech,
            assessment=self.assessment,
            decision=replace(self.decision, lines=lines),
            profile=self.needs.profile,
        )


def _identity_number(
    birth: dt.date, kind: identity_numbers.IdentityKind, rng: random.Random, used: set[str]
) -> str:
    while True:
        number = identity_numbers.generate(birth, rng, kind=kind, synthetic=True)
        if number not in used:
            used.add(number)
            return number


def _review_in_days(valid_from_days_ago: int) -> int:
    """Decisions are reviewed yearly from their start; a few reviews are up to 2 weeks late."""
    days = 365 - valid_from_days_ago % 365
    return days - 365 if days > 351 and valid_from_days_ago > 365 else days


def _draft(
    index: int, area: str, rng: random.Random, used_numbers: set[str], serials: set[str]
) -> _Draft:
    person = _person(rng)
    age = _age(rng)
    if index == 0:  # Ingrid Hansen, the client the docs and tests talk about
        person = _Person("Ingrid", "Hansen", "f", "norsk", False)
        age = 88
    birth = _birth_date(rng, age)
    kind = identity_numbers.IdentityKind.FNR
    if person.origin and rng.random() < 0.12:
        kind = identity_numbers.IdentityKind.DNR
    number = _identity_number(birth, kind, rng, used_numbers)
    street, postal_code, lat, lon = _address(rng, area)
    needs = draw_needs(rng, age)
    kin = _kin(person, age, rng, needs.dementia)
    if index == 0:
        street, postal_code, lat, lon = "Vålerenggata 24", "0656", 59.90905, 10.78640
        needs = Needs("medication_practical")
        add_medication(needs, rng, 1)
        add_practical(needs, rng)
        hege = KinSpec(
            "Hege Hansen", "child", mobile(rng), "hege.hansen@example.com",
            "Ensjøveien 12, 0655 Oslo", True, True, True,
        )  # fmt: skip
        kin = [Kin(hege, "Hege", "f", "bor på Ensjø og kommer innom flere ganger i uka")]
    team = geography.team_for(lat, lon)
    scores = function_scores(needs, rng, age)
    matters = texts.what_matters(needs, rng, age, kin[0].first if kin else None, person.language)
    assessment_days_ago = rng.randint(20, 700)
    if needs.profile == "reablement":
        assessment_days_ago = rng.randint(5, 20)
    notes = ""
    if person.interpreter:
        notes = f"Samtalen ble gjennomført med kvalifisert tolk ({person.language})."
    elif kin and rng.random() < 0.3:
        notes = f"{kin[0].spec.name} var til stede under samtalen."
    assessment = AssessmentSpec(
        days_ago=assessment_days_ago,
        what_matters=matters,
        manages_self=texts.manages_self(scores, rng),
        resources=texts.resources(kin, age, rng),
        notes=notes,
        home_visit=rng.random() < 0.9,
        scores=tuple(scores.items()),
        goals=texts.goals(needs, rng),
    )
    valid_from_days_ago = max(1, assessment_days_ago - rng.randint(2, 10))
    valid_for = None
    if needs.profile == "reablement":  # time-limited, still running
        valid_for = valid_from_days_ago + rng.randint(21, 42)
    decision = DecisionSpec(
        applied_days_ago=assessment_days_ago + rng.randint(3, 21),
        valid_from_days_ago=valid_from_days_ago,
        valid_for_days=valid_for,
        review_in_days=_review_in_days(valid_from_days_ago),
        informed_how=weighted(rng, (("both", 60.0), ("in_writing", 30.0), ("orally", 10.0))),
        applied_for=texts.applied_for(needs),
        refused=" ".join(needs.refused),
        facts=texts.facts(
            person.first, age, street, kin, assessment.home_visit, needs, scores, rng
        ),
        reasons=texts.reasons(person.first, needs, matters),
        caseworker="",  # set once the team is staffed
        approved_by="",
        lines=(),  # set by _Draft.build once the practical provider is chosen
    )
    return _Draft(
        person=person,
        birth=birth,
        number=number,
        kind=kind.value,
        street=street,
        postal_code=postal_code,
        lat=lat,
        lon=lon,
        phone=mobile(rng) if rng.random() < 0.85 else "",
        team=team,
        needs=needs,
        kin=tuple(k.spec for k in kin),
        home_notes=texts.home_notes(needs, rng),
        tech=texts.welfare_technology(needs, rng, serials),
        assessment=assessment,
        decision=decision,
        contact="",  # set once the team is staffed
    )


def generate(seed: int = DEFAULT_SEED, clients: int = 300) -> DemoData:
    """The whole demo district for ``seed``; the same seed always gives the same data."""
    rng = random.Random(seed)
    used_numbers: set[str] = set()
    serials: set[str] = set()
    # The district drew the team borders so that the teams are equally large.
    areas = [slug for slug in geography.TEAM_SLUGS for _ in range(-(-clients // 4))]
    rng.shuffle(areas)
    drafts = [_draft(i, areas[i], rng, used_numbers, serials) for i in range(clients)]
    staff = generate_staff(rng, team_sizes(drafts))
    by_team: dict[str, dict[str, list[str]]] = {}
    for s in staff:
        if s.team:
            by_team.setdefault(s.team, {}).setdefault(s.profession, []).append(s.username)
    carers: dict[str, list[str]] = {}
    for slug, groups in by_team.items():
        carers[slug] = groups["nurse"] + groups["health_worker"]
        rng.shuffle(carers[slug])
    turns = dict.fromkeys(by_team, 0)
    for draft in drafts:
        team = by_team[draft.team]
        draft.decision = replace(
            draft.decision,
            caseworker=rng.choice(team["caseworker"]),
            approved_by=team["team_leader"][0],
        )
        pool = carers[draft.team]  # contact persons round-robin over the team's carers
        draft.contact = pool[turns[draft.team] % len(pool)]
        turns[draft.team] += 1
    chosen = _choose_practical_providers(drafts, rng)
    built = [draft.build(provider) for draft, provider in zip(drafts, chosen, strict=True)]
    return DemoData(
        seed=seed,
        providers=providers(),
        staff=staff,
        clients=tuple(built),
        portal_users=_portal_users(built),
    )


def _choose_practical_providers(drafts: list[_Draft], rng: random.Random) -> list[str | None]:
    """Free user choice: about 16 % of practical-assistance clients chose a private provider.

    Clients with double staffing or time-limited reablement stay with the municipal
    service, which has the lifts and the therapists. Ingrid Hansen (the first) chose Trivsel.
    """
    practical = [i for i, d in enumerate(drafts) if d.needs.practical]
    eligible = [
        i
        for i in practical
        if i != 0 and not drafts[i].needs.double_staffed and drafts[i].needs.profile != "reablement"
    ]
    private_count = round(PRIVATE_SHARE * len(practical))
    chosen = sorted(rng.sample(eligible, k=private_count - 1))
    result: list[str | None] = [MUNICIPAL if d.needs.practical else None for d in drafts]
    result[0] = "trivsel"
    for turn, i in enumerate(chosen):
        result[i] = PRIVATE_PROVIDERS[(turn + 1) % 2]
    return result


def _portal_users(clients: list[ClientSpec]) -> tuple[PortalUserSpec, ...]:
    """Ingrid and her daughter Hege, two more clients and one more proxy next of kin."""
    users = [
        PortalUserSpec("ingrid", "Ingrid", "Hansen", "client", 0),
        PortalUserSpec("hege", "Hege", "Hansen", "next_of_kin", 0),
    ]
    taken = {"ingrid", "hege"}
    for i, c in enumerate(clients):
        if len(users) >= 4:
            break
        name = ascii_slug(c.first_name)
        if (
            i
            and name not in taken
            and c.preferred_language == "norsk"
            and c.phone
            and c.profile in ("medication", "medication_practical", "practical")
        ):
            users.append(PortalUserSpec(name, c.first_name, c.last_name, "client", i))
            taken.add(name)
    for i, c in enumerate(clients):
        proxies = [k for k in c.kin if k.has_proxy]
        if i and proxies:
            first, _, last = proxies[0].name.partition(" ")
            name = ascii_slug(first)
            if name not in taken:
                users.append(PortalUserSpec(name, first, last, "next_of_kin", i))
                break
    return tuple(users)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Mix:
    """What a generated district contains, for the command's summary and the tests."""

    clients: int
    staff: int
    staff_by_profession: dict[str, int]
    clients_by_team: dict[str, int]
    decision_lines: int
    visits_per_week: float
    double_staffed_clients: int
    practical_clients: int
    private_practical_clients: int

    @property
    def private_share(self) -> float:
        return self.private_practical_clients / self.practical_clients


def mix(data: DemoData) -> Mix:
    professions: dict[str, int] = {}
    for s in data.staff:
        professions[s.profession] = professions.get(s.profession, 0) + 1
    teams: dict[str, int] = {}
    for c in data.clients:
        teams[c.team] = teams.get(c.team, 0) + 1
    lines = [line for c in data.clients for line in c.decision.lines]
    return Mix(
        clients=len(data.clients),
        staff=len(data.staff),
        staff_by_profession=professions,
        clients_by_team=teams,
        decision_lines=len(lines),
        visits_per_week=sum(line.visits_per_week for line in lines),
        double_staffed_clients=sum(
            any(line.staff_count == 2 for line in c.decision.lines) for c in data.clients
        ),
        practical_clients=sum(c.practical_provider is not None for c in data.clients),
        private_practical_clients=sum(
            c.practical_provider in PRIVATE_PROVIDERS for c in data.clients
        ),
    )
