"""Plan figures: broken rules saved as data, continuity as a distribution."""

from __future__ import annotations

import json

from hverdag.planning import Violation, ViolationKind
from hverdag.plans.figures import distribution, violation_figure


def test_a_violation_is_saved_as_its_kind_and_the_fields_it_fills() -> None:
    broken = Violation(
        ViolationKind.BEFORE_ARRIVAL, caregiver="e1", visit="v12", at=540.0, bound=545.0
    )
    assert violation_figure(broken) == {
        "kind": "before_arrival",
        "caregiver": "e1",
        "visit": "v12",
        "at": 540.0,
        "bound": 545.0,
    }
    # A link is saved as a list (JSON has no tuples), and the saved dict is JSON as it is.
    linked = Violation(
        ViolationKind.LINK_SAME_CAREGIVER,
        caregiver="e12",
        visit="v12",
        other="v13",
        link=("v12", "v13"),
    )
    saved = violation_figure(linked)
    assert saved["link"] == ["v12", "v13"]
    assert json.loads(json.dumps(saved)) == saved


def test_distribution_of_an_empty_set_and_of_counts() -> None:
    assert distribution([])["median"] is None
    got = distribution([3, 1, 2, 2])
    assert (got["median"], got["mean"], got["max"]) == (2.0, 2.0, 3)
    assert got["histogram"] == {"1": 1, "2": 2, "3": 1}
