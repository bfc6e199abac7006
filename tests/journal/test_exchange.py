import copy
import csv
import io
import json
import re
import uuid
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journal.exchange import reader, writer
from journal.exchange.export import export_csv, export_data
from journal.exchange.format import ADD, CSV_TABLES, MODES, ImportProblem, ImportReport
from journal.exchange.writer import import_data
from journal.models import JournalProfile, PainEntry, Session, SessionStep
from routines.models import Routine
from stretches.models import AvoidedMovement
from tests.factories import (
    JournalProfileFactory,
    RoutineFactory,
    RoutineItemFactory,
    StretchFactory,
    UserFactory,
    spine_movement,
)

pytestmark = pytest.mark.django_db


def ago(**delta) -> timezone.datetime:
    return timezone.now() - timedelta(**delta)


def add_session(user, *, steps=(), **fields) -> Session:
    values = {
        "routine_name": "Morning",
        "play_key": uuid.uuid4(),
        "started_at": ago(days=1),
        "status": Session.Status.COMPLETED,
    }
    if "finished_at" not in fields:
        values["finished_at"] = fields.get("started_at", values["started_at"]) + timedelta(
            minutes=10
        )
    session = Session.objects.create(user=user, **(values | fields))
    SessionStep.objects.bulk_create(
        SessionStep(
            session=session,
            step_index=index,
            stretch=stretch,
            stretch_name=stretch.name if stretch else "A stretch no longer in the catalogue",
            side=side,
            set_number=1,
            planned_seconds=30,
            actual_seconds=28 if outcome == "done" else 3,
            outcome=outcome,
        )
        for index, (stretch, side, outcome) in enumerate(steps)
    )
    return session


def fill_account(user) -> None:
    """Something of every kind a person can own."""
    hug = StretchFactory(name="Knees hug")
    figure_four = StretchFactory(name="Figure four", per_side=True)
    cat_cow = StretchFactory(name="Cat-cow", repetitions_kind=True)

    JournalProfileFactory(
        user=user,
        weekly_goal=5,
        reminder_days=["MO", "TH", "SA"],
        reminder_time=time(7, 30),
        feed_token="secret-feed-token-of-the-first-account",
    )
    for slug in ("forward-bending", "rotation"):
        AvoidedMovement.objects.create(user=user, movement=spine_movement(slug))

    morning = RoutineFactory(owner=user, name="Morning", description="Before work.\nSlowly.")
    RoutineItemFactory(routine=morning, stretch=hug, position=1)
    RoutineItemFactory(
        routine=morning, stretch=figure_four, position=2, sides="left-right", hold_seconds=45
    )
    RoutineItemFactory(routine=morning, stretch=cat_cow, position=3, repetitions=12, sets=3)
    evening = RoutineFactory(
        owner=user, name="Evening", get_ready_seconds=10, rest_seconds=20, switch_seconds=0
    )
    RoutineItemFactory(routine=evening, stretch=figure_four, position=1, sides="left")
    RoutineFactory(owner=user, name="Still empty")
    Routine.objects.filter(pk=morning.pk).update(created_at=ago(days=300))
    Routine.objects.filter(pk=evening.pk).update(created_at=ago(days=200))
    starter = RoutineFactory(starter=True, name="Desk break")

    PainEntry.objects.create(
        user=user,
        recorded_at=ago(days=180, minutes=3),
        level=7,
        areas=["lower-back", "left-leg"],
        qualities=["aching", "tingling"],
        worse=["sitting", "lifting"],
        better=["walking", "stretching"],
        factors_note="Long drive; =cold weather",
        note="Woke up stiff.\nBetter by lunch — mostly. ✓",
    )
    PainEntry.objects.create(user=user, recorded_at=ago(days=2), level=0)
    PainEntry.objects.create(user=user, recorded_at=ago(days=2), level=3, areas=["neck"])

    add_session(
        user,
        routine=morning,
        routine_name="Morning",
        started_at=ago(days=100),
        finished_at=ago(days=100) + timedelta(minutes=12),
        status=Session.Status.PARTIAL,
        pain_before=6,
        pain_after=4,
        note="Hips felt tight.",
        steps=[
            (hug, "", "done"),
            (figure_four, "left", "done"),
            (figure_four, "right", "skipped"),
            (None, "", "done"),
        ],
    )
    add_session(
        user,
        routine=None,
        routine_name="Physio's exercises",
        started_at=ago(days=50),
        finished_at=ago(days=50) + timedelta(minutes=20),
        pain_before=5,
        pain_after=2,
        manual=True,
    )
    add_session(
        user,
        routine=starter,
        routine_name="Desk break",
        started_at=ago(days=10),
        finished_at=None,
        status=Session.Status.ABANDONED,
        steps=[(cat_cow, "", "skipped")],
    )
    add_session(
        user,
        routine=evening,
        routine_name="Evening",
        started_at=ago(days=1),
        finished_at=ago(days=1) + timedelta(minutes=1),
        # Ended before the first stretch, when such sessions were still kept.
        status=Session.Status.ABANDONED,
    )


def without_stamp(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "exported_at"}


@pytest.fixture
def person_with_everything():
    """Someone who owns something of every kind (`fill_account`)."""
    user = UserFactory()
    fill_account(user)
    return user


