"""What a demo client needs: service lines drawn by profile, and IPLOS scores that agree.

Pure Python. Time windows and minutes follow the service catalogue and common practice in
Oslo's home services: morning medication and care 07:30-10:30 (the morning is when a team is
busiest, so the windows are as wide as the decisions usually allow), lunch, evening medication
from 17, evening care 19:30-22; practical help in the daytime on weekdays, cleaning every
second week.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hverdag.demo.spec import MUNICIPAL, LineSpec, weighted

WINDOW_MORNING_MEDS = ("07:30", "10:30")
WINDOW_MORNING_CARE = ("07:30", "10:30")
WINDOW_MORNING_DOUBLE = ("08:00", "10:30")
WINDOW_LUNCH = ("11:30", "14:00")
WINDOW_EVENING_MEDS = ("17:00", "21:00")
WINDOW_EVENING_CARE = ("19:30", "22:00")
WINDOW_DAYTIME = ("10:00", "14:00")
WINDOW_CLEANING = ("09:00", "15:00")
ALL_WEEK = (1, 2, 3, 4, 5, 6, 7)

PROFILES: tuple[tuple[str, float], ...] = (
    ("medication", 24.0),
    ("practical", 22.0),
    ("medication_practical", 20.0),
    ("personal_care", 17.0),
    ("heavy", 6.0),
    ("reablement", 6.0),
    ("nursing", 5.0),
)
PRACTICAL_CATEGORIES = ("household", "personal_care")
SERVICE_CATEGORY = {
    "personal_hygiene": "personal_care",
    "nutrition": "personal_care",
    "wound_care": "health_care",
    "injections": "health_care",
    "medication": "health_care",
    "physiotherapy": "health_care",
    "cleaning": "household",
    "grocery_ordering": "household",
    "laundry": "household",
    "bed_linen": "household",
    "training_daily_tasks": "household",
}


@dataclass
class Needs:
    """A client's needs while they are being drawn; becomes lines, scores and notes."""

    profile: str
    dementia: bool = False
    dispenser: bool = False
    lines: list[LineSpec] = field(default_factory=list)
    # Applied for and not granted, with the reason (a partly granted line says less).
    refused: list[str] = field(default_factory=list)

    def add(
        self,
        service: str,
        window: tuple[str, str],
        tasks: str,
        *,
        weekdays: tuple[int, ...] = ALL_WEEK,
        minutes: int,
        every_n_weeks: int = 1,
        staff_count: int = 1,
        outcome: str = "granted",
    ) -> None:
        self.lines.append(
            LineSpec(
                service=service,
                times_per_day=1,
                weekdays=weekdays,
                every_n_weeks=every_n_weeks,
                minutes=minutes,
                window=window,
                staff_count=staff_count,
                provider=MUNICIPAL,  # practical lines are re-pointed once the provider is chosen
                tasks=tasks,
                outcome=outcome,
            )
        )

    def has(self, *services: str) -> bool:
        return any(line.service in services for line in self.lines)

    @property
    def double_staffed(self) -> bool:
        return any(line.staff_count == 2 for line in self.lines)

    @property
    def practical(self) -> bool:
        return any(SERVICE_CATEGORY[line.service] in PRACTICAL_CATEGORIES for line in self.lines)


def weekday(rng: random.Random) -> tuple[int, ...]:
    return (rng.randint(1, 5),)


def add_medication(needs: Needs, rng: random.Random, times: int) -> None:
    if needs.dispenser:
        needs.add(
            "medication",
            WINDOW_DAYTIME,
            "Fylle medisindispenseren for neste uke og kontrollere at dosene er tatt.",
            weekdays=weekday(rng),
            minutes=20,
        )
        return
    needs.add(
        "medication",
        WINDOW_MORNING_MEDS,
        "Gi morgenmedisiner fra multidose. Observere allmenntilstand.",
        minutes=15,
    )
    if times == 3:
        needs.add("medication", WINDOW_LUNCH, "Gi middagsmedisiner fra multidose.", minutes=15)
    if times >= 2:
        needs.add(
            "medication", WINDOW_EVENING_MEDS, "Gi kveldsmedisiner fra multidose.", minutes=15
        )


CLEANING_WEEKLY_REFUSED = (
    "Rengjøring hver uke er ikke innvilget. Enkel rengjøring annenhver uke anses som "
    "forsvarlig, og bruker klarer selv daglig rydding og oppvask."
)


