"""The journal's insights, streaks and summaries: pure functions over hand-built data."""

from datetime import date, timedelta

import pytest

from journal.insights import (
    ChangeRow,
    DayPain,
    calendar_month,
    change_insights,
    compare_session_days,
    month_summary,
    period_start,
    rolling_average,
    sessions_this_week,
    streaks,
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
    assert (
        comparison.message == "On days you stretched, your pain averaged 3.0; on other days, 5.0."
    )


def test_session_days_without_pain_logged_do_not_count():
    days = [day(TODAY - timedelta(days=n), 4) for n in range(5, 10)]
    comparison = compare_session_days(days, days_back(0, 1, 2, 3, 4))

    assert (comparison.days_with, comparison.days_without) == (0, 5)


# --- Change from before to after --------------------------------------------------------------


def test_rows_with_fewer_than_three_sessions_are_too_thin_to_say_anything():
    rows = [ChangeRow("Desk break", 2, -4.0), ChangeRow("Wake-up in bed", 3, -1.0)]

    found, thin = change_insights(rows)

    assert [insight.name for insight in found] == ["Wake-up in bed"]
    assert thin == [rows[0]]


def test_the_most_helpful_come_first_then_by_name():
    rows = [
        ChangeRow("B routine", 5, -1.0),
        ChangeRow("A routine", 5, -1.0),
        ChangeRow("C routine", 4, -3.0),
        ChangeRow("D routine", 3, 1.0),
    ]

    found, _ = change_insights(rows)

    assert [insight.name for insight in found] == [
        "C routine",
        "A routine",
        "B routine",
        "D routine",
    ]


@pytest.mark.parametrize(
    ("change", "meaningful", "direction"),
    [
        (-2.0, True, "lower"),
        (-1.99, False, "lower"),
        (2.0, True, "higher"),
        (0.49, False, "same"),
        (-0.5, False, "lower"),
        (0.0, False, "same"),
    ],
)
def test_a_change_of_two_points_or_more_is_called_meaningful(change, meaningful, direction):
    (insight,), _ = change_insights([ChangeRow("Desk break", 3, change)])

    assert insight.meaningful is meaningful
    assert insight.direction == direction


def test_insight_messages_read_as_plain_sentences():
    rows = [
        ChangeRow("Desk break", 3, -2.333),
        ChangeRow("Child's pose", 4, 1.0),
        ChangeRow("Cat-cow", 5, 0.2),
    ]

    messages = {insight.name: insight.message for insight in change_insights(rows)[0]}

    assert messages == {
        "Desk break": (
            "After Desk break your pain was 2.3 points lower on average (3 sessions). "
            "A clear change."
        ),
        "Child's pose": (
            "After Child's pose your pain was 1.0 points higher on average (4 sessions)."
        ),
        "Cat-cow": "After Cat-cow your pain was about the same on average (5 sessions).",
    }


def test_a_decimal_average_from_postgresql_is_taken_as_a_number():
    from decimal import Decimal

    (insight,), _ = change_insights([ChangeRow("Desk break", 3, Decimal("-2.5000"))])

    assert insight.average_change == -2.5


# --- This month in plain words -----------------------------------------------------------------


def test_summary_compares_this_month_with_last_and_counts_days_stretched():
    days = [day(date(2026, 2, 10), 5), day(date(2026, 2, 11), 4, 4), day(date(2026, 3, 2), 3, 4)]
    sessions = {date(2026, 3, 2), date(2026, 3, 3), date(2026, 2, 20)}

    summary = month_summary(days, sessions, today=TODAY)

    # This month (3 + 4) / 2 = 3.5; last month (5 + 4 + 4) / 3 = 4.33.
    assert summary == (
        "This month your average pain was 3.5, down 0.8 from last month; you stretched on 2 days."
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
