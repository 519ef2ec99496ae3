"""Writing and correcting notes: which record, who may, what is refused, applied once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AuditEvent, User
from hverdag.core.errors import PermissionDenied, RuleViolation
from hverdag.notes.models import Note, NoteTemplate, RecordKind
from hverdag.notes.services import MAX_TEXT, do_correct_note, do_write_note
from tests.builders.notes_day import NotesDay, write


def rules(exc: pytest.ExceptionInfo[RuleViolation]) -> set[tuple[str, str]]:
    return {(v.field, v.rule) for v in exc.value.violations}


# --- which record ---------------------------------------------------------------------


def test_a_medication_visit_note_goes_to_the_journal_and_is_audited(nd: NotesDay) -> None:
    template = NoteTemplate.objects.get(title="Medikamenthåndtering")
    note = do_write_note(
        nd.world.nurse,
        nd.astrid_medication.client,
        nd.astrid_medication,
        None,
        "  Gitt: Paracet 1 g\nObservasjoner: rolig  ",
        template,
        timezone.now(),
        uuid.uuid4(),
        important=True,
    )
    assert note.kind == RecordKind.JOURNAL
    assert note.text == "Gitt: Paracet 1 g\nObservasjoner: rolig"
    assert (note.version, note.important, note.template) == (1, True, template)
    assert note.author_employee == nd.pub.nils
    event = AuditEvent.objects.get(action="note.write")
    assert event.object_id == str(note.public_id) and event.client == note.client
    assert event.new is not None and event.new["kind"] == "journal"


def test_a_cleaning_visit_note_goes_to_the_case_file(nd: NotesDay) -> None:
    note = write(nd.helper, nd.astrid_cleaning, "Støvsugd og vasket kjøkken.")
    assert note.kind == RecordKind.CASE_FILE


def test_personal_care_by_a_nurse_is_journal_by_a_home_helper_case_file(nd: NotesDay) -> None:
    assert write(nd.world.nurse, nd.pub.bjorn_hygiene).kind == RecordKind.JOURNAL
    assert write(nd.helper, nd.bjorn_care_by_helper).kind == RecordKind.CASE_FILE


def test_a_visit_note_cannot_choose_another_record(nd: NotesDay) -> None:
    with pytest.raises(RuleViolation) as exc:
        do_write_note(
            nd.world.nurse,
            nd.astrid_medication.client,
            nd.astrid_medication,
            RecordKind.CASE_FILE,
            "Tekst",
            None,
            timezone.now(),
            uuid.uuid4(),
        )
    assert rules(exc) == {("kind", "follows_visit")}
    assert not Note.objects.exists()


def test_a_note_without_a_visit_names_its_record(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    with pytest.raises(RuleViolation) as exc:
        do_write_note(
            nd.world.nurse, astrid, None, None, "Tekst", None, timezone.now(), uuid.uuid4()
        )
    assert rules(exc) == {("kind", "choice")}
    note = do_write_note(
        nd.world.nurse,
        astrid,
        None,
        RecordKind.CASE_FILE,
        "Datter ringte om nøkkel.",
        None,
        timezone.now(),
        uuid.uuid4(),
    )
    assert note.kind == RecordKind.CASE_FILE and note.visit is None


# --- who may write --------------------------------------------------------------------


def test_only_the_planned_caregiver_writes_the_visits_note(nd: NotesDay) -> None:
    anne = User.objects.get(username="anne")
    with pytest.raises(PermissionDenied):
        write(anne, nd.astrid_medication)  # on the team, planned today, not for this visit
    with pytest.raises(PermissionDenied):
        write(nd.world.team_leader, nd.astrid_medication)
    assert not Note.objects.exists()


def test_a_home_helper_never_writes_the_journal(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    with pytest.raises(PermissionDenied):
        do_write_note(
            nd.helper,
            astrid,
            None,
            RecordKind.JOURNAL,
            "Observasjon",
            None,
            timezone.now(),
            uuid.uuid4(),
        )
    assert not Note.objects.exists()


def test_without_a_visit_a_care_relationship_is_needed(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    with pytest.raises(PermissionDenied):  # team Vest
        do_write_note(
            nd.world.nurse_vest,
            astrid,
            None,
            RecordKind.JOURNAL,
            "Tekst",
            None,
            timezone.now(),
            uuid.uuid4(),
        )
    with pytest.raises(PermissionDenied):  # a planner's role does not write notes
        do_write_note(
            nd.world.planner,
            astrid,
            None,
            RecordKind.JOURNAL,
            "Tekst",
            None,
            timezone.now(),
            uuid.uuid4(),
        )
    assert not Note.objects.exists()


# --- what is refused ------------------------------------------------------------------


def test_empty_long_naive_and_future_are_refused_before_anything_is_written(
    nd: NotesDay,
) -> None:
    visit = nd.astrid_medication
    with pytest.raises(RuleViolation) as exc:
        write(nd.world.nurse, visit, "   ")
    assert rules(exc) == {("text", "required")}
    with pytest.raises(RuleViolation) as exc:
        write(nd.world.nurse, visit, "x" * (MAX_TEXT + 1))
    assert rules(exc) == {("text", "max_length")}
    with pytest.raises(RuleViolation) as exc:
        write(nd.world.nurse, visit, at=dt.datetime(2025, 1, 1, 8, 0))
    assert rules(exc) == {("at", "naive")}
    with pytest.raises(RuleViolation) as exc:
        write(nd.world.nurse, visit, at=timezone.now() + dt.timedelta(minutes=10))
    assert rules(exc) == {("at", "future")}
    # A phone's clock a few minutes ahead is still now.
    write(nd.world.nurse, visit, at=timezone.now() + dt.timedelta(minutes=4))
    assert Note.objects.count() == 1
    assert AuditEvent.objects.filter(action="note.write").count() == 1


def test_another_municipalitys_template_is_refused(nd: NotesDay) -> None:
    from hverdag.org.models import Municipality

    bergen = Municipality.objects.create(name="Bergen", number="4601")
    foreign = NoteTemplate.objects.create(municipality=bergen, title="Bergen", body="x")
    with pytest.raises(RuleViolation) as exc:
        do_write_note(
            nd.world.nurse,
            nd.astrid_medication.client,
            nd.astrid_medication,
            None,
            "Tekst",
            foreign,
            timezone.now(),
            uuid.uuid4(),
        )
    assert rules(exc) == {("template", "unknown")}


# --- applied once ---------------------------------------------------------------------


def test_the_same_key_sent_again_returns_the_first_note(nd: NotesDay) -> None:
    key = uuid.uuid4()
    visit = nd.astrid_medication
    args = (nd.world.nurse, visit.client, visit, None, "Gitt.", None, timezone.now(), key)
    first = do_write_note(*args)
    again = do_write_note(*args)
    assert again.pk == first.pk
    assert Note.objects.count() == 1
    assert AuditEvent.objects.filter(action="note.write").count() == 1


def test_the_key_reused_for_another_note_is_a_conflict(nd: NotesDay) -> None:
    key = uuid.uuid4()
    visit = nd.astrid_medication
    do_write_note(nd.world.nurse, visit.client, visit, None, "Gitt.", None, timezone.now(), key)
    with pytest.raises(RuleViolation) as exc:
        do_write_note(
            nd.world.nurse, visit.client, visit, None, "Noe annet.", None, timezone.now(), key
        )
    assert rules(exc) == {("idempotency_key", "conflict")}
    assert Note.objects.count() == 1


# --- correction -----------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_old_one_stays(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "Gitt 2 tabletter.")
    fixed = do_correct_note(
        nd.world.nurse, note, "Gitt 1 tablett.", "Feil antall", timezone.now(), uuid.uuid4()
    )
    assert (fixed.series, fixed.version, fixed.corrects) == (note.series, 2, note)
    assert fixed.correction_reason == "Feil antall"
    assert (fixed.kind, fixed.visit, fixed.client) == (note.kind, note.visit, note.client)
    assert Note.objects.get(pk=note.pk).text == "Gitt 2 tabletter."
    assert list(Note.objects.current()) == [fixed]
    event = AuditEvent.objects.get(action="note.correct")
    assert event.old == {"text": "Gitt 2 tabletter.", "version": 1}


def test_only_the_latest_version_is_corrected(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "A")
    do_correct_note(nd.world.nurse, note, "B", "Skrivefeil", timezone.now(), uuid.uuid4())
    with pytest.raises(RuleViolation) as exc:
        do_correct_note(nd.world.nurse, note, "C", "Igjen", timezone.now(), uuid.uuid4())
    assert rules(exc) == {("note", "not_current")}
    assert Note.objects.count() == 2


def test_a_correction_needs_a_reason_and_new_text(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "A")
    with pytest.raises(RuleViolation) as exc:
        do_correct_note(nd.world.nurse, note, "A", " ", timezone.now(), uuid.uuid4())
    assert rules(exc) == {("reason", "required"), ("text", "unchanged")}
    assert Note.objects.count() == 1


def test_the_author_or_the_team_leader_corrects(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "A")
    anne = User.objects.get(username="anne")
    with pytest.raises(PermissionDenied):
        do_correct_note(anne, note, "B", "Feil", timezone.now(), uuid.uuid4())
    fixed = do_correct_note(
        nd.world.team_leader, note, "B", "Rettet av leder", timezone.now(), uuid.uuid4()
    )
    assert fixed.author == nd.world.team_leader and fixed.version == 2


def test_a_correction_sent_again_is_applied_once(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "A")
    key = uuid.uuid4()
    first = do_correct_note(nd.world.nurse, note, "B", "Feil", timezone.now(), key)
    again = do_correct_note(nd.world.nurse, note, "B", "Feil", timezone.now(), key)
    assert again.pk == first.pk and Note.objects.count() == 2
    with pytest.raises(RuleViolation) as exc:
        do_write_note(
            nd.world.nurse,
            note.client,
            nd.astrid_medication,
            None,
            "Ny",
            None,
            timezone.now(),
            key,
        )
    assert rules(exc) == {("idempotency_key", "conflict")}
