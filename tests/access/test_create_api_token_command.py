from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hverdag.access.models import ApiToken, AuditEvent
from hverdag.access.services import authenticate_token
from tests.builders.people import World


def test_admin_creates_a_token_that_authenticates(world: World) -> None:
    out = StringIO()
    call_command("create_api_token", "nils", "--name", "Alarmsentral", "--by", "admin", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    assert raw.startswith("hv_")
    assert authenticate_token(raw) == world.nurse
    token = ApiToken.objects.get()
    assert raw not in token.digest  # only a digest is stored
    assert AuditEvent.objects.get(action="api_token.create").actor == world.admin


def test_only_a_system_admin_creates_tokens(world: World) -> None:
    with pytest.raises(CommandError):
        call_command("create_api_token", "nils", "--name", "X", "--by", "kari")
    with pytest.raises(CommandError, match="username"):
        call_command("create_api_token", "nobody", "--name", "X")
    assert not ApiToken.objects.exists()


def test_a_revoked_token_stops_working(world: World) -> None:
    out = StringIO()
    call_command("create_api_token", "nils", "--name", "Alarmsentral", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    with pytest.raises(CommandError):
        call_command("revoke_api_token", str(token.public_id), "--by", "kari")
    assert authenticate_token(raw) == world.nurse
    call_command("revoke_api_token", str(token.public_id), stdout=StringIO())
    assert authenticate_token(raw) is None
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