def add_practical(needs: Needs, rng: random.Random, *, heavy: bool = False) -> None:
    # Some applied for cleaning every week; the standard is every second week.
    weekly_applied = not heavy and rng.random() < 0.15
    needs.add(
        "cleaning",
        WINDOW_CLEANING,
        "Støvsuge og vaske gulv i stue, kjøkken, soverom og gang. Vaske bad og toalett. "
        "Tørke støv på flater i brukshøyde.",
        weekdays=weekday(rng),
        minutes=90,
        every_n_weeks=2,
        outcome="partly_granted" if weekly_applied else "granted",
    )
    if weekly_applied:
        needs.refused.append(CLEANING_WEEKLY_REFUSED)
    if heavy or rng.random() < 0.5:
        needs.add(
            "grocery_ordering",
            WINDOW_DAYTIME,
            "Bestille matvarer på nett sammen med bruker, sette varene på plass ved levering.",
            weekdays=weekday(rng),
            minutes=20,
        )
    if heavy or rng.random() < 0.35:
        needs.add(
            "laundry",
            WINDOW_DAYTIME,
            "Vaske, henge opp og legge sammen klær i eget vaskerom.",
            weekdays=weekday(rng),
            minutes=45,
            every_n_weeks=rng.choice((1, 2)),
        )
    if heavy or rng.random() < 0.2:
        needs.add(
            "bed_linen",
            WINDOW_CLEANING,
            "Skifte sengetøy.",
            weekdays=weekday(rng),
            minutes=20,
            every_n_weeks=2,
        )


def draw_needs(rng: random.Random, age: int) -> Needs:
    profile = weighted(rng, PROFILES)
    if age < 67 and profile == "heavy":
        profile = "personal_care"
    needs = Needs(profile)
    needs.dementia = profile in ("personal_care", "heavy", "medication") and rng.random() < 0.18
    if profile in ("medication", "medication_practical") and not needs.dementia:
        needs.dispenser = rng.random() < 0.3

    if profile in ("medication", "medication_practical"):
        add_medication(needs, rng, weighted(rng, ((1, 78.0), (2, 18.0), (3, 4.0))))
        if rng.random() < 0.25:
            needs.add(
                "personal_hygiene",
                WINDOW_DAYTIME,
                "Hjelp til dusj med dusjstol, vask av hår og stell av føtter.",
                weekdays=(rng.choice((2, 3, 4)),),
                minutes=45,
            )
        if profile == "medication_practical":
            add_practical(needs, rng)
    elif profile == "practical":
        add_practical(needs, rng)
    elif profile == "personal_care":
        add_medication(needs, rng, weighted(rng, ((1, 60.0), (2, 30.0), (3, 10.0))))
        if rng.random() < 0.6:
            needs.add(
                "personal_hygiene",
                WINDOW_MORNING_CARE,
                "Hjelp til morgenstell ved vasken, av- og påkledning. Smøre legger med krem.",
                minutes=30,
            )
        else:
            needs.add(
                "personal_hygiene",
                WINDOW_DAYTIME,
                "Hjelp til dusj med dusjstol, vask av hår og stell av føtter.",
                weekdays=(2, 5),
                minutes=45,
            )
        if rng.random() < 0.3:
            needs.add(
                "nutrition",
                WINDOW_LUNCH,
                "Tilrettelegge lunsj og sørge for nok drikke. Notere matinntak ved vekttap.",
                minutes=20,
            )
        add_practical(needs, rng)
    elif profile == "heavy":
        add_medication(needs, rng, 3)
        needs.add(
            "personal_hygiene",
            WINDOW_MORNING_DOUBLE,
            "Morgenstell i seng og forflytning med personløfter til rullestol. To tjenesteytere.",
            minutes=45,
            staff_count=2,
        )
        needs.add(
            "personal_hygiene",
            WINDOW_EVENING_CARE,
            "Kveldsstell og forflytning med personløfter til seng. Snu i seng, sjekke huden.",
            minutes=30,
            staff_count=2,
        )
        needs.add(
            "nutrition",
            WINDOW_LUNCH,
            "Lage i stand lunsj, hjelpe til ved måltidet, sørge for nok drikke.",
            minutes=20,
        )
        add_practical(needs, rng, heavy=True)
    elif profile == "reablement":
        needs.add(
            "physiotherapy",
            WINDOW_DAYTIME,
            "Styrke- og balansetrening etter program, gangtrening i trapp og ute.",
            weekdays=(1, 4),
            minutes=45,
        )
        needs.add(
            "training_daily_tasks",
            WINDOW_DAYTIME,
            "Hverdagsrehabilitering: trene på å lage frokost og dusje selv.",
            weekdays=(2, 3, 5),
            minutes=45,
        )
    elif profile == "nursing":
        needs.add(
            "wound_care",
            WINDOW_DAYTIME,
            "Skifte bandasje på leggsår etter prosedyre fra sårpoliklinikken. Vurdere såret.",
            weekdays=(1, 3, 5),
            minutes=30,
        )
        if rng.random() < 0.5:
            add_medication(needs, rng, 1)

    # Add-ons that come on top of any profile with a health need.
    if profile in ("personal_care", "heavy", "medication") and rng.random() < 0.1:
        needs.add(
            "wound_care",
            WINDOW_DAYTIME,
            "Stell av trykksår etter sårplan, kontroll av hud over hæler og sete.",
            weekdays=(2, 5),
            minutes=30,
        )
    if profile in ("medication", "personal_care", "nursing") and rng.random() < 0.08:
        needs.add(
            "injections",
            ("07:30", "09:00"),
            "Måle blodsukker og sette insulin etter skjema før frokost.",
            minutes=15,
        )
    elif profile != "practical" and rng.random() < 0.05:
        needs.add(
            "injections",
            WINDOW_DAYTIME,
            "Sette B12-injeksjon.",
            weekdays=weekday(rng),
            every_n_weeks=4,
            minutes=15,
        )
    if profile in ("personal_care", "heavy") and rng.random() < 0.06:
        needs.add(
            "physiotherapy",
            WINDOW_DAYTIME,
            "Vedlikeholdstrening av gange og forflytning, veilede i bruk av rullator.",
            weekdays=(3,),
            minutes=45,
        )
    return needs


