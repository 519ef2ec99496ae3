"""Writes of the clients context. Each ``do_*``: permission, validation, one transaction, audit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hverdag.access import policy
from hverdag.access.logging import audit, changed, snapshot
from hverdag.access.models import User
from hverdag.clients.inputs import (
    AssessmentInput,
    ClientInput,
    HomeNotesInput,
    ResourcePersonInput,
    WelfareTechnologyInput,
)
from hverdag.clients.models import (
    Assessment,
    Client,
    ClientAbsence,
    EntryMethod,
    FunctionScore,
    FunctionVariable,
    Goal,
    HomeNotes,
    ResourcePerson,
    WelfareTechnology,
)
from hverdag.clients.reference import SPEC_VERSION
from hverdag.core import crypto, identity_numbers
from hverdag.core.background import REGENERATE_CLIENT_VISITS, enqueue_on_commit
from hverdag.core.errors import Collector, PermissionDenied, RuleViolation
from hverdag.core.i18n import interpolate
from hverdag.core.periods import first_overlapping
from hverdag.org.models import Provider, Team
from hverdag.staff.models import Employee

POSTAL_CODE = re.compile(r"^\d{4}$")
PHONE = re.compile(r"^\+?[\d ]{8,15}$")
# Mainland Norway with Svalbard excluded; coordinates outside are typing errors.
NORWAY_LAT = (57.9, 71.3)
NORWAY_LON = (4.4, 31.3)
VALID_SCORES = frozenset({1, 2, 3, 4, 5, 9})
MAX_TEXT = 4000


def _fits_columns(errors: Collector, model: type[Model], data: object) -> None:
    """Every text field of the input fits its column (the database would refuse it later)."""
    for name, value in vars(data).items():
        if not isinstance(value, str):
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value.strip()) > limit:
            errors.add(
                name,
                "max_length",
                interpolate(_("At most %(limit)d characters."), {"limit": limit}),
            )


def _required(errors: Collector, name: str, value: str, max_length: int = 200) -> None:
    if not value.strip():
        errors.add(name, "required", _("This field is required."))
    elif len(value) > max_length:
        errors.add(
            name,
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": max_length}),
        )


@dataclasses.dataclass
class _ResolvedClient:
    identity: identity_numbers.IdentityNumber
    team: Team
    contact_person: Employee | None
    practical_provider: Provider | None


def _validate_client(user: User, data: ClientInput, *, existing: Client | None) -> _ResolvedClient:
    """Checks every rule and resolves the referenced rows; raises with all violations."""
    errors = Collector()
    parsed = None
    _fits_columns(errors, Client, data)
    try:
        parsed = identity_numbers.parse(
            data.identity_number, allow_synthetic=settings.ACCEPT_SYNTHETIC_IDS
        )
    except identity_numbers.InvalidIdentityNumber as exc:
        errors.add("identity_number", exc.rule, exc.message)
    for name in ("first_name", "last_name", "street_address", "postal_place"):
        _required(errors, name, getattr(data, name), 100 if "name" in name else 200)
    if not POSTAL_CODE.match(data.postal_code):
        errors.add("postal_code", "format", _("Postal code must be four digits."))
    if data.phone and not PHONE.match(data.phone):
        errors.add(
            "phone",
            "format",
            _("Phone number: 8 to 15 digits, optionally starting with +."),
        )
    if (data.lat is None) != (data.lon is None):
        errors.add("lat", "both_or_none", _("Give both latitude and longitude, or neither."))
    elif data.lat is not None and data.lon is not None:
        if not NORWAY_LAT[0] <= data.lat <= NORWAY_LAT[1]:
            errors.add("lat", "in_norway", _("Latitude is outside Norway."))
        if not NORWAY_LON[0] <= data.lon <= NORWAY_LON[1]:
            errors.add("lon", "in_norway", _("Longitude is outside Norway."))
    if data.birth_date and data.birth_date > dt.date.today():
        errors.add("birth_date", "not_future", _("Birth date cannot be in the future."))

    municipality_ids = policy.municipality_ids(user)
    team = (
        Team.objects.select_related("unit")
        .filter(public_id=data.team, municipality_id__in=municipality_ids)
        .first()
        if data.team is not None
        else None
    )
    if team is None:
        errors.add("team", "unknown", _("Choose one of the teams of your municipality."))
    contact = None
    if data.contact_person is not None:
        contact = Employee.objects.filter(
            public_id=data.contact_person, active=True, municipality_id__in=municipality_ids
        ).first()
        if contact is None:
            errors.add(
                "contact_person",
                "unknown",
                _("The contact person must be an active employee."),
            )
    provider = None
    if data.practical_provider is not None:
        provider = Provider.objects.filter(
            public_id=data.practical_provider, municipality_id__in=municipality_ids, active=True
        ).first()
        if provider is None:
            errors.add("practical_provider", "unknown", _("Choose an active approved provider."))
        elif provider.kind == Provider.Kind.PRIVATE and "household" not in provider.categories:
            errors.add(
                "practical_provider",
                "not_approved",
                _("This provider is not approved for practical assistance."),
            )
    if parsed is not None and team is not None:
        duplicate = Client.objects.filter(
            municipality_id=team.municipality_id, identity_number=parsed.value
        )
        if existing is not None:
            duplicate = duplicate.exclude(pk=existing.pk)
        if duplicate.exists():
            errors.add(
                "identity_number",
                "duplicate",
                _("A client with this identity number exists."),
            )
    errors.raise_if_any()
    assert parsed is not None and team is not None  # else a violation was raised above
    return _ResolvedClient(parsed, team, contact, provider)


def _require_district_scope(user: User, team: Team) -> None:
    """A caseworker registers clients for teams of their own district."""
    for a in policy.assignments(user):
        if a.role != "caseworker":
            continue
        district_id = a.district_id or (a.team.unit.district_id if a.team else None)
        if district_id == team.unit.district_id:
            return
    raise PermissionDenied(_("You may register clients only in your own district."))


def do_register_client(user: User, data: ClientInput) -> Client:
    if not policy.has_role(user, *policy.ACTION_ROLES["client.register"]):
        raise PermissionDenied(_("Your role does not allow client.register."))
    resolved = _validate_client(user, data, existing=None)
    team, parsed = resolved.team, resolved.identity
    _require_district_scope(user, team)
    provider = resolved.practical_provider or (
        Provider.objects.filter(
            municipality_id=team.municipality_id, kind=Provider.Kind.MUNICIPAL, active=True
        ).first()
    )
    with transaction.atomic():
        client = Client.objects.create(
            municipality_id=team.municipality_id,
            district_id=team.unit.district_id,
            team=team,
            identity_number=parsed.value,
            identity_kind=parsed.kind.value,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            birth_date=data.birth_date or parsed.birth_date_hint(),
            street_address=data.street_address.strip(),
            postal_code=data.postal_code,
            postal_place=data.postal_place.strip(),
            lat=data.lat,
            lon=data.lon,
            phone=data.phone.strip(),
            preferred_language=data.preferred_language.strip() or "norsk",
            needs_interpreter=data.needs_interpreter,
            contact_person=resolved.contact_person,
            practical_provider=provider,
        )
        audit(user, "client.register", client, client=client, new=snapshot(client))
    return client


def do_update_client(user: User, client: Client, data: ClientInput) -> Client:
    policy.require_action(user, "client.update", client)
    resolved = _validate_client(user, data, existing=client)
    team, parsed = resolved.team, resolved.identity
    with transaction.atomic():
        old = snapshot(client)
        for name in (
            "first_name",
            "last_name",
            "street_address",
            "postal_code",
            "postal_place",
            "lat",
            "lon",
            "phone",
            "preferred_language",
            "needs_interpreter",
        ):
            value = getattr(data, name)
            setattr(client, name, value.strip() if isinstance(value, str) else value)
        client.team = team
        client.district_id = team.unit.district_id
        client.contact_person = resolved.contact_person
        client.identity_number = parsed.value
        client.identity_kind = parsed.kind.value
        if data.birth_date:
            client.birth_date = data.birth_date
        if resolved.practical_provider is not None:
            client.practical_provider = resolved.practical_provider
        client.save()
        before, after = changed(old, snapshot(client))
        if after:
            audit(user, "client.update", client, client=client, old=before, new=after)
    return client


def _validate_resource_person(data: ResourcePersonInput, errors: Collector) -> None:
    _fits_columns(errors, ResourcePerson, data)
    _required(errors, "name", data.name, 150)
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError:
            errors.add("email", "format", _("Not a valid e-mail address."))
    if data.relation not in ResourcePerson.Relation.values:
        errors.add("relation", "choice", _("Choose one of the listed relations."))
    if data.phone and not PHONE.match(data.phone):
        errors.add(
            "phone",
            "format",
            _("Phone number: 8 to 15 digits, optionally starting with +."),
        )
    if not data.phone and not data.email:
        errors.add("phone", "contact_required", _("Give a phone number or an e-mail address."))
    if data.has_proxy and not data.consent_to_information:
        # A proxy acts for the client, which includes receiving information.
        errors.add(
            "consent_to_information",
            "proxy_implies_consent",
            _("A person with power of attorney must be allowed to receive information."),
        )


def do_add_resource_person(user: User, client: Client, data: ResourcePersonInput) -> ResourcePerson:
    policy.require_action(user, "client.resource_persons", client)
    errors = Collector()
    _validate_resource_person(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        person = ResourcePerson.objects.create(client=client, **dataclasses.asdict(data))
        audit(user, "resource_person.add", person, client=client, new=snapshot(person))
    return person


def do_update_resource_person(
    user: User, person: ResourcePerson, data: ResourcePersonInput
) -> ResourcePerson:
    policy.require_action(user, "client.resource_persons", person.client)
    errors = Collector()
    _validate_resource_person(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        old = snapshot(person)
        for key, value in dataclasses.asdict(data).items():
            setattr(person, key, value)
        person.save()
        before, after = changed(old, snapshot(person))
        audit(user, "resource_person.update", person, client=person.client, old=before, new=after)
    return person


def do_deactivate_resource_person(user: User, person: ResourcePerson) -> ResourcePerson:
    """Resource persons are kept for the record; they are marked inactive, never deleted."""
    policy.require_action(user, "client.resource_persons", person.client)
    with transaction.atomic():
        person.active = False
        person.save(update_fields=["active"])
        audit(
            user,
            "resource_person.deactivate",
            person,
            client=person.client,
            old={"active": True},
            new={"active": False},
        )
    return person


def current_home_notes(client: Client) -> HomeNotes | None:
    return client.home_notes.order_by("-version").first()


def do_record_home_notes(user: User, client: Client, data: HomeNotesInput) -> HomeNotes:
    """A new version; the previous one stays readable."""
    policy.require_action(user, "client.home_notes", client)
    errors = Collector()
    _fits_columns(errors, HomeNotes, data)
    if data.entry_method not in EntryMethod.values:
        errors.add("entry_method", "choice", _("Choose how staff get in."))
    needs_code = data.entry_method in (EntryMethod.KEY_BOX, EntryMethod.DIGITAL_LOCK)
    previous = current_home_notes(client)
    keeps_code = previous is not None and previous.entry_method == data.entry_method
    if needs_code and not data.entry_code and not keeps_code:
        errors.add("entry_code", "required", _("A key box or digital lock needs its code."))
    if data.entry_code and not re.fullmatch(r"[0-9A-Za-z#*]{3,12}", data.entry_code):
        errors.add("entry_code", "format", _("Code: 3 to 12 digits or letters."))
    if len(data.risk_notes) > MAX_TEXT:
        errors.add(
            "risk_notes",
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": MAX_TEXT}),
        )
    errors.raise_if_any()
    with transaction.atomic():
        version = (client.home_notes.aggregate(v=Max("version"))["v"] or 0) + 1
        values = dataclasses.asdict(data)
        code = values.pop("entry_code")
        if needs_code:
            encrypted = crypto.encrypt(code) if code else previous.entry_code_encrypted  # type: ignore[union-attr]
        else:
            encrypted = ""
        notes = HomeNotes.objects.create(
            client=client,
            version=version,
            entry_code_encrypted=encrypted,
            recorded_by=user,
            **values,
        )
        audit(
            user,
            "home_notes.record",
            notes,
            client=client,
            old=snapshot(previous) if previous else None,
            new=snapshot(notes),
        )
    return notes


def do_add_welfare_technology(
    user: User, client: Client, data: WelfareTechnologyInput
) -> WelfareTechnology:
    policy.require_action(user, "client.welfare_technology", client)
    errors = Collector()
    _fits_columns(errors, WelfareTechnology, data)
    if data.kind not in WelfareTechnology.Kind.values:
        errors.add("kind", "choice", _("Choose one of the listed kinds."))
    _required(errors, "serial_number", data.serial_number, 60)
    _required(errors, "supplier", data.supplier, 100)
    if data.installed_on > dt.date.today():
        errors.add("installed_on", "not_future", _("Installation date cannot be in the future."))
    errors.raise_if_any()
    with transaction.atomic():
        device = WelfareTechnology.objects.create(client=client, **dataclasses.asdict(data))
        audit(user, "welfare_technology.add", device, client=client, new=snapshot(device))
    return device


def do_remove_welfare_technology(
    user: User, device: WelfareTechnology, removed_on: dt.date
) -> WelfareTechnology:
    policy.require_action(user, "client.welfare_technology", device.client)
    if removed_on < device.installed_on:
        raise RuleViolation.single(
            "removed_on",
            "after_installed",
            _("Removal date cannot be before installation."),
        )
    with transaction.atomic():
        device.removed_on = removed_on
        device.save(update_fields=["removed_on"])
        audit(
            user,
            "welfare_technology.remove",
            device,
            client=device.client,
            old={"removed_on": None},
            new={"removed_on": removed_on},
        )
    return device


def do_record_assessment(user: User, client: Client, data: AssessmentInput) -> Assessment:
    """Intake conversation and function scores; a new version, never an overwrite."""
    policy.require_action(user, "client.assessment", client)
    errors = Collector()
    for name in ("what_matters", "manages_self", "resources"):
        _required(errors, name, getattr(data, name), MAX_TEXT)
    if data.assessed_on > dt.date.today():
        errors.add("assessed_on", "not_future", _("Assessment date cannot be in the future."))
    variables = {v.code: v for v in FunctionVariable.objects.filter(spec_version=SPEC_VERSION)}
    for code, score in data.scores.items():
        if code not in variables:
            errors.add(f"scores.{code}", "unknown_variable", _("Unknown function variable."))
        elif score not in VALID_SCORES:
            errors.add(f"scores.{code}", "scale", _("Score must be 1, 2, 3, 4, 5 or 9."))
    for i, goal in enumerate(data.goals):
        if goal.kind not in Goal.Kind.values:
            errors.add(f"goals.{i}.kind", "choice", _("Choose everyday mastery or reablement."))
        _required(errors, f"goals.{i}.description", goal.description, 300)
        if goal.follow_up_on <= data.assessed_on:
            errors.add(
                f"goals.{i}.follow_up_on",
                "after_assessment",
                _("Follow-up must be after the assessment date."),
            )
    errors.raise_if_any()
    with transaction.atomic():
        version = (client.assessments.aggregate(v=Max("version"))["v"] or 0) + 1
        assessment = Assessment.objects.create(
            client=client,
            version=version,
            assessed_on=data.assessed_on,
            what_matters=data.what_matters.strip(),
            manages_self=data.manages_self.strip(),
            resources=data.resources.strip(),
            notes=data.notes.strip(),
            home_visit=data.home_visit,
            recorded_by=user,
        )
        FunctionScore.objects.bulk_create(
            FunctionScore(assessment=assessment, variable=variables[code], score=score)
            for code, score in data.scores.items()
        )
        Goal.objects.bulk_create(
            Goal(
                assessment=assessment,
                kind=g.kind,
                description=g.description.strip(),
                follow_up_on=g.follow_up_on,
            )
            for g in data.goals
        )
        new = snapshot(assessment)
        new["scores"] = dict(sorted(data.scores.items()))
        new["goals"] = [dataclasses.asdict(g) for g in data.goals]
        audit(user, "assessment.record", assessment, client=client, new=new)
    return assessment


def _today() -> dt.date:
    """The service's calendar day (Europe/Oslo): what "past" means for an absence."""
    return timezone.localdate()


