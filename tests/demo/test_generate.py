"""The demo district as plain data: deterministic, realistic, inside Gamle Oslo."""

from __future__ import annotations

from collections import Counter

import pytest

from hverdag.core import identity_numbers
from hverdag.demo import geography
from hverdag.demo.generate import (
    DEFAULT_SEED,
    PRIVATE_PROVIDERS,
    SERVICE_CATEGORY,
    DemoData,
    generate,
    mix,
)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate(DEFAULT_SEED)


def test_same_seed_gives_the_same_district_and_another_seed_another() -> None:
    first, again, other = generate(7), generate(7), generate(8)

    assert first == again
    assert [c.identity_number for c in first.clients] != [c.identity_number for c in other.clients]
    assert [c.full_name for c in first.clients] != [c.full_name for c in other.clients]


def test_counts_are_those_of_a_district_home_care_unit(data: DemoData) -> None:
    m = mix(data)
    team_staff = [s for s in data.staff if s.team]

    assert 280 <= m.clients <= 320
    assert 80 <= len(team_staff) <= 110
    assert set(m.clients_by_team) == {"sor", "ost", "nord", "vest"}
    assert all(55 <= n <= 95 for n in m.clients_by_team.values())
    for slug in geography.TEAM_SLUGS:
        professions = Counter(s.profession for s in team_staff if s.team == slug)
        assert professions["team_leader"] == 1
        assert professions["planner"] == 1
        assert 1 <= professions["caseworker"] <= 2
        assert 7 <= professions["nurse"] <= 10
        assert 7 <= professions["health_worker"] <= 10
        assert 3 <= professions["home_helper"] <= 4
    district_wide = Counter(
        s.profession for s in data.staff if not s.team and s.provider == "municipal"
    )
    assert district_wide["physiotherapist"] >= 1
    assert district_wide["occupational_therapist"] >= 1
    for profession in (
        "clinical_nutritionist",
        "advanced_clinical_nurse",
        "dementia_coordinator",
        "cancer_coordinator",
    ):
        assert district_wide[profession] == 1
    assert 0.12 <= m.private_share <= 0.20
    assert {c.practical_provider for c in data.clients} == {None, "municipal", *PRIVATE_PROVIDERS}


def test_every_client_lives_inside_the_district_and_belongs_to_the_team_of_that_area(
    data: DemoData,
) -> None:
    for c in data.clients:
        assert geography.inside_district(c.lat, c.lon), c.street_address
        assert c.team == geography.team_for(c.lat, c.lon)
        assert c.postal_code[:3] in {"018", "019", "065", "066"}


def test_the_district_polygon_holds_gamle_oslo_and_not_its_neighbours() -> None:
    assert geography.inside_district(59.9148, 10.7745)  # Tøyen torg
    assert geography.inside_district(59.9088, 10.7862)  # Vålerenga
    assert geography.inside_district(59.9112, 10.7635)  # Grønland
    assert not geography.inside_district(59.9270, 10.7100)  # Frogner
    assert not geography.inside_district(59.9230, 10.7590)  # Grünerløkka
    assert not geography.inside_district(59.8800, 10.7800)  # Nordstrand


def test_identity_numbers_are_valid_synthetic_and_unique(data: DemoData) -> None:
    numbers = [c.identity_number for c in data.clients]

    assert len(set(numbers)) == len(numbers)
    for c in data.clients:
        parsed = identity_numbers.parse(c.identity_number, allow_synthetic=True)
        assert parsed.synthetic  # month + 80: never a real person's number
        assert parsed.kind.value == c.identity_kind
        assert parsed.birth_date_hint() == c.birth_date
    kinds = Counter(c.identity_kind for c in data.clients)
    assert 1 <= kinds["dnr"] <= 15


def test_ages_are_mostly_those_of_elderly_clients(data: DemoData) -> None:
    ages = [2025 - c.birth_date.year for c in data.clients]

    assert sum(67 <= a <= 99 for a in ages) / len(ages) > 0.85
    assert any(a < 67 for a in ages)


def test_double_staffed_lines_go_only_to_homes_with_a_patient_lift(data: DemoData) -> None:
    double = [c for c in data.clients if any(li.staff_count == 2 for li in c.decision.lines)]

    assert double
    assert all(c.home_notes.patient_lift for c in double)


def test_lines_go_to_the_practical_provider_or_the_municipal_service(data: DemoData) -> None:
    for c in data.clients:
        for line in c.decision.lines:
            if SERVICE_CATEGORY[line.service] in ("household", "personal_care"):
                assert line.provider == c.practical_provider
            else:
                assert line.provider == "municipal"


def test_function_scores_agree_with_the_services(data: DemoData) -> None:
    for c in data.clients:
        scores = dict(c.assessment.scores)
        assert len(scores) == 17
        assert set(scores.values()) <= {1, 2, 3, 4, 5, 9}
        services = {line.service for line in c.decision.lines}
        if "medication" in services:
            assert scores["own_health"] >= 3
        if "cleaning" in services:
            assert scores["housework"] >= 3
        if any(line.staff_count == 2 for line in c.decision.lines):
            assert scores["personal_hygiene"] == 5


def test_logins_are_short_unique_and_ascii(data: DemoData) -> None:
    usernames = [s.username for s in data.staff] + [p.username for p in data.portal_users]

    assert len(set(usernames)) == len(usernames)
    assert all(u.isascii() and len(u) <= 20 for u in usernames)
    assert {"kari.ost", "nils.ost", "tone.ost", "per.ost", "pia.trivsel"} <= set(usernames)


def test_ingrid_hansen_is_on_team_ost_with_her_daughter_as_proxy(data: DemoData) -> None:
    ingrid = data.clients[0]

    assert ingrid.full_name == "Ingrid Hansen"
    assert ingrid.team == "ost"
    assert ingrid.practical_provider == "trivsel"
    assert [(k.name, k.has_proxy) for k in ingrid.kin] == [("Hege Hansen", True)]
