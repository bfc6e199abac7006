"""The pain chart: a small, server-rendered SVG and the table that says the same in words.

Pure functions over the journal's plain data (see `journal.insights`). The SVG has a viewBox
and no size, so CSS makes it as wide as its container (class "chart"); colours come from
classes (chart-range, chart-average, chart-rolling, chart-session, chart-grid, chart-label),
which static/css/app.css colours through its light and dark variables; the fill and stroke
attributes only say `currentColor` (the text's colour), with lighter opacities for the grid
and the ranges, so that the chart still reads in either theme without the stylesheet. There
are no style attributes and no scripts, so a strict Content-Security-Policy holds.

Long periods (more days than there is room for) are drawn week by week: the week's lowest
and highest level, the mean of its daily averages, and how many days of it had a session.
"""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from journal.insights import DayPain, week_start

# The drawing, in viewBox units. Sized for a phone: at 360 CSS pixels wide a unit is about a
# pixel; wider screens scale it up (app.css caps the width and shrinks the labels there).
WIDTH = 360
HEIGHT = 244
FONT_SIZE = 13
LEFT = 26  # room for the pain labels 0-10
RIGHT = WIDTH - 8
GAP_BELOW_LEGEND = 12
SESSION_MARK = 7  # height of the session triangles under the axis
SESSION_BAR = 10  # height of a week's session bar when every day of it had a session
BOTTOM = HEIGHT - 38  # the axis; session marks and date labels below it
MAX_LEVEL = 10