@pytest.fixture
def exported(person_with_everything) -> dict:
    return export_data(user=person_with_everything)


# ---------------------------------------------------------------------------------------
# Export


def test_export_holds_the_format_marker_and_everything_the_person_owns(exported):
    assert exported["format"] == "backstretch-export"
    assert exported["version"] == 1
    assert timezone.datetime.fromisoformat(exported["exported_at"]).tzinfo is not None
    assert exported["profile"] == {
        "weekly_goal": 5,
        "reminder_days": ["MO", "TH", "SA"],
        "reminder_time": "07:30",
    }
    assert exported["avoided_movements"] == ["forward-bending", "rotation"]
    assert [routine["name"] for routine in exported["routines"]] == [
        "Morning",
        "Evening",
        "Still empty",
    ]
    assert [routine["ref"] for routine in exported["routines"]] == [1, 2, 3]
    assert exported["routines"][0]["items"][1] == {
        "stretch": "figure-four" if False else exported["routines"][0]["items"][1]["stretch"],
        "hold_seconds": 45,
        "repetitions": 1,
        "sets": 2,
        "sides": "left-right",
        "rest_seconds": 10,
    }
    assert len(exported["pain_entries"]) == 3
    sessions = exported["sessions"]
    assert [session["routine_ref"] for session in sessions] == [1, None, None, 2]
    assert [session["manual"] for session in sessions] == [False, True, False, False]
    assert [step["outcome"] for step in sessions[0]["steps"]] == [
        "done",
        "done",
        "skipped",
        "done",
    ]
    assert sessions[0]["steps"][3]["stretch"] is None
    json.dumps(exported)  # plain JSON, nothing else


def test_export_leaves_out_the_feed_token_starter_routines_and_other_people(
    person_with_everything, exported
):
    stranger = UserFactory()
    add_session(stranger, routine_name="Not mine")
    RoutineFactory(owner=stranger, name="Their routine")

    text = json.dumps(export_data(user=person_with_everything))

    assert "secret-feed-token" not in text
    assert "feed_token" not in text
    assert "Not mine" not in text
    assert "Their routine" not in text
    assert '"name": "Desk break"' not in text
    assert (
        exported["sessions"][2]["routine_starter"]
        == Routine.objects.get(name="Desk break").starter_key
    )


def test_export_of_a_new_account_gives_the_default_settings_and_writes_nothing():
    newcomer = UserFactory()

    data = export_data(user=newcomer)

    assert data["profile"] == {"weekly_goal": 3, "reminder_days": [], "reminder_time": None}
    assert data["routines"] == data["pain_entries"] == data["sessions"] == []
    assert not JournalProfile.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize("rows", [1, 50])
def test_export_costs_the_same_queries_however_much_there_is(django_assert_num_queries, rows):
    me = UserFactory()
    stretch = StretchFactory()
    for number in range(rows):
        routine = RoutineFactory(owner=me, stretches=[stretch])
        PainEntry.objects.create(user=me, recorded_at=ago(hours=number), level=number % 11)
        add_session(me, routine=routine, steps=[(stretch, "", "done")] * 3)
    AvoidedMovement.objects.create(user=me, movement=spine_movement("rotation"))

    with django_assert_num_queries(6):
        data = export_data(user=me)

    assert len(data["sessions"]) == rows


# ---------------------------------------------------------------------------------------
# Round trips


def test_a_round_trip_through_a_new_account_is_lossless(person_with_everything, exported):
    username = person_with_everything.username
    person_with_everything.delete()
    newcomer = UserFactory(username=username)

    report = import_data(user=newcomer, data=json.dumps(exported).encode())

    assert without_stamp(export_data(user=newcomer)) == without_stamp(exported)
    assert report == ImportReport(routines=3, pain_entries=3, sessions=4, steps=5)


def test_the_round_trip_keeps_when_each_thing_was_made_and_changed(
    person_with_everything, exported
):
    person_with_everything.delete()
    newcomer = UserFactory()

    import_data(user=newcomer, data=exported)

    again = export_data(user=newcomer)
    assert [r["updated_at"] for r in again["routines"]] == [
        r["updated_at"] for r in exported["routines"]
    ]
    assert [e["created_at"] for e in again["pain_entries"]] == [
        e["created_at"] for e in exported["pain_entries"]
    ]
    assert (
        again["sessions"][0]["steps"][0]["recorded_at"]
        == (exported["sessions"][0]["steps"][0]["recorded_at"])
    )


def test_a_file_written_before_those_times_were_exported_still_imports(
    person_with_everything, exported
):
    for routine in exported["routines"]:
        del routine["updated_at"]
    for entry in exported["pain_entries"]:
        del entry["created_at"]
    for session in exported["sessions"]:
        for step in session["steps"]:
            del step["recorded_at"]

    report = import_data(user=person_with_everything, data=exported)

    assert report.pain_entries == 3
    assert (
        PainEntry.objects.filter(user=person_with_everything, created_at__isnull=False).count() == 3
    )


