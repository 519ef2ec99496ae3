"""Load benchmark of the staff phone app: caregivers checking in and out at once, over HTTP.

    .venv/bin/python -m bench.staff_load                          # 200 caregivers × 8 visits
    .venv/bin/python -m bench.staff_load --servers 4x8 2x16 --think 0.5
    .venv/bin/python -m bench.staff_load --caregivers 20 --visits 3 --no-write

The target (the staff-app load issue): 200 caregivers checking in and out and posting notes
concurrently against the server on loopback with PostgreSQL lose no write and duplicate none,
with the 95th percentile of the caregivers' requests at most 200 ms on this machine (2 cores).

For each server configuration (``WxT``: gunicorn gthread, W worker processes × T threads):

1. a throwaway PostgreSQL database (``hverdag_bench_staff_load_<pid>`` on the server that
   ``DATABASE_URL`` names, default 127.0.0.1:5432; never the ``test`` database), migrated;
   a municipality with ten teams, ``--caregivers`` field staff (nurses and health workers
   with users, passwords hashed with the production hasher), and per team a published plan
   for today in which each caregiver has ``--visits`` visits to distinct clients with home
   notes and a next of kin (bulk inserts);
2. gunicorn on a free port of 127.0.0.1 with DEBUG off, persistent database connections
   (``HVERDAG_DB_CONN_MAX_AGE``) and no access log;
3. one thread per caregiver, its own keep-alive connection and cookies (the standard
   library's ``http.client``: no dependency), started over ``--ramp`` seconds: log in (GET and
   POST the login form), GET Min dag, then per visit GET the visit page, POST check-in, POST a
   note (when the URL ``web:my_day_note`` exists) and POST check-out as the offline queue does
   (JSON ``{key, at, ...}``, ``Accept: application/json``, ``X-CSRFToken``), ``--think``
   seconds (±50 %) between requests. A flaky network: with probability ``--replay`` an action
   is sent again with the same key, once or twice, after the answer or at the same time on
   another connection, or its answer is "lost" (a client timeout of a few milliseconds) and
   it is sent again; a real timeout (``--timeout``) is retried with the same key too;
4. afterwards the database is counted: one row per key acknowledged (0 lost), no row beyond
   the distinct keys sent (0 duplicated), exactly one check-in and one check-out per visit,
   every visit done, and every answer to a key named the same record.

Latency is measured by the client, per request, from sending to the last byte of the answer.
Writes ``bench/results/staff-load-<date>.md`` and ``.json`` (runs of the day are merged by
configuration and think time).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
TARGET_MS = 200.0
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "bench-riktig-hest-batteri"
TEAMS = 10
#: Endpoints a caregiver waits on during the day; the p95 target is over these.
DAY_ENDPOINTS = ("my_day", "visit_page", "check_in", "note", "check_out")
LOGIN_ENDPOINTS = ("login_page", "login_post")
CHECK_KINDS = {"check_in": "sjekk-inn", "check_out": "sjekk-ut"}
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the day the caregivers work ----------------------------------------------------------


@dataclass
class Assignment:
    """One caregiver: the login and the public ids of their visits today, in order."""

    username: str
    visits: list[str]


def build_day(caregivers: int, visits_per: int, password: str = PASSWORD) -> list[Assignment]:
    """The municipality, teams, caregivers, clients and today's published plans (bulk)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from hverdag.access.models import Role, RoleAssignment, User
    from hverdag.clients.models import Client, EntryMethod, HomeNotes, ResourcePerson
    from hverdag.core import identity_numbers
    from hverdag.core.clock import local_time_on
    from hverdag.decisions.catalogue import install_catalogue
    from hverdag.decisions.models import Service
    from hverdag.org.models import District, Municipality, Provider, Team, Unit
    from hverdag.staff.models import Competence, Employee, Profession
    from hverdag.staff.reference import install_competences
    from hverdag.visits.models import Plan, PlanEntry, PlanSource, PlanStatus, Visit

    install_competences(Competence)  # a flushed test database lacks the migrations' rows
    today = timezone.localdate()
    rng = random.Random(7)
    oslo = Municipality.objects.create(name="Oslo", number="0301")
    district = District.objects.create(municipality=oslo, name="Bydel Gamle Oslo", number="030101")
    unit = Unit.objects.create(district=district, name="Enhet helse og hverdagsmestring")
    teams = [
        Team.objects.create(unit=unit, municipality=oslo, name=f"Team {n + 1}", slug=f"t{n + 1}")
        for n in range(TEAMS)
    ]
    provider = Provider.objects.create(
        municipality=oslo, name="Bydel Gamle Oslo hjemmetjeneste", kind=Provider.Kind.MUNICIPAL
    )
    install_catalogue(oslo)
    services = list(
        Service.objects.filter(municipality=oslo, code__in=["medication", "personal_hygiene"])
    )
    # One hash for all: the production hasher, computed once (a login still verifies it).
    hashed = make_password(password)
    office = User.objects.create(username="bench-office", password=hashed)
    users = User.objects.bulk_create(
        User(username=f"cg{i + 1:03d}", password=hashed, first_name="Pleier", last_name=f"{i + 1}")
        for i in range(caregivers)
    )
    employees = Employee.objects.bulk_create(
        Employee(
            municipality=oslo,
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            profession=Profession.NURSE if i % 3 == 0 else Profession.HEALTH_WORKER,
            team=teams[i % TEAMS],
            provider=provider,
            home_base_lat=59.9130,
            home_base_lon=10.7690,
        )
        for i, user in enumerate(users)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=user, role=Role.FIELD_STAFF, municipality=oslo, team=teams[i % TEAMS])
        for i, user in enumerate(users)
    )
    numbers: set[str] = set()
    clients = []
    for n in range(caregivers * visits_per):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(20000))
        number = identity_numbers.generate(born, rng, synthetic=True)
        while number in numbers:
            number = identity_numbers.generate(born, rng, synthetic=True)
        numbers.add(number)
        owner = n // visits_per
        clients.append(
            Client(
                municipality=oslo,
                district=district,
                team=teams[owner % TEAMS],
                identity_number=number,
                identity_kind="fnr",
                first_name="Bruker",
                last_name=f"{n + 1}",
                birth_date=born,
                street_address=f"Tøyengata {n % 90 + 1}",
                postal_code="0190",
                postal_place="Oslo",
                lat=59.905 + rng.uniform(-0.012, 0.012),
                lon=10.77 + rng.uniform(-0.024, 0.024),
            )
        )
    clients = Client.objects.bulk_create(clients)
    HomeNotes.objects.bulk_create(
        HomeNotes(
            client=c,
            version=1,
            entry_method=EntryMethod.CLIENT_OPENS,
            pets="Katt",
            risk_notes="Trapp uten rekkverk.",
            recorded_by=office,
        )
        for c in clients
    )
    ResourcePerson.objects.bulk_create(
        ResourcePerson(
            client=c, name="Pårørende", relation=ResourcePerson.Relation.CHILD, phone="40000000"
        )
        for c in clients
    )
    visits = []
    for n, client in enumerate(clients):
        start = local_time_on(today, dt.time(8, 0)) + dt.timedelta(minutes=45 * (n % visits_per))
        visits.append(
            Visit(
                municipality=oslo,
                team=client.team,
                provider=provider,
                client=client,
                service=services[n % len(services)],
                date=today,
                window_start=start,
                window_end=start + dt.timedelta(minutes=60),
                minutes=30,
            )
        )
    visits = Visit.objects.bulk_create(visits)
    plans = {
        team.pk: Plan.objects.create(
            municipality=oslo,
            provider=provider,
            team=team,
            date=today,
            status=PlanStatus.PUBLISHED,
            source=PlanSource.OPTIMISED,
            published_at=timezone.now(),
        )
        for team in teams
    }
    entries = []
    assignments = []
    for i, (user, employee) in enumerate(zip(users, employees, strict=True)):
        own = visits[i * visits_per : (i + 1) * visits_per]
        for visit in own:
            entries.append(
                PlanEntry(
                    plan=plans[employee.team_id],
                    visit=visit,
                    employee=employee,
                    start=visit.window_start,
                )
            )
        assignments.append(Assignment(user.username, [str(v.public_id) for v in own]))
    PlanEntry.objects.bulk_create(entries)
    return assignments


