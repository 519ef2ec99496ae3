"""Reading notes: by record, logged with the reason; home helpers never get the journal;
the contact person's list of their clients' notes."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason, User
from hverdag.core.errors import NotFound, PermissionDenied
from hverdag.notes import selectors
from hverdag.notes.models import NoteTemplate, RecordKind
from hverdag.notes.services import do_correct_note
from tests.builders.notes_day import NotesDay, write


def logged(nd: NotesDay, user: User) -> set[tuple[str, str]]:
    return set(AccessLog.objects.filter(user=user).values_list("what", "reason"))


def test_the_journal_lists_every_version_current_first_and_logs_the_read(
    nd: NotesDay,
) -> None:
    astrid = nd.astrid_medication.client
    first = write(nd.world.nurse, nd.astrid_medication, "Gitt 2.")
    fixed = do_correct_note(nd.world.nurse, first, "Gitt 1.", "Feil", timezone.now(), uuid.uuid4())
    write(nd.helper, nd.astrid_cleaning, "Vasket gulv.")
    threads = selectors.notes_for_client(nd.world.team_leader, astrid, RecordKind.JOURNAL)
    assert [(t.current, t.earlier) for t in threads] == [(fixed, [first])]
    assert threads[0].corrected
    assert logged(nd, nd.world.team_leader) == {("journal", AccessReason.TEAM)}
    case = selectors.notes_for_client(nd.world.team_leader, astrid, RecordKind.CASE_FILE)
    assert [t.current.text for t in case] == ["Vasket gulv."]


def test_a_home_helper_reads_the_case_file_but_never_the_journal(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    write(nd.world.nurse, nd.astrid_medication, "Blodtrykk 150/90.")
    write(nd.helper, nd.astrid_cleaning, "Vasket gulv.")
    with pytest.raises(PermissionDenied):
        selectors.notes_for_client(nd.helper, astrid, RecordKind.JOURNAL)
    assert not AccessLog.objects.filter(user=nd.helper).exists()
    texts = [t.current.text for t in selectors.notes_for_client(nd.helper, astrid, "case_file")]
    assert texts == ["Vasket gulv."]
    # On her visit, the last notes are the case file's only, and only that read is logged.
    recent = selectors.recent_notes_for_visit(nd.helper, nd.astrid_cleaning)
    assert [t.current.text for t in recent] == ["Vasket gulv."]
    # Her team gives her no reason to read; her visit to Astrid today does.
    assert logged(nd, nd.helper) == {("case_file", AccessReason.PLANNED_VISIT)}


def test_without_a_care_relationship_nothing_is_read(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    write(nd.world.nurse, nd.astrid_medication)
    with pytest.raises(PermissionDenied):
        selectors.notes_for_client(nd.world.nurse_vest, astrid, RecordKind.JOURNAL)
    assert not AccessLog.objects.filter(user=nd.world.nurse_vest).exists()


def test_the_visits_recent_notes_are_for_the_planned_caregiver_newest_first(
    nd: NotesDay,
) -> None:
    older = write(nd.world.nurse, nd.astrid_medication, "Første")
    newer = write(nd.helper, nd.astrid_cleaning, "Andre", important=True)
    recent = selectors.recent_notes_for_visit(nd.world.nurse, nd.astrid_medication)
    assert [t.current for t in recent] == [newer, older]
    assert logged(nd, nd.world.nurse) == {
        ("journal", AccessReason.PLANNED_VISIT),
        ("case_file", AccessReason.PLANNED_VISIT),
    }
    with pytest.raises(PermissionDenied):
        selectors.recent_notes_for_visit(nd.world.team_leader, nd.astrid_medication)


def test_important_notes_mark_the_client_for_those_who_may_read_them(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    bjorn = nd.pub.bjorn_hygiene.client
    write(nd.world.nurse, nd.astrid_medication, "Falt i natt, se etter blåmerker.", important=True)
    write(nd.world.nurse, nd.pub.bjorn_hygiene, "Alt vel.")
    ids = [astrid.pk, bjorn.pk]
    assert selectors.important_client_ids(nd.world.nurse, ids) == {astrid.pk}
    assert selectors.important_client_ids(nd.helper, ids) == set()  # a journal note


def test_the_contact_person_sees_the_latest_notes_on_their_clients(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    astrid.contact_person = nd.pub.anne
    astrid.save()
    write(nd.world.nurse, nd.astrid_medication, "Gitt.")
    write(nd.helper, nd.astrid_cleaning, "Vasket.")
    write(nd.world.nurse, nd.pub.bjorn_hygiene, "Bjørn: dusj.")  # not Anne's client
    anne = nd.pub.anne.user
    assert anne is not None
    rows = selectors.my_clients_notes(anne)
    assert [r.client for r in rows] == [astrid]
    assert [n.text for n in rows[0].notes] == ["Vasket.", "Gitt."]
    assert logged(nd, anne) == {
        ("journal", AccessReason.CONTACT_PERSON),
        ("case_file", AccessReason.CONTACT_PERSON),
    }
    # Nils is contact person for Ingrid only, who has no notes.
    assert [(r.client, r.notes) for r in selectors.my_clients_notes(nd.world.nurse)] == [
        (nd.world.ingrid, [])
    ]


def test_a_note_to_correct_is_found_in_a_record_the_user_may_read(nd: NotesDay) -> None:
    """Found for a correction only: nothing of it is shown, so nothing is logged."""
    journal = write(nd.world.nurse, nd.astrid_medication, "Blodtrykk 150/90.")
    case = write(nd.helper, nd.astrid_cleaning, "Vasket gulv.")
    before = AccessLog.objects.count()
    assert selectors.find_visit_note(nd.world.nurse, nd.astrid_medication, journal.public_id) == (
        journal
    )
    assert selectors.find_visit_note(nd.helper, nd.astrid_cleaning, case.public_id) == case
    with pytest.raises(NotFound):  # a home helper never reaches the journal
        selectors.find_visit_note(nd.helper, nd.astrid_cleaning, journal.public_id)
    with pytest.raises(NotFound):  # a note of another client
        selectors.find_visit_note(nd.world.nurse, nd.pub.bjorn_hygiene, journal.public_id)
    astrid = nd.astrid_medication.client
    assert selectors.find_record_note(nd.world.team_leader, astrid, journal.public_id) == journal
    with pytest.raises(NotFound):  # no care relationship with Astrid
        selectors.find_record_note(nd.world.nurse_vest, astrid, journal.public_id)
    assert AccessLog.objects.count() == before


def test_only_an_active_template_of_the_municipality_is_found(nd: NotesDay) -> None:
    municipality = nd.astrid_medication.municipality_id
    template = NoteTemplate.objects.filter(municipality_id=municipality, active=True).first()
    assert template is not None
    assert selectors.find_template(municipality, template.public_id) == template
    assert selectors.find_template(municipality, None) is None
    assert selectors.find_template(municipality, uuid.uuid4()) is None
    NoteTemplate.objects.filter(pk=template.pk).update(active=False)
    assert selectors.find_template(municipality, template.public_id) is None
    # The API has always taken a retired template of the municipality too.
    assert selectors.find_template(municipality, template.public_id, active_only=False) == (
        template
    )


def test_a_notes_visit_is_one_of_the_clients_own_visits(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    visit = nd.astrid_medication
    assert selectors.find_client_visit(astrid, visit.public_id) == visit
    assert selectors.find_client_visit(nd.pub.bjorn_hygiene.client, visit.public_id) is None
