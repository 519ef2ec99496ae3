"""Plan figures speak of people and visits, never of internal ids."""

from __future__ import annotations

from hverdag.plans.figures import _readable, distribution


def test_violations_name_caregivers_and_visits() -> None:
    names = {"e1": "Anne Aas", "e12": "Carl Dahl", "v12": "Hans Østli (Personlig hygiene, 08:30)"}
    message = "e1: visit 'v12' starts at 540.000 before arrival 545.000"
    assert _readable(message, names) == (
        "Anne Aas: visit Hans Østli (Personlig hygiene, 08:30) starts at 540.000 before arrival "
        "545.000"
    )
    # e12 is a caregiver, v12 a visit: the same number never gets the other's name.
    assert _readable("link 'v12' -> 'v13': both done by 'e12'", names) == (
        "link Hans Østli (Personlig hygiene, 08:30) -> 'v13': both done by Carl Dahl"
    )


def test_distribution_of_an_empty_set_and_of_counts() -> None:
    assert distribution([])["median"] is None
    got = distribution([3, 1, 2, 2])
    assert (got["median"], got["mean"], got["max"]) == (2.0, 2.0, 3)
    assert got["histogram"] == {"1": 1, "2": 2, "3": 1}