def do_register_client_absence(
    user: User, client: Client, starts_on: dt.date, ends_on: dt.date, reason: str
) -> ClientAbsence:
    """ "Not home" from ``starts_on`` to ``ends_on`` inclusive; visits on those days are off.

    Staff of the client's team, the client and a next of kin with power of attorney may
    register it. It may have started already (the client was admitted yesterday), but a
    period that is over is refused: visits that are history cannot be called off.
    """
    policy.require_action(user, "client.absence", client)
    errors = Collector()
    reason = reason.strip()
    if ends_on < starts_on:
        errors.add("ends_on", "end_before_start", _("The absence cannot end before it starts."))
    elif ends_on < _today():
        errors.add("ends_on", "not_past", _("The absence is over; register only current ones."))
    limit = ClientAbsence._meta.get_field("reason").max_length
    if limit is not None and len(reason) > limit:
        errors.add(
            "reason",
            "max_length",
            interpolate(_("At most %(limit)d characters."), {"limit": limit}),
        )
    with transaction.atomic():
        # Lock the client: two registrations at once (the daughter in the portal, the nurse
        # at the door) must not both pass the overlap check.
        Client.objects.select_for_update().filter(pk=client.pk).first()
        if ends_on >= starts_on:
            clash = first_overlapping(
                ClientAbsence.objects.filter(client=client), starts_on, ends_on
            )
            if clash is not None:
                errors.add(
                    "starts_on",
                    "overlap",
                    interpolate(
                        _("Already registered not home from %(from)s to %(to)s."),
                        {
                            "from": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                            "to": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
                        },
                    ),
                )
        errors.raise_if_any()
        absence = ClientAbsence.objects.create(
            client=client,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason,
            registered_by=user,
        )
        audit(user, "client_absence.register", absence, client=client, new=snapshot(absence))
        # The visits of those days are called off now, not at the next scheduled run.
        enqueue_on_commit(REGENERATE_CLIENT_VISITS, client.pk)
    return absence


