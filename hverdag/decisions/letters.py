"""The decision letter's content: every fact the letter states, gathered once and stored.

The content is plain JSON made when the letter is sent; the PDF is rendered from it
alone (hverdag.decisions.letter_pdf), so the stored content renders to the same bytes
years later, whatever happened to the client record or the legal texts since.
The content holds the full identity number, because the letter goes to the party; it is
never copied into the audit trail, a URL or a log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from hverdag.access.logging import audit
from hverdag.access.models import User
from hverdag.clients.models import Assessment, ResourcePerson
from hverdag.decisions import legal
from hverdag.decisions.letter_pdf import TEMPLATE_VERSION, render_letter
from hverdag.decisions.models import (
    CHARGEABLE_BY_CATEGORY,
    Decision,
    DecisionKind,
    Letter,
    ServiceCategory,
    ServiceLine,
)
from hverdag.org.models import Provider

# Practical assistance is where free choice of provider applies (fritt-brukervalg.md).
FREE_CHOICE_CATEGORIES = (ServiceCategory.HOUSEHOLD, ServiceCategory.PERSONAL_CARE)


def store_letter(decision: Decision, user: User, on: dt.date) -> Letter:
    """Make, render and store the letter; audited without its content (identity number)."""
    content = build_letter_content(decision, on)
    pdf = render_letter(content)
    letter = Letter.objects.create(
        decision=decision,
        created_by=user,
        template_version=TEMPLATE_VERSION,
        content=content,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    audit(
        user,
        "decision.letter",
        letter,
        client=decision.client,
        new={
            "decision": str(decision.public_id),
            "template_version": letter.template_version,
            "sha256": letter.sha256,
            "bytes": len(pdf),
        },
    )
    return letter


def build_letter_content(decision: Decision, on: dt.date) -> dict[str, Any]:
    client = decision.client
    district = decision.district
    lines = list(decision.lines.select_related("service", "provider").order_by("id"))
    categories = sorted({line.service.category for line in lines})
    assessment = (
        Assessment.objects.filter(client=client, assessed_on__lte=on)
        .order_by("-assessed_on", "-version")
        .first()
    )
    previous = decision.previous
    contact = client.contact_person
    return {
        "template_version": TEMPLATE_VERSION,
        "reference": decision.reference,
        "kind": decision.kind,
        "date": on.isoformat(),
        "issuer": {
            "municipality": f"{decision.municipality.name} kommune",
            "district": district.name,
            "unit": client.team.unit.name,
            "postal_address": district.postal_address,
            "email": district.email,
            "phone": district.phone,
        },
        "party": {
            "name": client.full_name,
            "identity_number": client.identity_number,
            "address": [client.street_address, f"{client.postal_code} {client.postal_place}"],
            "representatives": _representatives(decision),
        },
        "application": {
            "applied_for": decision.applied_for,
            "received": decision.applied_on.isoformat(),
            "assessed_on": assessment.assessed_on.isoformat() if assessment else None,
            "home_visit": assessment.home_visit if assessment else None,
        },
        "replaces": (
            {"reference": previous.reference, "valid_from": previous.valid_from.isoformat()}
            if previous is not None
            else None
        ),
        "valid_from": decision.valid_from.isoformat(),
        "valid_to": _iso(decision.valid_to),
        "review_on": _iso(decision.review_on),
        "services": [_service(line) for line in lines],
        "refused": decision.refused,
        "legal_basis": _legal_basis(categories),
        "facts": decision.facts,
        "reasons": decision.reasons,
        "reasons_rule": legal.REASONS,
        "copayment": {
            "regulation": legal.COPAYMENT_REGULATION,
            "complaint_deadline_weeks": legal.COPAYMENT_COMPLAINT_DEADLINE_WEEKS,
            "complaint_deadline_rule": legal.COPAYMENT_COMPLAINT_DEADLINE,
        },
        "free_choice": _free_choice(decision, categories),
        "complaint": {
            "deadline_weeks": legal.COMPLAINT_DEADLINE_WEEKS,
            "deadline_rule": legal.COMPLAINT_DEADLINE,
            "right_rule": legal.COMPLAINT_RIGHT,
            "body": legal.COMPLAINT_BODY,
            "send_to": district.name,
            "postal_address": district.postal_address,
            "email": district.email,
            "documents_rule": legal.ACCESS_TO_DOCUMENTS,
            "ombud": legal.OMBUD,
        },
        "contact_person": contact.full_name if contact is not None else None,
        "caseworker": _name(decision.caseworker),
        "approved_by": _name(decision.approved_by) if decision.approved_by else None,
        "informed": {
            "how": decision.informed_how,
            "on": _iso(decision.informed_on),
        },
        "ends": decision.kind == DecisionKind.TERMINATION,
    }


def _service(line: ServiceLine) -> dict[str, Any]:
    service = line.service
    category = ServiceCategory(service.category)
    return {
        "name": service.name,
        "kpr_code": service.kpr_code,
        "category": category.value,
        "category_label": CATEGORY_LABELS[category],
        "outcome": line.outcome,
        "tasks": line.tasks,
        "times_per_day": line.times_per_day,
        "weekdays": list(line.weekdays),
        "every_n_weeks": line.every_n_weeks,
        "minutes_per_visit": line.minutes_per_visit,
        "visits_per_week": round(line.visits_per_week, 2),
        "hours_per_week": round(line.hours_per_week, 2),
        "window": (
            [line.window_start.strftime("%H:%M"), line.window_end.strftime("%H:%M")]
            if line.window_start and line.window_end
            else None
        ),
        "staff_count": line.staff_count,
        "provider": line.provider.name,
        "chargeable": CHARGEABLE_BY_CATEGORY[category],
        "legal_basis": legal.SERVICE_BASIS[category.value],
    }


# The letter is in bokmål whatever the caseworker's language; the model's labels are English.
CATEGORY_LABELS: dict[ServiceCategory, str] = {
    ServiceCategory.HEALTH_CARE: "Helsetjenester i hjemmet",
    ServiceCategory.PERSONAL_CARE: "Praktisk bistand - personlig stell",
    ServiceCategory.HOUSEHOLD: "Praktisk bistand - hjemmehjelp",
    ServiceCategory.ADDITIONAL: "Tilleggstjeneste",
}


def _legal_basis(categories: list[str]) -> list[str]:
    basis: list[str] = []
    for category in categories:
        text = legal.SERVICE_BASIS[category]
        if text and text not in basis:
            basis.append(text)
    basis.append(legal.RIGHT_TO_SERVICES)
    return basis


def _free_choice(decision: Decision, categories: list[str]) -> dict[str, Any] | None:
    wanted = [c for c in categories if c in FREE_CHOICE_CATEGORIES]
    if not wanted:
        return None
    providers = [
        p.name
        for p in Provider.objects.filter(municipality_id=decision.municipality_id, active=True)
        if p.kind == Provider.Kind.MUNICIPAL or any(c in (p.categories or []) for c in wanted)
    ]
    chosen = decision.client.practical_provider
    return {
        "providers": providers,
        "chosen": chosen.name if chosen is not None else None,
        "deadline_weeks": legal.FREE_CHOICE_DEADLINE_WEEKS,
    }


def _representatives(decision: Decision) -> list[dict[str, str]]:
    people = ResourcePerson.objects.filter(client=decision.client, active=True).order_by("name")
    out = []
    for person in people:
        if person.relation == ResourcePerson.Relation.GUARDIAN:
            out.append({"name": person.name, "role": "verge"})
        elif person.has_proxy:
            out.append({"name": person.name, "role": "fullmektig"})
    return out


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
