"""IPLOS/KPR function variables (bistandsvariabler), as reference data.

Sources disagree on 16 or 17 variables (shared/domain/iplos.md); this is the commonly cited
17-variable list, stored with a specification version so a later KPR list can sit beside it.
"""

from typing import Any

SPEC_VERSION = "kpr-2024"

FUNCTION_VARIABLES: list[tuple[str, str, str, str]] = [
    # code, bokmål, English, group
    ("social_participation", "Sosial deltakelse", "Social participation", "adl"),
    ("daily_decisions", "Beslutninger i dagliglivet", "Decisions in daily life", "adl"),
    ("behaviour", "Styre atferd", "Control of behaviour", "adl"),
    ("housework", "Alminnelig husarbeid", "Ordinary housework", "adl"),
    ("shopping", "Skaffe seg varer og tjenester", "Obtaining goods and services", "adl"),
    ("own_health", "Ivareta egen helse", "Looking after own health", "adl"),
    ("personal_hygiene", "Personlig hygiene", "Personal hygiene", "adl"),
    ("dressing", "Av- og påkledning", "Dressing", "adl"),
    ("cooking", "Lage mat", "Preparing food", "adl"),
    ("eating", "Spise", "Eating", "adl"),
    ("toilet", "Utføre toalettbesøk", "Toileting", "adl"),
    ("moving_indoors", "Bevege seg innendørs", "Moving indoors", "adl"),
    ("moving_outdoors", "Bevege seg utendørs", "Moving outdoors", "adl"),
    ("memory", "Hukommelse", "Memory", "cognitive"),
    ("communication", "Kommunikasjon", "Communication", "cognitive"),
    ("vision", "Syn", "Vision", "cognitive"),
    ("hearing", "Hørsel", "Hearing", "cognitive"),
]

# Meaning of each score, shown beside the form (Helsedirektoratet's scale).
SCORE_MEANINGS_NB: dict[int, str] = {
    1: "Ingen problemer – klarer seg selv",
    2: "Klarer seg selv, men med noe problemer / endret standard",
    3: "Middels bistandsbehov – trenger hjelp til deler",
    4: "Stort bistandsbehov – hjelper må være til stede",
    5: "Fullt bistandsbehov",
    9: "Ikke relevant",
}


def install_function_variables(variable_model: Any) -> None:
    """Idempotent; takes the model so the migration can pass its historical one."""
    for order, (code, nb, en, group) in enumerate(FUNCTION_VARIABLES, start=1):
        variable_model.objects.get_or_create(
            spec_version=SPEC_VERSION,
            code=code,
            defaults={"order": order, "name_nb": nb, "name_en": en, "group": group},
        )