def test_importing_an_export_into_the_same_account_replaces_and_does_not_duplicate(
    person_with_everything, exported
):
    token = JournalProfile.objects.get(user=person_with_everything).feed_token

    import_data(user=person_with_everything, data=exported)
    import_data(user=person_with_everything, data=json.dumps(exported))

    assert without_stamp(export_data(user=person_with_everything)) == without_stamp(exported)
    assert Session.objects.filter(user=person_with_everything).count() == 4
    assert Routine.objects.filter(owner=person_with_everything).count() == 3
    assert JournalProfile.objects.get(user=person_with_everything).feed_token == token
    assert {str(key) for key in Session.objects.values_list("play_key", flat=True)} == {
        session["play_key"] for session in exported["sessions"]
    }


def test_importing_replaces_what_was_there_before(person_with_everything, exported):
    other = UserFactory()
    PainEntry.objects.create(user=other, recorded_at=ago(days=1), level=9)
    RoutineFactory(owner=other, name="To be replaced")

    import_data(user=other, data=exported)

    assert not Routine.objects.filter(name="To be replaced").exists()
    assert not PainEntry.objects.filter(user=other, level=9).exists()
    assert (
        export_data(user=person_with_everything)["sessions"] == exported["sessions"]
    )  # the first is untouched


def test_a_play_key_another_person_uses_gets_a_new_one(person_with_everything, exported):
    newcomer = UserFactory()

    import_data(user=newcomer, data=exported)

    theirs = set(
        Session.objects.filter(user=person_with_everything).values_list("play_key", flat=True)
    )
    mine = set(Session.objects.filter(user=newcomer).values_list("play_key", flat=True))
    assert len(mine) == 4
    assert not theirs & mine


def test_importing_makes_the_journal_settings_with_a_secret_feed_token_when_missing(exported):
    newcomer = UserFactory()

    import_data(user=newcomer, data=exported)

    profile = JournalProfile.objects.get(user=newcomer)
    assert (profile.weekly_goal, profile.reminder_days) == (5, ["MO", "TH", "SA"])
    assert profile.reminder_time == time(7, 30)
    assert len(profile.feed_token) >= 40
    assert profile.feed_token != "secret-feed-token-of-the-first-account"


def test_an_empty_export_imports_into_an_empty_account():
    newcomer = UserFactory()

    report = import_data(user=newcomer, data=export_data(user=UserFactory()))

    assert str(report) == "Imported 0 routines, 0 pain entries and 0 sessions."


@pytest.mark.parametrize(
    ("report", "text"),
    [
        (
            ImportReport(routines=3, pain_entries=812, sessions=240, steps=2000),
            "Imported 3 routines, 812 pain entries and 240 sessions.",
        ),
        (
            ImportReport(routines=1, pain_entries=1, sessions=1, steps=1),
            "Imported 1 routine, 1 pain entry and 1 session.",
        ),
        (
            ImportReport(routines=0, pain_entries=2045, sessions=0, steps=0),
            "Imported 0 routines, 2,045 pain entries and 0 sessions.",
        ),
    ],
)
def test_the_import_report_reads_as_a_sentence(report, text):
    assert str(report) == text


# ---------------------------------------------------------------------------------------
# Refused files: every problem named where it is, and nothing changed


def future() -> str:
    return (timezone.now() + timedelta(days=1)).isoformat()


def set_items(data: dict, count: int) -> None:
    data["routines"][0]["items"] = [copy.deepcopy(data["routines"][0]["items"][0])] * count


