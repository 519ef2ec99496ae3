"""Forms parse and present; the rules live in the service functions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hverdag.access.models import BreakGlassTemplate
from hverdag.clients.inputs import (
    ClientInput,
    HomeNotesInput,
    ResourcePersonInput,
    WelfareTechnologyInput,
)
from hverdag.clients.models import EntryMethod, ResourcePerson, WelfareTechnology
from hverdag.org.models import Provider, Team
from hverdag.staff.models import Employee

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClientForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Identity number"),
        max_length=13,
        help_text=_("Fødselsnummer, D number, H number or common assistance number (11 digits)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    street_address = forms.CharField(label=_("Address"), max_length=200)
    postal_code = forms.CharField(
        label=_("Postal code"), max_length=4, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    postal_place = forms.CharField(label=_("Postal place"), max_length=60, initial="Oslo")
    lat = forms.FloatField(label=_("Latitude"), required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    preferred_language = forms.CharField(label=_("Preferred language"), initial="norsk")
    needs_interpreter = forms.BooleanField(label=_("Needs interpreter"), required=False)
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), to_field_name="public_id"
    )
    contact_person = forms.ModelChoiceField(
        label=_("Contact person"),
        queryset=Employee.objects.none(),
        required=False,
        to_field_name="public_id",
    )
    practical_provider = forms.ModelChoiceField(
        label=_("Provider of practical assistance"),
        queryset=Provider.objects.none(),
        required=False,
        to_field_name="public_id",
        help_text=_("Free user choice; empty means the municipal service."),
    )

    def __init__(self, *args: object, municipality_ids: set[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["team"].queryset = Team.objects.filter(municipality_id__in=municipality_ids)  # type: ignore[attr-defined]
        self.fields["contact_person"].queryset = Employee.objects.filter(  # type: ignore[attr-defined]
            municipality_id__in=municipality_ids, active=True, team__isnull=False
        ).select_related("team")
        self.fields["practical_provider"].queryset = Provider.objects.filter(  # type: ignore[attr-defined]
            municipality_id__in=municipality_ids, active=True
        )

    def to_input(self) -> ClientInput:
        d = self.cleaned_data
        return ClientInput(
            identity_number=d["identity_number"],
            first_name=d["first_name"],
            last_name=d["last_name"],
            street_address=d["street_address"],
            postal_code=d["postal_code"],
            postal_place=d["postal_place"],
            team=d["team"].public_id if d["team"] else None,
            phone=d["phone"],
            lat=d["lat"],
            lon=d["lon"],
            preferred_language=d["preferred_language"],
            needs_interpreter=d["needs_interpreter"],
            contact_person=d["contact_person"].public_id if d["contact_person"] else None,
            practical_provider=(
                d["practical_provider"].public_id if d["practical_provider"] else None
            ),
        )


class HomeNotesForm(forms.Form):
    entry_method = forms.ChoiceField(label=_("How staff get in"), choices=EntryMethod.choices)
    entry_code = forms.CharField(
        label=_("Key box or lock code"),
        required=False,
        help_text=_("Stored encrypted. Leave empty to keep the current code."),
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    entry_instructions = forms.CharField(label=_("Entry instructions"), required=False)
    pets = forms.CharField(label=_("Pets"), required=False)
    pets_in_separate_room = forms.BooleanField(
        label=_("Pets kept in a separate room"), required=False
    )
    smoking = forms.BooleanField(label=_("Smoking in the home"), required=False)
    cleaning_equipment = forms.BooleanField(label=_("Cleaning equipment present"), required=False)
    hospital_bed = forms.BooleanField(label=_("Hospital bed"), required=False)
    patient_lift = forms.BooleanField(label=_("Patient lift"), required=False)
    other_aids = forms.CharField(label=_("Other aids"), required=False)
    risk_notes = forms.CharField(label=_("Risk notes"), required=False, widget=forms.Textarea)

    def to_input(self) -> HomeNotesInput:
        return HomeNotesInput(**self.cleaned_data)


class ResourcePersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    relation = forms.ChoiceField(label=_("Relation"), choices=ResourcePerson.Relation.choices)
    phone = forms.CharField(
        label=_("Phone"), required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False)
    is_next_of_kin = forms.BooleanField(label=_("Next of kin"), required=False, initial=True)
    has_proxy = forms.BooleanField(label=_("Power of attorney"), required=False)
    consent_to_information = forms.BooleanField(label=_("May receive information"), required=False)

    def to_input(self) -> ResourcePersonInput:
        return ResourcePersonInput(**self.cleaned_data)


class WelfareTechnologyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=WelfareTechnology.Kind.choices)
    serial_number = forms.CharField(label=_("Serial number"), max_length=60)
    supplier = forms.CharField(label=_("Supplier"), max_length=100)
    installed_on = forms.DateField(label=_("Installed"), widget=DATE)

    def to_input(self) -> WelfareTechnologyInput:
        return WelfareTechnologyInput(**self.cleaned_data)


class BreakGlassForm(forms.Form):
    template = forms.ChoiceField(label=_("Reason"), choices=BreakGlassTemplate.choices)
    reason_text = forms.CharField(
        label=_("Written reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Emergency access is logged and reviewed by a team leader."),
    )
