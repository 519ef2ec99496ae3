"""Plan scopes: the set of visits and caregivers planned together on a day.

The municipal provider plans per team; a private provider (free user choice) plans all its
clients in one plan of its own, with its own staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.db.models import Q

from hverdag.core.errors import NotFound
from hverdag.org.models import Municipality, Provider, Team


@dataclass(frozen=True)
class Scope:
    provider: Provider
    team: Team | None

    @property
    def municipality(self) -> Municipality:
        return self.provider.municipality

    @property
    def label(self) -> str:
        return self.team.name if self.team is not None else self.provider.name

    def visit_filter(self, via: str = "") -> Q:
        """Visits of this scope, on Visit querysets or through ``via`` (e.g. ``"visit__"``)."""
        if self.team is not None:
            return Q(**{f"{via}provider": self.provider, f"{via}team": self.team})
        return Q(**{f"{via}provider": self.provider})

    def plan_filter(self) -> Q:
        return Q(provider=self.provider, team=self.team)

    def employee_filter(self) -> Q:
        if self.team is not None:
            return Q(team=self.team)
        return Q(provider=self.provider, team__isnull=True)


class ScopedRow(Protocol):
    """A row that belongs to a plan scope (a plan, an optimisation job)."""

    @property
    def provider(self) -> Provider: ...

    @property
    def team(self) -> Team | None: ...


def scope_of(row: ScopedRow) -> Scope:
    return Scope(row.provider, row.team)


def municipal_provider(municipality: Municipality) -> Provider:
    provider = Provider.objects.filter(
        municipality=municipality, kind=Provider.Kind.MUNICIPAL
    ).first()
    if provider is None:
        raise NotFound(f"{municipality} has no municipal provider")
    return provider


def all_scopes(municipality: Municipality | None = None) -> list[Scope]:
    """Every plan scope (of one municipality, or all): teams by name, then private providers."""
    providers = Provider.objects.select_related("municipality").order_by("name")
    teams = Team.objects.select_related("unit", "municipality").order_by("name")
    if municipality is not None:
        providers = providers.filter(municipality=municipality)
        teams = teams.filter(municipality=municipality)
    loaded = list(providers)
    municipal = {p.municipality_id: p for p in loaded if p.kind == Provider.Kind.MUNICIPAL}
    scopes = [
        Scope(municipal[t.municipality_id], t) for t in teams if t.municipality_id in municipal
    ]
    return scopes + [Scope(p, None) for p in loaded if p.kind == Provider.Kind.PRIVATE]


def team_scope(team: Team) -> Scope:
    return Scope(municipal_provider(team.municipality), team)


def provider_scope(provider: Provider) -> Scope:
    if provider.kind == Provider.Kind.MUNICIPAL:
        raise NotFound("the municipal provider plans per team")
    return Scope(provider, None)
