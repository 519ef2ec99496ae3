"""Notes per visit (dokumentasjon): health notes in the journal, the rest in the case file.

Two records with two legal bases and two audiences:

- the **journal** (pasientjournal; helsepersonelloven §§ 39–40, pasientjournalforskriften):
  whoever gives health care documents it, and only health personnel read it;
- the **case file** (saksmappe; forvaltningsloven, forskrift 16.12.2011 nr. 1393 § 2):
  practical assistance (praktisk bistand) is not health care, its staff have no journal
  duty, and what they document is a case document.

A note is never edited or deleted. A correction is a new row in the same ``series`` with
the next ``version`` and a reason; the earlier version stays readable and is shown as
corrected.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hverdag.core.append_only import AppendOnlyModel, AppendOnlyQuerySet
from hverdag.core.models import PublicIdModel
from hverdag.decisions.models import ServiceCategory


class RecordKind(models.TextChoices):
    JOURNAL = "journal", _("Journal")
    CASE_FILE = "case_file", _("Case file")


# Where a visit's note goes, by the service's category. Personal care (personlig stell) is
# practical assistance in the law, but given by health personnel it is health care and
# belongs in the journal; given by a home helper it goes to the case file (see
# services.kind_for_visit).
KIND_BY_CATEGORY = {
    ServiceCategory.HEALTH_CARE: RecordKind.JOURNAL,
    ServiceCategory.PERSONAL_CARE: RecordKind.JOURNAL,
    ServiceCategory.HOUSEHOLD: RecordKind.CASE_FILE,
    ServiceCategory.ADDITIONAL: RecordKind.CASE_FILE,
}


class NoteQuerySet(AppendOnlyQuerySet):
    def current(self) -> NoteQuerySet:
        """Only the latest version of each series (what a note says now)."""
        newer = Note.objects.filter(
            series=models.OuterRef("series"), version__gt=models.OuterRef("version")
        )
        return self.exclude(models.Exists(newer))


class NoteTemplate(PublicIdModel):
    """Headings that prompt a note: for one service, for a category, or for every visit.

    The standard ones are installed per municipality with its catalogue
    (``defaults.install_note_templates``); the municipality edits them in the admin.
    """

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "decisions.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    category = models.CharField(
        _("service category"),
        max_length=20,
        choices=ServiceCategory.choices,
        blank=True,
        help_text=_("Used for every service of the category that has no template of its own."),
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), help_text=_("Headings and prompts the note starts from."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("note template")
        verbose_name_plural = _("note templates")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class Note(PublicIdModel, AppendOnlyModel):
    """One version of a note about a client, from a visit or from the client record."""

    municipality = models.ForeignKey("org.Municipality", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="notes")
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="notes"
    )
    kind = models.CharField(_("record"), max_length=10, choices=RecordKind.choices)
    text = models.TextField(_("note"))
    template = models.ForeignKey(
        NoteTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    important = models.BooleanField(
        _("important"), default=False, help_text=_("The next caregiver should read it.")
    )
    series = models.UUIDField(default=uuid.uuid4, db_index=True)
    version = models.PositiveIntegerField(default=1)
    corrects = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrected_by"
    )
    correction_reason = models.CharField(_("why corrected"), max_length=500, blank=True)
    author = models.ForeignKey("access.User", on_delete=models.PROTECT, related_name="+")
    author_employee = models.ForeignKey(
        "staff.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("written"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    idempotency_key = models.UUIDField(unique=True)

    objects = NoteQuerySet.as_manager()  # type: ignore[misc]  # the guarded queryset, plus current()

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="note_one_row_per_version"),
            models.CheckConstraint(
                condition=models.Q(version=1, corrects__isnull=True)
                | models.Q(version__gt=1, corrects__isnull=False),
                name="note_correction_has_original",
            ),
        ]
        indexes = [models.Index(fields=["client", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M} v{self.version}"
