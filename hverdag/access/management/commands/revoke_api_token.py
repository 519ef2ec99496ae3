"""Revoke an API token by its id (shown in the admin); it stops working at once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hverdag.access.models import ApiToken, User
from hverdag.access.services import do_revoke_api_token
from hverdag.core.errors import PermissionDenied


class Command(BaseCommand):
    help = "Revoke the API token with the given public id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token_id", help="the token's public id (UUID)")
        parser.add_argument("--by", default="admin", help="the system administrator (audited)")

    def handle(self, *args: Any, **options: Any) -> None:
        token = ApiToken.objects.filter(public_id=options["token_id"]).first()
        actor = User.objects.filter(username=options["by"]).first()
        if token is None:
            raise CommandError(f"token_id: no token {options['token_id']!r}")
        if actor is None:
            raise CommandError(f"--by: no user {options['by']!r}")
        try:
            do_revoke_api_token(actor, token)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Revoked {token.name} ({token.public_id}).")
