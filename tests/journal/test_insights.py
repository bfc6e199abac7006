"""The journal's insights, streaks and summaries: pure functions over hand-built data."""

from datetime import date, timedelta

import pytest

from journal.insights import (
    ChangeRow,
    DayPain,
    SessionStretches,
    calendar_month,
    change_insights,
    compare_session_days,
    month_summary,
    month_to_show,
    pain_trend,
    period_span,
    period_start,
    rolling_average,
    sessions_this_week,
    streaks,
    stretch_effects,
    verdict,
    week_start,
)

TODAY = date(2026, 3, 18)  # a Wednesday


def day(when: date, *levels: int) -> DayPain:
    return DayPain(
        day=when, total=sum(levels), count=len(levels), low=min(levels), high=max(levels)
    )


def days_back(*back: int) -> set[date]:
    return {TODAY - timedelta(days=n) for n in back}


# --- Rolling average -------------------------------------------------------------------------


def test_rolling_average_of_a_single_day_is_that_days_average():
    assert rolling_average([day(TODAY, 2, 4)]) == {TODAY: 3.0}


def test_rolling_average_weighs_each_day_the_same_however_many_entries():
    days = [day(TODAY - timedelta(days=1), 2), day(TODAY, 6, 6, 6, 6)]

    assert rolling_average(days)[TODAY] == 4.0


def test_rolling_average_forgets_days_older_than_the_window():
    days = [day(TODAY - timedelta(days=7), 10), day(TODAY - timedelta(days=6), 4), day(TODAY, 2)]

    averages = rolling_average(days)

    assert averages[TODAY - timedelta(days=6)] == 7.0  # 10 and 4, a day apart
    assert averages[TODAY] == 3.0  # the 10 is 7 days back: out of the window


def test_a_gap_shrinks_the_sample_instead_of_counting_empty_days_as_zero():
    days = [day(TODAY - timedelta(days=20), 8), day(TODAY, 4)]

    assert rolling_average(days) == {TODAY - timedelta(days=20): 8.0, TODAY: 4.0}


def test_rolling_average_ignores_input_order_and_days_without_entries():
    days = [
        day(TODAY, 3),
        DayPain(TODAY - timedelta(days=2), 0, 0, 0, 0),
        day(TODAY - timedelta(days=1), 5),
    ]

    assert rolling_average(days) == {TODAY - timedelta(days=1): 5.0, TODAY: 4.0}


def test_rolling_average_needs_a_window_of_a_day_at_least():
    with pytest.raises(ValueError, match="window"):
        rolling_average([], window=0)


# --- Streaks and this week -------------------------------------------------------------------


def test_no_sessions_is_no_streak():
    result = streaks(set(), today=TODAY)

    assert (result.current, result.longest) == (0, 0)


def test_a_streak_ending_today_counts_today():
    result = streaks(days_back(0, 1, 2), today=TODAY)

    assert (result.current, result.longest) == (3, 3)


def test_a_streak_ending_yesterday_still_counts_until_today_is_over():
    result = streaks(days_back(1, 2), today=TODAY)

    assert (result.current, result.longest) == (2, 2)


def test_a_missed_day_ends_the_current_streak_but_not_the_longest():
    result = streaks(days_back(2, 3, 4, 5, 10, 11), today=TODAY)

    assert (result.current, result.longest) == (0, 4)


def test_the_longest_streak_can_lie_in_the_past_while_a_shorter_one_runs():
    result = streaks(days_back(0, 1, 5, 6, 7, 8, 9), today=TODAY)

    assert (result.current, result.longest) == (2, 5)


def test_days_after_today_do_not_count_towards_a_streak():
    result = streaks(days_back(0) | {TODAY + timedelta(days=1)}, today=TODAY)

    assert (result.current, result.longest) == (1, 1)


def test_weeks_start_on_monday():
    assert week_start(TODAY) == date(2026, 3, 16)
    assert week_start(date(2026, 3, 16)) == date(2026, 3, 16)
    assert week_start(date(2026, 3, 22)) == date(2026, 3, 16)  # a Sunday


def test_sessions_this_week_count_from_monday_to_today():
    counts = {
        date(2026, 3, 15): 4,  # last Sunday: last week
        date(2026, 3, 16): 1,  # Monday
        date(2026, 3, 18): 2,  # today, twice
        date(2026, 3, 19): 1,  # tomorrow: not yet
    }

    assert sessions_this_week(counts, today=TODAY) == 3


# --- Days with a session against days without --------------------------------------------------