WEEKLY_AFTER_DAYS = 200  # longer periods are drawn week by week
LINE_GAP_DAYS = 7  # the 7-day average line breaks across a longer gap with nothing logged
MAX_LABELS = 6
CHAR_WIDTH = 0.6  # of the font size, a generous estimate for digits and lowercase letters


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _n(value: float) -> str:
    """A coordinate, compactly: at most 1 decimal, no trailing ".0"."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def _day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def _full(day: date) -> str:
    return f"{_day_month(day)} {day.year}"


def _span(start: date, end: date) -> str:
    if start == end:
        return f"on {_full(end)}"
    first = _day_month(start) if start.year == end.year else _full(start)
    return f"from {first} to {_full(end)}"


# --- Scales ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Frame:
    start: date
    end: date
    top: float  # y of pain 10

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def day_width(self) -> float:
        return (RIGHT - LEFT) / self.days

    def x(self, day: date) -> float:
        return LEFT + ((day - self.start).days + 0.5) * self.day_width

    def y(self, level: float) -> float:
        return BOTTOM - (BOTTOM - self.top) * level / MAX_LEVEL


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


# --- Marks: one day, or one week -------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    day: date  # the day, or the Monday of the week
    x: float
    low: int
    high: int
    average: float


def _daily_marks(days: Sequence[DayPain], frame: _Frame) -> list[_Mark]:
    return [_Mark(d.day, frame.x(d.day), d.low, d.high, d.average) for d in days]


def _weeks(days: Sequence[DayPain]) -> Iterator[list[DayPain]]:
    """Consecutive days grouped by week, Monday first."""
    week: list[DayPain] = []
    for day in days:
        if week and week_start(day.day) != week_start(week[0].day):
            yield week
            week = []
        week.append(day)
    if week:
        yield week


def _week_x(monday: date, frame: _Frame) -> float:
    """The middle of the part of the week that lies in the frame."""
    first = max(monday, frame.start)
    last = min(monday + timedelta(days=6), frame.end)
    return (frame.x(first) + frame.x(last)) / 2


@dataclass(frozen=True)
class _Week:
    monday: date
    low: int
    high: int
    average: float  # the mean of its daily averages
    days_logged: int


def _week_summaries(days: Sequence[DayPain]) -> Iterator[_Week]:
    for week in _weeks(days):
        yield _Week(
            monday=week_start(week[0].day),
            low=min(d.low for d in week),
            high=max(d.high for d in week),
            average=sum(d.average for d in week) / len(week),
            days_logged=len(week),
        )


def _weekly_marks(days: Sequence[DayPain], frame: _Frame) -> list[_Mark]:
    return [
        _Mark(w.monday, _week_x(w.monday, frame), w.low, w.high, w.average)
        for w in _week_summaries(days)
    ]


def _range_path(marks: Sequence[_Mark], frame: _Frame, width: float) -> str:
    """Each range as a line with round caps, shortened by the caps so that the pill spans
    exactly low..high. A range of a single level is left to the dot."""
    cap = width / 2
    parts = []
    for mark in marks:
        top, bottom = frame.y(mark.high) + cap, frame.y(mark.low) - cap
        if bottom - top > 0.1:
            parts.append(f"M{_n(mark.x)} {_n(bottom)}V{_n(top)}")
    return "".join(parts)


def _band_path(marks: Sequence[_Mark], frame: _Frame, half_width: float) -> str:
    """The weekly ranges as one band, broken where a whole week has nothing logged: straight
    lines between the middles of the weeks, the ends held flat for half a week."""
    parts = []
    segment: list[_Mark] = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        segment.append(mark)
        if following is None or (following.day - mark.day).days > 7:
            first, last = segment[0], segment[-1]
            top = [(first.x - half_width, first.high)]
            top += [(m.x, m.high) for m in segment]
            top.append((last.x + half_width, last.high))
            bottom = [(last.x + half_width, last.low)]
            bottom += [(m.x, m.low) for m in reversed(segment)]
            bottom.append((first.x - half_width, first.low))
            points = "L".join(f"{_n(x)} {_n(frame.y(level))}" for x, level in top + bottom)
            parts.append(f"M{points}z")
            segment = []
    return "".join(parts)


def _dots(marks: Sequence[_Mark], frame: _Frame, radius: float) -> str:
    r = _n(radius)
    return "".join(f'<circle cx="{_n(m.x)}" cy="{_n(frame.y(m.average))}" r="{r}"/>' for m in marks)


def _rolling_segments(days: Sequence[DayPain], rolling: Mapping[date, float]) -> list[list[date]]:
    """The days on the 7-day average line, split where nothing was logged for a long while."""
    segments: list[list[date]] = []
    previous: date | None = None
    for day in (d.day for d in days if d.day in rolling):
        if previous is None or (day - previous).days > LINE_GAP_DAYS:
            segments.append([])
        segments[-1].append(day)
        previous = day
    return segments


def _weekly_samples(segment: list[date]) -> list[date]:
    """The first day of a segment and the last logged day of each of its weeks."""
    kept = [segment[0]]
    for day, following in zip(segment, [*segment[1:], None], strict=True):
        if (following is None or week_start(following) != week_start(day)) and day != kept[-1]:
            kept.append(day)
    return kept


def _rolling_path(
    days: Sequence[DayPain], rolling: Mapping[date, float], frame: _Frame, *, weekly: bool
) -> str:
    parts = []
    for segment in _rolling_segments(days, rolling):
        points = _weekly_samples(segment) if weekly else segment
        if len(points) < 2:
            continue  # a lone point is already shown by its dot
        coordinates = "L".join(f"{_n(frame.x(d))} {_n(frame.y(rolling[d]))}" for d in points)
        parts.append(f"M{coordinates}")
    return "".join(parts)


def _session_path(session_days: Sequence[date], frame: _Frame, *, weekly: bool) -> str:
    """Small triangles under the axis, one a day with a session; by week, a bar as tall as
    the number of days in the week with a session."""
    top = BOTTOM + 3
    if not weekly:
        half = _clamp(frame.day_width * 0.4, 2, 4)
        return "".join(
            f"M{_n(frame.x(d))} {_n(top)}l{_n(half)} {SESSION_MARK}h{_n(-2 * half)}z"
            for d in session_days
        )
    per_week: dict[date, int] = {}
    for day in session_days:
        monday = week_start(day)
        per_week[monday] = per_week.get(monday, 0) + 1
    width = _clamp(frame.day_width * 7 * 0.6, 1, 6)
    parts = []
    for monday, count in per_week.items():
        height = SESSION_BAR * min(count, 7) / 7
        x = _week_x(monday, frame) - width / 2
        parts.append(
            f"M{_n(x)} {_n(top + SESSION_BAR - height)}h{_n(width)}v{_n(height)}h{_n(-width)}z"
        )
    return "".join(parts)


# --- Axes and legend -------------------------------------------------------------------------


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _months(start: date, end: date, step: int) -> Iterator[date]:
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start and (day.month - 1) % step == 0:
            yield day
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_label(day: date) -> str:
    return str(day.year) if day.month == 1 else MONTHS[day.month - 1]


def _tick_candidates(start: date, end: date) -> Iterator[list[tuple[date, str]]]:
    """Ways to label the dates, finest first."""
    length = (end - start).days + 1
    every_day = [start + timedelta(days=i) for i in range(length)] if length <= 31 else []
    for step in (1, 2, 3):
        yield [(d, _day_month(d)) for d in every_day[::step]]
    mondays = [
        d for d in (start + timedelta(days=i) for i in range(min(length, 7))) if not d.weekday()
    ]
    if mondays and length <= 200:
        all_mondays = [
            mondays[0] + timedelta(weeks=i) for i in range((end - mondays[0]).days // 7 + 1)
        ]
        yield [(d, _day_month(d)) for d in all_mondays]
        yield [(d, _day_month(d)) for d in all_mondays if d.toordinal() // 7 % 2 == 0]
    for step in (1, 2, 3, 6):
        yield [(d, _month_label(d)) for d in _months(start, end, step)]
    for step in (1, 2, 5, 10, 20, 50):
        yield [
            (date(year, 1, 1), str(year))
            for year in range(start.year, end.year + 1)
            if date(year, 1, 1) >= start and year % step == 0
        ]


def _placed(ticks: list[tuple[date, str]], frame: _Frame) -> list[tuple[float, str]] | None:
    """The labels' x positions kept within the drawing, or None if any two would overlap."""
    placed = []
    for day, label in ticks:
        half = _text_width(label) / 2
        placed.append((_clamp(frame.x(day), half + 1, WIDTH - half - 1), label))
    for (x1, a), (x2, b) in pairwise(placed):
        if x2 - x1 < (_text_width(a) + _text_width(b)) / 2 + 8:
            return None
    return placed


