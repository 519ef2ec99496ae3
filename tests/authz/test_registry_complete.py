"""The registry lists every route there is, and nothing that is gone.

A new page or API operation without an entry in tests/authz/registry.py fails here, so it
cannot ship without someone writing down who may use it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from hverdag.api.main import api
from hverdag.notes.models import RecordKind
from hverdag.web.views import clients, keys, my_day, planning, rota
from tests.authz.registry import EXCLUDED_NAMESPACES, MUST_NAME, PAGES, PUBLIC, ROUTES, Route
from tests.authz.scenes import SceneName, build_scene

BASE = "/api/v1"


def url_names(
    resolver: URLResolver | None = None, namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every named pattern with its namespace (``web:client_detail``), converters and all."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            if inner in EXCLUDED_NAMESPACES:
                continue
            yield from url_names(entry, inner)
        else:
            yield (f"{namespace}:{entry.name}" if namespace else str(entry.name)), entry


def is_api_operation(pattern: URLPattern) -> bool:
    # django-ninja mounts each API path as one pattern; its operations are compared with the
    # OpenAPI document, method by method, in the test below.
    return getattr(pattern.callback, "__module__", "") == "ninja.operation"


def test_every_page_is_in_the_registry_and_every_entry_is_a_page() -> None:
    resolved = {name for name, pattern in url_names() if not is_api_operation(pattern)}
    listed = {r.key for r in PAGES} | set(PUBLIC)
    assert resolved - listed == set(), "routes nobody has said who may use"
    assert listed - resolved == set(), "registry entries for routes that are gone"


def test_every_api_operation_is_in_the_registry_and_every_entry_is_one() -> None:
    schema = api.get_openapi_schema()
    operations = {
        f"api:{method.upper()} {path.removeprefix(BASE)}"
        for path, methods in schema["paths"].items()
        for method in methods
    }
    listed = {r.key for r in ROUTES if r.is_api}
    assert operations - listed == set(), "API operations nobody has said who may call"
    assert listed - operations == set(), "registry entries for API operations that are gone"


@pytest.mark.parametrize(
    ("name", "known"),
    [
        ("web:planning_action", set(planning.ACTIONS)),
        ("web:rota_action", set(rota.ACTIONS)),
        ("web:my_day_check", set(my_day.ACTIONS)),
        ("web:key_action", set(keys.KEEPER_ACTIONS)),
        ("web:client_section", set(clients.SECTIONS)),
        ("web:client_note", set(RecordKind.values)),
    ],
)
def test_every_slug_a_page_dispatches_on_has_an_entry(name: str, known: set[str]) -> None:
    # (decision_action and my_day_key branch in code, with no table to read; their slugs
    # are listed by hand: approve/send/change/terminate/discard, ta/lever.)
    listed = {r.variant for r in PAGES if r.key == name}
    assert listed == known


def test_each_route_is_listed_once() -> None:
    twice = [
        k
        for k, n in Counter((r.key, r.method, r.variant, r.as_json) for r in ROUTES).items()
        if n > 1
    ]
    assert twice == []


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.id}-{r.method}")
def test_each_entry_names_the_people_who_must_try_and_someone_let_in(route: Route) -> None:
    assert set(MUST_NAME) <= set(route.expect), "nobody, the client, her daughter, Siri, Pia"
    assert any(o.allowed for o in route.expect.values()), "a route nobody may use"


@pytest.mark.parametrize("scene_name", sorted({r.scene for r in PAGES}))
def test_each_page_entry_reaches_its_own_view(db: None, scene_name: SceneName) -> None:
    """The URL an entry builds resolves to the entry's name: a slug that fell through to
    another pattern (``clients/<id>/edit/`` is not a section) would test the wrong view."""
    scene = build_scene(scene_name)
    for route in (r for r in PAGES if r.scene == scene_name):
        assert resolve(route.url(scene)).view_name == route.key, route.id
