"""What the journal says back: pure functions over plain data, no database.

The dashboard fetches aggregates (one row a day with pain logged, session counts a day, the
change in pain per routine and per stretch) and hands them to these functions. Every function
here is deterministic and takes "today" as an argument, so that it can be tested with
hand-built data.
"""

import calendar
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# How far apart the two groups must be, in points, for a change to be called out.
MEANINGFUL_CHANGE = 2.0
# Below this, a change in points is reported as "about the same".
NEGLIGIBLE_CHANGE = 0.5
# Below this, a change between two monthly averages is "about the same".
NEGLIGIBLE_MONTHLY_CHANGE = 0.05
# Floating-point slack when comparing averages with the thresholds above.
_EPSILON = 1e-9


@dataclass(frozen=True)
class DayPain:
    """The pain entries of one day, aggregated."""

    day: date
    total: int  # sum of the levels logged that day
    count: int  # how many entries
    low: int
    high: int

    @property
    def average(self) -> float:
        return self.total / self.count if self.count else 0.0


def _logged(days: Iterable[DayPain]) -> list[DayPain]:
    """The days with at least one entry, oldest first."""
    return sorted((d for d in days if d.count > 0), key=lambda d: d.day)


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _one_decimal(value: float) -> str:
    """1 decimal, never "-0.0"."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- Rolling average -------------------------------------------------------------------------


def rolling_average(days: Sequence[DayPain], *, window: int = 7) -> dict[date, float]:
    """For each day that has data: the mean of the daily averages of the days with data in the
    `window` days ending that day (calendar days, so gaps shrink the sample)."""
    if window < 1:
        raise ValueError("window must be at least 1 day")
    result: dict[date, float] = {}
    in_window: deque[tuple[date, float]] = deque()
    total = 0.0  # of the averages in the window: added and taken away as days come and go
    for day in _logged(days):
        average = day.average
        in_window.append((day.day, average))
        total += average
        while (day.day - in_window[0][0]).days >= window:
            total -= in_window.popleft()[1]
        result[day.day] = total / len(in_window)
    return result


# --- Streaks and this week -------------------------------------------------------------------


@dataclass(frozen=True)
class Streaks:
    current: int  # consecutive days with a session ending today, or ending yesterday if none today
    longest: int


def streaks(session_days: Collection[date], *, today: date) -> Streaks:
    """Runs of consecutive days with a session. Days after `today` are ignored."""
    days = sorted({d for d in session_days if d <= today})
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and (today - previous).days <= 1:
        current = run  # the last run ends today or yesterday
    return Streaks(current=current, longest=longest)


def week_start(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def sessions_this_week(session_counts: Mapping[date, int], *, today: date) -> int:
    """Sessions from Monday of today's week to today."""
    monday = week_start(today)
    return sum(count for day, count in session_counts.items() if monday <= day <= today)


# --- Days with a session against days without -------------------------------------------------


@dataclass(frozen=True)
class DayComparison:
    with_sessions: float | None  # average pain on days with a session (mean of daily averages)
    without_sessions: float | None
    days_with: int
    days_without: int
    minimum: int

    @property
    def enough(self) -> bool:
        """At least `minimum` days of each kind, so that a comparison means something."""
        return self.days_with >= self.minimum and self.days_without >= self.minimum

    @property
    def missing_with(self) -> int:
        return max(0, self.minimum - self.days_with)

    @property
    def missing_without(self) -> int:
        return max(0, self.minimum - self.days_without)

    @property
    def message(self) -> str:
        if self.enough:
            return (
                f"On days you stretched, your pain averaged {_one_decimal(self.with_sessions)}; "
                f"on other days, {_one_decimal(self.without_sessions)}."
            )
        needed = []
        if self.missing_with:
            needed.append(f"{_plural(self.missing_with, 'more day')} with a session")
        if self.missing_without:
            needed.append(f"{_plural(self.missing_without, 'more day')} without one")
        return f"Log your pain on {' and '.join(needed)} to compare them."


def compare_session_days(
    days: Sequence[DayPain], session_days: Collection[date], *, minimum: int = 5
) -> DayComparison:
    """Average pain on days with a session against days without. Only days with pain logged
    count; each day weighs the same, however many entries it has."""
    sessions = set(session_days)
    with_, without = [], []
    for day in _logged(days):
        (with_ if day.day in sessions else without).append(day.average)
    return DayComparison(
        with_sessions=_mean(with_),
        without_sessions=_mean(without),
        days_with=len(with_),
        days_without=len(without),
        minimum=minimum,
    )


# --- Change from before to after --------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    name: str  # a routine's name or a stretch's name
    sessions: int  # sessions with both pain before and after that include it
    average_change: float  # mean of (after - before); negative = pain went down


