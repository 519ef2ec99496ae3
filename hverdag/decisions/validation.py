"""Checks a decision's input against the catalogue, the providers and the rules of extent.

Collects every violation (field + rule) so a form or an API client can show them all at
once; nothing is written here. Line fields are named ``lines[<index>].<field>``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hverdag.clients.models import Client
from hverdag.core.errors import Collector
from hverdag.core.i18n import interpolate
from hverdag.decisions.inputs import DecisionInput, ServiceLineInput
from hverdag.decisions.models import LineOutcome, Service, ServiceCategory
from hverdag.org.models import Provider
from hverdag.staff.models import Employee

MAX_TEXT = 8000
MAX_TIMES_PER_DAY = 12
MAX_MINUTES_PER_VISIT = 24 * 60
MAX_EVERY_N_WEEKS = 52
WEEKDAYS = range(1, 8)
STAFF_COUNTS = (1, 2)


@dataclass(frozen=True)
class ResolvedLine:
    """A line whose service and provider were found and may be used."""

    data: ServiceLineInput
    service: Service
    provider: Provider


def validate_decision(
    client: Client, data: DecisionInput, errors: Collector
) -> list[ResolvedLine | None]:
    """Validate the whole input; returns the lines resolved (None where they could not be)."""
    _text(errors, "facts", data.facts, required=True)
    _text(errors, "reasons", data.reasons, required=True)
    _text(errors, "applied_for", data.applied_for, required=True)
    _text(errors, "refused", data.refused, required=False)
    if data.valid_to is not None and data.valid_to < data.valid_from:
        errors.add("valid_to", "end_before_start", _("The decision cannot end before it starts."))
    if data.review_on is not None and data.review_on < data.valid_from:
        errors.add("review_on", "before_start", _("The review date cannot be before the start."))
    if not data.lines and not data.refused.strip():
        errors.add(
            "lines",
            "required",
            _("Grant at least one service, or say what is refused and why."),
        )
    resolved = [
        validate_line(client, f"lines[{i}]", line, errors) for i, line in enumerate(data.lines)
    ]
    for i, r in enumerate(resolved):
        if r is not None and r.provider.contract_to and r.provider.contract_to < data.valid_from:
            errors.add(
                f"lines[{i}].provider",
                "contract_ended",
                interpolate(
                    _("The contract with %(provider)s ends before the decision starts."),
                    {"provider": r.provider.name},
                ),
            )
    return resolved


def validate_line(
    client: Client, prefix: str, line: ServiceLineInput, errors: Collector
) -> ResolvedLine | None:
    if line.times_per_day < 1:
        errors.add(f"{prefix}.times_per_day", "min_value", _("At least one visit a day."))
    elif line.times_per_day > MAX_TIMES_PER_DAY:
        errors.add(
            f"{prefix}.times_per_day",
            "max_value",
            interpolate(_("At most %(n)d visits a day."), {"n": MAX_TIMES_PER_DAY}),
        )
    if not line.weekdays:
        errors.add(f"{prefix}.weekdays", "required", _("Choose at least one weekday."))
    elif any(day not in WEEKDAYS for day in line.weekdays):
        errors.add(f"{prefix}.weekdays", "choice", _("Weekdays are 1 (Monday) to 7 (Sunday)."))
    elif len(set(line.weekdays)) != len(line.weekdays):
        errors.add(f"{prefix}.weekdays", "duplicate", _("Each weekday at most once."))
    if line.every_n_weeks < 1:
        errors.add(f"{prefix}.every_n_weeks", "min_value", _("Every week or less often."))
    elif line.every_n_weeks > MAX_EVERY_N_WEEKS:
        errors.add(
            f"{prefix}.every_n_weeks",
            "max_value",
            interpolate(_("At most every %(n)d weeks."), {"n": MAX_EVERY_N_WEEKS}),
        )
    if line.minutes_per_visit <= 0:
        errors.add(
            f"{prefix}.minutes_per_visit", "min_value", _("A visit takes at least a minute.")
        )
    elif line.minutes_per_visit > MAX_MINUTES_PER_VISIT:
        errors.add(f"{prefix}.minutes_per_visit", "max_value", _("A visit fits within a day."))
    if line.staff_count not in STAFF_COUNTS:
        errors.add(f"{prefix}.staff_count", "choice", _("One or two staff per visit."))
    _window(errors, prefix, line)
    if line.outcome not in LineOutcome.values:
        errors.add(f"{prefix}.outcome", "choice", _("Granted or partly granted."))
    _text(errors, f"{prefix}.tasks", line.tasks, required=False)

    service = _service(client, prefix, line.service, errors)
    provider = _provider(client, prefix, line.provider, errors)
    if service is None or provider is None:
        return None
    if not provider_approved_for(provider, service):
        errors.add(
            f"{prefix}.provider",
            "not_approved",
            interpolate(
                _("%(provider)s is not approved for %(category)s."),
                # The lazy label, not get_category_display(), which translates at once.
                {"provider": provider.name, "category": ServiceCategory(service.category).label},
            ),
        )
    elif not has_competence(provider, service):
        errors.add(
            f"{prefix}.provider",
            "competence_unavailable",
            interpolate(
                _("No active employee of %(provider)s has the competence %(service)s needs."),
                {"provider": provider.name, "service": service.name},
            ),
        )
    return ResolvedLine(line, service, provider)


def provider_approved_for(provider: Provider, service: Service) -> bool:
    """The municipal service delivers everything; a private one only its approved categories."""
    if provider.kind == Provider.Kind.MUNICIPAL:
        return True
    return service.category in (provider.categories or [])


def has_competence(provider: Provider, service: Service) -> bool:
    if service.required_competence_id is None:
        return True
    return Employee.objects.filter(
        provider=provider, competences=service.required_competence_id, active=True
    ).exists()


def _text(errors: Collector, name: str, value: str, *, required: bool) -> None:
    if required and not value.strip():
        errors.add(name, "required", _("This field is required."))
    elif len(value) > MAX_TEXT:
        errors.add(
            name, "max_length", interpolate(_("At most %(limit)d characters."), {"limit": MAX_TEXT})
        )


def _window(errors: Collector, prefix: str, line: ServiceLineInput) -> None:
    start, end = line.window_start, line.window_end
    if (start is None) != (end is None):
        missing = "window_end" if end is None else "window_start"
        errors.add(f"{prefix}.{missing}", "required", _("Give both ends of the time window."))
    elif start is not None and end is not None and end <= start:
        errors.add(
            f"{prefix}.window_end", "end_not_after_start", _("The window must end after it starts.")
        )


def _service(
    client: Client, prefix: str, public_id: uuid.UUID, errors: Collector
) -> Service | None:
    field = f"{prefix}.service"
    service = (
        Service.objects.select_related("required_competence").filter(public_id=public_id).first()
    )
    if service is None:
        errors.add(field, "unknown", _("No such service."))
        return None
    if service.municipality_id != client.municipality_id:
        # Same message as unknown: another municipality's catalogue is not ours to describe.
        errors.add(field, "other_municipality", _("No such service in this municipality."))
        return None
    if not service.active:
        errors.add(
            field,
            "inactive",
            interpolate(_("%(service)s is no longer offered."), {"service": service.name}),
        )
        return None
    if not service.part_of_decision or service.category == ServiceCategory.ADDITIONAL:
        errors.add(
            field,
            "not_part_of_decision",
            interpolate(
                _("%(service)s is bought from the provider, not granted by decision."),
                {"service": service.name},
            ),
        )
        return None
    return service


def _provider(
    client: Client, prefix: str, public_id: uuid.UUID, errors: Collector
) -> Provider | None:
    field = f"{prefix}.provider"
    provider = Provider.objects.filter(public_id=public_id).first()
    if provider is None:
        errors.add(field, "unknown", _("No such provider."))
        return None
    if provider.municipality_id != client.municipality_id:
        errors.add(field, "other_municipality", _("No such provider in this municipality."))
        return None
    if not provider.active:
        errors.add(
            field,
            "inactive",
            interpolate(
                _("%(provider)s no longer delivers services."), {"provider": provider.name}
            ),
        )
        return None
    return provider