@dataclass(frozen=True)
class Urls:
    """The paths the phone uses; ``note`` is None while the note action does not exist."""

    login: str
    my_day: str
    visit: str  # with {visit} in place of the visit's id; also in check and note
    check: str  # and {action}
    note: str | None


def urls() -> Urls:
    from django.urls import NoReverseMatch, reverse

    marker = uuid.UUID(int=0)

    def template(name: str, *args: str) -> str:
        path = reverse(name, args=[marker, *args])
        return path.replace(str(marker), "{visit}")

    try:
        note: str | None = template("web:my_day_note")
    except NoReverseMatch:
        note = None
    return Urls(
        login=reverse("web:login"),
        my_day=reverse("web:my_day"),
        visit=template("web:my_day_visit"),
        check=template("web:my_day_check", "ACTION").replace("ACTION", "{action}"),
        note=note,
    )


# --- what the clients saw -----------------------------------------------------------------


@dataclass
class Recorder:
    """Everything the caregivers' threads observed; one lock, appended to from every thread."""

    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[tuple[str, str]] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    #: kind ("check_in", "check_out", "note") -> keys sent
    sent: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: key -> the record ids its 200 answers named
    acked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, endpoint: str, status: int, ms: float) -> None:
        with self.lock:
            self.samples[endpoint].append(ms)
            self.statuses[(endpoint, str(status))] += 1

    def problem(self, endpoint: str, what: str, detail: str = "") -> None:
        with self.lock:
            self.statuses[(endpoint, what)] += 1
            if detail and len(self.failures) < 20:
                self.failures.append(f"{endpoint}: {what} {detail}"[:300])

    def event(self, name: str) -> None:
        with self.lock:
            self.events[name] += 1

    def sent_key(self, kind: str, key: str) -> None:
        with self.lock:
            self.sent[kind].add(key)

    def acked_key(self, key: str, record: str) -> None:
        with self.lock:
            self.acked[key].add(record)