def do_withdraw_client_absence(user: User, absence: ClientAbsence) -> ClientAbsence:
    """The client is home after all; the absence stays on record, marked withdrawn.

    An absence that is over cannot be withdrawn: the visits of those days are history.
    """
    client = absence.client
    policy.require_action(user, "client.absence", client)
    with transaction.atomic():
        # Read under the lock: the instance may be older than a withdrawal made meanwhile.
        withdrawn = (
            ClientAbsence.objects.select_for_update()
            .filter(pk=absence.pk)
            .values_list("withdrawn_at", flat=True)
            .get()
        )
        if withdrawn is not None:
            raise RuleViolation.single(
                "withdrawn_at", "already_withdrawn", _("The absence is already withdrawn.")
            )
        if absence.ends_on < _today():
            raise RuleViolation.single(
                "ends_on", "not_past", _("The absence is over and can no longer be withdrawn.")
            )
        absence.withdrawn_at = timezone.now()
        absence.save(update_fields=["withdrawn_at"])
        audit(
            user,
            "client_absence.withdraw",
            absence,
            client=client,
            old={"withdrawn_at": None},
            new={"withdrawn_at": absence.withdrawn_at},
        )
        enqueue_on_commit(REGENERATE_CLIENT_VISITS, client.pk)
    return absence
