"""Forms of the planning board: they parse what was posted; the rules live in the services.

Every edit of a draft carries the plan it was made on and that plan's version (hidden inputs):
the service refuses an edit made against a version that has changed since the page was drawn,
so two planners (or a planner and a finished optimisation) never overwrite each other silently.
The templates draw the inputs themselves from the board's data; these forms only validate.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hverdag.plans.jobs import MAX_DAYS, SECONDS_RANGE
from hverdag.staff.models import Employee
from hverdag.visits.models import Plan, PlanRoute, Visit


class OptimiseForm(forms.Form):
    whole_week = forms.BooleanField(label=_("The whole week from this day"), required=False)
    continuity = forms.BooleanField(
        label=_("Weigh continuity (familiar caregivers)"), required=False
    )
    seconds = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=int(SECONDS_RANGE[0]),
        max_value=int(SECONDS_RANGE[1]),
        initial=20,
    )

    @property
    def days(self) -> int:
        return MAX_DAYS if self.cleaned_data.get("whole_week") else 1


class PlanVersionForm(forms.Form):
    """The plan the page showed and its version then (the optimistic lock)."""

    plan = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class _VisitOfPlan(PlanVersionForm):
    """A form about visits of one plan: anything else posted is refused as invalid."""

    visit = forms.ModelChoiceField(
        label=_("Visit"), queryset=Visit.objects.none(), to_field_name="public_id"
    )
    visit_fields: tuple[str, ...] = ("visit",)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        visits = Visit.objects.filter(entries__plan=plan).select_related("client")
        for name in self.visit_fields:
            self.fields[name].queryset = visits  # type: ignore[attr-defined]


class MoveForm(_VisitOfPlan):
    employee = forms.ModelChoiceField(
        label=_("Caregiver"), queryset=Employee.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, plan=plan, **kwargs)
        routed = PlanRoute.objects.filter(plan=plan).values("employee_id")
        self.fields["employee"].queryset = Employee.objects.filter(pk__in=routed)  # type: ignore[attr-defined]


class SwapForm(_VisitOfPlan):
    other = forms.ModelChoiceField(
        label=_("Swap with"), queryset=Visit.objects.none(), to_field_name="public_id"
    )
    visit_fields = ("visit", "other")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("visit") is not None and data.get("visit") == data.get("other"):
            self.add_error("other", _("Choose another visit to swap with."))
        return data


class LockForm(_VisitOfPlan):
    locked = forms.BooleanField(required=False)


class UnassignForm(_VisitOfPlan):
    pass


class SickForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Caregiver"), queryset=Employee.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routed = PlanRoute.objects.filter(plan=plan).values("employee_id")
        self.fields["employee"].queryset = Employee.objects.filter(pk__in=routed)  # type: ignore[attr-defined]


class DateForm(forms.Form):
    """The start page's and the board's date picker (GET)."""

    scope = forms.UUIDField()
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