# --- one phone ----------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    body: bytes
    ms: float


class ClientTimeout(Exception):
    pass


class Phone:
    """A caregiver's phone: one keep-alive connection and its cookies."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def twin(self) -> Phone:
        """The same session on another connection (a second send racing the first)."""
        other = Phone(self.host, self.port, self.timeout)
        other.cookies = dict(self.cookies)
        return other

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
    ) -> Reply:
        """Send and read the whole answer; a connection the server closed is opened again."""
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.timeout = timeout or self.timeout
            if self.conn.sock is not None:
                self.conn.sock.settimeout(self.conn.timeout)
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=all_headers)
                response = self.conn.getresponse()
                data = response.read()
            except TimeoutError as exc:
                self.close()
                raise ClientTimeout(path) from exc
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # An idle keep-alive connection the server closed: open another, send again.
                self.close()
                if attempt == 2:
                    raise
                self.reconnects += 1
                continue
            ms = (time.perf_counter() - started) * 1000
            for raw in response.msg.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(raw)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if response.will_close:
                self.close()
            return Reply(response.status, data, ms)
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Load:
    """How the caregivers behave."""

    think: float = 5.0
    ramp: float = 60.0
    replay: float = 0.10
    timeout: float = 30.0
    #: Which flaky-network behaviours to draw from (a test on SQLite keeps to "resend").
    modes: tuple[str, ...] = ("resend", "concurrent", "lost_reply")
    parallel: bool = True
    seed: int = 1


def record_id(payload: Any) -> str | None:
    """The id of the record an action's answer names (``{"ok": true, "check": {"id": …}}``)."""
    if not isinstance(payload, dict):
        return None
    for value in payload.values():
        if isinstance(value, dict) and "id" in value:
            return str(value["id"])
    return str(payload["id"]) if "id" in payload else None


