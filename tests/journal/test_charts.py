"""The pain chart as SVG and as a table: pure functions, checked by parsing what they draw."""

import itertools
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from journal.charts import WIDTH, is_weekly, pain_chart, pain_table_rows
from journal.insights import DayPain, rolling_average

SVG = "{http://www.w3.org/2000/svg}"
END = date(2026, 3, 18)


def day(when: date, *levels: int) -> DayPain:
    return DayPain(
        day=when, total=sum(levels), count=len(levels), low=min(levels), high=max(levels)
    )


def draw(days, *, start, end=END, sessions=(), **options) -> ET.Element:
    svg = pain_chart(
        days,
        start=start,
        end=end,
        rolling=rolling_average(days),
        session_days=set(sessions),
        **options,
    )
    return ET.fromstring(str(svg))


def dots(root: ET.Element) -> list[ET.Element]:
    """The day's (or week's) averages: the legend's sample dot is not a child of the svg."""
    return root.findall(f"{SVG}g[@class='chart-average']/{SVG}circle")


def x_labels(root: ET.Element) -> list[ET.Element]:
    groups = root.findall(f"{SVG}g[@class='chart-label'][@text-anchor='middle']")
    return [text for group in groups for text in group.findall(f"{SVG}text")]


def session_marks(root: ET.Element) -> int:
    path = root.find(f"{SVG}path[@class='chart-session']")
    return 0 if path is None else path.get("d").count("M")


def test_the_chart_is_an_image_with_a_title_and_a_description_in_words():
    days = [day(END - timedelta(days=2), 2, 6), day(END - timedelta(days=1), 5), day(END, 3)]

    root = draw(days, start=END - timedelta(days=27), sessions=[END])

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "pain-chart-title pain-chart-desc"
    assert root.find(f"{SVG}title").text == "Pain over time"
    assert root.find(f"{SVG}desc").text == (
        "Daily pain from 19 Feb to 18 Mar 2026: 3 days logged, average 4.0, lowest 2, "
        "highest 6. The 7-day average went from 4.0 to 4.0. Sessions on 1 day."
    )


def test_one_dot_a_day_with_higher_pain_drawn_higher():
    days = [day(END - timedelta(days=1), 9), day(END, 1)]

    circles = dots(draw(days, start=END - timedelta(days=6)))

    assert len(circles) == 2
    high, low = (float(circle.get("cy")) for circle in circles)
    assert high < low  # SVG's y grows downwards
    assert float(circles[0].get("cx")) < float(circles[1].get("cx"))


def test_days_outside_the_period_are_left_out():
    days = [day(END - timedelta(days=40), 5), day(END, 4)]

    root = draw(days, start=END - timedelta(days=27), sessions=[END - timedelta(days=40), END])

    assert len(dots(root)) == 1
    assert session_marks(root) == 1


def test_every_day_with_a_session_gets_a_mark_under_the_axis():
    days = [day(END - timedelta(days=n), 3) for n in range(10)]

    root = draw(days, start=END - timedelta(days=27), sessions=[END, END - timedelta(days=3)])

    assert session_marks(root) == 2


def test_a_long_period_is_drawn_week_by_week():
    start = END - timedelta(days=364)
    days = [day(start + timedelta(days=n), n % 10) for n in range(365)]

    root = draw(days, start=start)

    assert 52 <= len(dots(root)) <= 54
    assert root.find(f"{SVG}desc").text.startswith(
        "Pain from 19 Mar 2025 to 18 Mar 2026, shown by week"
    )
    legend = [text.text for text in root.findall(f".//{SVG}g[@class='chart-legend']//{SVG}text")]
    assert "Week’s average" in legend


@pytest.mark.parametrize("length", [1, 7, 28, 91, 365, 3 * 365])
def test_date_labels_are_few_inside_the_drawing_and_never_overlap(length):
    start = END - timedelta(days=length - 1)

    labels = x_labels(draw([day(END, 3)], start=start))
    positions = [float(label.get("x")) for label in labels]

    assert 1 <= len(labels) <= 6
    assert all(0 < x < WIDTH for x in positions)
    assert positions == sorted(positions)
    gaps = [b - a for a, b in itertools.pairwise(positions)]
    assert all(gap > 20 for gap in gaps)


def test_an_empty_period_says_so_inside_the_chart():
    root = draw([], start=END - timedelta(days=27))

    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "No pain logged in this period." in texts
    assert root.find(f"{SVG}desc").text == "No pain logged from 19 Feb to 18 Mar 2026."
    assert dots(root) == []


def test_a_title_and_prefix_are_escaped_and_keep_ids_apart():
    root = draw([day(END, 2)], start=END, title="Pain <for> Sam & Jo", id_prefix="report")

    assert root.find(f"{SVG}title").text == "Pain <for> Sam & Jo"
    assert root.find(f"{SVG}title").get("id") == "report-title"


def test_the_chart_has_no_style_attributes_or_scripts_for_a_strict_csp():
    svg = str(pain_chart([day(END, 4)], start=END, end=END, rolling={}, session_days={END}))

    assert "style=" not in svg
    assert "<script" not in svg


def test_an_end_before_the_start_is_a_value_error():
    with pytest.raises(ValueError, match="before start"):
        pain_chart([], start=END, end=END - timedelta(days=1), rolling={}, session_days=set())


def test_the_table_lists_days_newest_first_with_their_sessions():
    days = [day(END - timedelta(days=1), 2, 4), day(END, 5)]
    rolling = rolling_average(days)

    rows = pain_table_rows(days, rolling, {END - timedelta(days=1): 2})

    assert [(r.day, r.average, r.low, r.high, r.rolling, r.sessions) for r in rows] == [
        (END, 5.0, 5, 5, 4.0, 0),
        (END - timedelta(days=1), 3.0, 2, 4, 3.0, 2),
    ]


def test_the_table_given_only_session_days_counts_one_a_day():
    rows = pain_table_rows([day(END, 5)], {}, {END})

    assert rows[0].sessions == 1
    assert rows[0].rolling is None


def test_a_long_period_is_tabled_week_by_week_like_its_chart():
    monday = date(2026, 3, 9)
    days = [
        day(monday, 2),
        day(monday + timedelta(days=2), 4, 6),
        day(monday + timedelta(days=7), 1),
    ]
    sessions = {monday: 1, monday + timedelta(days=3): 2, monday + timedelta(days=8): 1}

    rows = pain_table_rows(days, {}, sessions, weekly=True)

    assert [(r.day, r.average, r.low, r.high, r.days_logged, r.sessions) for r in rows] == [
        (date(2026, 3, 16), 1.0, 1, 1, 1, 1),
        (date(2026, 3, 9), 3.5, 2, 6, 2, 3),
    ]


@pytest.mark.parametrize(("length", "weekly"), [(28, False), (200, False), (201, True)])
def test_periods_longer_than_200_days_are_weekly(length, weekly):
    assert is_weekly(END - timedelta(days=length - 1), END) is weekly
