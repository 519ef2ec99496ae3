"""Client search, registration and the client page with its sections."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.access.selectors import visible_teams
from hverdag.access.services import do_open_break_glass
from hverdag.clients import selectors
from hverdag.clients.models import Client
from hverdag.clients.services import (
    do_add_resource_person,
    do_add_welfare_technology,
    do_deactivate_resource_person,
    do_record_home_notes,
    do_register_client,
    do_update_client,
)
from hverdag.core.errors import PermissionDenied
from hverdag.staff.permissions import may_use_journal
from hverdag.web.errors import staff_page, submit
from hverdag.web.forms import (
    BreakGlassForm,
    ClientForm,
    HomeNotesForm,
    ResourcePersonForm,
    WelfareTechnologyForm,
)

PAGE_SIZE = 50
SECTIONS = (
    "overview",
    "home",
    "intake",
    "decisions",
    "journal",
    "case_file",
    "medication",
    "log",
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _own_team_slug(user: User) -> str:
    for a in policy.assignments(user):
        if a.team is not None:
            return a.team.slug
    return ""


@login_required
@staff_page
def client_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    query = request.GET.get("q", "").strip()
    # Team staff start on their own team's list; "All teams" is an explicit choice.
    team = request.GET["team"] if "team" in request.GET else _own_team_slug(user)
    clients = selectors.search_clients(user, query, team or None).select_related("contact_person")
    teams = visible_teams(user)
    page = Paginator(clients, PAGE_SIZE).get_page(request.GET.get("side"))
    context = {
        "nav": "clients",
        "page": page,
        "clients": page.object_list,
        "total": page.paginator.count,
        "query": query,
        "team": team,
        "teams": teams,
    }
    template = (
        "web/clients/_rows.html" if request.headers.get("HX-Request") else "web/clients/list.html"
    )
    return render(request, template, context)


@login_required
@require_POST
@staff_page
def client_find(request: HttpRequest) -> HttpResponse:
    """Find by identity number (a phone call: "what is your fødselsnummer?").

    POST, so the number stays out of URLs, browser history and server logs.
    """
    client = selectors.find_by_identity_number(
        _user(request), request.POST.get("identity_number", "")
    )
    if client is None:
        messages.error(request, _("No client with that identity number in your district."))
        return redirect("web:client_list")
    return redirect("web:client_detail", client.public_id)


@login_required
@staff_page
def client_register(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not policy.has_role(user, "caseworker"):
        raise PermissionDenied(_("Only caseworkers register new clients."))
    form = ClientForm(request.POST or None, municipality_ids=policy.municipality_ids(user))
    if request.method == "POST" and (
        client := submit(form, lambda: do_register_client(user, form.to_input()))
    ):
        messages.success(request, _("Client registered."))
        return redirect("web:client_detail", client.public_id)
    return render(request, "web/clients/register.html", {"form": form, "nav": "register"})


@login_required
@staff_page
def client_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    policy.require_action(user, "client.update", client)
    selectors.access_overview(user, client)  # the form shows the identity number
    initial = {
        name: getattr(client, name)
        for name in ClientForm.base_fields
        if name not in ("team", "contact_person", "practical_provider")
    } | {
        "team": client.team.public_id,
        "contact_person": client.contact_person.public_id if client.contact_person else None,
        "practical_provider": (
            client.practical_provider.public_id if client.practical_provider else None
        ),
    }
    form = ClientForm(
        request.POST or None, municipality_ids=policy.municipality_ids(user), initial=initial
    )
    if request.method == "POST":
        saved = submit(form, lambda: do_update_client(user, client, form.to_input()))
        if saved is not None:
            messages.success(request, _("Client details saved."))
            return redirect("web:client_detail", client.public_id)
    return render(
        request,
        "web/clients/register.html",
        {"form": form, "client": client, "nav": "clients"},
        status=422 if form.errors else 200,
    )


def _record_page(
    request: HttpRequest,
    user: User,
    client: Client,
    section: str,
    *,
    forms: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The client page with one section; ``forms`` replaces the section's empty forms
    (a refused POST shows its form again with the errors)."""
    if section not in SECTIONS:
        section = "overview"
    has_access = policy.health_reason(user, client) is not None
    context: dict[str, object] = {
        "client": client,
        "section": section,
        "has_access": has_access,
        # Anyone on the client's team reports what went wrong, record or not.
        "may_report_deviation": has_access or policy.on_clients_team(user, client),
        "nav": "clients",
        "can_edit_home": policy.has_role(user, *policy.ACTION_ROLES["client.home_notes"]),
        "can_assess": policy.has_role(user, *policy.ACTION_ROLES["client.assessment"]),
        "can_decide": policy.has_role(user, *policy.ACTION_ROLES["decision.edit"]),
        "can_update": policy.has_role(user, *policy.ACTION_ROLES["client.update"]),
        "can_read_log": policy.may_read_access_log(user, client),
        "can_read_journal": may_use_journal(user),
    }
    if not has_access:
        context["break_glass_form"] = BreakGlassForm()
        context["can_break_glass"] = policy.is_staff_user(user)
    elif section == "overview":
        overview = selectors.overview_for(user, client)
        context["resource_persons"] = overview.resource_persons
        context["devices"] = overview.devices
        context["person_form"] = ResourcePersonForm()
        context["device_form"] = WelfareTechnologyForm()
    elif section == "home":
        versions = selectors.home_notes_for(user, client)
        context["notes"] = versions[0] if versions else None
        context["older_notes"] = versions[1:]
        initial = {}
        if versions:
            initial = {
                f: getattr(versions[0], f) for f in HomeNotesForm.base_fields if f != "entry_code"
            }
        context["home_form"] = HomeNotesForm(initial=initial)
    elif section == "intake":
        context["assessments"] = selectors.assessments_for(user, client)
    elif section == "decisions":
        from hverdag.web.views.decisions import decisions_context

        context.update(decisions_context(user, client))
    elif section in ("journal", "case_file"):
        from hverdag.web.views.notes import record_context

        context.update(record_context(user, client, section))
    elif section == "medication":
        from hverdag.web.views.medication import medication_context

        context.update(medication_context(request, user, client))
    elif section == "log":
        context["log"] = selectors.access_log_for(user, client)[:200]
    context.update(forms or {})
    return render(request, "web/clients/detail.html", context, status=status)