class Caregiver:
    def __init__(
        self, assignment: Assignment, urls: Urls, host: str, port: int, load: Load, rec: Recorder
    ) -> None:
        self.a, self.urls, self.load, self.rec = assignment, urls, load, rec
        self.phone = Phone(host, port, load.timeout)
        self.rng = random.Random(f"{load.seed}-{assignment.username}")

    def pause(self) -> None:
        if self.load.think > 0:
            time.sleep(self.load.think * self.rng.uniform(0.5, 1.5))

    def get(self, endpoint: str, path: str) -> Reply | None:
        try:
            reply = self.phone.request("GET", path)
        except ClientTimeout:
            self.rec.problem(endpoint, "timeout")
            return None
        self.rec.answer(endpoint, reply.status, reply.ms)
        if reply.status != 200:
            self.rec.problem(endpoint, "unexpected", f"{reply.status} {path}")
        return reply

    def day(self, shift_starts: threading.Barrier | None = None) -> None:
        """Log in, wait until everyone has (the shift starts), then work through the visits."""
        logged_in = False
        try:
            logged_in = self.login()
        except Exception as exc:  # a crashed thread must show in the result, not vanish
            self.rec.problem("caregiver", "crashed", repr(exc))
        if shift_starts is not None:
            shift_starts.wait()
        try:
            if logged_in:
                self.work()
        except Exception as exc:
            self.rec.problem("caregiver", "crashed", repr(exc))
        finally:
            self.phone.close()

    def login(self) -> bool:
        page = self.get("login_page", self.urls.login)
        if page is None or page.status != 200:
            return False
        found = CSRF_INPUT.search(page.body)
        if found is None:
            self.rec.problem("login_page", "no_csrf_field")
            return False
        form = urlencode(
            {
                "username": self.a.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": found.group(1).decode(),
                "next": self.urls.my_day,
            }
        ).encode()
        self.pause()
        try:
            reply = self.phone.request(
                "POST",
                self.urls.login,
                body=form,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        except ClientTimeout:
            self.rec.problem("login_post", "timeout")
            return False
        self.rec.answer("login_post", reply.status, reply.ms)
        if reply.status != 302 or "sessionid" not in self.phone.cookies:
            self.rec.problem("login_post", "not_logged_in", str(reply.status))
            return False
        return True

    def work(self) -> None:
        self.pause()
        listing = self.get("my_day", self.urls.my_day)
        if listing is not None and listing.status == 200:
            missing = [v for v in self.a.visits if v.encode() not in listing.body]
            if missing:
                self.rec.problem("my_day", "visits_missing", f"{len(missing)} of {self.a.username}")
        for visit in self.a.visits:
            self.pause()
            self.get("visit_page", self.urls.visit.format(visit=visit))
            for kind in ("check_in", "note", "check_out"):
                if kind == "note":
                    if self.urls.note is None:
                        continue
                    path = self.urls.note.format(visit=visit)
                    extra: dict[str, Any] = {"text": f"Besøk {visit[:8]}: alt i orden."}
                else:
                    path = self.urls.check.format(visit=visit, action=CHECK_KINDS[kind])
                    extra = {}
                self.pause()
                self.act(kind, path, extra)

    def act(self, kind: str, path: str, extra: dict[str, Any]) -> None:
        """Send an action as the offline queue does, on a flaky network now and then."""
        key = str(uuid.uuid4())
        at = dt.datetime.now(dt.UTC).isoformat()
        body = json.dumps({"key": key, "at": at, **extra}).encode()
        self.rec.sent_key(kind, key)
        mode = self.rng.choice(self.load.modes) if self.rng.random() < self.load.replay else ""
        copies = self.rng.choice((1, 2))
        if mode:
            self.rec.event(f"replay_{mode}")
        racers: list[threading.Thread] = []
        if mode == "concurrent":
            for _ in range(copies):
                twin = self.phone.twin()
                racer = threading.Thread(target=self.send, args=(twin, kind, path, key, body))
                racers.append(racer)
                racer.start()
        if mode == "lost_reply":
            try:  # the request leaves, the answer never arrives: the queue sends it again
                self.phone.request("POST", path, body=body, headers=self.headers(), timeout=0.003)
                self.rec.event("lost_reply_answered_anyway")
            except ClientTimeout:
                pass
        self.send(self.phone, kind, path, key, body)
        if mode == "resend":
            for _ in range(copies):
                self.send(self.phone, kind, path, key, body)
        for racer in racers:
            racer.join()

    def headers(self) -> dict[str, str]:
        return {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.phone.cookies.get("csrftoken", ""),
        }

    def send(self, phone: Phone, kind: str, path: str, key: str, body: bytes) -> None:
        """One send of an action, retried with the same key after a timeout."""
        try:
            for attempt in range(3):
                try:
                    reply = phone.request("POST", path, body=body, headers=self.headers())
                    break
                except ClientTimeout:
                    self.rec.problem(kind, "timeout")
                    if attempt == 2:
                        return
            self.rec.answer(kind, reply.status, reply.ms)
            if reply.status != 200:
                self.rec.problem(kind, "unexpected", f"{reply.status} {reply.body[:200]!r}")
                return
            record = record_id(json.loads(reply.body))
            if record is None:
                self.rec.problem(kind, "no_record_id", reply.body[:200].decode(errors="replace"))
                return
            self.rec.acked_key(key, record)
        finally:
            if phone is not self.phone:
                phone.close()


@dataclass
class Phases:
    """Wall-clock seconds of the logins (spread over the ramp) and of the working day."""

    login_s: float
    day_s: float


def run_caregivers(
    assignments: list[Assignment],
    urls: Urls,
    host: str,
    port: int,
    load: Load,
    rec: Recorder | None = None,
) -> tuple[Recorder, Phases]:
    """All caregivers' days: logins over the ramp, then everyone works at once."""
    rec = rec or Recorder()
    caregivers = [Caregiver(a, urls, host, port, load, rec) for a in assignments]
    started = time.perf_counter()
    if not load.parallel:
        for c in caregivers:
            c.day()
        return rec, Phases(0.0, time.perf_counter() - started)
    marks: list[float] = []
    shift_starts = threading.Barrier(
        len(caregivers), action=lambda: marks.append(time.perf_counter())
    )
    threads = [
        threading.Thread(target=c.day, args=(shift_starts,), name=c.a.username) for c in caregivers
    ]
    gap = load.ramp / max(1, len(threads))
    for t in threads:
        t.start()
        time.sleep(gap)
    for t in threads:
        t.join()
    ended = time.perf_counter()
    return rec, Phases(marks[0] - started, ended - marks[0])


# --- counting ----------------------------------------------------------------------------


@dataclass
class Tally:
    """One kind of action: what was sent and acknowledged against what the database holds."""

    sent: int
    acked: int
    rows: int
    lost: int
    duplicated: int
    mismatched: int

    @property
    def ok(self) -> bool:
        return self.lost == 0 and self.duplicated == 0 and self.mismatched == 0


def tally(
    sent: set[str], acked: dict[str, set[str]], rows: dict[str, list[str]], extra_rows: int = 0
) -> Tally:
    """Count lost, duplicated and mismatched writes of one kind of action.

    ``rows``: key -> ids of the rows holding it; ``extra_rows``: rows of the same table with
    no key sent. Lost: a key acknowledged with no row. Duplicated: rows beyond one per key,
    and rows nobody sent. Mismatched: a key whose answers named different records, or a
    record other than its row.
    """
    lost = duplicated = mismatched = 0
    for key in sent:
        held = rows.get(key, [])
        answers = acked.get(key, set())
        duplicated += max(0, len(held) - 1)
        if answers and not held:
            lost += 1
        elif answers and (len(answers) > 1 or answers != {held[0]}):
            mismatched += 1
    return Tally(
        sent=len(sent),
        acked=sum(1 for key in sent if acked.get(key)),
        rows=sum(len(rows.get(key, [])) for key in sent) + extra_rows,
        lost=lost,
        duplicated=duplicated + extra_rows,
        mismatched=mismatched,
    )


def verify(rec: Recorder, assignments: list[Assignment]) -> dict[str, Any]:
    """Count the database against what the clients were told."""
    from django.apps import apps
    from django.db.models import Count

    from hverdag.visits.models import Visit, VisitCheck, VisitStatus

    keyed = [
        m
        for m in apps.get_models()
        if any(f.name == "idempotency_key" for f in m._meta.get_fields())
    ]
    out: dict[str, Any] = {"kinds": {}}
    for kind, keys in sorted(rec.sent.items()):
        rows: dict[str, list[str]] = defaultdict(list)
        extra = 0
        for model in keyed:
            ident = "public_id" if any(f.name == "public_id" for f in model._meta.fields) else "pk"
            found = 0
            for key, record in model._default_manager.filter(idempotency_key__in=keys).values_list(
                "idempotency_key", ident
            ):
                rows[str(key)].append(str(record))
                found += 1
            if found and model is not VisitCheck:
                extra += model._default_manager.count() - found  # rows no phone sent
        out["kinds"][kind] = tally(keys, rec.acked, rows, extra).__dict__
    if "check_in" in rec.sent or "check_out" in rec.sent:
        sent_checks = len(rec.sent.get("check_in", set()) | rec.sent.get("check_out", set()))
        out["kinds"].setdefault("check_in", {})["extra_rows_any_check"] = max(
            0, VisitCheck.objects.count() - sent_checks
        )
    visits = [v for a in assignments for v in a.visits]
    per_pair = Counter(
        n
        for n in VisitCheck.objects.values("visit_id", "action")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    out["visits"] = len(visits)
    out["check_pairs_expected"] = 2 * len(visits)
    out["check_pairs_once"] = per_pair.get(1, 0)
    out["check_pairs_more_than_once"] = sum(c for n, c in per_pair.items() if n > 1)
    out["visits_not_done"] = (
        Visit.objects.filter(public_id__in=visits).exclude(status=VisitStatus.DONE).count()
    )
    out["ok"] = (
        all(
            k.get("lost", 0) == 0
            and k.get("duplicated", 0) == 0
            and k.get("mismatched", 0) == 0
            and k.get("extra_rows_any_check", 0) == 0
            for k in out["kinds"].values()
        )
        and out["check_pairs_once"] == out["check_pairs_expected"]
        and out["check_pairs_more_than_once"] == 0
        and out["visits_not_done"] == 0
    )
    return out


# --- numbers -----------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (the smallest value with at least q % at or below it)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def latency(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 50), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "p99_ms": round(percentile(values, 99), 1),
        "max_ms": round(max(values), 1) if values else math.nan,
    }


def summarise(rec: Recorder, phases: Phases) -> dict[str, Any]:
    endpoints = {name: latency(values) for name, values in sorted(rec.samples.items())}
    day = [ms for name in DAY_ENDPOINTS for ms in rec.samples.get(name, [])]
    every = [ms for values in rec.samples.values() for ms in values]
    errors = {
        f"{endpoint} {status}": n
        for (endpoint, status), n in sorted(rec.statuses.items())
        if status != "200" and not (endpoint == "login_post" and status == "302")
    }
    return {
        "login_seconds": round(phases.login_s, 1),
        "day_seconds": round(phases.day_s, 1),
        "requests": len(every),
        "day_requests": len(day),
        "requests_per_second": round(len(day) / phases.day_s, 1) if phases.day_s else 0.0,
        "endpoints": endpoints,
        "day": latency(day),
        "all": latency(every),
        "errors": errors,
        "events": dict(sorted(rec.events.items())),
        "failures": rec.failures,
    }


# --- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(database_url: str, workers: int, threads: int) -> Iterator[tuple[str, int]]:
    """gunicorn (gthread) on a free loopback port, production settings; stopped afterwards."""
    from bench.benchdb import BENCH_FIELD_ENCRYPTION_KEY

    port = free_port()
    handle, name = tempfile.mkstemp(prefix="staff-load-", suffix=".log")
    os.close(handle)
    log = Path(name)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hverdag.settings",
        "HVERDAG_DEBUG": "false",
        "HVERDAG_SECRET_KEY": os.environ.get("HVERDAG_SECRET_KEY", "bench-only-throwaway"),
        "HVERDAG_FIELD_ENCRYPTION_KEY": os.environ.get(
            "HVERDAG_FIELD_ENCRYPTION_KEY", BENCH_FIELD_ENCRYPTION_KEY
        ),
        "HVERDAG_DB_CONN_MAX_AGE": "600",
        "HVERDAG_ALLOWED_HOSTS": "127.0.0.1",
        "HVERDAG_LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_RESULT_BACKEND": "cache+memory://",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "hverdag.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        "--worker-class=gthread",
        f"--workers={workers}",
        f"--threads={threads}",
        # Behind a proxy the phone's connection is kept; a caregiver's next request reuses it.
        "--keep-alive=75",
        "--backlog=2048",
        "--timeout=120",
        "--log-level=warning",
        f"--error-logfile={log}",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/logg-inn/")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        errors = log.read_text()
        log.unlink(missing_ok=True)
        if "Traceback" in errors:
            print(errors[-4000:], file=sys.stderr)


# --- a run -------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    from importlib.metadata import version

    import django

    from bench.benchdb import server_version

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": version("gunicorn"),
        "psycopg": version("psycopg"),
        "database": server_version(),
    }