def test_comparison_needs_five_days_of_each_and_says_how_many_more():
    days = [day(TODAY - timedelta(days=n), 3) for n in range(7)]
    comparison = compare_session_days(days, days_back(0, 1, 2))

    assert not comparison.enough
    assert (comparison.missing_with, comparison.missing_without) == (2, 1)
    assert comparison.message == (
        "Log your pain on 2 more days with a session and 1 more day without one to compare them."
    )


def test_comparison_with_no_data_asks_for_five_of_each():
    comparison = compare_session_days([], set())

    assert comparison.with_sessions is None
    assert comparison.message == (
        "Log your pain on 5 more days with a session and 5 more days without one to compare them."
    )


def test_comparison_with_enough_data_gives_both_averages():
    stretched = [day(TODAY - timedelta(days=n), 2, 4) for n in range(5)]  # 3 a day
    other = [day(TODAY - timedelta(days=n), 5) for n in range(5, 10)]
    comparison = compare_session_days(stretched + other, days_back(0, 1, 2, 3, 4))

    assert comparison.enough
    assert (comparison.with_sessions, comparison.without_sessions) == (3.0, 5.0)
    assert comparison.message == (
        "On days you stretched, your pain averaged 3.0; on other days, 5.0. A clear difference."
    )


def test_session_days_without_pain_logged_do_not_count():
    days = [day(TODAY - timedelta(days=n), 4) for n in range(5, 10)]
    comparison = compare_session_days(days, days_back(0, 1, 2, 3, 4))

    assert (comparison.days_with, comparison.days_without) == (0, 5)


# --- Change from before to after --------------------------------------------------------------


def test_a_routine_needs_sessions_on_five_different_days():
    rows = [
        ChangeRow("Desk break", 9, -4.0, days=4, average_before=6.0),
        ChangeRow("Wake-up in bed", 5, -1.0, days=5, average_before=4.0),
    ]

    found, thin = change_insights(rows)

    assert [insight.name for insight in found] == ["Wake-up in bed"]
    assert thin == [rows[0]]


def test_the_most_helpful_come_first_then_by_name():
    rows = [
        ChangeRow("B routine", 5, -1.0, days=5),
        ChangeRow("A routine", 5, -1.0, days=5),
        ChangeRow("C routine", 6, -3.0, days=6),
        ChangeRow("D routine", 7, 1.0, days=7),
    ]

    found, _ = change_insights(rows)

    assert [insight.name for insight in found] == [
        "C routine",
        "A routine",
        "B routine",
        "D routine",
    ]


@pytest.mark.parametrize(
    ("change", "start", "expected"),
    [
        (-2.0, 8.0, "clear"),  # 2 points, though only 25% of 8
        (2.0, None, "clear"),
        (-1.99, 8.0, "small"),  # under 2 points and under 30% of 8 (2.4)
        (-1.5, 5.0, "clear"),  # 30% of 5
        (-1.49, 5.0, "small"),
        (-1.0, 3.0, "clear"),  # 33% of 3
        (-0.99, 3.0, "same"),  # under 1 point is about the same, whatever the share
        (0.9, 1.0, "same"),
        (-1.0, 8.0, "small"),
        (0.0, 5.0, "same"),
        (-1.0, 0.0, "small"),  # from no pain, no share: points alone
    ],
)
def test_meaningful_at_two_points_or_thirty_percent_and_the_same_under_one(change, start, expected):
    assert verdict(change, start=start) == expected


@pytest.mark.parametrize(
    ("change", "meaningful", "direction"),
    [
        (-2.0, True, "lower"),
        (-1.99, False, "lower"),
        (2.0, True, "higher"),
        (0.99, False, "same"),
        (-1.0, False, "lower"),
        (0.0, False, "same"),
    ],
)
def test_a_routine_change_uses_the_same_thresholds(change, meaningful, direction):
    (insight,), _ = change_insights([ChangeRow("Desk break", 5, change, 5, 8.0)])

    assert insight.meaningful is meaningful
    assert insight.direction == direction


def test_insight_messages_read_as_plain_sentences():
    rows = [
        ChangeRow("Desk break", 5, -2.333, days=5, average_before=6.0),
        ChangeRow("Child's pose", 6, 1.0, days=6, average_before=5.0),
        ChangeRow("Cat-cow", 7, 0.2, days=5, average_before=4.0),
        ChangeRow("Wake-up in bed", 36, -1.6, days=30, average_before=6.0),
    ]

    messages = {insight.name: insight.message for insight in change_insights(rows)[0]}

    assert messages == {
        "Desk break": (
            "After Desk break your pain was 2.3 points lower on average (5 sessions). "
            "A clear change."
        ),
        "Child's pose": (
            "After Child's pose your pain was 1.0 points higher on average (6 sessions). "
            "A small change, which may be chance."
        ),
        "Cat-cow": "After Cat-cow your pain was about the same on average (7 sessions on 5 days).",
        "Wake-up in bed": (
            "After Wake-up in bed your pain was 1.6 points lower on average "
            "(36 sessions on 30 days). A small change, which may be chance."
        ),
    }


