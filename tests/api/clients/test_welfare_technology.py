"""/clients/{id}/welfare-technology: a removal is recorded, not before the installation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hverdag.access.models import User
from tests.api.clients.bodies import DEVICE, TODAY
from tests.api.conftest import Caller, counts, errors
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]


def test_remove_a_device(world: World, as_: AsUser) -> None:
    nils = as_(world.nurse)
    base = f"/clients/{world.ingrid.public_id}/welfare-technology"
    device = nils.post(base, DEVICE).json()
    path = f"{base}/{device['id']}/remove"
    before = counts()
    too_early = nils.post(path, {"removed_on": str(TODAY - dt.timedelta(days=1))})
    assert errors(too_early) == {"removed_on": {"after_installed"}}
    assert counts() == before
    assert as_(world.nurse_vest).post(path, {"removed_on": str(TODAY)}).status_code == 403
    assert counts() == before
    removed = nils.post(path, {"removed_on": str(TODAY)})
    assert removed.status_code == 200
    assert removed.json()["removed_on"] == str(TODAY)
    assert (
        nils.post(
            f"{base}/7f0c1f2e-0000-4000-8000-000000000000/remove", {"removed_on": str(TODAY)}
        ).status_code
        == 404
    )
