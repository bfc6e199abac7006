"""The CSV export's formula guard (OWASP's advice on CSV injection): a text cell that a
spreadsheet could run as a formula, even after spaces, control or invisible characters,
is written with a quote mark first; every other cell is left as it is."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from journal.exchange.export import export_csv
from journal.models import PainEntry, Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HIDDEN_FORMULAS = [
    " =1+1",
    "   +1+1",
    "\n=1+1",
    "\r\n-2+3",
    "\t@SUM(A1:A2)",
    "\x01=1+1",  # (not NUL: PostgreSQL's text cannot hold it, and no form takes it)
    "\x1f=1+1",
    "\u00a0=1+1",  # a no-break space
    "\u200b=1+1",  # a zero-width space
    "\ufeff=1+1",  # a byte order mark
    "\u3000=1+1",  # an ideographic space
    ' \t \n=HYPERLINK("http://evil.example","x")',
    "\nno formula, but a control character first",
    "\x07bell",
]


def rows(user, table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export_csv(user=user, table=table))))


@pytest.mark.parametrize("text", HIDDEN_FORMULAS)
def test_every_text_cell_with_a_hidden_formula_or_a_control_character_first_is_quoted(text):
    me = UserFactory()
    PainEntry.objects.create(
        user=me,
        recorded_at=timezone.now() - timedelta(hours=1),
        level=2,
        note=text,
        factors_note=text,
    )
    Session.objects.create(
        user=me,
        routine_name=text,
        note=text,
        play_key=uuid.uuid4(),
        started_at=timezone.now() - timedelta(days=1),
        finished_at=timezone.now() - timedelta(days=1) + timedelta(minutes=10),
        status=Session.Status.COMPLETED,
    )

    pain = rows(me, "pain-entries")
    sessions = rows(me, "sessions")

    assert pain[1][6] == pain[1][7] == f"'{text}"  # other factors, note
    assert sessions[1][3] == sessions[1][10] == f"'{text}"  # routine name, note


@pytest.mark.parametrize(
    "text",
    ["  a gentle morning", "1+1 is two", "e-mail me", "a = b", "", "Ça va", "\u00e9=1"],
)
def test_text_that_is_not_a_formula_is_left_as_it_is(text):
    me = UserFactory()
    PainEntry.objects.create(
        user=me, recorded_at=timezone.now() - timedelta(hours=1), level=2, note=text
    )

    assert rows(me, "pain-entries")[1][7] == text
