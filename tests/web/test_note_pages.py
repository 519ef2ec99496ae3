"""Notes in the staff app: the visit page's section and form (POST and JSON), correction,
the client record's journal and case file, My clients; another caregiver gets 404."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from hverdag.access.models import AccessLog, AccessReason
from hverdag.notes.models import Note, NoteTemplate, RecordKind
from tests.builders.notes_day import NotesDay, build_notes_day, write
from tests.builders.people import PASSWORD, World


@pytest.fixture
def nd(world: World) -> NotesDay:
    return build_notes_day(world)


def login(username: str) -> HttpClient:
    # In English: the bokmål texts come with the translations, and these tests are about
    # what the page does.
    http = HttpClient(headers={"accept-language": "en"})
    assert http.login(username=username, password=PASSWORD)
    return http


def visit_url(nd: NotesDay) -> str:
    return reverse("web:my_day_visit", args=[nd.astrid_medication.public_id])


def note_url(nd: NotesDay) -> str:
    return reverse("web:my_day_note", args=[nd.astrid_medication.public_id])


def test_the_visit_page_shows_the_notes_and_an_offline_form_with_the_template(
    nd: NotesDay,
) -> None:
    write(nd.helper, nd.astrid_cleaning, "Kjøleskapet er nesten tomt.", important=True)
    html = login("nils").get(visit_url(nd)).content.decode()
    assert "Kjøleskapet er nesten tomt." in html
    assert 'class="note important"' in html
    assert f'action="{note_url(nd)}"' in html
    assert "data-offline " in html and f'data-offline-id="note-{nd.astrid_medication.public_id}"'
    assert 'name="key" value="' in html
    # The medication template is chosen and its headings are in the box without a script.
    template = NoteTemplate.objects.get(title="Medikamenthåndtering")
    assert f'value="{template.public_id}" data-body="Gitt: ' in html and " selected>" in html
    assert ">Gitt: \nObservasjoner" in html
    assert "Save in the journal" in html


def test_a_form_post_writes_the_note_and_returns_to_the_visit(nd: NotesDay) -> None:
    http = login("nils")
    template = NoteTemplate.objects.get(title="Medikamenthåndtering")
    response = http.post(
        note_url(nd),
        {
            "key": str(uuid.uuid4()),
            "text": "Gitt: morgendose\nObservasjoner: blek",
            "template": str(template.public_id),
            "important": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == visit_url(nd) + "#notes"
    note = Note.objects.get()
    assert (note.kind, note.important, note.template) == (RecordKind.JOURNAL, True, template)
    page = http.get(response["Location"]).content.decode()
    assert "Note saved in the journal." in page


def test_json_writes_once_and_answers_with_the_note(nd: NotesDay) -> None:
    http = login("nils")
    body = {"key": str(uuid.uuid4()), "at": timezone.now().isoformat(), "text": "Gitt."}
    for _ in range(2):
        response = http.post(
            note_url(nd),
            json.dumps(body),
            content_type="application/json",
            headers={"accept": "application/json"},
        )
        assert response.status_code == 200
        data = response.json()
        assert data["ok"] is True
    note = Note.objects.get()
    assert data["note"]["id"] == str(note.public_id)
    assert data["note"]["kind"] == "journal" and data["note"]["version"] == 1
    empty = http.post(
        note_url(nd),
        json.dumps({"key": str(uuid.uuid4()), "text": ""}),
        content_type="application/json",
        headers={"accept": "application/json"},
    )
    assert empty.status_code == 422 and "text" in empty.json()["errors"]
    assert Note.objects.count() == 1


def test_another_caregiver_gets_404_and_nothing_is_written(nd: NotesDay) -> None:
    http = login("anne")  # team Øst, planned today, not for Astrid
    assert http.get(visit_url(nd)).status_code == 404
    response = http.post(
        note_url(nd),
        json.dumps({"key": str(uuid.uuid4()), "text": "Hei"}),
        content_type="application/json",
        headers={"accept": "application/json"},
    )
    assert response.status_code == 404
    assert response.json()["errors"]["__all__"][0]["rule"] == "not_found"
    assert not Note.objects.exists()


def test_the_author_corrects_from_the_visit_page(nd: NotesDay) -> None:
    note = write(nd.world.nurse, nd.astrid_medication, "Gitt 2 tabletter.")
    http = login("nils")
    url = reverse("web:my_day_note_correct", args=[nd.astrid_medication.public_id, note.public_id])
    assert url in http.get(visit_url(nd)).content.decode()
    response = http.post(
        url, {"key": str(uuid.uuid4()), "text": "Gitt 1 tablett.", "reason": "Feil antall"}
    )
    assert response.status_code == 302
    current = Note.objects.current().get()
    assert (current.version, current.text) == (2, "Gitt 1 tablett.")
    page = http.get(visit_url(nd)).content.decode()
    assert "Corrected, version 2" in page and "Feil antall" in page
    record = reverse("web:client_section", args=[note.client.public_id, "journal"])
    html = http.get(record).content.decode()
    assert "1 earlier version" in html
    assert "Gitt 2 tabletter." in html  # the old version stays readable


def test_the_home_helpers_visit_page_has_the_case_file_only(nd: NotesDay) -> None:
    write(nd.world.nurse, nd.astrid_medication, "Blodtrykk 150/90.")
    write(nd.helper, nd.astrid_cleaning, "Vasket gulv.")
    url = reverse("web:my_day_visit", args=[nd.astrid_cleaning.public_id])
    html = login("hilde").get(url).content.decode()
    assert "Vasket gulv." in html and "Blodtrykk" not in html
    assert "Save in the case file" in html
    logged = AccessLog.objects.filter(user=nd.helper).values_list("what", flat=True)
    assert "journal" not in set(logged)


def test_the_client_record_has_journal_and_case_file_with_versions_logged(
    nd: NotesDay,
) -> None:
    astrid = nd.astrid_medication.client
    note = write(nd.world.nurse, nd.astrid_medication, "Gitt 2.")
    from hverdag.notes.services import do_correct_note

    do_correct_note(nd.world.nurse, note, "Gitt 1.", "Feil", timezone.now(), uuid.uuid4())
    write(nd.helper, nd.astrid_cleaning, "Vasket gulv.")
    http = login("tone")
    journal = http.get(reverse("web:client_section", args=[astrid.public_id, "journal"]))
    html = journal.content.decode()
    assert journal.status_code == 200
    assert "Gitt 1." in html and "Gitt 2." in html and "Vasket gulv." not in html
    assert html.index("Gitt 1.") < html.index("Gitt 2.")  # the old one collapsed under it
    case = http.get(reverse("web:client_section", args=[astrid.public_id, "case_file"]))
    assert "Vasket gulv." in case.content.decode()
    assert set(
        AccessLog.objects.filter(user=nd.world.team_leader).values_list("what", "reason")
    ) >= {
        ("journal", AccessReason.TEAM),
        ("case_file", AccessReason.TEAM),
    }


def test_a_home_helper_has_no_journal_tab_and_is_refused_the_journal(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    http = login("hilde")
    page = http.get(reverse("web:client_section", args=[astrid.public_id, "case_file"]))
    assert page.status_code == 200
    assert reverse("web:client_section", args=[astrid.public_id, "journal"]) not in (
        page.content.decode()
    )
    refused = http.get(reverse("web:client_section", args=[astrid.public_id, "journal"]))
    assert refused.status_code == 403


def test_my_clients_lists_the_contact_persons_clients_with_notes(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    astrid.contact_person = nd.pub.nils
    astrid.save()
    write(nd.world.nurse, nd.astrid_medication, "Gitt.", important=True)
    http = login("nils")
    day = http.get(reverse("web:my_day")).content.decode()
    assert reverse("web:my_clients") in day
    assert "Important note" in day  # Astrid's stop is marked
    html = http.get(reverse("web:my_clients")).content.decode()
    assert "Astrid Østli" in html and "Gitt." in html
    assert AccessLog.objects.filter(
        user=nd.world.nurse, client=astrid, reason=AccessReason.CONTACT_PERSON
    ).exists()


def test_a_note_from_the_client_record_goes_to_the_record_of_the_section(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    http = login("tone")
    url = reverse("web:client_note", args=[astrid.public_id, "case_file"])
    assert (
        url
        in http.get(
            reverse("web:client_section", args=[astrid.public_id, "case_file"])
        ).content.decode()
    )
    response = http.post(url, {"key": str(uuid.uuid4()), "text": "Datter ringte om nøkkel."})
    assert response.status_code == 302
    note = Note.objects.get()
    assert (note.kind, note.visit, note.author) == (
        RecordKind.CASE_FILE,
        None,
        nd.world.team_leader,
    )


def test_a_home_helper_posting_to_the_journal_is_refused(nd: NotesDay) -> None:
    astrid = nd.astrid_medication.client
    response = login("hilde").post(
        reverse("web:client_note", args=[astrid.public_id, "journal"]),
        json.dumps({"key": str(uuid.uuid4()), "text": "Observasjon"}),
        content_type="application/json",
        headers={"accept": "application/json"},
    )
    assert response.status_code == 403
    assert not Note.objects.exists()
