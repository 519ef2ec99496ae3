"""Norwegian text of the demo: intake answers, decision facts and reasons, goals, notes
from the home and the welfare technology installed. Pure Python.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hverdag.demo import geography
from hverdag.demo.needs import (
    SERVICE_CATEGORY,
    Needs,
)
from hverdag.demo.spec import (
    GoalSpec,
    HomeNotesSpec,
    KinSpec,
    WelfareTechSpec,
    weighted,
)

PLACES_NEARBY = (
    "Tøyen torg",
    "Botanisk hage",
    "Middelalderparken",
    "Kampen park",
    "Vålerenga kirke",
    "Klosterenga park",
    "Grønland basarer",
    "Enerhaugen",
)
CENTRE_NAMES = [name for name, _ in geography.CENTRES]


def what_matters(
    needs: Needs, rng: random.Random, age: int, kin_first: str | None, origin: str
) -> str:
    options = [
        "Å bo hjemme i leiligheten min så lenge det går.",
        "At det er kjente folk som kommer, og at de kommer når de har sagt.",
        f"Å komme meg ut en tur hver dag, helst bort til {rng.choice(PLACES_NEARBY)}.",
        "Å ha det rent og ryddig rundt meg – det har jeg alltid hatt.",
        f"Å få være med på middagen på {rng.choice(CENTRE_NAMES)} på torsdager.",
        "Å kunne lese avisen og løse kryssord i fred om morgenen.",
        "Å få stelle blomstene på balkongen.",
        "Å være sammen med barnebarna når de kommer på besøk."
        if age >= 67
        else "Å få krefter nok til å jobbe litt igjen.",
    ]
    if kin_first:
        options.append(f"At {kin_first} slipper å bekymre seg så mye for meg.")
    if origin != "norsk":
        options.append(f"Å kunne snakke {origin} med noen i hverdagen.")
    first: list[str] = []
    if needs.profile == "reablement":
        first.append("Å klare meg selv igjen, slik som før bruddet.")
    elif needs.profile == "heavy":
        first.append("Å få bli i min egen seng og ikke måtte flytte på sykehjem.")
    elif needs.profile == "personal_care" and rng.random() < 0.5:
        first.append("Å klare mer av morgenstellet selv.")
    picked = first + rng.sample(options, k=2 - len(first) if first else rng.randint(1, 2))
    return " ".join(picked)


def manages_self(scores: dict[str, int], rng: random.Random) -> str:
    can = []
    if scores["eating"] <= 2:
        can.append("Spiser selv")
    if scores["cooking"] <= 2:
        can.append(rng.choice(("lager frokost og enkle måltider", "varmer middag selv")))
    if scores["dressing"] <= 2:
        can.append("kler på seg selv, men trenger god tid")
    if scores["personal_hygiene"] <= 2:
        can.append("vasker seg ved vasken")
    if scores["moving_indoors"] <= 2:
        can.append(rng.choice(("går med rullator innendørs", "går trygt innendørs")))
    if scores["shopping"] <= 2:
        can.append("handler selv i butikken på hjørnet")
    if scores["own_health"] <= 2:
        can.append("tar medisinene selv fra dosett")
    if scores["housework"] <= 2:
        can.append("holder orden på kjøkkenet")
    if scores["moving_outdoors"] <= 2:
        can.append("går korte turer ute når det ikke er glatt")
    if not can:
        return (
            "Klarer lite selv nå, men sier tydelig fra om hva som er viktig og hjelper til "
            "ved forflytning så godt det går."
        )
    can = can[:4]
    sentence = ", ".join(can[:-1]) + (" og " if len(can) > 1 else "") + can[-1]
    return sentence[0].upper() + sentence[1:] + "."


RELATION_WORDS = {
    ("child", "f"): "Datteren",
    ("child", "m"): "Sønnen",
    ("spouse", "f"): "Kona",
    ("spouse", "m"): "Ektemannen",
    ("sibling", "f"): "Søsteren",
    ("sibling", "m"): "Broren",
    ("friend", "f"): "Naboen",
    ("friend", "m"): "Naboen",
    ("other_family", "f"): "Niesen",
    ("other_family", "m"): "Nevøen",
    ("parent", "f"): "Moren",
    ("parent", "m"): "Faren",
}
# What a resource person does, and the town that follows from it (their address).
KIN_HABITS: tuple[tuple[str, str], ...] = (
    ("bor i nærheten og kommer innom et par ganger i uka", "Oslo"),
    ("bor i Drammen og ringer hver dag", "Drammen"),
    ("kommer hver søndag og handler inn det som mangler", ""),
    ("har ekstranøkkel og kan komme hvis det haster", "Oslo"),
    ("følger til legetimer og hjelper med post og regninger", ""),
    ("bor i Bergen, men er på besøk annenhver måned", "Bergen"),
    ("bor på Lørenskog og kommer innom i helgene", "Lørenskog"),
)
FRIEND_HABITS: tuple[tuple[str, str], ...] = (
    ("i oppgangen har ekstranøkkel og kan komme hvis det haster", ""),
    ("i oppgangen tar med avisen og ser innom om kvelden", ""),
    ("handler av og til og følger til frisøren", ""),
)


@dataclass(frozen=True)
class Kin:
    spec: KinSpec
    first: str
    sex: str
    habit: str  # what they do for the client, in words; empty for a spouse


def resources(kin: list[Kin], age: int, rng: random.Random) -> str:
    parts = []
    for k in kin:
        word = RELATION_WORDS.get((k.spec.relation, k.sex), "Ressurspersonen")
        if k.spec.relation == "spouse":
            health = (
                "som selv har begrenset helse" if age >= 75 else "som hjelper til morgen og kveld"
            )
            parts.append(f"Bor sammen med {word.lower()} {k.first}, {health}.")
        else:
            parts.append(f"{word} {k.first} {k.habit}.")
    if not parts:
        parts.append("Har lite nettverk i Oslo; en nevø i Trondheim ringer av og til.")
    if rng.random() < 0.3:
        parts.append(f"Går på {rng.choice(CENTRE_NAMES)} en dag i uka.")
    return " ".join(parts)


SERVICE_PHRASES = {
    "medication": "legemiddelhåndtering",
    "personal_hygiene": "personlig hygiene",
    "nutrition": "måltider",
    "wound_care": "sårstell",
    "injections": "injeksjoner",
    "physiotherapy": "trening med fysioterapeut",
    "cleaning": "rengjøring",
    "grocery_ordering": "bestilling av matvarer",
    "laundry": "klesvask",
    "bed_linen": "skift av sengetøy",
    "training_daily_tasks": "opplæring i daglige gjøremål",
}
APPLICANTS = (
    "Søknad fra bruker selv.",
    "Søknad fra pårørende på vegne av bruker, med samtykke.",
    "Henvisning fra fastlegen.",
    "Melding om utskrivning fra Oslo universitetssykehus, Ullevål.",
    "Melding om utskrivning fra Lovisenberg Diakonale Sykehus.",
)


def facts(
    first: str,
    age: int,
    street: str,
    kin: list[Kin],
    home_visit: bool,
    needs: Needs,
    scores: dict[str, int],
    rng: random.Random,
) -> str:
    spouse = any(k.spec.relation == "spouse" for k in kin)
    lives = "bor sammen med ektefellen" if spouse else "bor alene"
    lift = rng.choice(("med heis", "uten heis"))
    floor = rng.randint(1, 5)
    applicant = rng.choice(APPLICANTS)
    children = [k for k in kin if k.spec.relation == "child"]
    if children and "pårørende" in applicant:
        child = children[0]
        applicant = (
            f"Søknad fra {RELATION_WORDS[('child', child.sex)].lower()} {child.spec.name} "
            f"på vegne av {first}, med samtykke."
        )
    high = [code for code, value in scores.items() if 3 <= value <= 5]
    level = "omfattende" if needs.double_staffed else ("middels" if len(high) > 4 else "avgrenset")
    visit = "med hjemmebesøk " if home_visit else ""
    return (
        f"{applicant} {first} er {age} år, {lives} i {street}, {floor}. etasje {lift}. "
        f"Kartleggingssamtale {visit}er gjennomført, og funksjonskartleggingen (IPLOS) viser "
        f"{level} bistandsbehov."
    )


def _listing(phrases: list[str]) -> str:
    unique = list(dict.fromkeys(phrases))
    return ", ".join(unique[:-1]) + (" og " if len(unique) > 1 else "") + unique[-1]


def applied_for(needs: Needs) -> str:
    """What the application asked for: the granted services, and more where partly granted."""
    phrases = [
        SERVICE_PHRASES[line.service] + (" hver uke" if line.outcome == "partly_granted" else "")
        for line in needs.lines
    ]
    return f"Hjemmetjenester: hjelp til {_listing(phrases)}."


def reasons(first: str, needs: Needs, what_matters: str) -> str:
    listed = _listing([SERVICE_PHRASES[line.service] for line in needs.lines])
    health = any(SERVICE_CATEGORY[line.service] == "health_care" for line in needs.lines)
    letters = "a og b" if health and needs.practical else ("a" if health else "b")
    return (
        f"{first} har behov for hjelp til {listed} for å kunne bo trygt hjemme. "
        f"Tjenestene tildeles etter helse- og omsorgstjenesteloven § 3-2 første ledd nr. 6 "
        f"{letters} og pasient- og brukerrettighetsloven § 2-1 a. Vi har lagt vekt på det "
        f"{first} selv sier er viktig: «{what_matters.split('.')[0]}». Tjenesten skal "
        "støtte det bruker mestrer selv (hjelp til selvhjelp)."
    )


GOALS_REABLEMENT = (
    "Dusje selv med dusjstol innen seks uker",
    "Gå trappen ned til postkassen og opp igjen uten hvile",
    "Lage frokost selv hver dag",
    "Gå med rullator til butikken og hjem igjen",
)
GOALS_MASTERY = (
    "Ta medisinene selv fra dosett med påminnelse fra dispenser",
    "Komme seg ut på tur minst tre ganger i uka",
    "Delta på middag på seniorsenteret en gang i uka",
    "Klare av- og påkledning av overkroppen selv",
    "Holde vekten stabil med mellommåltider",
)


def goals(needs: Needs, rng: random.Random) -> tuple[GoalSpec, ...]:
    if needs.profile == "reablement":
        picked = rng.sample(GOALS_REABLEMENT, k=2)
        return tuple(
            GoalSpec("reablement", text, rng.randint(7, 42) if i else rng.randint(3, 21))
            for i, text in enumerate(picked)
        )
    if rng.random() < 0.2:
        return (
            GoalSpec(
                "everyday_mastery",
                rng.choice(GOALS_MASTERY),
                rng.randint(-10, -1) if rng.random() < 0.1 else rng.randint(7, 90),
            ),
        )
    return ()


# --------------------------------------------------------------------------- home and tech

ENTRY_INSTRUCTIONS = {
    "client_opens": (
        "Ring på – bruker åpner, men trenger tid til døren.",
        "Ringeklokken virker dårlig: bank hardt og vent.",
        "Ring på porttelefonen, oppgang B, heis til toppen.",
    ),
    "key_box": (
        "Nøkkelboks til venstre for inngangsdøren.",
        "Nøkkelboks på veggen ved postkassene i oppgangen.",
        "Nøkkelboks ved kjellerdøren i bakgården. Legg nøkkelen tilbake!",
    ),
    "service_key": (
        "Tjenestens nøkkel henger i nøkkelskapet på basen.",
        "Nøkkel i nøkkelskapet på basen; porten har egen brikke på samme ring.",
    ),
    "digital_lock": (
        "Digital lås: lås opp i appen, PIN bare hvis appen svikter. Lås etter deg.",
        "Digital lås på leilighetsdøren; porten står åpen på dagtid.",
    ),
}
PETS = (
    ("Katt", False),
    ("To katter", False),
    ("Liten hund, snill", True),
    ("Hund – blir urolig av fremmede", True),
    ("Undulat", False),
)
AIDS = ("Rullator", "Dusjstol", "Toalettforhøyer", "Gripetang", "Støttehåndtak på badet")
RISK_NOTES = (
    "Løse tepper i gangen – fallfare.",
    "Glatt og bratt inngangsparti om vinteren.",
    "Oksygenbehandling: ingen åpen flamme, ikke røyk i leiligheten.",
    "Bruker kan bli urolig på kveldstid – snakk rolig og forklar hva du skal gjøre.",
    "Trang trapp uten gelender opp til leiligheten.",
    "Stearinlys brukes mye – sjekk at de er slukket før du går.",
)
SUPPLIERS = {
    "safety_alarm": ("Nordisk Trygghet AS", "TA"),
    "medicine_dispenser": ("Dosetta Helse AS", "MD"),
    "gps": ("Sporbar AS", "GPS"),
    "digital_supervision": ("Nattro Tilsyn AS", "DT"),
}


def home_notes(needs: Needs, rng: random.Random) -> HomeNotesSpec:
    if needs.double_staffed or needs.dementia:
        method = weighted(rng, (("key_box", 55.0), ("service_key", 30.0), ("digital_lock", 15.0)))
    else:
        method = weighted(
            rng,
            (
                ("client_opens", 45.0),
                ("key_box", 35.0),
                ("service_key", 10.0),
                ("digital_lock", 10.0),
            ),
        )
    code = ""
    if method == "key_box":
        code = f"{rng.randint(0, 9999):04d}"
    elif method == "digital_lock":
        code = f"{rng.randint(0, 999999):06d}"
    pets, separate = ("", False)
    if rng.random() < 0.15:
        pets, dog = rng.choice(PETS)
        separate = dog or rng.random() < 0.3
    aids = []
    if needs.profile in ("personal_care", "heavy", "reablement") or rng.random() < 0.3:
        aids = rng.sample(AIDS, k=rng.randint(1, 3))
    if needs.double_staffed:
        aids.insert(0, "Rullestol")
    hospital_bed = needs.double_staffed or (needs.profile == "personal_care" and rng.random() < 0.3)
    risk = []
    if rng.random() < 0.22:
        risk.append(rng.choice(RISK_NOTES))
    if needs.dementia and rng.random() < 0.5:
        risk.append("Kan glemme at det kommer hjemmetjeneste – presenter deg tydelig.")
    return HomeNotesSpec(
        entry_method=method,
        entry_code=code,
        entry_instructions=rng.choice(ENTRY_INSTRUCTIONS[method]),
        pets=pets,
        pets_in_separate_room=separate,
        smoking=rng.random() < 0.12,
        cleaning_equipment=rng.random() < (0.9 if needs.practical else 0.7),
        hospital_bed=hospital_bed,
        patient_lift=needs.double_staffed,
        other_aids=", ".join(aids),
        risk_notes=" ".join(risk),
    )


def welfare_technology(
    needs: Needs, rng: random.Random, serials: set[str]
) -> tuple[WelfareTechSpec, ...]:
    kinds = []
    alarm_chance = 0.85 if needs.profile in ("personal_care", "heavy") or needs.dementia else 0.5
    if rng.random() < alarm_chance:
        kinds.append("safety_alarm")
    if needs.dispenser:
        kinds.append("medicine_dispenser")
    if needs.dementia and rng.random() < 0.3:
        kinds.append("gps")
    if (needs.dementia or needs.profile == "heavy") and rng.random() < 0.25:
        kinds.append("digital_supervision")
    found = []
    for kind in kinds:
        supplier, prefix = SUPPLIERS[kind]
        while True:
            serial = f"{prefix}-{rng.randint(100000, 999999)}"
            if serial not in serials:
                serials.add(serial)
                break
        found.append(WelfareTechSpec(kind, serial, supplier, rng.randint(20, 1500)))
    return tuple(found)
