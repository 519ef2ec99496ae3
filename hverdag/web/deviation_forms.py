"""Forms of the deviation pages: parse and present; the rules live in hverdag.deviations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hverdag.access.models import User
from hverdag.clients.models import Client
from hverdag.deviations.inputs import DeviationInput
from hverdag.deviations.models import DeviationKind, DeviationStatus, Severity
from hverdag.visits.models import Visit

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class ClientChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.street_address}"


class DeviationForm(forms.Form):
    client = ClientChoice(
        label=_("Client"),
        queryset=Client.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("No client (for example a threat on the stairs)"),
    )
    visit = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=DeviationKind.choices,
        widget=forms.RadioSelect,
        required=False,  # the service names the rule, together with the others
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("High and critical: also tell your leader by phone at once."),
    )
    happened_at = forms.DateTimeField(
        label=_("When"),
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,  # the service names the rule, together with the others
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What happened, where, and who was involved. Facts, not blame."),
    )
    immediate_action = forms.CharField(
        label=_("Immediate action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you did at once (called the doctor, helped up, secured the medicine)."),
    )

    def __init__(self, *args: Any, clients: Any, visit: Visit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.visit_obj = visit
        if not self.is_bound and "happened_at" not in self.initial:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial["happened_at"] = now

    def to_input(self) -> DeviationInput:
        d = self.cleaned_data
        happened: dt.datetime = d["happened_at"]
        return DeviationInput(
            kind=d["kind"],
            severity=d["severity"],
            happened_at=happened,
            description=d["description"],
            immediate_action=d["immediate_action"],
            client=d["client"],
            visit=(
                self.visit_obj
                if self.visit_obj and d.get("visit") == self.visit_obj.public_id
                else None
            ),
        )


class FollowUpForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, who was told, what we learn. Closing needs a note."),
    )
    new_status = forms.ChoiceField(label=_("Status"), choices=DeviationStatus.choices)
    assign_to = forms.ModelChoiceField(
        label=_("Responsible"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label="–",
    )

    def __init__(self, *args: Any, leader: bool, team_users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not leader:
            del self.fields["new_status"]
            del self.fields["assign_to"]
        else:
            self.fields["assign_to"].queryset = team_users  # type: ignore[attr-defined]
            self.fields["assign_to"].label_from_instance = (  # type: ignore[attr-defined]
                lambda u: u.get_full_name() or u.username
            )