BAD_FILES = [
    (
        "pain after above ten",
        lambda d: d["sessions"][0].update(pain_after=11),
        "Session 1: the pain after must be 0 to 10, or empty (null); it is 11",
    ),
    (
        "level as text",
        lambda d: d["pain_entries"][0].update(level="7"),
        'Pain entry 1: the level must be a whole number from 0 to 10, not "7"',
    ),
    (
        "level as true",
        lambda d: d["pain_entries"][1].update(level=True),
        "Pain entry 2: the level must be a whole number from 0 to 10, not true",
    ),
    (
        "level as a fraction",
        lambda d: d["pain_entries"][1].update(level=2.5),
        "Pain entry 2: the level must be a whole number from 0 to 10, not 2.5",
    ),
    (
        "unknown field",
        lambda d: d["pain_entries"][0].update(mood="good"),
        'Pain entry 1: has "mood", which Backstretch does not know',
    ),
    (
        "unknown top-level field",
        lambda d: d.update(colour="blue"),
        'The file: has "colour", which Backstretch does not know',
    ),
    (
        "missing field",
        lambda d: d["sessions"][1].pop("status"),
        "Session 2: the status is missing",
    ),
    (
        "missing list",
        lambda d: d.pop("sessions"),
        "The file: the sessions are missing",
    ),
    (
        "unknown area",
        lambda d: d["pain_entries"][0].update(areas=["knee"]),
        'Pain entry 1: "knee" is not one of the choices for where it hurt (["',
    ),
    (
        "area twice",
        lambda d: d["pain_entries"][0].update(areas=["neck", "neck"]),
        'Pain entry 1: "neck" is listed twice in where it hurt',
    ),
    (
        "unknown quality",
        lambda d: d["pain_entries"][0].update(qualities=["throbbing"]),
        'Pain entry 1: "throbbing" is not one of the choices for what the pain was like (["',
    ),
    (
        "unknown factor",
        lambda d: d["pain_entries"][0].update(better=["chocolate"]),
        'Pain entry 1: "chocolate" is not one of the choices for what made it better (["',
    ),
    (
        "factors note too long",
        lambda d: d["pain_entries"][0].update(factors_note="x" * 201),
        "Pain entry 1: the note on other things must be at most 200 characters (it has 201)",
    ),
    (
        "future pain entry",
        lambda d: d["pain_entries"][2].update(recorded_at=future()),
        "Pain entry 3: the time is in the future",
    ),
    (
        "future session",
        lambda d: d["sessions"][3].update(started_at=future()),
        "Session 4: the start is in the future",
    ),
    (
        "date without its offset",
        lambda d: d["pain_entries"][0].update(recorded_at="2026-01-05T07:30:00"),
        "Pain entry 1: the time must be a date and time with its offset from UTC, like",
    ),
    (
        "not a date",
        lambda d: d["sessions"][0].update(finished_at="yesterday"),
        "Session 1: the end must be a date and time with its offset from UTC, like",
    ),
    (
        "finished before started",
        lambda d: d["sessions"][0].update(finished_at="2020-01-01T00:00:00+00:00"),
        "Session 1: the end comes before the start",
    ),
    (
        "year 1 with an offset (would overflow)",
        lambda d: d["pain_entries"][0].update(recorded_at="0001-01-01T00:30:00+05:00"),
        'Pain entry 1: the time is before 2000 ("0001-01-01T00:30:00+05:00")',
    ),
    (
        "year 1 in UTC (would break the dashboard)",
        lambda d: d["sessions"][0].update(started_at="0001-01-01T00:00:00+00:00"),
        'Session 1: the start is before 2000 ("0001-01-01T00:00:00+00:00")',
    ),
    (
        "a NUL character",
        lambda d: d["pain_entries"][0].update(note="stiff\u0000"),
        "Pain entry 1: the note holds a character that cannot be stored (a NUL or a broken one)",
    ),
    (
        "half of a UTF-16 pair",
        lambda d: d["sessions"][0].update(routine_name="Morning \ud800"),
        "Session 1: the routine's name holds a character that cannot be stored (a NUL or a",
    ),
    (
        "completed but never finished",
        lambda d: d["sessions"][0].update(status="completed", finished_at=None),
        'Session 1: is "completed" but has no end (finished_at)',
    ),
    (
        "a step recorded in the future",
        lambda d: d["sessions"][0]["steps"][0].update(recorded_at="2999-01-01T00:00:00+00:00"),
        "Session 1, step 1: the time is in the future",
    ),
    (
        "unknown status",
        lambda d: d["sessions"][0].update(status="done"),
        'Session 1: the status must be one of ["completed", "partial", "abandoned", "…',
    ),
    (
        "manual as text",
        lambda d: d["sessions"][1].update(manual="yes"),
        "Session 2: “entered by hand” must be true or false",
    ),
    (
        "session note too long",
        lambda d: d["sessions"][0].update(note="x" * 2001),
        "Session 1: the note must be at most 2000 characters (it has 2001)",
    ),
    (
        "empty routine name of a session",
        lambda d: d["sessions"][0].update(routine_name=""),
        "Session 1: the routine's name must not be empty",
    ),
    (
        "routine ref pointing nowhere",
        lambda d: d["sessions"][0].update(routine_ref=99),
        "Session 1: its routine (ref 99) is not in the file",
    ),
    (
        "unknown starter routine",
        lambda d: d["sessions"][2].update(routine_starter="no-such-starter"),
        'Session 3: its starter routine "no-such-starter" is not one of Backstretch\'s starter',
    ),
    (
        "not a uuid",
        lambda d: d["sessions"][0].update(play_key="abc"),
        'Session 1: its key must be a UUID, like "1b4e28ba-2d11-4f1e-8b5c-0b5f2c6d3e1a", as',
    ),
    (
        "play key twice",
        lambda d: d["sessions"][1].update(play_key=d["sessions"][0]["play_key"]),
        "Session 2: has the same key as session 1; a session can be in the file only once",
    ),
    (
        "session not an object",
        lambda d: d["sessions"].__setitem__(1, 5),
        "Session 2: is not in the form Backstretch writes (an object, {…})",
    ),
    (
        "unknown outcome",
        lambda d: d["sessions"][0]["steps"][1].update(outcome="maybe"),
        'Session 1, step 2: the outcome must be one of ["done", "skipped"], not "maybe"',
    ),
    (
        "unknown side of a step",
        lambda d: d["sessions"][0]["steps"][1].update(side="up"),
        'Session 1, step 2: the side must be one of ["", "left", "right"], not "up"',
    ),
    (
        "step index twice",
        lambda d: d["sessions"][0]["steps"][1].update(step_index=0),
        "Session 1, step 2: the step number 0 comes twice",
    ),
    (
        "unknown stretch of a step",
        lambda d: d["sessions"][0]["steps"][0].update(stretch="moonwalk"),
        'Session 1, step 1: the stretch "moonwalk" is not in the catalogue',
    ),
    (
        "negative actual seconds",
        lambda d: d["sessions"][0]["steps"][0].update(actual_seconds=-1),
        "Session 1, step 1: the time taken must be 0 to 3600; it is -1",
    ),
    (
        "unknown stretch of an item",
        lambda d: d["routines"][0]["items"][0].update(stretch="moonwalk"),
        'Routine 1, “Morning”, stretch 1: the stretch "moonwalk" is not in the catalogue',
    ),
    (
        "both sides at once for a one-sided stretch",
        lambda d: d["routines"][0]["items"][1].update(sides="both"),
        'Routine 1, “Morning”, stretch 2: the sides "both" do not suit this stretch; use one of',
    ),
    (
        "one side for a symmetric stretch",
        lambda d: d["routines"][0]["items"][0].update(sides="left"),
        'Routine 1, “Morning”, stretch 1: the sides "left" do not suit this stretch; use one of',
    ),
    (
        "unknown sides",
        lambda d: d["routines"][0]["items"][0].update(sides="all"),
        'Routine 1, “Morning”, stretch 1: the sides must be one of ["both", "left-right",',
    ),
    (
        "hold too long",
        lambda d: d["routines"][0]["items"][0].update(hold_seconds=301),
        "Routine 1, “Morning”, stretch 1: the hold must be 5 to 300; it is 301",
    ),
    (
        "too many sets",
        lambda d: d["routines"][0]["items"][2].update(sets=11),
        "Routine 1, “Morning”, stretch 3: the sets must be 1 to 10; it is 11",
    ),
    (
        "too many items",
        lambda d: set_items(d, 41),
        "Routine 1, “Morning”: has 41 stretches; a routine holds at most 40",
    ),
    (
        "items not a list",
        lambda d: d["routines"][1].update(items={"stretch": "x"}),
        "Routine 2, “Evening”: the list of stretches must be a list ([…])",
    ),
    (
        "blank routine name",
        lambda d: d["routines"][0].update(name="   "),
        "Routine 1: the name must not be empty",
    ),
    (
        "routine name too long",
        lambda d: d["routines"][0].update(name="x" * 101),
        "Routine 1, “xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…”: the name must be at most 100",
    ),
    (
        "get ready too long",
        lambda d: d["routines"][1].update(get_ready_seconds=61),
        "Routine 2, “Evening”: the time to get ready must be 0 to 60; it is 61",
    ),
    (
        "ref twice",
        lambda d: d["routines"][2].update(ref=1),
        "Routine 3: has the same number (ref) as routine 1",
    ),
    (
        "weekly goal of none",
        lambda d: d["profile"].update(weekly_goal=0),
        "Your settings: the weekly goal must be 1 to 14; it is 0",
    ),
    (
        "unknown weekday",
        lambda d: d["profile"].update(reminder_days=["XX"]),
        'Your settings: "XX" is not one of the choices for the reminder days (["',
    ),
    (
        "reminder time not a time",
        lambda d: d["profile"].update(reminder_time="7.30"),
        'Your settings: the reminder time must be a time of day like "07:30", or empty (null),',
    ),
    (
        "reminder days without a time",
        lambda d: d["profile"].update(reminder_time=None),
        "Your settings: the reminder time needs a time of day when there are reminder days",
    ),
    (
        "unknown movement",
        lambda d: d["avoided_movements"].append("jumping"),
        'The file: "jumping" is not one of the choices for the movements you avoid (["',
    ),
]


