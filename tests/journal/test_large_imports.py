"""A large import: refused from its size and first bytes before it is parsed, written in a
bounded number of batches, all or nothing even when the last batch fails, and read one at
a time."""

import contextlib
import json
import math
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal import import_gate
from journal.exchange import writer
from journal.exchange.export import export_data, export_json_bytes
from journal.exchange.format import ADD, MAX_BYTES, REPLACE, TOO_LARGE, ImportProblem
from journal.exchange.reader import CSV_ANSWER, TABLE_ANSWER
from journal.exchange.writer import import_data
from journal.models import PainEntry, SessionStep
from tests.factories import RoutineFactory, RoutineItemFactory, UserFactory
from tests.journal.journals import long_journal

pytestmark = pytest.mark.django_db


def without_stamp(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


@pytest.fixture
def a_file_of():
    """Makes a file as an upload's temporary file is; `size` pads it (sparse) past its
    content."""
    with contextlib.ExitStack() as files:

        def make(content: bytes, *, size: int | None = None):
            file = files.enter_context(tempfile.TemporaryFile())
            file.write(content)
            if size is not None:
                file.truncate(size)
            file.seek(0)
            return file

        yield make


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if anything parses JSON while it runs."""

    def parse(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(json, "load", parse)
    monkeypatch.setattr(json, "loads", parse)


def exported_journal(days: int) -> bytes:
    """Someone's journal over `days`, with a routine its sessions do not name, exported."""
    someone = UserFactory()
    long_journal(someone, days=days)
    RoutineItemFactory(routine=RoutineFactory(owner=someone))
    return export_json_bytes(export_data(user=someone))


@pytest.fixture
def journal_file() -> bytes:
    """Three weeks: about 140 pain entries, 18 sessions and 140 steps."""
    return exported_journal(21)


@pytest.mark.parametrize(
    ("content", "size", "problem"),
    [
        (b'{"format":"backstretch-export"}', MAX_BYTES + 1, TOO_LARGE),
        (
            b'{"format":"another-app","rows":[' + b"1," * 10_000 + b"1]}",
            None,
            'This is not a Backstretch export: its "format" must be "backstretch-export".',
        ),
        (
            b'{"rows":[' + b"1," * 10_000 + b'1],"format":"backstretch-export"}',
            None,
            'This is not a Backstretch export: its "format" must be "backstretch-export".',
        ),
        (b"[" + b"1," * 10_000 + b"1]", None, "The file must hold one JSON object ({…})"),
        (b"recorded_at,level,areas\n" + b"2026-05-01,4,\n" * 1000, None, CSV_ANSWER),
        (b"date;pain\n" + b"2026-05-01;4\n" * 1000, None, TABLE_ANSWER),
    ],
    ids=["too large", "another app's", "no format up front", "a list", "our table", "a table"],
)
def test_a_file_that_cannot_be_an_export_is_refused_from_its_first_bytes_before_parsing(
    no_parsing, a_file_of, content, size, problem
):
    person = UserFactory()

    with pytest.raises(ImportProblem) as refused:
        import_data(user=person, data=a_file_of(content, size=size))

    assert refused.value.problems[0].startswith(problem)
    assert not PainEntry.objects.filter(user=person).exists()


def test_an_upload_is_read_from_its_file_and_left_open(journal_file, a_file_of):
    person = UserFactory()
    file = a_file_of(journal_file)

    report = import_data(user=person, data=file)

    assert report.pain_entries == PainEntry.objects.filter(user=person).count() > 100
    assert not file.closed
    assert file.tell() == len(journal_file)


def insert_batches(queries, table: str) -> int:
    # An executemany is captured as "N times: INSERT …".
    return sum(1 for query in queries if f'INSERT INTO "{table}"' in query["sql"])


def test_an_import_writes_its_rows_in_batches_of_a_bounded_number(journal_file, monkeypatch):
    monkeypatch.setattr(writer, "BATCH", 50)
    entries = len(json.loads(journal_file)["pain_entries"])
    steps = sum(len(s["steps"]) for s in json.loads(journal_file)["sessions"])
    person = UserFactory()

    with CaptureQueriesContext(connection) as queries:
        import_data(user=person, data=journal_file)

    assert entries > 100
    assert steps > 100
    assert insert_batches(queries, PainEntry._meta.db_table) == math.ceil(entries / 50)
    assert insert_batches(queries, SessionStep._meta.db_table) == math.ceil(steps / 50)


def test_a_longer_journal_takes_no_more_queries_while_it_fits_in_a_batch(journal_file):
    longer_file = exported_journal(90)
    counts = []

    for file in (journal_file, longer_file):
        with CaptureQueriesContext(connection) as queries:
            import_data(user=UserFactory(), data=file)
        counts.append(len(queries))

    assert len(longer_file) > 3 * len(journal_file)
    assert counts[0] == counts[1]


class LastBatchFails:
    """Fails the last INSERT of steps: the import's last write."""

    def __init__(self, batches: int):
        self.batches, self.seen = batches, 0

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{SessionStep._meta.db_table}"'):
            self.seen += 1
            if self.seen == self.batches:
                raise DatabaseError("the disk is full")
        return execute(sql, params, many, context)


@pytest.mark.parametrize("mode", [ADD, REPLACE])
def test_an_import_whose_last_batch_fails_leaves_the_journal_as_it_was(
    journal_file, monkeypatch, mode
):
    monkeypatch.setattr(writer, "BATCH", 20)
    steps = sum(len(s["steps"]) for s in json.loads(journal_file)["sessions"])
    person = UserFactory()
    long_journal(person, days=5, seed=3)
    RoutineFactory(owner=person, name="Mine")
    before = without_stamp(export_data(user=person))
    failing = LastBatchFails(math.ceil(steps / 20))

    with pytest.raises(DatabaseError), connection.execute_wrapper(failing):
        import_data(user=person, data=journal_file, mode=mode)

    assert failing.seen == failing.batches > 1
    assert without_stamp(export_data(user=person)) == before


def test_an_import_sent_while_another_is_being_read_is_answered_busy_then_taken(
    client, journal_file
):
    person = UserFactory()
    client.force_login(person)

    def send():
        upload = SimpleUploadedFile("backstretch.json", journal_file)
        form = {"file": upload, "mode": REPLACE, "confirm": "on"}
        return client.post(reverse("journal:import"), form)

    with import_gate.one_at_a_time() as ours:
        busy = send()
    taken = send()

    assert ours
    assert busy.status_code == 429
    assert busy["Retry-After"] == str(import_gate.RETRY_SECONDS)
    assert "Another import is being read" in busy.content.decode()
    assert taken.status_code == 302
    assert PainEntry.objects.filter(user=person).count() > 100
