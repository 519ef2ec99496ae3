"""Forms of the key register pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hverdag.clients.models import Client
from hverdag.keys.models import KeyKind
from hverdag.web.offline import ActionForm


class KeyRegisterForm(forms.Form):
    client = forms.ModelChoiceField(queryset=Client.objects.none(), label=_("Client"))
    kind = forms.ChoiceField(choices=KeyKind.choices, label=_("Kind"), initial=KeyKind.KEY)
    label = forms.CharField(
        max_length=100,
        label=_("Which key"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Front door + mailbox")}),
    )
    tag = forms.CharField(max_length=30, required=False, label=_("Key number"))
    location = forms.CharField(
        max_length=150,
        required=False,
        label=_("Where it is kept"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Key cabinet Øst, hook 14")}),
    )

    def __init__(self, *args: object, clients: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if clients is not None:
            self.fields["client"].queryset = clients  # type: ignore[attr-defined]
        self.fields["client"].label_from_instance = lambda c: f"{c.last_name}, {c.first_name}"  # type: ignore[attr-defined]


class KeyNoteForm(ActionForm):
    """Taking, returning, reporting lost: the queued action's fields and an optional note."""

    note = forms.CharField(max_length=300, required=False)
