"""/clients: the client record, its health information (every read logged) and its access log.

One module and one router per resource, mounted in ``api.main`` in this order. Views are
thin: parse, resolve the client through the selectors (which hide clients the user may not
know about), call one service or selector, serialise. Permission is decided by
``hverdag.access.policy``; every read of health information goes through a selector that
logs it with ``channel="api"``.

Each operation names its ``operation_id``: the ids are part of the published OpenAPI
document and stay what they were when all of this was one module (``hverdag_api_clients_*``).
"""

from __future__ import annotations

from ninja import Router

from hverdag.api.clients import (
    access_log,
    assessments,
    home_notes,
    record,
    resource_persons,
    welfare_technology,
)

ROUTERS: tuple[Router, ...] = (
    record.router,
    assessments.router,
    home_notes.router,
    resource_persons.router,
    welfare_technology.router,
    access_log.router,
)
