"""The key register: which key to a client's home, where it is kept, who has it now.

A ``Key`` is a physical key kept in the team's key cabinet, or a key box or digital lock at
the client's door entered in the register so that every way in is listed in one place. The
code of a key box or lock stays in the client's home notes (encrypted, shown only to the
caregiver planned that day); the register never holds a copy of it.

Who holds a key is not stored on the key: it is derived from its ``KeyEvent`` rows (taken,
returned, reported lost), which are written once and never changed, like a health record.
A key is never deleted: it is retired (a flag change, audited) and stays in the history.
A ``KeyAlert`` says a key was not back when its holder's shift ended; the return resolves it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.append_only import AppendOnlyModel
from hverdag.core.models import PublicIdModel


class KeyKind(models.TextChoices):
    KEY = "key", _("Physical key")
    KEY_BOX = "key_box", _("Key box")
    DIGITAL_LOCK = "digital_lock", _("Digital lock")


# Kinds that leave the cabinet in someone's pocket; a key box or a lock stays at the door.
PORTABLE = frozenset({KeyKind.KEY})


class Key(PublicIdModel, AppendOnlyModel):
    # Retiring is the only change; everything else is fixed when the key is registered.
    MUTABLE_FIELDS = frozenset({"active", "retired_at", "retired_by"})

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="keys")
    # Where it is kept: the team's key cabinet.
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="keys")
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=KeyKind.choices)
    tag = models.CharField(_("key number"), max_length=30, blank=True)
    location = models.CharField(_("where it is kept"), max_length=150, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    registered_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        "access.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("key")
        verbose_name_plural = _("keys")
        ordering = ["team", "tag", "id"]
        constraints = [
            # A key number names one key in the team's cabinet (key boxes may have none).
            models.UniqueConstraint(
                fields=["team", "tag"],
                condition=~models.Q(tag=""),
                name="key_unique_tag_per_team",
            )
        ]
        indexes = [models.Index(fields=["client", "active"])]

    def __str__(self) -> str:
        return f"{self.tag} {self.label}".strip()

    @property
    def portable(self) -> bool:
        return self.kind in PORTABLE


class KeyEventKind(models.TextChoices):
    CHECKED_OUT = "checked_out", _("Taken")
    RETURNED = "returned", _("Returned")
    REPORTED_LOST = "reported_lost", _("Reported lost")


class KeyEvent(PublicIdModel, AppendOnlyModel):
    """One step in a key's history. Written once (by the phone's key, once), never changed."""

    key = models.ForeignKey(Key, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=KeyEventKind.choices)
    # Taken: who took it. Returned: who had it. Lost: who had it, or who missed it.
    employee = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))  # the phone's time
    recorded_by = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    idempotency_key = models.UUIDField(unique=True)

    class Meta:
        verbose_name = _("key event")
        verbose_name_plural = _("key events")
        # The order they were recorded in is the order the rules were checked in.
        ordering = ["id"]
        indexes = [models.Index(fields=["key", "id"])]

    def __str__(self) -> str:
        return f"{self.key} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class KeyAlert(AppendOnlyModel):
    """A key still out after its holder's shift ended (plus the grace): one per checkout."""

    MUTABLE_FIELDS = frozenset({"resolved_at", "resolved_by"})

    key = models.ForeignKey(Key, on_delete=models.PROTECT, related_name="alerts")
    checkout = models.OneToOneField(KeyEvent, on_delete=models.PROTECT, related_name="alert")
    holder = models.ForeignKey("staff.Employee", on_delete=models.PROTECT, related_name="+")
    # The team whose leader is told: the team that keeps the key.
    team = models.ForeignKey("org.Team", on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due back"))
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        KeyEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("key alert")
        verbose_name_plural = _("key alerts")
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["team", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_at:%Y-%m-%d %H:%M}"