@pytest.mark.parametrize(
    ("change", "problem"),
    [(change, problem) for _, change, problem in BAD_FILES],
    ids=[name for name, _, _ in BAD_FILES],
)
def test_a_bad_file_is_refused_saying_where_and_nothing_changes(
    person_with_everything, exported, change, problem
):
    bad = copy.deepcopy(exported)
    change(bad)
    before = without_stamp(export_data(user=person_with_everything))

    with pytest.raises(ImportProblem) as refused:
        import_data(user=person_with_everything, data=json.dumps(bad).encode())

    # Which day an entry or session is on is left out here (the file's days move with today).
    undated = [re.sub(r", \d{1,2} [A-Z][a-z]+ \d{4}", "", p) for p in refused.value.problems]
    assert any(listed.startswith(problem) for listed in undated), refused.value.problems
    assert without_stamp(export_data(user=person_with_everything)) == before
    assert JournalProfile.objects.get(user=person_with_everything).feed_token == (
        "secret-feed-token-of-the-first-account"
    )


def test_future_times_are_called_so(exported):
    bad = copy.deepcopy(exported)
    bad["pain_entries"][0]["recorded_at"] = future()

    with pytest.raises(ImportProblem) as refused:
        import_data(user=UserFactory(), data=bad)

    assert "the time is in the future" in refused.value.problems[0]


def test_every_problem_of_the_file_is_listed_at_once(exported):
    bad = copy.deepcopy(exported)
    bad["pain_entries"][0]["level"] = 11
    bad["sessions"][3]["status"] = "nearly"
    bad["routines"][1]["items"][0]["stretch"] = "moonwalk"

    with pytest.raises(ImportProblem) as refused:
        import_data(user=UserFactory(), data=bad)

    assert [
        re.sub(r", \d{1,2} [A-Z][a-z]+ \d{4}", "", problem).split(":")[0]
        for problem in refused.value.problems
    ] == ["Routine 2, “Evening”, stretch 1", "Pain entry 1", "Session 4"]


