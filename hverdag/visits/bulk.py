"""Bulk writes of generated visits: COPY on PostgreSQL, ``bulk_create`` elsewhere.

Inserting 600,000 visits (10,000 clients × 28 days) through ``bulk_create`` spends as long
building model instances and SQL parameters as the database spends storing them; COPY
hands PostgreSQL plain tuples and halves the run. SQLite (the embedded demo and the tests)
keeps the portable path.

Both paths must link the two halves of a double-staffed slot (``partner`` both ways). COPY
cannot return ids, so the paired rows get theirs from the table's sequence in advance and
are written already linked (the foreign keys are checked at commit). ``bulk_create``
returns ids, so position 2 goes first, position 1 follows pointing at it, and position 2
is linked back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery

from hverdag.visits.models import Visit

BATCH_SIZE = 2000
# bulk_update writes one CASE per field; smaller batches keep each statement reasonable.
UPDATE_BATCH_SIZE = 500

#: (line id, date, slot, position): the identity of a generated visit.
Key = tuple[int, dt.date, int, int]

T = TypeVar("T")


class Target(NamedTuple):
    """What a generated visit should look like; compared as a whole with the stored row."""

    team_id: int
    provider_id: int
    service_id: int
    window_start: dt.datetime
    window_end: dt.datetime
    minutes: int
    status: str
    cancel_reason: str


class NewVisit(NamedTuple):
    client_id: int
    target: Target


@dataclass
class Pairing:
    """How new visits get their partner."""

    #: (position 1, position 2) of slots where both halves are new.
    both_new: list[tuple[Key, Key]] = field(default_factory=list)
    #: New half → id of the stored other half (a line that became double-staffed).
    to_stored: dict[Key, int] = field(default_factory=dict)


REWRITE_FIELDS = [
    "team",
    "provider",
    "service",
    "window_start",
    "window_end",
    "minutes",
    "status",
    "cancel_reason",
    "updated_at",
]

# COPY bypasses the model, so the columns are named here, without id and partner.
_COPY_FIELDS = (
    "public_id",
    "municipality",
    "team",
    "provider",
    "client",
    "line",
    "service",
    "date",
    "slot",
    "position",
    "window_start",
    "window_end",
    "minutes",
    "status",
    "cancel_reason",
    "created_at",
    "updated_at",
)


def insert(
    municipality_id: int, new: Mapping[Key, NewVisit], pairing: Pairing, now: dt.datetime
) -> None:
    """Insert ``new`` with partners linked; stored halves in ``pairing`` are linked back."""
    if not new:
        return
    if connection.vendor == "postgresql":
        _copy(municipality_id, new, pairing, now)
        link_back(list(pairing.to_stored.values()), now)
    else:
        _bulk_create(municipality_id, new, pairing, now)


def set_status(
    groups: Mapping[tuple[str, str], Sequence[int]], now: dt.datetime, *, only: Q
) -> None:
    """Cancel or restore: one UPDATE per (status, reason) and batch instead of one per row.

    ``only`` is checked again by each UPDATE, against rows as they are then.
    """
    for (status, reason), pks in groups.items():
        for chunk in chunks(pks, BATCH_SIZE):
            Visit.objects.filter(only, pk__in=chunk).update(
                status=status, cancel_reason=reason, updated_at=now
            )


def rewrite(rows: Sequence[tuple[int, Target]], now: dt.datetime, *, only: Q) -> None:
    """Write every generated field of visits whose line or client changed (rare)."""
    if not rows:
        return
    allowed: set[int] = set()
    for chunk in chunks([pk for pk, _ in rows], BATCH_SIZE):
        allowed.update(Visit.objects.filter(only, pk__in=chunk).values_list("pk", flat=True))
    visits = [
        Visit(pk=pk, updated_at=now, **target._asdict()) for pk, target in rows if pk in allowed
    ]
    Visit.objects.bulk_update(visits, REWRITE_FIELDS, batch_size=UPDATE_BATCH_SIZE)


def link_back(ids: Sequence[int], now: dt.datetime) -> None:
    """Point each row at the row that already points at it."""
    pointing_here = Visit.objects.filter(partner_id=OuterRef("pk")).values("pk")[:1]
    for chunk in chunks(ids, BATCH_SIZE):
        Visit.objects.filter(pk__in=chunk).update(
            partner_id=Subquery(pointing_here), updated_at=now
        )


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    # itertools.batched arrives with Python 3.12; the project runs on 3.11.
    for i in range(0, len(items), size):
        yield items[i : i + size]


# PostgreSQL -------------------------------------------------------------------------------


def _copy(
    municipality_id: int, new: Mapping[Key, NewVisit], pairing: Pairing, now: dt.datetime
) -> None:
    partner_of: dict[Key, int] = dict(pairing.to_stored)
    paired = [key for pair in pairing.both_new for key in pair] + list(pairing.to_stored)
    ids = dict(zip(paired, _allocate_ids(len(paired)), strict=True))
    for first, second in pairing.both_new:
        partner_of[first], partner_of[second] = ids[second], ids[first]
    table = connection.ops.quote_name(Visit._meta.db_table)
    columns = [_column(name) for name in _COPY_FIELDS]
    # Unpaired rows leave id to the column's identity default.
    single = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    double = f"COPY {table} ({', '.join([_column('id'), _column('partner'), *columns])}) FROM STDIN"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # COPY is psycopg's, not part of Django's cursor API
        with raw.copy(single) as copy:
            for key, visit in new.items():
                if key not in partner_of:
                    copy.write_row(_row(municipality_id, key, visit, now))
        with raw.copy(double) as copy:
            for key, partner in partner_of.items():
                copy.write_row((ids[key], partner, *_row(municipality_id, key, new[key], now)))


def _row(municipality_id: int, key: Key, visit: NewVisit, now: dt.datetime) -> tuple[object, ...]:
    line_id, day, slot, position = key
    t = visit.target
    return (
        uuid.uuid4(),
        municipality_id,
        t.team_id,
        t.provider_id,
        visit.client_id,
        line_id,
        t.service_id,
        day,
        slot,
        position,
        t.window_start,
        t.window_end,
        t.minutes,
        t.status,
        t.cancel_reason,
        now,
        now,
    )


def _column(name: str) -> str:
    return connection.ops.quote_name(_bare_column(name))


def _allocate_ids(count: int) -> list[int]:
    """Take ``count`` ids from the table's sequence, as the identity default would."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [Visit._meta.db_table, _bare_column("id")]
        )
        (sequence,) = cursor.fetchone()
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
        )
        return [row[0] for row in cursor.fetchall()]