def test_a_decimal_average_from_postgresql_is_taken_as_a_number():
    from decimal import Decimal

    (insight,), _ = change_insights(
        [ChangeRow("Desk break", 5, Decimal("-2.5000"), 5, Decimal("6.2000"))]
    )

    assert (insight.average_change, insight.average_before) == (-2.5, 6.2)


# --- A stretch's own effect --------------------------------------------------------------------

WAKE_UP = frozenset({"Pelvic tilt", "Knees to chest", "Knee rolls", "Bridge", "Cat-cow"})


def played(back: int, before: int, after: int, *stretches: str) -> SessionStretches:
    return SessionStretches(
        day=TODAY - timedelta(days=back),
        pain_before=before,
        pain_after=after,
        stretches=frozenset(stretches),
    )


def test_stretches_always_done_together_are_one_line_and_not_told_apart():
    """The tester's case: one routine, 36 sessions, five stretches always played together."""
    sessions = [played(n, 5, 3 if n % 5 else 4, *WAKE_UP) for n in range(36)]

    (effect,) = stretch_effects(sessions)

    assert effect.names == ("Bridge", "Cat-cow", "Knee rolls", "Knees to chest", "Pelvic tilt")
    assert effect.together
    assert not effect.enough
    assert effect.difference is None
    assert effect.message == (
        "Bridge, Cat-cow, Knee rolls, Knees to chest and Pelvic tilt were always done "
        "together, so their own effects cannot be told apart. They were in every session "
        "(36 sessions), so there is nothing yet to compare them with."
    )


def test_a_stretch_done_in_different_combinations_gets_its_own_effect():
    sessions = [played(n, 6, 2, "Cat-cow", "Bridge") for n in range(5)]
    sessions += [played(n, 6, 5, "Bridge", "Knee rolls") for n in range(5, 11)]
    sessions += [played(n, 6, 6, "Cat-cow", "Knee rolls") for n in range(11, 16)]

    effects = {effect.names: effect for effect in stretch_effects(sessions)}

    cat_cow = effects[("Cat-cow",)]
    assert (cat_cow.days_with, cat_cow.days_without) == (10, 6)
    assert cat_cow.change_with == -2.0
    assert cat_cow.change_without == -1.0
    assert cat_cow.verdict == "small"
    assert set(effects) == {("Bridge",), ("Cat-cow",), ("Knee rolls",)}
    assert effects[("Bridge",)].message == (
        "With Bridge, your pain went down 2.4 points on average; without it, it did not "
        "change (11 days with, 5 without). A clear difference."
    )


def test_a_group_that_can_be_compared_is_still_one_line():
    wake_up = [played(n, 6, 3, *WAKE_UP) for n in range(6)]
    desk = [played(n, 5, 5, "Chair twist") for n in range(6, 12)]

    effects = stretch_effects(wake_up + desk)

    assert [effect.names for effect in effects] == [tuple(sorted(WAKE_UP)), ("Chair twist",)]
    assert effects[0].message == (
        "Bridge, Cat-cow, Knee rolls, Knees to chest and Pelvic tilt were always done "
        "together, so their own effects cannot be told apart. With them, your pain went down "
        "3.0 points on average; without them, it did not change (6 days with, 6 without). "
        "A clear difference."
    )


def test_a_stretch_needs_five_days_with_and_five_without():
    sessions = [played(n, 5, 3, "Cat-cow") for n in range(4)]
    sessions += [played(n, 5, 5, "Bridge") for n in range(4, 20)]

    effects = {effect.names: effect for effect in stretch_effects(sessions)}

    assert not effects[("Cat-cow",)].enough
    assert effects[("Cat-cow",)].message == (
        "To compare Cat-cow, sessions on 1 more day with it are needed."
    )
    assert effects[("Bridge",)].enough is False  # 16 days with, 4 without


def test_days_not_sessions_count_towards_the_five():
    same_day = [played(0, 6, 2, "Cat-cow") for _ in range(9)]
    others = [played(n, 6, 6, "Bridge") for n in range(1, 6)]

    effects = {effect.names: effect for effect in stretch_effects(same_day + others)}

    assert (effects[("Cat-cow",)].sessions, effects[("Cat-cow",)].days_with) == (9, 1)
    assert not effects[("Cat-cow",)].enough


