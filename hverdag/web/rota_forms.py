"""Forms of the week rota page: they parse what was posted; the rules live in the services.

The employee choices come from the week already loaded (``RotaWeek.employees``), so drawing
and validating a form costs no query of its own. Field names are the services' field names
(``starts_at``, ``ends_on`` …), so each RuleViolation lands on the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hverdag.staff.models import AbsenceKind, Employee, ShiftKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "step": "300"}, format="%H:%M")


class _EmployeeForm(forms.Form):
    employee = forms.ChoiceField(label=_("Employee"))

    def __init__(self, *args: Any, employees: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_key = {str(e.public_id): e for e in employees}
        field = self.fields["employee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "–")] + [(str(e.public_id), e.full_name) for e in employees]
        # Ids on the page are unique: the two forms share field names.
        self.auto_id = f"{self.prefix_id}-%s"

    prefix_id = "form"

    def clean_employee(self) -> Employee:
        employee = self.by_key.get(self.cleaned_data["employee"])
        if employee is None:
            raise forms.ValidationError(_("Choose an employee of this rota."))
        return employee


class ShiftForm(_EmployeeForm):
    prefix_id = "shift"
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Shift"), choices=ShiftKind.choices, initial=ShiftKind.DAY)
    starts_at = forms.TimeField(label=_("Starts"), widget=TIME, initial="07:30")
    ends_at = forms.TimeField(label=_("Ends"), widget=TIME, initial="15:30")


class AbsenceForm(_EmployeeForm):
    prefix_id = "absence"
    kind = forms.ChoiceField(label=_("Kind of absence"), choices=AbsenceKind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To (inclusive)"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ShiftRefForm(forms.Form):
    shift = forms.UUIDField()


class AbsenceRefForm(forms.Form):
    absence = forms.UUIDField()