def test_beyond_twenty_problems_the_rest_are_counted(exported):
    bad = copy.deepcopy(exported)
    bad["pain_entries"] = [{"level": 3}] * 25  # each misses its time and six more fields

    with pytest.raises(ImportProblem) as refused:
        import_data(user=UserFactory(), data=bad)

    assert len(refused.value.problems) == 21
    assert refused.value.problems[-1] == "…and 155 more."
    assert refused.value.count == 175


def test_a_failed_import_keeps_the_existing_journal(person_with_everything, exported):
    bad = copy.deepcopy(exported)
    bad["routines"] = []
    bad["pain_entries"] = []
    bad["sessions"] = [{"play_key": "not a uuid"}]

    with pytest.raises(ImportProblem):
        import_data(user=person_with_everything, data=bad)

    assert Routine.objects.filter(owner=person_with_everything).count() == 3
    assert PainEntry.objects.filter(user=person_with_everything).count() == 3
    assert SessionStep.objects.filter(session__user=person_with_everything).count() == 5
    assert AvoidedMovement.objects.filter(user=person_with_everything).count() == 2


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'{"format": "backstretch-export", ', "This is not a file Backstretch can read: it is"),
        (b"", "This is not a file Backstretch can read: it is not the JSON file from Export, or"),
        ("[1, 2", "The file must hold one JSON object ({…}), as Backstretch's do."),
        (b"\xff\xfe\x00{", "The file is not text (UTF-8)."),
        ('{"format": NaN}', "This is not a file Backstretch can read"),
        ("[" * 100_000 + "]" * 100_000, "The file must hold one JSON object ({…})"),
        (
            '{"format": "backstretch-export", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "This is not a file Backstretch can read",
        ),
        ("[]", "The file must hold one JSON object ({…}), as Backstretch's do."),
        (
            '{"format": "another-app", "version": 1}',
            'This is not a Backstretch export: its "format" must be "backstretch-export".',
        ),
        ({"version": 1}, 'This is not a Backstretch export: its "format" must be'),
        (
            '{"format": "backstretch-export", "version": 2}',
            "The file is of version 2; Backstretch reads version 1.",
        ),
        (
            '{"format": "backstretch-export", "version": true}',
            "The file is of version true; Backstretch reads version 1.",
        ),
    ],
    ids=[
        "cut short",
        "empty",
        "open list",
        "not utf-8",
        "not a number",
        "a list nested too deep",
        "nested too deep",
        "a list",
        "another format",
        "no format",
        "a later version",
        "version true",
    ],
)
def test_a_file_that_is_not_a_backstretch_export_is_refused_before_anything_else(
    person_with_everything, data, problem
):
    with pytest.raises(ImportProblem) as refused:
        import_data(user=person_with_everything, data=data)

    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(problem)
    assert PainEntry.objects.filter(user=person_with_everything).count() == 3


def test_a_byte_order_mark_at_the_start_is_fine(exported):
    newcomer = UserFactory()

    import_data(user=newcomer, data="\ufeff".encode() + json.dumps(exported).encode())

    assert PainEntry.objects.filter(user=newcomer).count() == 3


def test_a_file_with_too_many_records_is_refused(monkeypatch, exported):
    monkeypatch.setattr(reader, "MAX_OBJECTS", 10)
    # 2 movements, 3 routines with 4 items, 3 pain entries, 4 sessions with 5 steps
    with pytest.raises(ImportProblem) as refused:
        import_data(user=UserFactory(), data=exported)

    assert refused.value.problems == ["The file holds 21 records; an import takes at most 10."]


def test_a_file_at_the_limit_of_records_is_taken(monkeypatch, exported):
    monkeypatch.setattr(reader, "MAX_OBJECTS", 21)

    report = import_data(user=UserFactory(), data=exported)

    assert report.steps == 5


# ---------------------------------------------------------------------------------------
# CSV


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_pain_entries_csv_has_clear_columns_and_one_row_per_entry(person_with_everything):
    rows = read_csv(export_csv(user=person_with_everything, table="pain-entries"))

    assert rows[0] == [
        "recorded_at",
        "level",
        "areas",
        "qualities",
        "made_worse_by",
        "made_better_by",
        "other_factors",
        "note",
    ]
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    entry = PainEntry.objects.filter(user=person_with_everything).order_by("recorded_at").first()
    assert first["recorded_at"] == timezone.localtime(entry.recorded_at).isoformat(
        timespec="seconds"
    )
    assert first["level"] == "7"
    assert first["areas"] == "lower-back;left-leg"
    assert first["made_better_by"] == "walking;stretching"
    assert first["note"] == "Woke up stiff.\nBetter by lunch — mostly. ✓"


def test_sessions_csv_has_one_row_per_session_with_its_counts(person_with_everything):
    rows = read_csv(export_csv(user=person_with_everything, table="sessions"))

    assert rows[0] == [
        "session_key",
        "started_at",
        "finished_at",
        "routine_name",
        "status",
        "entered_by_hand",
        "pain_before",
        "pain_after",
        "steps_done",
        "steps_skipped",
        "note",
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["routine_name"], first["status"]) == ("Morning", "partial")
    assert (first["steps_done"], first["steps_skipped"]) == ("3", "1")
    assert (first["pain_before"], first["pain_after"]) == ("6", "4")
    assert [row[5] for row in rows[1:]] == ["no", "yes", "no", "no"]
    assert rows[3][2] == ""  # not finished