def _bare_column(name: str) -> str:
    field = Visit._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    return field.column


# Elsewhere --------------------------------------------------------------------------------


def _bulk_create(
    municipality_id: int, new: Mapping[Key, NewVisit], pairing: Pairing, now: dt.datetime
) -> None:
    visits = {key: _model(municipality_id, key, visit) for key, visit in new.items()}
    for key, stored_id in pairing.to_stored.items():
        visits[key].partner_id = stored_id
    late = {first for first, _ in pairing.both_new}
    early = [visit for key, visit in visits.items() if key not in late]
    _insert_returning_ids(early)
    for first, second in pairing.both_new:
        visits[first].partner_id = visits[second].pk
    _insert_returning_ids([visits[first] for first, _ in pairing.both_new])
    back = [visits[second].pk for _, second in pairing.both_new]
    link_back([*back, *pairing.to_stored.values()], now)


def _model(municipality_id: int, key: Key, visit: NewVisit) -> Visit:
    line_id, day, slot, position = key
    return Visit(
        municipality_id=municipality_id,
        client_id=visit.client_id,
        line_id=line_id,
        date=day,
        slot=slot,
        position=position,
        **visit.target._asdict(),
    )


def _insert_returning_ids(visits: Sequence[Visit]) -> None:
    Visit.objects.bulk_create(visits, batch_size=BATCH_SIZE)
    if not connection.features.can_return_rows_from_bulk_insert:
        _fetch_ids(visits)


def _fetch_ids(visits: Sequence[Visit]) -> None:
    """Read back the ids a database without INSERT … RETURNING did not give us."""
    if not visits:
        return
    by_key: dict[Key, Visit] = {}
    for visit in visits:
        assert visit.line_id is not None  # generated visits always have a line
        by_key[(visit.line_id, visit.date, visit.slot, visit.position)] = visit
    line_ids = sorted({key[0] for key in by_key})
    first, last = min(key[1] for key in by_key), max(key[1] for key in by_key)
    for chunk in chunks(line_ids, 500):
        rows = Visit.objects.filter(line_id__in=chunk, date__gte=first, date__lte=last).values_list(
            "line_id", "date", "slot", "position", "pk"
        )
        for line_id, day, slot, position, pk in rows:
            assert line_id is not None
            found = by_key.get((line_id, day, slot, position))
            if found is not None:
                found.pk = pk
