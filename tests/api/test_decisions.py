"""/decisions: Kari writes, approves and sends Ingrid's decision through the API; who may
read it, who may not, and what a refused request leaves behind (nothing)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from hverdag.access.models import AccessLog, AuditEvent, User
from hverdag.decisions.catalogue import install_catalogue
from hverdag.decisions.models import Decision, Letter, Service, ServiceLine
from hverdag.staff.models import Competence
from tests.api.conftest import Caller, Olav, counts, errors
from tests.builders.people import World

AsUser = Callable[[User | None], Caller]
TRACKED_DECISIONS = (Decision, ServiceLine, Letter)


def decision_counts() -> dict[str, int]:
    return counts() | {m.__name__: m.objects.count() for m in TRACKED_DECISIONS}


@pytest.fixture
def catalogue(world: World) -> dict[str, Service]:
    """The standard catalogue, with staff who hold the competences it needs."""
    install_catalogue(world.oslo)
    clinical = Competence.objects.filter(code__in=["wound_care", "personal_care", "household"])
    world.nurse.employee.competences.add(*clinical)
    world.provider_admin.employee.competences.add(
        *Competence.objects.filter(code__in=["household", "personal_care"])
    )
    return {s.code: s for s in Service.objects.filter(municipality=world.oslo)}


def decision_body(world: World, catalogue: dict[str, Service], **changes: Any) -> dict[str, Any]:
    today = timezone.localdate()
    body: dict[str, Any] = {
        "applied_on": str(today - dt.timedelta(days=20)),
        "applied_for": "hjemmesykepleie og hjelp til rengjøring",
        "valid_from": str(today - dt.timedelta(days=1)),
        "review_on": str(today + dt.timedelta(days=180)),
        "facts": "Ingrid har et leggsår som må skiftes på, og klarer ikke å støvsuge selv.",
        "reasons": "Behovet for sårstell og hjelp til rengjøring er nødvendig hjelp.",
        "lines": [
            {
                "service": str(catalogue["wound_care"].public_id),
                "provider": str(world.municipal.public_id),
                "times_per_day": 2,
                "weekdays": [1, 3, 5],
                "minutes_per_visit": 30,
                "window_start": "08:00",
                "window_end": "10:00",
                "tasks": "Skifte bandasje på venstre legg",
            },
            {
                "service": str(catalogue["cleaning"].public_id),
                "provider": str(world.private.public_id),
                "times_per_day": 1,
                "weekdays": [4],
                "every_n_weeks": 2,
                "minutes_per_visit": 90,
            },
        ],
    }
    body.update(changes)
    return body


@pytest.fixture
def draft(world: World, catalogue: dict[str, Service], as_: AsUser) -> dict[str, Any]:
    response = as_(world.caseworker).post(
        f"/clients/{world.ingrid.public_id}/decisions", decision_body(world, catalogue)
    )
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def sent(world: World, draft: dict[str, Any], as_: AsUser) -> dict[str, Any]:
    kari = as_(world.caseworker)
    assert kari.post(f"/decisions/{draft['id']}/approve").status_code == 200
    response = kari.post(
        f"/decisions/{draft['id']}/send",
        {"informed_how": "both", "informed_on": str(timezone.localdate())},
    )
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def last_log_id() -> int:
    return AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0


def user_of(world: World, olav: Olav, who: str | None) -> User | None:
    return olav.user if who == "olav" else getattr(world, who) if who else None


# --- the lifecycle --------------------------------------------------------------------------


def test_kari_creates_a_draft(world: World, draft: dict[str, Any]) -> None:
    assert draft["status"] == "draft"
    assert draft["client"] == str(world.ingrid.public_id)
    assert [line["service"]["code"] for line in draft["lines"]] == ["wound_care", "cleaning"]
    assert draft["lines"][0]["hours_per_week"] == 3.0
    assert draft["lines"][0]["window_start"] == "08:00:00"
    assert draft["caseworker"] == "Kari Saksbehandler"
    assert AuditEvent.objects.filter(action="decision.create").count() == 1


def test_sending_stores_the_letter_and_activates(
    world: World, sent: dict[str, Any], as_: AsUser
) -> None:
    assert sent["status"] == "active"
    assert sent["approved_by"] == "Kari Saksbehandler"
    (letter,) = sent["letters"]
    assert letter["pdf"] == f"/api/v1/decisions/{sent['id']}/letters/{letter['id']}.pdf"
    response = as_(world.client_user).http.get(
        letter["pdf"], headers=as_(world.client_user).headers
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == f'attachment; filename="vedtak-{sent["reference"]}.pdf"'
    )
    pdf = response.content
    assert pdf == bytes(Letter.objects.get().pdf)
    assert "Ingrid" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    row = AccessLog.objects.get()
    assert (row.user, row.what, row.reason, row.channel) == (
        world.client_user,
        "decision_letter",
        "own_record",
        "api",
    )


def test_a_letter_under_another_decision_is_404(
    world: World, sent: dict[str, Any], draft: dict[str, Any], as_: AsUser
) -> None:
    letter = sent["letters"][0]
    other = "7f0c1f2e-0000-4000-8000-000000000000"
    response = as_(world.caseworker).get(f"/decisions/{other}/letters/{letter['id']}.pdf")
    assert response.status_code == 404


def test_update_the_draft(
    world: World, catalogue: dict[str, Service], draft: dict[str, Any], as_: AsUser
) -> None:
    body = decision_body(world, catalogue, reasons="Nye grunner.")
    body["lines"] = body["lines"][:1]
    response = as_(world.caseworker).put(f"/decisions/{draft['id']}", body)
    assert response.status_code == 200, response.content
    assert response.json()["reasons"] == "Nye grunner."
    assert len(response.json()["lines"]) == 1


def test_a_sent_decision_is_not_a_draft_any_more(
    world: World, catalogue: dict[str, Service], sent: dict[str, Any], as_: AsUser
) -> None:
    before = decision_counts()
    response = as_(world.caseworker).put(
        f"/decisions/{sent['id']}", decision_body(world, catalogue)
    )
    assert response.status_code == 422
    assert errors(response) == {"status": {"invalid_transition"}}
    assert decision_counts() == before


def test_change_and_terminate_make_new_versions(
    world: World, catalogue: dict[str, Service], sent: dict[str, Any], as_: AsUser
) -> None:
    kari = as_(world.caseworker)
    changed = kari.post(f"/decisions/{sent['id']}/change", decision_body(world, catalogue))
    assert changed.status_code == 201, changed.content
    assert (changed.json()["version"], changed.json()["kind"], changed.json()["previous"]) == (
        2,
        "change",
        sent["id"],
    )
    # Only one newer version at a time: discard the change, then terminate.
    assert kari.send("DELETE", f"/decisions/{changed.json()['id']}").status_code == 204
    end = timezone.localdate() + dt.timedelta(days=30)
    ended = kari.post(
        f"/decisions/{sent['id']}/terminate", {"end_date": str(end), "reasons": "Flytter."}
    )
    assert ended.status_code == 201, ended.content
    assert (ended.json()["kind"], ended.json()["valid_to"]) == ("termination", str(end))


def test_terminate_needs_reasons(world: World, sent: dict[str, Any], as_: AsUser) -> None:
    before = decision_counts()
    response = as_(world.caseworker).post(
        f"/decisions/{sent['id']}/terminate",
        {"end_date": str(timezone.localdate()), "reasons": " "},
    )
    assert errors(response) == {"reasons": {"required"}}
    assert decision_counts() == before


# --- bad input ------------------------------------------------------------------------------


def test_every_broken_rule_at_once_and_nothing_saved(
    world: World, catalogue: dict[str, Service], as_: AsUser
) -> None:
    body = decision_body(world, catalogue, facts="", valid_to="2000-01-01")
    body["lines"][0]["weekdays"] = [8]
    body["lines"][1]["service"] = "7f0c1f2e-0000-4000-8000-000000000000"
    before = decision_counts()
    response = as_(world.caseworker).post(f"/clients/{world.ingrid.public_id}/decisions", body)
    assert response.status_code == 422
    assert errors(response) == {
        "facts": {"required"},
        "valid_to": {"end_before_start"},
        "lines[0].weekdays": {"choice"},
        "lines[1].service": {"unknown"},
    }
    assert decision_counts() == before


@pytest.mark.parametrize(
    ("change", "field", "rule"),
    [
        ({"valid_from": "i morgen"}, "valid_from", "date_from_datetime_parsing"),
        ({"lines": [{"service": "wound_care"}]}, "lines.0.service", "uuid_parsing"),
        ({"lines": "wound_care"}, "lines", "list_type"),
        ({"urgent": True}, "urgent", "extra_forbidden"),
    ],
)
def test_schema_errors_name_the_field(
    world: World,
    catalogue: dict[str, Service],
    as_: AsUser,
    change: dict[str, Any],
    field: str,
    rule: str,
) -> None:
    before = decision_counts()
    response = as_(world.caseworker).post(
        f"/clients/{world.ingrid.public_id}/decisions", decision_body(world, catalogue, **change)
    )
    assert response.status_code == 422
    assert rule in errors(response)[field]
    assert decision_counts() == before


def test_send_without_a_date_is_422(world: World, draft: dict[str, Any], as_: AsUser) -> None:
    kari = as_(world.caseworker)
    kari.post(f"/decisions/{draft['id']}/approve")
    before = decision_counts()
    response = kari.post(f"/decisions/{draft['id']}/send", {"informed_how": "by pigeon"})
    assert errors(response) == {"informed_how": {"choice"}, "informed_on": {"required"}}
    assert decision_counts() == before


# --- who may -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        ("client_user", 403),
        ("daughter", 403),
        ("olav", 404),
        ("nurse", 403),  # field staff do not write decisions
        ("team_leader", 403),
        ("nurse_vest", 403),
        ("provider_admin", 403),
        ("caseworker", 201),
    ],
)
def test_who_creates_a_decision(
    world: World,
    olav: Olav,
    catalogue: dict[str, Service],
    as_: AsUser,
    who: str | None,
    status: int,
) -> None:
    caller = as_(user_of(world, olav, who))
    before = decision_counts()
    response = caller.post(
        f"/clients/{world.ingrid.public_id}/decisions", decision_body(world, catalogue)
    )
    assert response.status_code == status
    if status != 201:
        assert decision_counts() == before


@pytest.mark.parametrize("step", ["approve", "delete", "update"])
@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 401), ("client_user", 403), ("olav", 404), ("nurse", 403), ("nurse_vest", 403)],
)
def test_who_may_not_touch_a_draft(
    world: World,
    olav: Olav,
    catalogue: dict[str, Service],
    draft: dict[str, Any],
    as_: AsUser,
    step: str,
    who: str | None,
    status: int,
) -> None:
    caller = as_(user_of(world, olav, who))
    before = decision_counts()
    path = f"/decisions/{draft['id']}"
    if step == "approve":
        response = caller.post(f"{path}/approve")
    elif step == "delete":
        response = caller.send("DELETE", path)
    else:
        response = caller.put(path, decision_body(world, catalogue))
    assert response.status_code == status
    assert decision_counts() == before
    assert Decision.objects.get().status == "draft"


@pytest.mark.parametrize(
    ("who", "status", "reason"),
    [
        (None, 401, None),
        ("client_user", 200, "own_record"),
        ("daughter", 200, "proxy"),
        ("olav", 404, None),
        ("nurse_vest", 403, None),
        ("admin", 404, None),
        ("nurse", 200, "contact_person"),
        ("caseworker", 200, "team"),
    ],
)
def test_who_reads_a_sent_decision(
    world: World,
    olav: Olav,
    sent: dict[str, Any],
    as_: AsUser,
    who: str | None,
    status: int,
    reason: str | None,
) -> None:
    caller = as_(user_of(world, olav, who))
    seen = last_log_id()  # the log is append-only; this story starts after the set-up
    before = decision_counts()
    for path in (f"/decisions/{sent['id']}", f"/clients/{world.ingrid.public_id}/decisions"):
        response = caller.get(path)
        assert response.status_code == status, path
    if status != 200:
        assert decision_counts() == before
        return
    new_rows = AccessLog.objects.filter(id__gt=seen).order_by("id")
    assert [(r.what, r.reason, r.channel) for r in new_rows] == [
        ("decision", reason, "api"),
        ("decisions", reason, "api"),
    ]


def test_no_identity_number_in_the_decision_list(
    world: World, sent: dict[str, Any], as_: AsUser
) -> None:
    text = as_(world.caseworker).get(f"/clients/{world.ingrid.public_id}/decisions").text
    assert sent["id"] in text
    assert world.ingrid.identity_number not in text
    assert world.ingrid.identity_number[6:] not in text


def test_the_client_never_sees_a_draft(world: World, draft: dict[str, Any], as_: AsUser) -> None:
    ingrid = as_(world.client_user)
    assert ingrid.get(f"/decisions/{draft['id']}").status_code == 404
    assert ingrid.get(f"/clients/{world.ingrid.public_id}/decisions").json() == []
    assert [
        d["id"]
        for d in as_(world.caseworker).get(f"/clients/{world.ingrid.public_id}/decisions").json()
    ] == [draft["id"]]


@pytest.mark.parametrize(
    ("who", "status"), [(None, 401), ("olav", 404), ("nurse_vest", 403), ("daughter", 200)]
)
def test_who_downloads_the_letter(
    world: World, olav: Olav, sent: dict[str, Any], as_: AsUser, who: str | None, status: int
) -> None:
    caller = as_(user_of(world, olav, who))
    seen = last_log_id()
    response = caller.http.get(sent["letters"][0]["pdf"], headers=caller.headers)
    assert response.status_code == status
    assert AccessLog.objects.filter(id__gt=seen).count() == (1 if status == 200 else 0)