def test_session_steps_csv_names_the_session_of_each_step(person_with_everything):
    rows = read_csv(export_csv(user=person_with_everything, table="session-steps"))

    assert rows[0] == [
        "session_key",
        "session_started_at",
        "routine_name",
        "step_index",
        "stretch",
        "stretch_name",
        "side",
        "set_number",
        "planned_seconds",
        "actual_seconds",
        "outcome",
    ]
    assert len(rows) == 6
    keys = {
        str(key)
        for key in Session.objects.filter(user=person_with_everything).values_list("play_key")[0]
    }
    assert (
        rows[1][0]
        in {str(s.play_key) for s in Session.objects.filter(user=person_with_everything)} | keys
    )
    assert [row[-1] for row in rows[1:]] == ["done", "done", "skipped", "done", "skipped"]
    assert [row[6] for row in rows[1:4]] == ["", "left", "right"]


@pytest.mark.parametrize(
    "note",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\tindented",
        "\rreturn",
    ],
)
def test_csv_cells_a_spreadsheet_would_run_as_formulas_get_an_apostrophe(note):
    me = UserFactory()
    PainEntry.objects.create(user=me, recorded_at=ago(hours=1), level=2, note=note)
    add_session(me, routine_name=note, note=note)

    pain = read_csv(export_csv(user=me, table="pain-entries"))
    sessions = read_csv(export_csv(user=me, table="sessions"))

    assert pain[1][-1] == f"'{note}"
    assert sessions[1][3] == f"'{note}"
    assert sessions[1][-1] == f"'{note}"


def test_csv_leaves_ordinary_text_alone(person_with_everything):
    rows = read_csv(export_csv(user=person_with_everything, table="pain-entries"))

    assert rows[1][6] == "Long drive; =cold weather"


def test_an_unknown_csv_table_is_a_value_error(person_with_everything):
    with pytest.raises(ValueError, match="No table 'routines'"):
        export_csv(user=person_with_everything, table="routines")


@pytest.mark.parametrize("table", CSV_TABLES)
@pytest.mark.parametrize("rows", [1, 30])
def test_csv_costs_one_query_however_many_rows(django_assert_num_queries, table, rows):
    me = UserFactory()
    stretch = StretchFactory()
    for number in range(rows):
        PainEntry.objects.create(user=me, recorded_at=ago(hours=number), level=1)
        add_session(me, steps=[(stretch, "", "done")] * 2)

    with django_assert_num_queries(1):
        export_csv(user=me, table=table)


def test_export_keeps_routines_in_order_with_their_items_and_the_empty_ones():
    me = UserFactory()
    first, second = StretchFactory(slug="first"), StretchFactory(slug="second")
    RoutineFactory(owner=me, name="Two", stretches=[second, first])
    RoutineFactory(owner=me, name="Empty")
    RoutineFactory(owner=UserFactory(), name="Not mine", stretches=[first])

    routines = export_data(user=me)["routines"]

    assert [(r["ref"], r["name"]) for r in routines] == [(1, "Two"), (2, "Empty")]
    assert [item["stretch"] for item in routines[0]["items"]] == ["second", "first"]
    assert list(routines[0]["items"][0]) == [
        "stretch",
        "hold_seconds",
        "repetitions",
        "sets",
        "sides",
        "rest_seconds",
    ]
    assert routines[1]["items"] == []


# ---------------------------------------------------------------------------------------
# Problems in plain words, and a table from Export


def test_a_problem_names_the_entry_as_the_person_knows_it():
    data = {
        "format": "backstretch-export",
        "version": 1,
        "profile": {"weekly_goal": 3, "reminder_days": [], "reminder_time": None},
        "avoided_movements": [],
        "routines": [],
        "pain_entries": [
            {
                "recorded_at": f"2026-05-0{day}T08:15:00+01:00",
                "level": 12 if day == 3 else 4,
                "areas": [],
                "qualities": [],
                "worse": [],
                "better": [],
                "factors_note": "",
                "note": "",
            }
            for day in (1, 2, 2, 3)
        ],
        "sessions": [],
    }

    with pytest.raises(ImportProblem) as refused:
        import_data(user=UserFactory(), data=data)

    assert refused.value.problems == [
        "Pain entry 4, 3 May 2026: the level must be 0 to 10; it is 12"
    ]


@pytest.mark.parametrize("table", CSV_TABLES)
def test_a_table_from_export_is_told_to_choose_the_json_file(person_with_everything, table):
    text = "\ufeff" + export_csv(user=person_with_everything, table=table)

    with pytest.raises(ImportProblem) as refused:
        import_data(user=person_with_everything, data=text.encode())

    assert refused.value.problems == [
        "This is a table from Export. Import reads the JSON file (backstretch.json), "
        "the one from “Download everything (JSON)”."
    ]


def test_another_table_is_called_a_table_not_bad_json(person_with_everything):
    with pytest.raises(ImportProblem) as refused:
        import_data(user=person_with_everything, data=b"date,pain\n2026-05-01,4\n")

    assert refused.value.problems[0].startswith("This looks like a table (CSV).")
    assert "Expecting value" not in refused.value.problems[0]


# ---------------------------------------------------------------------------------------
# Add to my journal: the file's rows but those already there