def test_the_most_helpful_stretch_comes_first_and_thin_ones_last():
    sessions = [played(n, 6, 5, "A stretch") for n in range(5)]
    sessions += [played(n, 6, 2, "B stretch") for n in range(5, 10)]
    sessions += [played(n, 6, 4, "C stretch") for n in range(10, 12)]

    assert [effect.names for effect in stretch_effects(sessions)] == [
        ("B stretch",),
        ("A stretch",),
        ("C stretch",),
    ]


def test_no_sessions_no_effects():
    assert stretch_effects([]) == []


# --- How pain went over the period ----------------------------------------------------------------


def steady(level_at, *, days: int, end: date = TODAY) -> list[DayPain]:
    """A pain entry every day for `days` days up to `end`, at level_at(days back)."""
    return [day(end - timedelta(days=n), level_at(n)) for n in range(days)]


def test_pain_rising_for_weeks_is_said_plainly_and_points_to_safety():
    # 91 days, from about 3 to about 6.
    days = steady(lambda back: 6 if back < 30 else (3 if back > 60 else 4), days=91)
    start = period_start("3m", today=TODAY, first_day=None)

    trend = pain_trend(days, start=start, end=TODAY, span=period_span("3m", start=start))

    assert (
        trend.message == "Your pain has risen from about 3 to about 6 over the last three months."
    )
    assert trend.rising


def test_a_small_rise_is_a_little_and_no_alarm():
    days = steady(lambda back: 5 if back < 9 else 4, days=28)

    trend = pain_trend(
        days, start=TODAY - timedelta(days=27), end=TODAY, span="the last four weeks"
    )

    assert trend.message == (
        "Your pain has risen a little from about 4 to about 5 over the last four weeks."
    )
    assert not trend.rising


def test_pain_coming_down_is_said_kindly():
    days = steady(lambda back: 3 if back < 9 else 6, days=28)

    trend = pain_trend(
        days, start=TODAY - timedelta(days=27), end=TODAY, span="the last four weeks"
    )

    assert trend.message == (
        "Your pain has come down from about 6 to about 3 over the last four weeks. Good to see."
    )
    assert not trend.rising


def test_pain_that_holds_is_about_the_same():
    days = steady(lambda back: 4 if back % 2 else 5, days=28)

    trend = pain_trend(
        days, start=TODAY - timedelta(days=27), end=TODAY, span="the last four weeks"
    )

    assert (
        trend.message == "Your pain has stayed about the same, around 5, over the last four weeks."
    )


def test_a_trend_needs_five_days_logged_at_each_end():
    days = steady(lambda back: 3, days=28)
    thin_start = [d for d in days if d.day > TODAY - timedelta(days=23)]  # 4 of the first 9

    assert pain_trend(thin_start, start=TODAY - timedelta(days=27), end=TODAY, span="x") is None
    assert pain_trend([], start=TODAY - timedelta(days=27), end=TODAY, span="x") is None
    # Too short a period to have a beginning and an end.
    assert pain_trend(days, start=TODAY - timedelta(days=12), end=TODAY, span="x") is None


def test_all_time_is_said_from_its_first_month():
    assert period_span("all", start=date(2025, 5, 3)) == "since May 2025"
    assert period_span("1y", start=date(2025, 5, 3)) == "the last year"


# --- This month in plain words -----------------------------------------------------------------


def test_summary_compares_this_month_with_last_and_counts_days_stretched():
    days = [day(date(2026, 2, 10), 5), day(date(2026, 2, 11), 4, 4), day(date(2026, 3, 2), 3, 4)]
    sessions = {date(2026, 3, 2), date(2026, 3, 3), date(2026, 2, 20)}

    summary = month_summary(days, sessions, today=TODAY)

    # This month (3 + 4) / 2 = 3.5; last month (5 + 4 + 4) / 3 = 4.33: under a point.
    assert summary == (
        "This month your average pain was 3.5, about the same as last month; "
        "you stretched on 2 days."
    )


def test_summary_says_up_when_pain_rose():
    days = [day(date(2026, 2, 10), 2), day(date(2026, 3, 10), 5)]

    assert month_summary(days, set(), today=TODAY) == (
        "This month your average pain was 5.0, up 3.0 from last month; "
        "you have not stretched this month yet."
    )


def test_summary_calls_a_tiny_change_about_the_same():
    days = [day(date(2026, 2, 10), 4), day(date(2026, 3, 10), 4)]

    assert "about the same as last month" in month_summary(days, set(), today=TODAY)


