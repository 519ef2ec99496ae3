"""Planning-board benchmark: server time and queries for a team of 25 caregivers, 300 visits.

    python bench/board.py                                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/board.py

The target (issue 4 §6): the board renders in at most 300 ms of server time with a fixed number
of queries. The script works in a throwaway database it owns: on PostgreSQL it (re)creates and
drops ``hverdag_bench_board`` on the server DATABASE_URL names (whatever database the URL
names, so a real database is never dropped); without DATABASE_URL it uses a temporary SQLite
file. It then:

1. migrates, builds the test world (tests/builders/people.py) and the day ``build_board_day``
   (tests/builders/board_day.py) makes for the query-count test, at 25 caregivers and 300
   visits: solved by the real planner, published, a new draft with one visit taken out, so
   the board shows both plans, the figures side by side and an unassigned visit;
2. renders the board with Django's test client (the whole request: middleware, session, view,
   templates) ``--runs`` times after a few warm-up requests, and the same for the board with
   a visit's edit panel open and for the progress fragment the page polls;
3. counts each page's queries once more with the query log on (it is off while timing).

Writes ``bench/results/board-<date>.md`` and ``.json``; a second run on the other database the
same day adds its numbers to the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchdb import ThrowawayDatabase, commit, server_version  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BENCH_DB = "hverdag_bench_board"
TARGET_MS = 300.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caregivers", type=int, default=25)
    parser.add_argument("--visits", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--iterations", type=int, default=2000, help="planner iterations")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-write", action="store_true", help="print, write no result files")
    parser.add_argument("--note", default="", help="a remark to keep with this run's numbers")
    args = parser.parse_args()

    database = ThrowawayDatabase(os.environ.get("DATABASE_URL"), BENCH_DB)
    database.open()
    from django.conf import settings

    # The people of the test world log in; Argon2 would only slow the set-up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database.fresh()
    try:
        result = run(args.caregivers, args.visits, args.runs, args.iterations)
    finally:
        if not args.keep:
            database.drop()
    result["note"] = args.note
    print(json.dumps(result, indent=2))
    if not args.no_write:
        write_results(result)


def _timed(client: Any, url: str, runs: int, headers: dict[str, str] | None = None) -> dict:
    """Median, p95, min and max milliseconds of ``runs`` requests after five warm-ups."""
    for _ in range(5):
        response = client.get(url, headers=headers or {})
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url, headers=headers or {})
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "min_ms": round(times[0], 1),
        "max_ms": round(times[-1], 1),
        "bytes": len(response.content),
    }


def _queries(client: Any, url: str, headers: dict[str, str] | None = None) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers or {})
    return len(captured)


def run(caregivers: int, visits: int, runs: int, iterations: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from hverdag.visits.models import PlanEntry
    from tests.builders.board_day import build_board_day
    from tests.builders.people import PASSWORD, build_world
    from tests.builders.planning_day import DAY

    t0 = time.perf_counter()
    world = build_world()
    _, draft = build_board_day(world, caregivers, visits, DAY, iterations=iterations)
    setup_s = time.perf_counter() - t0
    entries = PlanEntry.objects.filter(plan=draft)
    planned = entries.filter(employee__isnull=False).count()

    client = Client()
    assert client.login(username=world.planner.username, password=PASSWORD)
    board = reverse("web:planning_board", args=[world.ost.public_id, DAY.isoformat()])
    first = entries.filter(employee__isnull=False).select_related("visit").first()
    assert first is not None
    panel = f"{board}?besok={first.visit.public_id}"
    progress = reverse("web:planning_job", args=[world.ost.public_id, DAY.isoformat()])
    hx = {"HX-Request": "true"}
    pages = {
        "board": _timed(client, board, runs),
        "board_with_panel": _timed(client, panel, runs),
        "progress_fragment": _timed(client, progress, runs, hx),
    }
    pages["board"]["queries"] = _queries(client, board)
    pages["board_with_panel"]["queries"] = _queries(client, panel)
    pages["progress_fragment"]["queries"] = _queries(client, progress, hx)
    return {
        "date": dt.date.today().isoformat(),
        "commit": commit(),
        "vendor": connection.vendor,
        "server": server_version(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "caregivers": caregivers,
        "visits": visits,
        "planned_visits": planned,
        "runs": runs,
        "setup_seconds": round(setup_s, 1),
        "target_ms": TARGET_MS,
        "within_target": pages["board"]["p95_ms"] <= TARGET_MS,
        "pages": pages,
    }


def write_results(result: dict[str, Any]) -> None:
    """Add this database's numbers to the day's files (one run per database)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"board-{result['date']}"
    path = stem.with_suffix(".json")
    merged: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    merged.setdefault("runs", {})[result["vendor"]] = result
    path.write_text(json.dumps(merged, indent=2) + "\n")
    lines = [
        f"# Planning-board benchmark, {result['date']}",
        "",
        "`python bench/board.py` (SQLite) and `DATABASE_URL=postgres://… python bench/board.py`:",
        "the board of one team and day rendered by Django's test client (whole request),",
        "timed after five warm-up requests; queries counted in a separate request. Target:",
        f"p95 ≤ {TARGET_MS:.0f} ms for 25 caregivers and 300 visits, a fixed number of queries.",
        "",
        "| database | commit | page | median ms | p95 ms | min–max ms | queries | HTML KB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in merged["runs"].values():
        for name, page in r["pages"].items():
            lines.append(
                f"| {r['server']} | `{r['commit']}` | {name} | {page['median_ms']} | "
                f"{page['p95_ms']} | {page['min_ms']}–{page['max_ms']} | {page['queries']} | "
                f"{page['bytes'] / 1024:.0f} |"
            )
    lines.append("")
    for r in merged["runs"].values():
        verdict = "within" if r["within_target"] else "**over**"
        lines.append(
            f"- {r['server']}: {r['caregivers']} caregivers, {r['visits']} visits "
            f"({r['planned_visits']} planned in the draft), {r['runs']} runs; board p95 "
            f"{r['pages']['board']['p95_ms']} ms, {verdict} the target. Python {r['python']}, "
            f"{r['machine']}; set-up (world, solve, publish, draft) {r['setup_seconds']} s."
            + (f" {r['note']}" if r.get("note") else "")
        )
    lines += [
        "",
        "The query count is the same at any size: tests/web/test_planning_board.py pins it by",
        "rendering 4- and 12-caregiver days and asserting equal counts.",
        "",
    ]
    stem.with_suffix(".md").write_text("\n".join(lines))
    print(f"wrote {stem}.md and .json")


if __name__ == "__main__":
    main()