@login_required
@staff_page
def client_detail(request: HttpRequest, public_id: str, section: str = "overview") -> HttpResponse:
    user = _user(request)
    return _record_page(request, user, selectors.find_client(user, public_id), section)


@login_required
@require_POST
@staff_page
def reveal_code(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    code = selectors.reveal_entry_code(user, client)
    return render(request, "web/clients/_code.html", {"code": code})


@login_required
@require_POST
@staff_page
def home_notes_save(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    form = HomeNotesForm(request.POST)
    if submit(form, lambda: do_record_home_notes(user, client, form.to_input())):
        messages.success(request, _("Home notes saved as a new version."))
        return redirect("web:client_section", client.public_id, "home")
    return _record_page(request, user, client, "home", forms={"home_form": form}, status=422)


@login_required
@require_POST
@staff_page
def resource_person_add(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    form = ResourcePersonForm(request.POST)
    if submit(form, lambda: do_add_resource_person(user, client, form.to_input())):
        messages.success(request, _("Resource person added."))
        return redirect("web:client_detail", client.public_id)
    return _record_page(request, user, client, "overview", forms={"person_form": form}, status=422)


@login_required
@require_POST
@staff_page
def resource_person_deactivate(
    request: HttpRequest, public_id: str, person_id: str
) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    person = selectors.find_resource_person(client, person_id)
    do_deactivate_resource_person(user, person)
    messages.success(request, _("Resource person marked as no longer active."))
    return redirect("web:client_detail", client.public_id)


@login_required
@require_POST
@staff_page
def device_add(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    form = WelfareTechnologyForm(request.POST)
    if submit(form, lambda: do_add_welfare_technology(user, client, form.to_input())):
        messages.success(request, _("Welfare technology registered."))
        return redirect("web:client_detail", client.public_id)
    return _record_page(request, user, client, "overview", forms={"device_form": form}, status=422)


@login_required
@require_POST
@staff_page
def break_glass(request: HttpRequest, public_id: str) -> HttpResponse:
    user = _user(request)
    client = selectors.find_client(user, public_id)
    form = BreakGlassForm(request.POST)
    if submit(
        form,
        lambda: do_open_break_glass(
            user, client, form.cleaned_data["template"], form.cleaned_data["reason_text"]
        ),
    ):
        messages.warning(request, _("Emergency access opened for 4 hours. It will be reviewed."))
        return redirect("web:client_detail", client.public_id)
    return _record_page(
        request, user, client, "overview", forms={"break_glass_form": form}, status=422
    )