# --------------------------------------------------------------------------- IPLOS scores


def function_scores(needs: Needs, rng: random.Random, age: int) -> dict[str, int]:
    base = {
        "practical": 1,
        "medication": 1,
        "medication_practical": 1,
        "nursing": 1,
        "reablement": 2,
        "personal_care": 2,
        "heavy": 3,
    }[needs.profile]
    scores = {
        code: min(5, base + weighted(rng, ((0, 60.0), (1, 35.0), (2, 5.0))))
        for code in (
            "social_participation",
            "daily_decisions",
            "behaviour",
            "housework",
            "shopping",
            "own_health",
            "personal_hygiene",
            "dressing",
            "cooking",
            "eating",
            "toilet",
            "moving_indoors",
            "moving_outdoors",
            "memory",
            "communication",
            "vision",
            "hearing",
        )
    }
    scores["behaviour"] = min(scores["behaviour"], 2)
    scores["eating"] = min(scores["eating"], 2)
    if age > 85:
        scores["hearing"] = max(scores["hearing"], rng.choice((2, 2, 3)))
        scores["vision"] = max(scores["vision"], rng.choice((1, 2, 2)))

    def at_least(code: str, value: int) -> None:
        scores[code] = max(scores[code], value)

    for line in needs.lines:
        if line.service in ("medication", "wound_care", "injections"):
            at_least("own_health", 3)
        elif line.service == "personal_hygiene":
            at_least("personal_hygiene", 3)
            if line.window != WINDOW_DAYTIME:
                at_least("dressing", 3)
        elif line.service == "nutrition":
            at_least("cooking", 4)
            at_least("eating", 2)
        elif line.service in ("cleaning", "laundry", "bed_linen"):
            at_least("housework", 3)
        elif line.service == "grocery_ordering":
            at_least("shopping", 3)
        elif line.service == "physiotherapy":
            at_least("moving_outdoors", 3)
            at_least("moving_indoors", 2)
        elif line.service == "training_daily_tasks":
            at_least("cooking", 3)
            at_least("personal_hygiene", 3)
    if needs.double_staffed:
        for code, value in (
            ("personal_hygiene", 5),
            ("dressing", 5),
            ("toilet", 4),
            ("moving_indoors", 4),
            ("moving_outdoors", 5),
            ("housework", 5),
            ("cooking", 5),
        ):
            at_least(code, value)
    if needs.dementia:
        at_least("memory", rng.choice((3, 4, 4)))
        at_least("daily_decisions", 3)
        at_least("own_health", 4)
    # Score 9: not relevant, e.g. cooking for someone whose meals have always been made by
    # the spouse and who has no need now (Helsedirektoratet's example of use).
    if scores["cooking"] <= 2 and rng.random() < 0.08:
        scores["cooking"] = 9
    return scores
