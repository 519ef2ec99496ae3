"""Shared command-line arguments: which scope (team slug or private provider) and dates."""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from hverdag.org.models import Provider, Team
from hverdag.plans.scope import Scope, provider_scope, team_scope


def add_scope_arguments(parser: ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--team", help="team short name, e.g. ost")
    group.add_argument("--provider", help="a private provider's name (its own plan)")
    parser.add_argument("--municipality", help="municipality number, when names repeat")


def scope_from(options: dict[str, Any]) -> Scope:
    teams = Team.objects.select_related("municipality", "unit")
    providers = Provider.objects.filter(kind=Provider.Kind.PRIVATE)
    if options.get("municipality"):
        teams = teams.filter(municipality__number=options["municipality"])
        providers = providers.filter(municipality__number=options["municipality"])
    if options.get("team"):
        found = list(teams.filter(slug=options["team"]))
        if not found:
            known = ", ".join(sorted(set(teams.values_list("slug", flat=True)))) or "none"
            raise CommandError(f"--team: unknown team {options['team']!r} (known: {known})")
        if len(found) > 1:
            raise CommandError(f"--team: {options['team']!r} is ambiguous; add --municipality")
        return team_scope(found[0])
    matches = list(providers.filter(name__iexact=options["provider"]))
    if len(matches) != 1:
        known = ", ".join(providers.values_list("name", flat=True)) or "none"
        raise CommandError(f"--provider: unknown provider {options['provider']!r} ({known})")
    return provider_scope(matches[0])


def date_option(options: dict[str, Any], name: str) -> dt.date:
    value = options[name]
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(
            f"--{name.replace('_', '-')}: {value!r} is not a date (YYYY-MM-DD)"
        ) from None
