"""The summary for a clinician: its period and figures, from plain data; its rows, read."""

import datetime as dt
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from journal.insights import DayPain
from journal.report import REPORT_DAYS, report_figures, report_period, routines_followed
from journal.selectors import report_of
from tests.factories import PainEntryFactory, SessionFactory, UserFactory

TODAY = date(2026, 3, 18)


def day(when: date, *levels: int) -> DayPain:
    return DayPain(
        day=when, total=sum(levels), count=len(levels), low=min(levels), high=max(levels)
    )


def played(*names: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(routine_name=name) for name in names]


def figures(days=(), counts=None, sessions=(), *, start=TODAY - timedelta(days=6), end=TODAY):
    return report_figures(
        days=list(days), session_counts=counts or {}, sessions=list(sessions), start=start, end=end
    )


def test_the_report_covers_the_last_ninety_days_until_a_period_is_chosen():
    assert report_period(today=TODAY) == (TODAY - timedelta(days=REPORT_DAYS), TODAY)
    assert report_period(today=TODAY, start=date(2026, 1, 5), end=date(2026, 2, 1)) == (
        date(2026, 1, 5),
        date(2026, 2, 1),
    )


def test_a_report_never_ends_after_today():
    later = TODAY + timedelta(days=10)

    assert report_period(today=TODAY, start=date(2026, 3, 1), end=later) == (
        date(2026, 3, 1),
        TODAY,
    )


def test_days_after_the_end_of_the_period_are_left_out():
    end = TODAY - timedelta(days=2)
    days = [day(end - timedelta(days=1), 4), day(end, 6), day(TODAY, 9)]
    counts = {end: 1, TODAY: 2}

    report = figures(days, counts, start=end - timedelta(days=5), end=end)

    assert [pain.day for pain in report.pain_days] == [end - timedelta(days=1), end]
    assert report.highest == 6
    assert report.session_counts == {end: 1}
    assert report.session_days == 1


def test_the_average_is_of_every_entry_not_of_each_day():
    report = figures([day(TODAY - timedelta(days=1), 2, 2, 2), day(TODAY, 8)])

    assert report.average == 3.5  # 14 / 4 entries; the days' averages would give 5
    assert (report.entries, report.days_logged) == (4, 2)
    assert (report.lowest, report.highest) == (2, 8)


def test_a_period_with_no_pain_logged_has_no_average_and_no_extremes():
    report = figures()

    assert (report.average, report.lowest, report.highest) == (None, None, None)
    assert (report.entries, report.days_logged) == (0, 0)


def test_a_month_tables_pain_by_day_and_a_longer_period_by_week():
    month = figures(start=TODAY - timedelta(days=30), end=TODAY)
    longer = figures(start=TODAY - timedelta(days=31), end=TODAY)

    assert not month.weekly_table
    assert longer.weekly_table


def test_routines_followed_come_most_followed_first_then_by_name():
    sessions = played("Desk break", "Wake-up", "Desk break", "Back care", "Wake-up", "Zen")

    assert routines_followed(sessions) == [
        ("Desk break", 2),
        ("Wake-up", 2),
        ("Back care", 1),
        ("Zen", 1),
    ]


def test_the_comparison_sets_days_with_a_session_against_days_without():
    pain = [day(TODAY - timedelta(days=n), 3 if n % 2 else 7) for n in range(12)]
    counts = {TODAY - timedelta(days=n): 1 for n in range(1, 12, 2)}

    report = figures(pain, counts, start=TODAY - timedelta(days=11))

    assert report.comparison.with_sessions == 3
    assert report.comparison.without_sessions == 7


@pytest.mark.django_db
def test_the_report_reads_the_sessions_and_pain_of_its_period_only():
    person, today = UserFactory(), timezone.localdate()
    now = timezone.now()
    PainEntryFactory(user=person, level=3, recorded_at=now - dt.timedelta(days=2))
    PainEntryFactory(user=person, level=9, recorded_at=now - dt.timedelta(days=40))
    PainEntryFactory(level=1, recorded_at=now - dt.timedelta(days=1))  # someone else's
    kept = SessionFactory(user=person, started_at=now - dt.timedelta(days=2))
    SessionFactory(user=person, started_at=now - dt.timedelta(days=40))
    SessionFactory(started_at=now - dt.timedelta(days=1))  # someone else's

    report = report_of(person, start=today - timedelta(days=10), end=today)

    assert report.sessions == [kept]
    assert (report.entries, report.lowest, report.highest) == (1, 3, 3)
    assert report.session_days == 1