@dataclass(frozen=True)
class ChangeInsight:
    name: str
    sessions: int
    average_change: float

    @property
    def meaningful(self) -> bool:
        """A change of 2 points or more, either way: worth pointing out."""
        return abs(self.average_change) >= MEANINGFUL_CHANGE - _EPSILON

    @property
    def direction(self) -> str:
        """One of "lower", "higher" or "same"."""
        if abs(self.average_change) < NEGLIGIBLE_CHANGE - _EPSILON:
            return "same"
        return "lower" if self.average_change < 0 else "higher"

    @property
    def message(self) -> str:
        sessions = _plural(self.sessions, "session")
        if self.direction == "same":
            return f"After {self.name} your pain was about the same on average ({sessions})."
        points = _one_decimal(abs(self.average_change))
        clear = " A clear change." if self.meaningful else ""
        return (
            f"After {self.name} your pain was {points} points {self.direction} on average "
            f"({sessions}).{clear}"
        )


def change_insights(
    rows: Sequence[ChangeRow], *, minimum: int = 3
) -> tuple[list[ChangeInsight], list[ChangeRow]]:
    """(insights for rows with at least `minimum` sessions, most helpful first: the lowest
    average change, then by name; the rows still too thin to say anything about, in the
    order given)."""
    insights = [
        ChangeInsight(
            name=row.name,
            sessions=row.sessions,
            # PostgreSQL's AVG over integers gives a Decimal.
            average_change=float(row.average_change),
        )
        for row in rows
        if row.sessions >= minimum
    ]
    insights.sort(key=lambda insight: (insight.average_change, insight.name))
    thin = [row for row in rows if row.sessions < minimum]
    return insights, thin


# --- This month in plain words ---------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month_start(day: date) -> date:
    return _month_start(_month_start(day) - timedelta(days=1))


def _month_average(days: Iterable[DayPain], first: date, last: date) -> float | None:
    """The average of the entries (not of the days) between two dates, inclusive."""
    total = count = 0
    for day in days:
        if first <= day.day <= last:
            total += day.total
            count += day.count
    return total / count if count else None


def month_summary(days: Sequence[DayPain], session_days: Collection[date], *, today: date) -> str:
    """This month in one plain sentence: average pain, against last month, days stretched.

    "This month your average pain was 3.4, down 1.2 from last month; you stretched on 14 days."
    A month's average pain is the sum of its levels over the number of entries.
    """
    first = _month_start(today)
    previous_first = _previous_month_start(today)
    this_month = _month_average(days, first, today)
    last_month = _month_average(days, previous_first, first - timedelta(days=1))
    stretched = len({d for d in session_days if first <= d <= today})

    if this_month is None:
        if not stretched:
            return "You have not logged your pain this month yet, nor a stretching session."
        return (
            f"You have not logged your pain this month yet; "
            f"you stretched on {_plural(stretched, 'day')}."
        )

    pain = f"This month your average pain was {_one_decimal(this_month)}"
    if last_month is not None:
        change = this_month - last_month
        if abs(change) < NEGLIGIBLE_MONTHLY_CHANGE:
            pain += ", about the same as last month"
        else:
            way = "down" if change < 0 else "up"
            pain += f", {way} {_one_decimal(abs(change))} from last month"
    if stretched:
        return f"{pain}; you stretched on {_plural(stretched, 'day')}."
    return f"{pain}; you have not stretched this month yet."


# --- The month calendar ----------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: date
    pain: float | None  # that day's average, or None
    sessions: int
    is_today: bool
    in_future: bool


def calendar_month(
    year: int,
    month: int,
    pain: Mapping[date, DayPain],
    session_counts: Mapping[date, int],
    *,
    today: date,
) -> list[list[CalendarDay | None]]:
    """Weeks Monday-first; None pads the days outside the month."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    result: list[list[CalendarDay | None]] = []
    for week in weeks:
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            logged = pain.get(day)
            row.append(
                CalendarDay(
                    day=day,
                    pain=logged.average if logged is not None and logged.count else None,
                    sessions=session_counts.get(day, 0),
                    is_today=day == today,
                    in_future=day > today,
                )
            )
        result.append(row)
    return result


# --- Chart periods ---------------------------------------------------------------------------

# key: (label, days shown; None for all time)
PERIODS = {
    "4w": ("4 weeks", 28),
    "3m": ("3 months", 91),
    "1y": ("1 year", 365),
    "all": ("All", None),
}


def period_start(period: str, *, today: date, first_day: date | None) -> date:
    """The first day shown for a period key ('all' starts at the first day with data, or today)."""
    try:
        _label, length = PERIODS[period]
    except KeyError:
        raise ValueError(f"Unknown period {period!r}") from None
    if length is None:
        return min(first_day, today) if first_day is not None else today
    return today - timedelta(days=length - 1)
