"""Create an API token for a system account; the token is printed once and never stored."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hverdag.access.models import User
from hverdag.access.services import do_create_api_token
from hverdag.core.errors import PermissionDenied, RuleViolation


class Command(BaseCommand):
    help = "Create an API token for USER (a system account with its own roles)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account the token acts as")
        parser.add_argument("--name", required=True, help="which system uses the token")
        parser.add_argument(
            "--by", default="admin", help="the system administrator creating it (audited)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        owner = User.objects.filter(username=options["username"]).first()
        actor = User.objects.filter(username=options["by"]).first()
        if owner is None:
            raise CommandError(f"username: no user {options['username']!r}")
        if actor is None:
            raise CommandError(f"--by: no user {options['by']!r}")
        try:
            token, raw = do_create_api_token(actor, owner, options["name"])
        except (PermissionDenied, RuleViolation) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Token for {owner.username} ({token.name}), shown once:\n{raw}")