def test_summary_calls_a_change_under_one_point_about_the_same():
    days = [day(date(2026, 2, 10), 5), day(date(2026, 3, 10), 4, 5)]  # 5.0 against 4.5

    assert "about the same as last month" in month_summary(days, set(), today=TODAY)
    days = [day(date(2026, 2, 10), 5), day(date(2026, 3, 10), 4)]  # a whole point

    assert "down 1.0 from last month" in month_summary(days, set(), today=TODAY)


def test_on_the_first_of_the_month_the_summary_shows_the_last_month_with_data():
    days = [day(date(2026, 1, 12), 6), day(date(2026, 2, 10), 4), day(date(2026, 2, 11), 4)]
    sessions = {date(2026, 2, 10), date(2026, 2, 12)}
    first = date(2026, 3, 1)

    assert month_to_show(days, sessions, today=first) == date(2026, 2, 1)
    assert month_summary(days, sessions, today=first) == (
        "Nothing logged yet this month. In February 2026 your average pain was 4.0, "
        "down 2.0 from January; you stretched on 2 days."
    )


def test_the_month_shown_is_this_one_once_anything_is_logged_or_when_nothing_ever_was():
    days = [day(date(2026, 1, 12), 6)]

    assert month_to_show(days, {date(2026, 3, 1)}, today=TODAY) == date(2026, 3, 1)
    assert month_to_show([day(TODAY, 3)], set(), today=TODAY) == date(2026, 3, 1)
    assert month_to_show([], set(), today=TODAY) == date(2026, 3, 1)
    assert month_to_show(days, set(), today=TODAY) == date(2026, 1, 1)  # February was empty
    assert month_summary([], {date(2025, 11, 3)}, today=TODAY) == (
        "Nothing logged yet this month. In November 2025 you stretched on 1 day."
    )


def test_summary_without_last_month_leaves_out_the_comparison():
    summary = month_summary([day(date(2026, 3, 1), 6)], {date(2026, 3, 1)}, today=TODAY)

    assert summary == "This month your average pain was 6.0; you stretched on 1 day."


def test_summary_of_a_month_with_nothing_logged_is_kind():
    assert month_summary([], set(), today=TODAY) == (
        "You have not logged your pain this month yet, nor a stretching session."
    )
    assert month_summary([], {date(2026, 3, 5)}, today=TODAY) == (
        "You have not logged your pain this month yet; you stretched on 1 day."
    )


def test_summary_in_january_looks_back_to_december():
    days = [day(date(2025, 12, 31), 6), day(date(2026, 1, 2), 4)]

    summary = month_summary(days, set(), today=date(2026, 1, 5))

    assert summary.startswith("This month your average pain was 4.0, down 2.0 from last month")


# --- The month calendar ----------------------------------------------------------------------


def test_the_calendar_starts_on_monday_and_pads_outside_the_month():
    weeks = calendar_month(2026, 3, {}, {}, today=TODAY)

    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][:6] == [None] * 6  # 1 March 2026 is a Sunday
    assert weeks[0][6].day == date(2026, 3, 1)
    assert weeks[-1][1].day == date(2026, 3, 31)  # a Tuesday
    assert weeks[-1][2:] == [None] * 5


def test_the_calendar_marks_pain_sessions_today_and_the_future():
    pain = {date(2026, 3, 2): day(date(2026, 3, 2), 3, 6)}
    weeks = calendar_month(2026, 3, pain, {date(2026, 3, 2): 2}, today=TODAY)
    cells = {cell.day: cell for week in weeks for cell in week if cell}

    assert (cells[date(2026, 3, 2)].pain, cells[date(2026, 3, 2)].sessions) == (4.5, 2)
    assert (cells[date(2026, 3, 3)].pain, cells[date(2026, 3, 3)].sessions) == (None, 0)
    assert cells[TODAY].is_today
    assert not cells[TODAY].in_future
    assert cells[date(2026, 3, 19)].in_future


# --- Chart periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start"),
    [("4w", date(2026, 2, 19)), ("3m", date(2025, 12, 18)), ("1y", date(2025, 3, 19))],
)
def test_a_period_ends_today_and_holds_its_number_of_days(period, start):
    assert period_start(period, today=TODAY, first_day=None) == start


def test_all_starts_at_the_first_day_with_data_or_today():
    assert period_start("all", today=TODAY, first_day=date(2023, 5, 1)) == date(2023, 5, 1)
    assert period_start("all", today=TODAY, first_day=None) == TODAY


def test_an_unknown_period_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown period"):
        period_start("5y", today=TODAY, first_day=None)
