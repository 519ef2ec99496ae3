"""What a deviation report carries into the service, parsed from a form or the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hverdag.clients.models import Client
    from hverdag.visits.models import Visit


@dataclass(frozen=True)
class DeviationInput:
    kind: str
    severity: str
    happened_at: dt.datetime
    description: str
    immediate_action: str = ""
    client: Client | None = None
    visit: Visit | None = None
