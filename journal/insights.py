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

# How big a change in pain (0-10) must be to mean something, from the back-pain consensus
# (Farrar 2001; Ostelo 2008): 2 points, or 30% of where it started, is a change a person
# notices; under about 1.8 points a change is within what the scale varies by anyway.
MEANINGFUL_CHANGE = 2.0
MEANINGFUL_SHARE = 0.3
# Under this many points, a change is "about the same".
NEGLIGIBLE_CHANGE = 1.0
# Days of each kind a comparison needs before it is shown at all.
MINIMUM_DAYS = 5
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
            difference = self.with_sessions - self.without_sessions
            return (
                f"On days you stretched, your pain averaged {_one_decimal(self.with_sessions)}; "
                f"on other days, {_one_decimal(self.without_sessions)}."
                + _DIFFERENCE_WORDS[verdict(difference, start=self.without_sessions)]
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


# --- How big a change is ---------------------------------------------------------------------


def verdict(change: float, *, start: float | None) -> str:
    """ "same" under 1 point; "clear" at 2 points or 30% of the starting level (`start`, the
    average pain where the change began), either way; "small" in between."""
    size = abs(change)
    if size < NEGLIGIBLE_CHANGE - _EPSILON:
        return "same"
    if size >= MEANINGFUL_CHANGE - _EPSILON or (
        start is not None and start > 0 and size >= MEANINGFUL_SHARE * start - _EPSILON
    ):
        return "clear"
    return "small"


_DIFFERENCE_WORDS = {
    "same": " About the same either way.",
    "small": " A small difference, which may be chance.",
    "clear": " A clear difference.",
}
_VERDICT_WORDS = {
    "same": "",
    "small": " A small change, which may be chance.",
    "clear": " A clear change.",
}


def _about(value: float) -> int:
    """A level to the nearest whole point, halves up (3.5 is about 4)."""
    return int(value + 0.5)


# --- Change from before to after --------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    name: str  # a routine's name
    sessions: int  # sessions with both pain before and after
    average_change: float  # mean of (after - before); negative = pain went down
    days: int = 0  # the different days those sessions were on
    average_before: float | None = None  # where the pain started, on average


@dataclass(frozen=True)
class ChangeInsight:
    name: str
    sessions: int
    days: int
    average_change: float
    average_before: float | None = None

    @property
    def verdict(self) -> str:
        return verdict(self.average_change, start=self.average_before)

    @property
    def meaningful(self) -> bool:
        """2 points or 30% of the starting level, either way: worth pointing out."""
        return self.verdict == "clear"

    @property
    def direction(self) -> str:
        """One of "lower", "higher" or "same" (under 1 point)."""
        if self.verdict == "same":
            return "same"
        return "lower" if self.average_change < 0 else "higher"

    @property
    def message(self) -> str:
        sessions = _plural(self.sessions, "session")
        if self.days != self.sessions:
            sessions += f" on {_plural(self.days, 'day')}"
        if self.direction == "same":
            return f"After {self.name} your pain was about the same on average ({sessions})."
        points = _one_decimal(abs(self.average_change))
        return (
            f"After {self.name} your pain was {points} points {self.direction} on average "
            f"({sessions}).{_VERDICT_WORDS[self.verdict]}"
        )


def change_insights(
    rows: Sequence[ChangeRow], *, minimum: int = MINIMUM_DAYS
) -> tuple[list[ChangeInsight], list[ChangeRow]]:
    """(insights for rows with sessions on at least `minimum` days, most helpful first: the
    lowest average change, then by name; the rows still too thin to say anything about, in
    the order given)."""
    insights = [
        ChangeInsight(
            name=row.name,
            sessions=row.sessions,
            days=row.days,
            # PostgreSQL's AVG over integers gives a Decimal.
            average_change=float(row.average_change),
            average_before=None if row.average_before is None else float(row.average_before),
        )
        for row in rows
        if row.days >= minimum
    ]
    insights.sort(key=lambda insight: (insight.average_change, insight.name))
    thin = [row for row in rows if row.days < minimum]
    return insights, thin


# --- A stretch's own effect -------------------------------------------------------------------


@dataclass(frozen=True)
class SessionStretches:
    """One session with pain noted before and after, and the stretches done in it."""

    day: date
    pain_before: int
    pain_after: int
    stretches: frozenset[str]

    @property
    def change(self) -> int:
        return self.pain_after - self.pain_before


def _names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _went(change: float) -> str:
    if abs(change) < 0.05:
        return "did not change"
    way = "down" if change < 0 else "up"
    return f"went {way} {_one_decimal(abs(change))} points"


@dataclass(frozen=True)
class StretchEffect:
    """A stretch, or stretches always done together, against the sessions without them.

    Stretches that came in exactly the same sessions cannot be told apart by any sum over
    those sessions, so they are one group and one line. The effect compared is the change
    in pain over a session (after - before): sessions with the stretch against sessions
    without it, each needing `minimum` days."""

    names: tuple[str, ...]  # sorted; more than one when always done together
    sessions: int  # sessions with them
    days_with: int
    days_without: int
    change_with: float
    change_without: float | None
    start: float  # average pain before the sessions with them
    minimum: int

    @property
    def together(self) -> bool:
        return len(self.names) > 1

    @property
    def enough(self) -> bool:
        return self.days_with >= self.minimum and self.days_without >= self.minimum

    @property
    def difference(self) -> float | None:
        """How much more pain went down (negative) or up with them than without."""
        if not self.enough or self.change_without is None:
            return None
        return self.change_with - self.change_without

    @property
    def verdict(self) -> str | None:
        difference = self.difference
        return None if difference is None else verdict(difference, start=self.start)

    @property
    def meaningful(self) -> bool:
        return self.verdict == "clear"

    @property
    def name(self) -> str:
        return _names(self.names)

    @property
    def message(self) -> str:
        them = "them" if self.together else "it"
        opening = ""
        if self.together:
            opening = (
                f"{self.name} were always done together, so their own effects cannot be "
                "told apart. "
            )
        if not self.enough:
            if self.days_without == 0:
                were = "They were" if self.together else f"{self.name} was"
                return (
                    f"{opening}{were} in every session ({_plural(self.sessions, 'session')}), "
                    f"so there is nothing yet to compare {them} with."
                )
            needed = []
            if missing := max(0, self.minimum - self.days_with):
                needed.append(f"{_plural(missing, 'more day')} with {them}")
            if missing := max(0, self.minimum - self.days_without):
                needed.append(f"{_plural(missing, 'more day')} without {them}")
            what = "them" if self.together else self.name
            return f"{opening}To compare {what}, sessions on {' and '.join(needed)} are needed."
        subject = "them" if self.together else self.name
        sentence = (
            f"{opening}With {subject}, your pain {_went(self.change_with)} on average; "
            f"without {them}, it {_went(self.change_without)} "
            f"({_plural(self.days_with, 'day')} with, {self.days_without} without)."
        )
        return (
            sentence
            + {
                "same": " About the same either way.",
                "small": " A small difference, which may be chance.",
                "clear": " A clear difference.",
            }[self.verdict]
        )


def stretch_effects(
    sessions: Sequence[SessionStretches], *, minimum: int = MINIMUM_DAYS
) -> list[StretchEffect]:
    """Each stretch's own effect, or each group of stretches always done together: those
    with enough days either way first, most helpful first; then the rest, by name."""
    together: dict[frozenset[int], list[str]] = {}
    in_sessions: dict[str, set[int]] = {}
    for index, session in enumerate(sessions):
        for name in session.stretches:
            in_sessions.setdefault(name, set()).add(index)
    for name, indexes in in_sessions.items():
        together.setdefault(frozenset(indexes), []).append(name)

    effects = []
    for indexes, names in together.items():
        with_ = [sessions[i] for i in sorted(indexes)]
        without = [s for i, s in enumerate(sessions) if i not in indexes]
        effects.append(
            StretchEffect(
                names=tuple(sorted(names)),
                sessions=len(with_),
                days_with=len({s.day for s in with_}),
                days_without=len({s.day for s in without}),
                change_with=_mean([s.change for s in with_]),
                change_without=_mean([s.change for s in without]),
                start=_mean([s.pain_before for s in with_]),
                minimum=minimum,
            )
        )
    effects.sort(key=lambda e: (not e.enough, e.difference if e.enough else 0.0, e.names))
    return effects


# --- How pain went over the period shown ------------------------------------------------------

PERIOD_SPANS = {"4w": "the last four weeks", "3m": "the last three months", "1y": "the last year"}


@dataclass(frozen=True)
class Trend:
    start: float  # average pain at the beginning of the period
    end: float  # and at its end
    span: str  # "the last three months"

    @property
    def change(self) -> float:
        return self.end - self.start

    @property
    def verdict(self) -> str:
        return verdict(self.change, start=self.start)

    @property
    def rising(self) -> bool:
        """Up by 2 points or more: worth a word with a clinician."""
        return self.change >= MEANINGFUL_CHANGE - _EPSILON

    @property
    def message(self) -> str:
        start, end = _about(self.start), _about(self.end)
        if self.verdict == "same":
            return f"Your pain has stayed about the same, around {end}, over {self.span}."
        if self.change > 0:
            way = "risen a little" if self.verdict == "small" else "risen"
            return f"Your pain has {way} from about {start} to about {end} over {self.span}."
        way = "eased a little" if self.verdict == "small" else "come down"
        return (
            f"Your pain has {way} from about {start} to about {end} over {self.span}. Good to see."
        )


def pain_trend(
    days: Sequence[DayPain],
    *,
    start: date,
    end: date,
    span: str,
    minimum: int = MINIMUM_DAYS,
) -> Trend | None:
    """Pain at the beginning of a period against its end: the mean of the daily averages in
    its first and last third (a week at least), each needing `minimum` days logged; None
    when the period is too short or too thinly logged to say."""
    window = max(7, ((end - start).days + 1) // 3)
    if (end - start).days + 1 < 2 * window:
        return None
    early = [d.average for d in _logged(days) if start <= d.day < start + timedelta(days=window)]
    late = [d.average for d in _logged(days) if end - timedelta(days=window) < d.day <= end]
    if len(early) < minimum or len(late) < minimum:
        return None
    return Trend(start=_mean(early), end=_mean(late), span=span)


def period_span(period: str, *, start: date) -> str:
    """The words for a period in a sentence: "the last three months", "since May 2025"."""
    return PERIOD_SPANS.get(period) or f"since {start:%B %Y}"


# --- This month in plain words ---------------------------------------------------------------


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month_start(day: date) -> date:
    return _month_start(_month_start(day) - timedelta(days=1))


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _month_average(days: Iterable[DayPain], first: date, last: date) -> float | None:
    """The average of the entries (not of the days) between two dates, inclusive."""
    total = count = 0
    for day in days:
        if first <= day.day <= last:
            total += day.total
            count += day.count
    return total / count if count else None


def month_to_show(days: Sequence[DayPain], session_days: Collection[date], *, today: date) -> date:
    """The first day of the month to show: this month once anything is logged in it; until
    then the last month with pain or a session logged (this month when there is none)."""
    this_month = _month_start(today)
    logged = [d.day for d in days if d.count and d.day <= today] + [
        d for d in session_days if d <= today
    ]
    if not logged or max(logged) >= this_month:
        return this_month
    return _month_start(max(logged))


def month_summary(days: Sequence[DayPain], session_days: Collection[date], *, today: date) -> str:
    """This month in one plain sentence: average pain, against last month, days stretched.

    "This month your average pain was 3.4, down 1.2 from last month; you stretched on 14 days."
    A month's average pain is the sum of its levels over the number of entries. With nothing
    logged yet this month, the last month with something logged, named.
    """
    first = month_to_show(days, session_days, today=today)
    if first == _month_start(today):
        return _month_sentence(days, session_days, first, today, this_month=True)
    return "Nothing logged yet this month. " + _month_sentence(
        days, session_days, first, _month_end(first), this_month=False
    )


def _month_sentence(
    days: Sequence[DayPain],
    session_days: Collection[date],
    first: date,
    last: date,
    *,
    this_month: bool,
) -> str:
    previous_first = _previous_month_start(first)
    average = _month_average(days, first, last)
    before = _month_average(days, previous_first, first - timedelta(days=1))
    stretched = len({d for d in session_days if first <= d <= last})
    month, previous = (
        ("This month", "last month")
        if this_month
        else (f"In {first:%B %Y}", f"{previous_first:%B}")
    )

    if average is None:
        if not stretched:
            return "You have not logged your pain this month yet, nor a stretching session."
        return (
            f"You have not logged your pain this month yet; "
            f"you stretched on {_plural(stretched, 'day')}."
            if this_month
            else f"{month} you stretched on {_plural(stretched, 'day')}."
        )

    pain = f"{month} your average pain was {_one_decimal(average)}"
    if before is not None:
        change = average - before
        if verdict(change, start=before) == "same":
            pain += f", about the same as {previous}"
        else:
            way = "down" if change < 0 else "up"
            pain += f", {way} {_one_decimal(abs(change))} from {previous}"
    if stretched:
        return f"{pain}; you stretched on {_plural(stretched, 'day')}."
    if this_month:
        return f"{pain}; you have not stretched this month yet."
    return f"{pain}."


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
