"""Every row of every Hverdag table, to prove that a refused request changed nothing.

Counts alone would miss a refused approve that flipped a decision's status, so the snapshot
holds the rows themselves. Two columns move on any request and say nothing about the
domain: a user's ``last_login`` (set when the test signs in) and a token's
``last_used_at`` (set when a bearer token is checked, refused or not).
"""

from __future__ import annotations

import functools

from django.apps import apps
from django.db import connection

Rows = dict[str, list[tuple[object, ...]]]
NOISE = {("access", "user", "last_login"), ("access", "apitoken", "last_used_at")}


@functools.cache
def _statements() -> tuple[tuple[str, str], ...]:
    out = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        # Many-to-many tables too (a refused request must not add a competence either).
        if meta.app_config is None or not meta.app_config.name.startswith("hverdag."):
            continue
        columns = [
            connection.ops.quote_name(f.column)
            for f in meta.concrete_fields
            if (meta.app_label, meta.model_name, f.name) not in NOISE
        ]
        table = connection.ops.quote_name(meta.db_table)
        order = connection.ops.quote_name(meta.pk.column)
        out.append((meta.label, f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"))
    return tuple(out)


def snapshot() -> Rows:
    """Table label → its rows, read with one plain query per table (cheap on SQLite)."""
    rows: Rows = {}
    with connection.cursor() as cursor:
        for label, sql in _statements():
            cursor.execute(sql)
            rows[label] = [tuple(r) for r in cursor.fetchall()]
    return rows


def changes(before: Rows) -> dict[str, str]:
    """What differs from ``before``: table label → rows before and after (empty: nothing)."""
    after = snapshot()
    return {
        label: f"{len(before[label])} rows → {len(after[label])} rows"
        + ("" if len(before[label]) != len(after[label]) else " (a row changed)")
        for label in before
        if before[label] != after[label]
    }
