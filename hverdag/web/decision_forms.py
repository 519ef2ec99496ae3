"""The decision editor's forms: a header and a formset of service lines."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from hverdag.decisions.inputs import DecisionInput, ServiceLineInput
from hverdag.decisions.models import (
    Decision,
    InformedHow,
    LineOutcome,
    Service,
    ServiceLine,
    Weekday,
)
from hverdag.org.models import Provider
from hverdag.web.forms import DATE

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class DecisionForm(forms.Form):
    applied_for = forms.CharField(label=_("Applied for"), widget=forms.Textarea(attrs={"rows": 2}))
    applied_on = forms.DateField(label=_("Application received"), widget=DATE)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DATE)
    review_on = forms.DateField(label=_("Review date"), required=False, widget=DATE)
    facts = forms.CharField(label=_("Facts of the case"), widget=forms.Textarea(attrs={"rows": 4}))
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Rules applied, facts relied on and the main considerations."),
    )
    refused = forms.CharField(
        label=_("Not granted, and why"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_from(cls, decision: Decision) -> dict[str, object]:
        return {name: getattr(decision, name) for name in cls.base_fields}


class LineForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Provider.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    times_per_day = forms.IntegerField(label=_("Times per day"), initial=1, required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[1, 2, 3, 4, 5, 6, 7],
    )
    every_n_weeks = forms.IntegerField(label=_("Every n weeks"), initial=1, required=False)
    minutes_per_visit = forms.IntegerField(label=_("Minutes per visit"), required=False)
    window_start = forms.TimeField(label=_("Preferred from"), required=False, widget=TIME)
    window_end = forms.TimeField(label=_("Preferred to"), required=False, widget=TIME)
    staff_count = forms.TypedChoiceField(
        label=_("Number of staff"), choices=[(1, "1"), (2, "2")], coerce=int, initial=1
    )
    tasks = forms.CharField(
        label=_("Content / tasks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=LineOutcome.choices, initial=LineOutcome.GRANTED
    )

    def __init__(self, *args: object, municipality_id: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["service"].queryset = Service.objects.filter(  # type: ignore[attr-defined]
            municipality_id=municipality_id, active=True, part_of_decision=True
        )
        self.fields["provider"].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
            municipality_id=municipality_id, active=True
        )

    def is_blank(self) -> bool:
        return not self.cleaned_data.get("service")

    def to_input(self) -> ServiceLineInput:
        d = self.cleaned_data
        return ServiceLineInput(
            service=d["service"].public_id,
            provider=d["provider"].public_id if d["provider"] else _NO_PROVIDER,
            # Missing numbers reach the service as 0, which it reports by field and rule.
            times_per_day=d["times_per_day"] if d["times_per_day"] is not None else 0,
            weekdays=tuple(d["weekdays"] or ()),
            minutes_per_visit=d["minutes_per_visit"] or 0,
            every_n_weeks=d["every_n_weeks"] if d["every_n_weeks"] is not None else 1,
            window_start=d["window_start"],
            window_end=d["window_end"],
            staff_count=d["staff_count"],
            tasks=d["tasks"],
            outcome=d["outcome"],
        )

    @staticmethod
    def initial_from(line: ServiceLine) -> dict[str, object]:
        return {
            "service": line.service.public_id,
            "provider": line.provider.public_id,
            "times_per_day": line.times_per_day,
            "weekdays": list(line.weekdays),
            "every_n_weeks": line.every_n_weeks,
            "minutes_per_visit": line.minutes_per_visit,
            "window_start": line.window_start,
            "window_end": line.window_end,
            "staff_count": line.staff_count,
            "tasks": line.tasks,
            "outcome": line.outcome,
        }


# An all-zero UUID names no provider: the service reports it as unknown on the field.
_NO_PROVIDER = uuid.UUID(int=0)

LineFormSet = forms.formset_factory(LineForm, extra=0, can_delete=True)


def decision_input(form: DecisionForm, lines: list[LineForm]) -> DecisionInput:
    d = form.cleaned_data
    return DecisionInput(
        applied_on=d["applied_on"],
        applied_for=d["applied_for"],
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        review_on=d["review_on"],
        facts=d["facts"],
        reasons=d["reasons"],
        refused=d["refused"],
        lines=tuple(line.to_input() for line in lines),
    )


class SendForm(forms.Form):
    informed_how = forms.ChoiceField(
        label=_("How the client was informed"),
        choices=InformedHow.choices,
        initial=InformedHow.IN_WRITING,
    )
    informed_on = forms.DateField(label=_("Informed on"), widget=DATE, initial=dt.date.today)


class TerminateForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of the service"), widget=DATE)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))
