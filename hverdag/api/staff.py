"""/staff and /teams: who works where and what they may do; no private data."""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from hverdag.access import policy
from hverdag.access.models import Role
from hverdag.access.selectors import visible_teams
from hverdag.api.auth import actor
from hverdag.api.refs import require_team
from hverdag.api.schemas import ERRORS, PageQuery, TeamRef
from hverdag.core.errors import PermissionDenied
from hverdag.staff.selectors import staff_list

router = Router(tags=["staff"])


class EmployeeOut(Schema):
    """Name, profession, team and competences. Never address, home base, HPR number or
    employment percentage."""

    id: uuid.UUID
    first_name: str
    last_name: str
    profession: str
    team: TeamRef | None
    provider: ProviderRef
    competences: list[str] = Field(description="Competence codes, e.g. `wound_care`.")


class ProviderRef(Schema):
    id: uuid.UUID
    name: str


class EmployeePage(Schema):
    count: int
    items: list[EmployeeOut]


class StaffQuery(PageQuery):
    team: str | None = Field(None, description="Only this team (id or short name).")


@router.get("/staff", response={200: EmployeePage, **ERRORS}, summary="Staff")
def list_staff(request: HttpRequest, filters: Query[StaffQuery]) -> EmployeePage:
    """Active employees. For staff and system administrators; clients and next of kin
    see who comes to them through their visits, not through this list."""
    user = actor(request)
    if not (policy.is_staff_user(user) or policy.has_role(user, Role.SYSTEM_ADMIN)):
        raise PermissionDenied(_("Only staff may list staff."))
    team = require_team(user, filters.team) if filters.team is not None else None
    found = staff_list(user, team)
    page = found[filters.offset : filters.offset + filters.limit]
    return EmployeePage(
        count=found.count(),
        items=[
            EmployeeOut(
                id=e.public_id,
                first_name=e.first_name,
                last_name=e.last_name,
                profession=e.profession,
                team=TeamRef.of(e.team) if e.team else None,
                provider=ProviderRef(id=e.provider.public_id, name=e.provider.name),
                competences=sorted(c.code for c in e.competences.all()),
            )
            for e in page
        ],
    )


class TeamOut(TeamRef):
    unit: str
    district: str


@router.get("/teams", response={200: list[TeamOut], **ERRORS}, summary="Teams")
def list_teams(request: HttpRequest) -> list[TeamOut]:
    """The teams of the caller's municipality, to use as `team` in other calls."""
    return [
        TeamOut(
            id=t.public_id,
            slug=t.slug,
            name=t.name,
            unit=t.unit.name,
            district=t.unit.district.name,
        )
        for t in visible_teams(actor(request)).order_by("name", "pk")
    ]