def run_config(args: argparse.Namespace, workers: int, threads: int) -> dict[str, Any]:
    from bench.benchdb import ThrowawayDatabase, commit

    database = ThrowawayDatabase(args.database_url, f"hverdag_bench_staff_load_{os.getpid()}")
    database.open()
    database.fresh()
    try:
        t0 = time.perf_counter()
        warm = workers * threads // 2
        everyone = build_day(args.caregivers + warm, args.visits)
        assignments, warmers = everyone[: args.caregivers], everyone[args.caregivers :]
        setup_s = time.perf_counter() - t0
        paths = urls()
        load = Load(
            think=args.think,
            ramp=args.ramp,
            replay=args.replay,
            timeout=args.timeout,
            seed=args.seed,
        )
        from django.db import connections

        url = os.environ["DATABASE_URL"]
        connections.close_all()
        with gunicorn(url, workers, threads) as (host, port):
            # Every worker process compiles its templates and fills its caches on its first
            # requests; a server that has been up a while has done so.
            warm_load = Load(think=0, ramp=0, replay=0, timeout=args.timeout, seed=args.seed)
            warm_rec, _ = run_caregivers(warmers, paths, host, port, warm_load)
            load_before = os.getloadavg()[0]
            rec, phases = run_caregivers(assignments, paths, host, port, load)
            load_after = os.getloadavg()[0]
        both = Recorder()
        for source in (warm_rec, rec):
            for kind, keys in source.sent.items():
                both.sent[kind] |= keys
            for key, ids in source.acked.items():
                both.acked[key] |= ids
        checked = verify(both, everyone)
        checked["warm_up_caregivers"] = len(warmers)
        checked["warm_up_errors"] = sum(
            n for (_e, status), n in warm_rec.statuses.items() if status not in {"200", "302"}
        )
        result = {
            "date": dt.date.today().isoformat(),
            "commit": commit(),
            "label": f"{workers}x{threads} think {args.think:g}s",
            "server": {
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "keep_alive_s": 75,
                "conn_max_age_s": 600,
                "debug": False,
            },
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            # The machine is shared: other work running at the same time shows here.
            "load_average_1min": [round(load_before, 2), round(load_after, 2)],
            "versions": versions(),
            "caregivers": args.caregivers,
            "visits_per_caregiver": args.visits,
            "note_action": paths.note is not None,
            "load": load.__dict__,
            "setup_seconds": round(setup_s, 1),
            "target_ms": TARGET_MS,
            **summarise(rec, phases),
            "verification": checked,
            "remark": args.note,
        }
        result["within_target"] = result["day"]["p95_ms"] <= TARGET_MS
        return result
    finally:
        if not args.keep:
            database.drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caregivers", type=int, default=200)
    parser.add_argument("--visits", type=int, default=8, help="visits per caregiver")
    parser.add_argument(
        "--servers", nargs="+", default=["4x8"], help="gunicorn WORKERSxTHREADS, one run each"
    )
    parser.add_argument("--think", type=float, default=5.0, help="seconds between requests")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds to log everyone in")
    parser.add_argument("--replay", type=float, default=0.10, help="share of flaky sends")
    parser.add_argument("--timeout", type=float, default=30.0, help="client timeout, seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-write", action="store_true", help="print, write no result files")
    parser.add_argument("--note", default="", help="a remark to keep with this run's numbers")
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        parser.error("the load benchmark needs PostgreSQL (--database-url postgres://…)")
    os.environ.setdefault("HVERDAG_ACCEPT_SYNTHETIC_IDS", "1")
    results = []
    for spec in args.servers:
        workers, threads = (int(n) for n in spec.lower().split("x"))
        result = run_config(args, workers, threads)
        results.append(result)
        print(summary_line(result), flush=True)
    if not args.no_write:
        write_results(results)
    print(json.dumps(results, indent=2, default=str))
    if not all(r["verification"]["ok"] for r in results):
        sys.exit(1)


