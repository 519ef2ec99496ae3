"""The ``/api/v1`` JSON API: one NinjaAPI, its routers, auth and error handlers."""

from __future__ import annotations

from ninja import NinjaAPI

from hverdag.api import catalogue, clients, decisions, errors, notes, staff
from hverdag.api.auth import API_AUTH

DESCRIPTION = """\
Hverdag's JSON API for other systems and for the pages' own scripts.

* **Auth**: `Authorization: Bearer <token>` (a token a system administrator created for
  a system's user), or the signed-in session with its CSRF token for unsafe methods.
* **Ids**: every object is named by its UUID (`id`); teams also by short name (`ost`).
* **Permissions**: exactly those of the pages: role and care relationship. Every read of
  health information is written to the client's access log with channel `api`.
* **Errors**: `{"detail": "..."}`; for invalid input HTTP 422 with
  `"errors": {"field": [{"rule": "...", "message": "..."}]}`, and nothing is saved.
"""

api = NinjaAPI(
    title="Hverdag API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    # Swagger UI loads its scripts from a CDN, and installations run without network;
    # the OpenAPI document at /api/v1/openapi.json is the reference.
    docs_url=None,
    auth=API_AUTH,
)
errors.install(api)
for router in clients.ROUTERS:
    api.add_router("", router)
api.add_router("", decisions.router)
api.add_router("", staff.router)
api.add_router("", catalogue.router)
api.add_router("", notes.router)
