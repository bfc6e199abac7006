"""The summary for a clinician: what it says about a period, from plain data.

The view draws it (journal.views.data.report); the selector `report_of` reads the rows."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from journal import insights
from journal.insights import DayComparison, DayPain

# The period a report covers at first: the last three months, today included.
REPORT_DAYS = 90
# A longer period tables pain by week rather than by day, to stay short on paper.
REPORT_DAILY_DAYS = 31


class PlayedSession(Protocol):
    routine_name: str


def report_period(
    *, today: date, start: date | None = None, end: date | None = None
) -> tuple[date, date]:
    """The first and last day of the report: the last 90 days unless chosen, and never a
    day after today."""
    if start is None or end is None:
        return today - timedelta(days=REPORT_DAYS), today
    return start, min(end, today)


@dataclass(frozen=True, kw_only=True)
class ReportFigures:
    pain_days: list[DayPain]  # the days with pain logged in the period, oldest first
    rolling: dict[date, float]  # the 7-day rolling average of pain, by day
    session_counts: dict[date, int]  # sessions on each day with any in the period
    sessions: list  # the sessions of the period, as the selector ordered them
    weekly_table: bool  # pain tabled by week (a long period), not by day
    average: float | None  # the mean of every entry; None with no entry
    entries: int
    days_logged: int
    lowest: int | None
    highest: int | None
    session_days: int  # days with at least one session
    routines: list[tuple[str, int]]  # each routine followed and its sessions, most first
    comparison: DayComparison  # pain on days with a session against days without


def report_figures(
    *,
    days: Iterable[DayPain],
    session_counts: Mapping[date, int],
    sessions: Sequence[PlayedSession],
    start: date,
    end: date,
) -> ReportFigures:
    """The report's figures over start..end from the pain days and session counts since
    `start` (later days are left out here) and the sessions of the period."""
    days = [day for day in days if day.day <= end]
    counts = {day: count for day, count in session_counts.items() if day <= end}
    entries = sum(day.count for day in days)
    return ReportFigures(
        pain_days=days,
        rolling=insights.rolling_average(days),
        session_counts=counts,
        sessions=list(sessions),
        weekly_table=(end - start).days + 1 > REPORT_DAILY_DAYS,
        average=sum(day.total for day in days) / entries if entries else None,
        entries=entries,
        days_logged=len(days),
        lowest=min((day.low for day in days), default=None),
        highest=max((day.high for day in days), default=None),
        session_days=len(counts),
        routines=routines_followed(sessions),
        comparison=insights.compare_session_days(days, set(counts)),
    )


def routines_followed(sessions: Iterable[PlayedSession]) -> list[tuple[str, int]]:
    """Each routine by name with how many sessions followed it, the most followed first
    (then by name)."""
    counts: dict[str, int] = {}
    for session in sessions:
        counts[session.routine_name] = counts.get(session.routine_name, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
