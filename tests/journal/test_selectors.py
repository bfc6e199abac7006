"""The journal's reads: scoped to their owner and aggregated in the database."""

import datetime as dt

import pytest

from journal.models import PainEntry, SessionStep
from journal.selectors import (
    journal_figures,
    pain_days,
    routine_changes,
    session_day_counts,
    session_stretches,
)
from journal.services import profile_for
from tests.factories import PainEntryFactory, SessionFactory, SessionStepFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def session(user, *, before, after, stretches=(), **fields):
    played = SessionFactory(user=user, pain_before=before, pain_after=after, **fields)
    for index, name in enumerate(stretches):
        outcome = SessionStep.Outcome.SKIPPED if name.startswith("~") else SessionStep.Outcome.DONE
        SessionStepFactory(
            session=played, step_index=index, stretch_name=name.lstrip("~"), outcome=outcome
        )
    return played


def test_pain_days_group_entries_by_local_day_with_sum_count_and_range():
    person = UserFactory()
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    PainEntryFactory(user=person, level=2, recorded_at=dt.datetime(2026, 7, 1, 12, tzinfo=UTC))
    PainEntryFactory(user=person, level=6, recorded_at=dt.datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    PainEntryFactory(user=person, level=4, recorded_at=dt.datetime(2026, 7, 2, 8, tzinfo=UTC))
    PainEntryFactory(level=9, recorded_at=dt.datetime(2026, 7, 2, 8, tzinfo=UTC))  # someone else

    days = pain_days(person)

    assert [(d.day, d.total, d.count, d.low, d.high) for d in days] == [
        (dt.date(2026, 7, 1), 2, 1, 2, 2),
        (dt.date(2026, 7, 2), 10, 2, 4, 6),
    ]
    assert [d.day for d in pain_days(person, since=dt.date(2026, 7, 2))] == [dt.date(2026, 7, 2)]


def test_session_days_count_sessions_per_local_day():
    person = UserFactory()
    morning = dt.datetime(2026, 1, 5, 7, tzinfo=UTC)
    SessionFactory(user=person, started_at=morning)
    SessionFactory(user=person, started_at=morning + dt.timedelta(hours=10))
    SessionFactory(user=person, started_at=morning + dt.timedelta(days=1))
    SessionFactory(started_at=morning)
    SessionFactory(user=person, started_at=morning + dt.timedelta(days=2), status="abandoned")

    # Opening the player and leaving before the first stretch is not a day stretched.
    assert session_day_counts(person) == {dt.date(2026, 1, 5): 2, dt.date(2026, 1, 6): 1}


def test_routine_changes_average_after_minus_before_of_sessions_with_both():
    person = UserFactory()
    session(person, before=6, after=3, routine_name="Desk break")
    session(person, before=5, after=4, routine_name="Desk break")
    session(person, before=5, after=None, routine_name="Desk break")  # no after: left out
    session(person, before=2, after=2, routine_name="Wake-up in bed")
    session(person, before=8, after=1, routine_name="Desk break", status="abandoned")
    session(UserFactory(), before=9, after=0, routine_name="Desk break")

    rows = [
        (r.name, r.sessions, r.days, float(r.average_change), float(r.average_before))
        for r in routine_changes(person)
    ]

    assert rows == [("Desk break", 2, 1, -2.0, 5.5), ("Wake-up in bed", 1, 1, 0.0, 2.0)]


def test_each_session_lists_the_stretches_done_in_it_once():
    person = UserFactory()
    session(person, before=6, after=2, stretches=["Cat-cow", "Cat-cow", "Cat-cow", "Knee rolls"])
    session(person, before=4, after=4, stretches=["Cat-cow"])
    session(person, before=4, after=1, stretches=["~Cat-cow", "Knee rolls"])  # skipped: not done
    session(person, before=None, after=1, stretches=["Cat-cow"])  # no before: left out
    session(UserFactory(), before=9, after=0, stretches=["Cat-cow"])

    rows = sorted(
        (s.pain_before, s.pain_after, sorted(s.stretches)) for s in session_stretches(person)
    )

    assert rows == [
        (4, 1, ["Knee rolls"]),
        (4, 4, ["Cat-cow"]),
        (6, 2, ["Cat-cow", "Knee rolls"]),
    ]


def test_session_stretches_cost_one_query_however_much_data(django_assert_num_queries):
    person = UserFactory()
    for _ in range(30):
        session(person, before=5, after=3, stretches=["Cat-cow", "Child's pose", "Knee rolls"])

    with django_assert_num_queries(1):
        rows = session_stretches(person)

    assert len(rows) == 30
    assert {row.stretches for row in rows} == {frozenset({"Cat-cow", "Child's pose", "Knee rolls"})}


def test_the_day_of_an_entry_follows_its_time_in_the_sites_time_zone():
    person = UserFactory()
    entry = PainEntryFactory(user=person, recorded_at=dt.datetime(2026, 7, 1, 22, 30, tzinfo=UTC))
    (made,) = PainEntry.objects.bulk_create(
        [PainEntry(user=person, level=2, recorded_at=dt.datetime(2026, 1, 1, 23, 30, tzinfo=UTC))]
    )

    entry.recorded_at = dt.datetime(2026, 7, 1, 23, 30, tzinfo=UTC)  # 00:30 in London
    entry.save()

    assert PainEntry.objects.get(pk=entry.pk).day == dt.date(2026, 7, 2)
    assert PainEntry.objects.get(pk=made.pk).day == dt.date(2026, 1, 1)  # winter: no offset


def test_the_figures_are_only_drawn_with_the_persons_own_profile():
    """The profile keys what is cached: another's would hand over the other's figures."""
    person, other = UserFactory(), UserFactory()
    PainEntryFactory(user=other, level=8)

    with pytest.raises(ValueError, match="own journal profile"):
        journal_figures(person, profile_for(other))
    assert journal_figures(person, profile_for(person)).days == []