def summary_line(r: dict[str, Any]) -> str:
    v = r["verification"]
    lost = sum(k.get("lost", 0) for k in v["kinds"].values())
    dup = sum(k.get("duplicated", 0) for k in v["kinds"].values())
    return (
        f"{r['label']}: logins {r['login_seconds']} s, then {r['day_requests']} requests in "
        f"{r['day_seconds']} s ({r['requests_per_second']} req/s); "
        f"day p50 {r['day']['p50_ms']} ms, "
        f"p95 {r['day']['p95_ms']} ms ({'within' if r['within_target'] else 'OVER'} "
        f"{TARGET_MS:.0f}), p99 {r['day']['p99_ms']} ms; lost {lost}, duplicated {dup}, "
        f"verified {'ok' if v['ok'] else 'FAILED'}; errors {r['errors'] or 'none'}"
    )


# --- the result file ---------------------------------------------------------------------


def write_results(results: list[dict[str, Any]]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"staff-load-{results[0]['date']}"
    path = stem.with_suffix(".json")
    merged: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    for r in results:
        merged.setdefault("runs", {})[r["label"]] = r
    path.write_text(json.dumps(merged, indent=2, default=str) + "\n")
    stem.with_suffix(".md").write_text(render(merged["runs"]))


def render(runs: dict[str, dict[str, Any]]) -> str:
    first = next(iter(runs.values()))
    ver = first["versions"]
    lines = [
        f"# Staff phone app under load, {first['date']}",
        "",
        "`.venv/bin/python -m bench.staff_load` (see the module docstring for the method):",
        f"{first['caregivers']} caregivers, each with {first['visits_per_caregiver']} visits",
        "today, log in, open Min dag, and per visit open the visit page, check in, post a note",
        "(when the note action exists) and check out as the offline queue does (JSON, key and",
        "time), against gunicorn on 127.0.0.1 with PostgreSQL. About 10 % of actions are sent",
        "again with the same key (after the answer, at the same time on a second connection, or",
        "after a lost answer). Latency is the client's, from sending to the last byte.",
        f"Target: p95 ≤ {TARGET_MS:.0f} ms over the day's requests (Min dag, visit page, actions),",
        "0 lost and 0 duplicated writes.",
        "",
        f"Machine: {first['machine']}; {ver['database']}; Python {ver['python']}, Django "
        f"{ver['django']}, gunicorn {ver['gunicorn']}, psycopg {ver['psycopg']}. The load "
        "generator (one thread per caregiver, in one Python process) runs on the same two "
        "cores as the server and the database.",
        "",
        "## Runs",
        "",
        "| run | commit | day requests | day s | req/s | day p50 | day p95 | day p99 | day max "
        "| lost | duplicated | mismatched | verified |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs.values():
        kinds = r["verification"]["kinds"].values()
        d = r["day"]
        lines.append(
            f"| {r['label']} | `{r['commit']}` | {r['day_requests']} | {r['day_seconds']} | "
            f"{r['requests_per_second']} | {d['p50_ms']} | **{d['p95_ms']}** | {d['p99_ms']} | "
            f"{d['max_ms']} | {sum(k.get('lost', 0) for k in kinds)} | "
            f"{sum(k.get('duplicated', 0) for k in kinds)} | "
            f"{sum(k.get('mismatched', 0) for k in kinds)} | "
            f"{'yes' if r['verification']['ok'] else '**no**'} |"
        )
    for r in runs.values():
        s = r["server"]
        load = r["load"]
        lines += [
            "",
            f"## {r['label']}",
            "",
            f"gunicorn {s['worker_class']}, {s['workers']} workers × {s['threads']} threads, "
            f"keep-alive {s['keep_alive_s']} s, CONN_MAX_AGE {s['conn_max_age_s']} s, DEBUG "
            f"off, no access log. Think time {load['think']:g} s ±50 %, start ramp "
            f"{load['ramp']:g} s, replays {load['replay']:.0%}, client timeout "
            f"{load['timeout']:g} s. Set-up {r['setup_seconds']} s. Note action: "
            + ("included." if r["note_action"] else "**skipped** (`web:my_day_note` not there)."),
            "",
            "| endpoint | count | p50 ms | p95 ms | p99 ms | max ms |",
            "|---|---|---|---|---|---|",
        ]
        for name, e in r["endpoints"].items():
            lines.append(
                f"| {name} | {e['count']} | {e['p50_ms']} | {e['p95_ms']} | {e['p99_ms']} | "
                f"{e['max_ms']} |"
            )
        for name in ("day", "all"):
            e = r[name]
            lines.append(
                f"| **{name}** | {e['count']} | {e['p50_ms']} | {e['p95_ms']} | {e['p99_ms']} | "
                f"{e['max_ms']} |"
            )
        v = r["verification"]
        lines += [
            "",
            f"Errors by status: {_pairs(r['errors']) or 'none'}. Network events: "
            f"{_pairs(r['events']) or 'none'}.",
            "",
            f"Verification: {v['visits']} visits, {v['check_pairs_once']} of "
            f"{v['check_pairs_expected']} (visit, action) pairs recorded exactly once, "
            f"{v['check_pairs_more_than_once']} more than once, {v['visits_not_done']} visits "
            "not done.",
            "",
            "| action | keys sent | acknowledged | rows | lost | duplicated | mismatched |",
            "|---|---|---|---|---|---|---|",
        ]
        for kind, k in v["kinds"].items():
            lines.append(
                f"| {kind} | {k.get('sent')} | {k.get('acked')} | {k.get('rows')} | "
                f"{k.get('lost')} | {k.get('duplicated')} | {k.get('mismatched')} |"
            )
        if r.get("remark"):
            lines += ["", r["remark"]]
    return "\n".join(lines) + "\n"


def _pairs(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items())


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
