"""The staff-app load benchmark's client, counting and figures, on a tiny run (SQLite).

A real HTTP run against the live test server: three caregivers, two visits each, one after
another (the live server shares one SQLite connection, so no requests at the same time),
every action sent again with the same key. The PostgreSQL run at scale is
``python -m bench.staff_load``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from bench.staff_load import (
    Load,
    Phases,
    build_day,
    percentile,
    run_caregivers,
    summarise,
    tally,
    urls,
    verify,
)


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([3.0, 1.0, 2.0], 100) == 3
    assert percentile([7.0], 95) == 7


def test_tally_finds_lost_duplicated_and_mismatched_writes() -> None:
    sent = {"a", "b", "c", "d", "e"}
    acked = {"a": {"r1"}, "b": {"r2"}, "c": {"r3", "rX"}, "d": {"r4"}}
    rows = {"a": ["r1"], "c": ["r3"], "d": ["r4", "r5"], "e": ["r6"]}
    t = tally(sent, acked, rows, extra_rows=1)
    assert (t.sent, t.acked) == (5, 4)
    assert t.lost == 1  # b acknowledged, no row
    assert t.duplicated == 2  # a second row for d, and one row nobody sent
    assert t.mismatched == 1  # c's answers named two records
    assert not t.ok
    clean = tally({"a"}, {"a": {"r1"}}, {"a": ["r1"]})
    assert clean.ok and clean.rows == 1


@pytest.mark.django_db(transaction=True)
def test_a_tiny_run_writes_each_action_once_and_verifies(live_server: object) -> None:
    assignments = build_day(3, 2)
    target = urlparse(str(live_server))
    assert target.hostname is not None and target.port is not None
    load = Load(think=0, ramp=0, replay=1.0, modes=("resend",), parallel=False, timeout=10)

    rec, phases = run_caregivers(assignments, urls(), target.hostname, target.port, load)

    assert rec.failures == []
    result = summarise(rec, phases)
    assert result["errors"] == {}
    endpoints = result["endpoints"]
    assert endpoints["login_post"]["count"] == 3
    assert endpoints["my_day"]["count"] == 3
    assert endpoints["visit_page"]["count"] == 6
    # Every action went out two or three times (the replays), each key once in the database.
    assert 12 <= endpoints["check_in"]["count"] <= 18
    assert len(rec.sent["check_in"]) == len(rec.sent["check_out"]) == 6
    checked = verify(rec, assignments)
    assert checked["ok"], checked
    assert checked["check_pairs_once"] == 12
    assert checked["visits_not_done"] == 0
    assert all(k["lost"] == k["duplicated"] == 0 for k in checked["kinds"].values())

    # An acknowledged write the database does not hold is reported as lost.
    rec.sent["check_in"].add("00000000-0000-0000-0000-000000000001")
    rec.acked["00000000-0000-0000-0000-000000000001"] = {"nowhere"}
    broken = verify(rec, assignments)
    assert not broken["ok"]
    assert broken["kinds"]["check_in"]["lost"] == 1


def test_summary_separates_the_day_from_the_logins() -> None:
    from bench.staff_load import Recorder

    rec = Recorder()
    rec.answer("login_post", 302, 900.0)
    rec.answer("check_in", 200, 10.0)
    rec.answer("check_in", 422, 20.0)
    result = summarise(rec, Phases(login_s=1.0, day_s=2.0))
    assert result["day"]["count"] == 2 and result["day"]["max_ms"] == 20.0
    assert result["all"]["max_ms"] == 900.0
    assert result["errors"] == {"check_in 422": 1}
    assert result["requests_per_second"] == 1.0