def _x_labels(frame: _Frame) -> list[tuple[float, str]]:
    for ticks in _tick_candidates(frame.start, frame.end):
        if 0 < len(ticks) <= MAX_LABELS and (placed := _placed(ticks, frame)) is not None:
            return placed
    return _placed([(frame.end, _day_month(frame.end))], frame) or []


def _legend(items: Sequence[tuple[str, str]]) -> tuple[str, float]:
    """The legend's markup, flowed into rows, and the y below it. Each item is a kind of mark
    and its label."""
    symbol, gap, row_height = 14, 14, 18
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = LEFT
    for kind, label in items:
        width = symbol + 4 + _text_width(label)
        if rows[-1] and x + width > RIGHT:
            rows.append([])
            x = LEFT
        rows[-1].append((kind, label, x))
        x += width + gap
    marks: dict[str, list[str]] = {key: [] for key in ("range", "band", "average", "rolling")}
    marks["session"] = []
    texts = []
    for index, row in enumerate(rows):
        middle = 4 + row_height * index + row_height / 2
        for kind, label, x in row:
            cx = x + symbol / 2
            group = "session" if kind == "session-bar" else kind
            marks[group].append(_legend_symbol(kind, cx, middle))
            texts.append(
                f'<text x="{_n(x + symbol + 4)}" y="{_n(middle + FONT_SIZE * 0.35)}">'
                f"{escape(label)}</text>"
            )
    return _legend_markup(marks, texts), 4 + row_height * len(rows)


def _legend_symbol(kind: str, cx: float, cy: float) -> str:
    if kind == "range":
        return f"M{_n(cx)} {_n(cy + 4)}V{_n(cy - 4)}"
    if kind == "band":
        return (
            f"M{_n(cx - 7)} {_n(cy - 3)}L{_n(cx + 7)} {_n(cy - 6)}"
            f"V{_n(cy + 5)}L{_n(cx - 7)} {_n(cy + 6)}z"
        )
    if kind == "session-bar":
        return f"M{_n(cx - 2.5)} {_n(cy - 5)}h5v10h-5z"
    if kind == "average":
        return f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="3.5"/>'
    if kind == "rolling":
        return f"M{_n(cx - 7)} {_n(cy + 2)}L{_n(cx)} {_n(cy - 2)}L{_n(cx + 7)} {_n(cy)}"
    return f"M{_n(cx)} {_n(cy - 4)}l4 {SESSION_MARK}h-8z"


