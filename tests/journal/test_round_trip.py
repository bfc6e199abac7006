"""A ten-year journal goes out through Export and comes back through Import exactly, within
the import's size limit, whose figure comes from this measure (journal/forms.py)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.exchange.export import export_data, export_json_bytes
from journal.exchange.writer import import_data
from journal.forms import ImportForm
from journal.models import PainEntry, Session, SessionStep
from tests.factories import UserFactory
from tests.journal.journals import PAIN_ENTRIES, SESSIONS, STEPS_A_SESSION, long_journal

pytestmark = pytest.mark.django_db


def without_stamp(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


def test_a_ten_year_journal_round_trips_exactly_within_the_limit():
    """Export, delete the account, import into a new one: the same journal. (make bench
    reports the import's time and peak memory.)"""
    old = UserFactory()
    assert long_journal(old) == (PAIN_ENTRIES, SESSIONS, SESSIONS * STEPS_A_SESSION)
    exported = export_json_bytes(export_data(user=old))
    old.delete()
    new = UserFactory()

    import_data(user=new, data=exported)

    assert len(exported) <= ImportForm.TEN_YEAR_EXPORT_BYTES * 1.02
    assert len(exported) < ImportForm.MAX_BYTES
    assert without_stamp(export_data(user=new)) == without_stamp(json.loads(exported))
    assert PainEntry.objects.filter(user=new).count() == PAIN_ENTRIES
    assert SessionStep.objects.filter(session__user=new).count() == SESSIONS * STEPS_A_SESSION
    assert Session.objects.filter(user=new).count() == SESSIONS


def test_the_export_is_compact_and_the_import_page_takes_what_it_made(client):
    person = UserFactory()
    long_journal(person, days=60)
    client.force_login(person)

    exported = client.get(reverse("journal:export-json")).content
    upload = SimpleUploadedFile("backstretch.json", exported, content_type="application/json")
    response = client.post(
        reverse("journal:import"), {"file": upload, "mode": "replace", "confirm": "on"}
    )

    assert b"\n" not in exported
    assert exported == export_json_bytes(json.loads(exported))
    assert response.status_code == 302, response.content.decode()[:2000]
