"""/services and /providers: what a decision's service lines are written from."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from hverdag.access.selectors import visible_providers
from hverdag.api.auth import actor
from hverdag.api.schemas import ERRORS, QuerySchema
from hverdag.decisions.models import ServiceCategory
from hverdag.decisions.selectors import catalogue_of

router = Router(tags=["catalogue"])


class ServiceOut(Schema):
    id: uuid.UUID
    code: str
    name: str
    name_en: str
    category: str
    kpr_code: str = Field(description="KPR service code (kodeverk 9151); empty if none.")
    required_competence: str | None = Field(description="Competence code staff must have.")
    default_minutes: int
    chargeable: bool = Field(description="Follows from the category (egenandel rules).")
    part_of_decision: bool


class ServiceQuery(QuerySchema):
    category: ServiceCategory | None = None


@router.get("/services", response={200: list[ServiceOut], **ERRORS}, summary="Service catalogue")
def list_services(request: HttpRequest, filters: Query[ServiceQuery]) -> list[ServiceOut]:
    """The active services of the caller's municipality."""
    found = catalogue_of(actor(request), filters.category)
    return [
        ServiceOut(
            id=s.public_id,
            code=s.code,
            name=s.name,
            name_en=s.name_en,
            category=s.category,
            kpr_code=s.kpr_code,
            required_competence=s.required_competence.code if s.required_competence else None,
            default_minutes=s.default_minutes,
            chargeable=s.chargeable,
            part_of_decision=s.part_of_decision,
        )
        for s in found
    ]


class ProviderOut(Schema):
    id: uuid.UUID
    name: str
    kind: str = Field(description="`municipal`, or `private` under free choice of provider.")
    organisation_number: str
    categories: list[str] = Field(
        description="Service categories a private provider is approved for; the municipal "
        "service delivers every category."
    )
    contract_from: dt.date | None
    contract_to: dt.date | None


@router.get("/providers", response={200: list[ProviderOut], **ERRORS}, summary="Providers")
def list_providers(request: HttpRequest) -> list[ProviderOut]:
    """The active providers of the caller's municipality, to name in decision lines."""
    found = visible_providers(actor(request))
    return [
        ProviderOut(
            id=p.public_id,
            name=p.name,
            kind=p.kind,
            organisation_number=p.organisation_number,
            categories=list(p.categories),
            contract_from=p.contract_from,
            contract_to=p.contract_to,
        )
        for p in found.order_by("kind", "name", "pk")
    ]
