"""The intake conversation (kartlegging) and function scores."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from hverdag.access import policy
from hverdag.access.models import User
from hverdag.clients import selectors
from hverdag.clients.inputs import AssessmentInput, GoalInput
from hverdag.clients.models import FunctionVariable, Goal
from hverdag.clients.reference import SCORE_MEANINGS_NB
from hverdag.clients.services import do_record_assessment
from hverdag.web.errors import staff_page, submit
from hverdag.web.forms import DATE

GOAL_ROWS = 3
SCORE_CHOICES = [("", "–"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("9", "9")]


class IntakeForm(forms.Form):
    assessed_on = forms.DateField(label=gettext_lazy("Date of the conversation"), widget=DATE)
    home_visit = forms.BooleanField(label=gettext_lazy("Home visit carried out"), required=False)
    what_matters = forms.CharField(
        label=gettext_lazy("What matters to you?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    manages_self = forms.CharField(
        label=gettext_lazy("What do you manage yourself?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label=gettext_lazy("What resources do you have around you?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Other notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, variables: list[FunctionVariable], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        english = (get_language() or "nb").startswith("en")
        self.variables = variables
        for v in variables:
            self.fields[f"score_{v.code}"] = forms.TypedChoiceField(
                label=v.name_en if english else v.name_nb,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
        for i in range(GOAL_ROWS):
            self.fields[f"goal_{i}_kind"] = forms.ChoiceField(
                label=gettext_lazy("Kind of goal"), choices=Goal.Kind.choices, required=False
            )
            self.fields[f"goal_{i}_description"] = forms.CharField(
                label=gettext_lazy("Goal"), required=False, max_length=300
            )
            self.fields[f"goal_{i}_follow_up_on"] = forms.DateField(
                label=gettext_lazy("Follow up on"), required=False, widget=DATE
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{v.code}"] for v in self.variables]

    def goal_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"goal_{i}_kind"], self[f"goal_{i}_description"], self[f"goal_{i}_follow_up_on"])
            for i in range(GOAL_ROWS)
        ]

    def to_input(self) -> AssessmentInput:
        d = self.cleaned_data
        goals = []
        for i in range(GOAL_ROWS):
            description = d.get(f"goal_{i}_description") or ""
            if not description.strip():
                continue
            goals.append(
                GoalInput(
                    kind=d.get(f"goal_{i}_kind") or "",
                    description=description,
                    # A missing date is reported by the service as a rule, not a crash.
                    follow_up_on=d.get(f"goal_{i}_follow_up_on") or d["assessed_on"],
                )
            )
        return AssessmentInput(
            assessed_on=d["assessed_on"],
            what_matters=d["what_matters"],
            manages_self=d["manages_self"],
            resources=d["resources"],
            notes=d["notes"],
            home_visit=d["home_visit"],
            scores={
                v.code: d[f"score_{v.code}"]
                for v in self.variables
                if d.get(f"score_{v.code}") is not None
            },
            goals=goals,
        )


FIELD_MAP = {
    "goals.0.follow_up_on": "goal_0_follow_up_on",
    "goals.1.follow_up_on": "goal_1_follow_up_on",
    "goals.2.follow_up_on": "goal_2_follow_up_on",
    "goals.0.kind": "goal_0_kind",
    "goals.1.kind": "goal_1_kind",
    "goals.2.kind": "goal_2_kind",
}


@login_required
@staff_page
def intake_new(request: HttpRequest, public_id: str) -> HttpResponse:
    user = cast(User, request.user)
    client = selectors.find_client(user, public_id)
    policy.require_action(user, "client.assessment", client)
    variables = selectors.function_variables()
    previous = selectors.assessments_for(user, client)
    initial: dict[str, object] = {"assessed_on": dt.date.today(), "home_visit": True}
    if previous:
        # Start from the last scores: a new assessment usually changes a few of them.
        initial.update({f"score_{s.variable.code}": str(s.score) for s in previous[0].scores.all()})
    form = IntakeForm(request.POST or None, variables=variables, initial=initial)
    field_map = {f"scores.{v.code}": f"score_{v.code}" for v in variables} | FIELD_MAP
    if request.method == "POST":
        saved = submit(form, lambda: do_record_assessment(user, client, form.to_input()), field_map)
        if saved is not None:
            messages.success(request, _("Intake recorded."))
            return redirect("web:client_section", client.public_id, "intake")
    return render(
        request,
        "web/intake/form.html",
        {
            "client": client,
            "form": form,
            "meanings": SCORE_MEANINGS_NB,
            "previous": previous[0] if previous else None,
            "nav": "clients",
        },
        status=422 if form.errors else 200,
    )