def _legend_markup(marks: Mapping[str, list[str]], texts: list[str]) -> str:
    parts = ['<g class="chart-legend">']
    if marks["range"]:
        parts.append(_range_group("".join(marks["range"]), 6))
    if marks["band"]:
        parts.append(_band_group("".join(marks["band"])))
    if marks["rolling"]:
        parts.append(_rolling_group("".join(marks["rolling"])))
    if marks["average"]:
        parts.append(_average_group("".join(marks["average"])))
    if marks["session"]:
        parts.append(_session_group("".join(marks["session"])))
    parts.append(_label_group("".join(texts)))
    parts.append("</g>")
    return "".join(parts)


# --- Groups with their classes and default colours --------------------------------------------


def _range_group(d: str, width: float) -> str:
    return (
        f'<path class="chart-range" d="{d}" fill="none" stroke="currentColor" '
        f'stroke-opacity="0.3" stroke-width="{_n(width)}" stroke-linecap="round"/>'
    )


def _band_group(d: str) -> str:
    return (
        f'<path class="chart-range" d="{d}" fill="currentColor" stroke="currentColor" '
        f'fill-opacity="0.3" stroke-opacity="0.3" stroke-width="1" stroke-linejoin="round"/>'
    )


def _rolling_group(d: str) -> str:
    return (
        f'<path class="chart-rolling" d="{d}" fill="none" stroke="currentColor" '
        f'stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _average_group(circles: str, *, outline: float = 1) -> str:
    return (
        f'<g class="chart-average" fill="currentColor" stroke="none" '
        f'stroke-width="{_n(outline)}">{circles}</g>'
    )


def _session_group(d: str) -> str:
    return f'<path class="chart-session" d="{d}" fill="currentColor"/>'


def _label_group(texts: str, anchor: str = "start") -> str:
    return (
        f'<g class="chart-label" fill="currentColor" font-size="{FONT_SIZE}" '
        f'text-anchor="{anchor}">{texts}</g>'
    )


def _axes(frame: _Frame) -> str:
    grid = "".join(f"M{LEFT} {_n(frame.y(level))}H{RIGHT}" for level in range(0, MAX_LEVEL + 1, 2))
    y_labels = "".join(
        f'<text x="{LEFT - 6}" y="{_n(frame.y(level) + FONT_SIZE * 0.35)}">{level}</text>'
        for level in range(0, MAX_LEVEL + 1, 2)
    )
    x_labels = "".join(
        f'<text x="{_n(x)}" y="{HEIGHT - 8}">{escape(label)}</text>'
        for x, label in _x_labels(frame)
    )
    return (
        f'<path class="chart-grid" d="{grid}" fill="none" stroke="currentColor" '
        f'stroke-opacity="0.2" stroke-width="1"/>'
        f"{_label_group(y_labels, 'end')}{_label_group(x_labels, 'middle')}"
    )


# --- The chart -------------------------------------------------------------------------------


def _description(
    days: Sequence[DayPain],
    rolling: Mapping[date, float],
    session_days: Sequence[date],
    start: date,
    end: date,
    *,
    weekly: bool,
) -> str:
    span = _span(start, end)
    if not days:
        text = f"No pain logged {span}."
    else:
        logged = len(days)
        average = sum(d.total for d in days) / sum(d.count for d in days)
        what = f"Pain {span}, shown by week" if weekly else f"Daily pain {span}"
        text = (
            f"{what}: {logged} day{'s' if logged != 1 else ''} logged, "
            f"average {_one_decimal(average)}, lowest {min(d.low for d in days)}, "
            f"highest {max(d.high for d in days)}."
        )
        trend = [rolling[d.day] for d in days if d.day in rolling]
        if len(trend) > 1:
            text += (
                f" The 7-day average went from {_one_decimal(trend[0])} "
                f"to {_one_decimal(trend[-1])}."
            )
    if session_days:
        count = len(session_days)
        text += f" Sessions on {count} day{'s' if count != 1 else ''}."
    return text


def pain_chart(
    days: Sequence[DayPain],
    *,
    start: date,
    end: date,
    rolling: Mapping[date, float],
    session_days: Collection[date],
    title: str = "Pain over time",
    id_prefix: str = "pain-chart",
) -> SafeString:
    """Pain 0-10 over [start, end] as an SVG: each day's range and average, the 7-day
    average as a line, and the days with a session marked under the axis."""
    if end < start:
        raise ValueError("end is before start")
    shown = sorted((d for d in days if start <= d.day <= end and d.count > 0), key=_day_of)
    sessions = sorted(d for d in set(session_days) if start <= d <= end)
    weekly = is_weekly(start, end)

    legend, legend_bottom = _legend(_legend_items(weekly=weekly)) if shown else ("", 4)
    frame = _Frame(start=start, end=end, top=legend_bottom + GAP_BELOW_LEGEND)
    title_id, desc_id = escape(f"{id_prefix}-title"), escape(f"{id_prefix}-desc")
    description = _description(shown, rolling, sessions, start, end, weekly=weekly)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        _axes(frame),
    ]
    if sessions:
        parts.append(_session_group(_session_path(sessions, frame, weekly=weekly)))
    if shown:
        parts.append(legend)
        parts.append(_data(shown, rolling, frame, weekly=weekly))
    else:
        middle = (frame.top + BOTTOM) / 2
        parts.append(
            _label_group(
                f'<text x="{_n((LEFT + RIGHT) / 2)}" y="{_n(middle)}" font-size="15">'
                f"No pain logged in this period.</text>",
                "middle",
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def _day_of(day: DayPain) -> date:
    return day.day


def _legend_items(*, weekly: bool) -> list[tuple[str, str]]:
    if weekly:
        return [
            ("average", "Week’s average"),
            ("band", "Lowest–highest"),
            ("rolling", "7-day average"),
            ("session-bar", "Days with a session"),
        ]
    return [
        ("average", "Day’s average"),
        ("range", "Lowest–highest"),
        ("rolling", "7-day average"),
        ("session", "Session"),
    ]


def _data(
    days: Sequence[DayPain], rolling: Mapping[date, float], frame: _Frame, *, weekly: bool
) -> str:
    per_mark = frame.day_width * (7 if weekly else 1)
    drawn = _weekly_marks(days, frame) if weekly else _daily_marks(days, frame)
    radius = _clamp(per_mark * 0.35, 1.8, 3.5)
    parts = []
    if weekly:
        parts.append(_band_group(_band_path(drawn, frame, per_mark / 2)))
    else:
        bar = _clamp(per_mark * 0.6, 1.5, 7)
        if ranges := _range_path(drawn, frame, bar):
            parts.append(_range_group(ranges, bar))
    line = _rolling_path(days, rolling, frame, weekly=weekly)
    if line:
        parts.append(_rolling_group(line))
    outline = 1 if radius >= 3 else 0
    parts.append(_average_group(_dots(drawn, frame, radius), outline=outline))
    return "".join(parts)


# --- The same as a table ---------------------------------------------------------------------


@dataclass(frozen=True)
class PainTableRow:
    day: date  # the day, or the Monday of the week
    average: float
    low: int
    high: int
    rolling: float | None  # the 7-day average, when known (daily rows only)
    sessions: int
    days_logged: int = 1


def is_weekly(start: date, end: date) -> bool:
    """Whether a period is drawn, and tabled, week by week."""
    return (end - start).days + 1 > WEEKLY_AFTER_DAYS


def pain_table_rows(
    days: Sequence[DayPain],
    rolling: Mapping[date, float],
    session_days: Collection[date] | Mapping[date, int],
    *,
    weekly: bool = False,
) -> list[PainTableRow]:
    """The chart's days (or weeks, like the chart of a long period) as table rows, newest
    first. Given session counts per day (a mapping) the rows show how many sessions; given
    just the days, 1 a day."""
    counts = session_days if isinstance(session_days, Mapping) else dict.fromkeys(session_days, 1)
    logged = sorted((d for d in days if d.count > 0), key=_day_of)
    if not weekly:
        return [
            PainTableRow(
                day=day.day,
                average=day.average,
                low=day.low,
                high=day.high,
                rolling=rolling.get(day.day),
                sessions=counts.get(day.day, 0),
            )
            for day in reversed(logged)
        ]
    per_week: dict[date, int] = {}
    for day, count in counts.items():
        per_week[week_start(day)] = per_week.get(week_start(day), 0) + count
    weeks = [
        PainTableRow(
            day=w.monday,
            average=w.average,
            low=w.low,
            high=w.high,
            rolling=None,
            sessions=per_week.get(w.monday, 0),
            days_logged=w.days_logged,
        )
        for w in _week_summaries(logged)
    ]
    return weeks[::-1]