def test_adding_a_file_to_the_same_journal_adds_nothing_and_keeps_the_newer_entries(
    person_with_everything, exported
):
    for minutes in range(1, 5):  # logged minutes after the export
        PainEntry.objects.create(
            user=person_with_everything, recorded_at=ago(minutes=minutes), level=minutes
        )
    before = without_stamp(export_data(user=person_with_everything))

    report = import_data(user=person_with_everything, data=exported, mode=ADD)

    assert without_stamp(export_data(user=person_with_everything)) == before
    assert PainEntry.objects.filter(user=person_with_everything).count() == 7
    assert str(report) == (
        "Added 0 routines, 0 pain entries and 0 sessions to your journal. Already there, so "
        "left as they were: 3 routines, 3 pain entries and 4 sessions."
    )


def test_adding_puts_back_what_is_missing_and_links_it_to_the_routine_there(
    person_with_everything, exported
):
    morning = Routine.objects.get(owner=person_with_everything, name="Morning")
    Session.objects.filter(user=person_with_everything, routine=morning).delete()
    PainEntry.objects.filter(user=person_with_everything, level=7).delete()

    report = import_data(user=person_with_everything, data=exported, mode=ADD)

    assert (report.routines, report.pain_entries, report.sessions, report.steps) == (0, 1, 1, 4)
    restored = Session.objects.get(user=person_with_everything, routine_name="Morning")
    assert restored.routine_id == morning.pk
    assert str(restored.play_key) == exported["sessions"][0]["play_key"]
    assert Routine.objects.filter(owner=person_with_everything).count() == 3
    assert without_stamp(export_data(user=person_with_everything)) == without_stamp(exported)


def test_a_pain_entry_at_the_same_time_with_another_level_is_not_already_there(
    person_with_everything, exported
):
    changed = copy.deepcopy(exported)
    changed["pain_entries"][0]["level"] = 2

    report = import_data(user=person_with_everything, data=changed, mode=ADD)

    assert (report.pain_entries, report.pain_entries_there) == (1, 2)
    assert PainEntry.objects.filter(user=person_with_everything).count() == 4


def test_adding_to_another_account_keeps_its_settings_and_entries(exported):
    newcomer = UserFactory()
    JournalProfileFactory(user=newcomer, weekly_goal=2, feed_token="newcomers-token")
    PainEntry.objects.create(user=newcomer, recorded_at=ago(hours=1), level=5)
    AvoidedMovement.objects.create(user=newcomer, movement=spine_movement("rotation"))

    report = import_data(user=newcomer, data=exported, mode=ADD)

    assert (report.routines, report.pain_entries, report.sessions) == (3, 3, 4)
    assert PainEntry.objects.filter(user=newcomer).count() == 4
    profile = JournalProfile.objects.get(user=newcomer)
    assert (profile.weekly_goal, profile.feed_token) == (2, "newcomers-token")
    assert sorted(
        AvoidedMovement.objects.filter(user=newcomer).values_list("movement_id", flat=True)
    ) == ["forward-bending", "rotation"]
    # The play keys are the first account's: the newcomer's sessions get keys of their own.
    theirs = set(Session.objects.filter(user=newcomer).values_list("play_key", flat=True))
    assert not theirs & {uuid.UUID(s["play_key"]) for s in exported["sessions"]}


@pytest.mark.parametrize("mode", MODES)
def test_each_way_of_importing_is_all_or_nothing(
    person_with_everything, exported, monkeypatch, mode
):
    newer = copy.deepcopy(exported)
    newer["pain_entries"].append({**newer["pain_entries"][1], "level": 9})
    before = without_stamp(export_data(user=person_with_everything))

    def fail(user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(writer.services, "journal_changed", fail)
    with pytest.raises(RuntimeError):
        import_data(user=person_with_everything, data=newer, mode=mode)

    assert without_stamp(export_data(user=person_with_everything)) == before


def test_an_unknown_way_of_importing_is_a_value_error(person_with_everything, exported):
    with pytest.raises(ValueError, match="mode"):
        import_data(user=person_with_everything, data=exported, mode="merge")


@pytest.mark.parametrize(
    "broken",
    [
        '{"backstretch\\ud800": 1}',
        '{"pain_entries": [{"note": "stiff \\udc00 again"}]}',
        '{"sessions": [{"steps": [{"stretch_name": "\\ud83d"}]}]}',
        '["\\udfff"]',
    ],
)
def test_a_lone_surrogate_anywhere_is_a_plain_problem_not_a_500(person_with_everything, broken):
    with pytest.raises(ImportProblem) as refused:
        import_data(user=person_with_everything, data=broken.encode())

    assert refused.value.problems
    for problem in refused.value.problems:
        problem.encode("utf-8")  # the list of problems can be shown on a page


def test_a_lone_surrogate_in_an_upload_gets_the_import_page_with_the_problem(
    client, person_with_everything
):
    client.force_login(person_with_everything)
    upload = SimpleUploadedFile(
        "backstretch.json", b'{"format": "backstretch-export", "\\ud800": "\\udc00"}'
    )

    response = client.post(reverse("journal:import"), {"file": upload, "mode": "add"})

    assert response.status_code == 422  # the problems listed, not a 500
