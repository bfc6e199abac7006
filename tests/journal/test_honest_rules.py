"""The pure rules of issue 11: what counts as done, today's routine, where a resume lands."""

from datetime import UTC, datetime, timedelta

from journal.models import Session
from journal.playback import StepRecord, honesty, pressed_through, summarise
from journal.services import session_status
from journal.today import (
    RecentPlays,
    TodayChoice,
    choose_today,
    may_resume,
    resume_index,
)
from routines.plan import PlanItem, PlanSettings, Sides, StepKind, step_plan

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)


def done(planned: int, actual: int) -> StepRecord:
    return StepRecord("done", planned, actual)


# --- What counts as done ----------------------------------------------------------------------


def test_a_hold_counts_as_done_once_a_third_of_its_time_has_passed():
    assert not pressed_through(done(30, 10))
    assert pressed_through(done(30, 9))
    assert not pressed_through(done(30, 30))


def test_ten_repetitions_at_three_seconds_count_from_about_a_second_each():
    assert not pressed_through(done(30, 10))
    assert pressed_through(done(30, 3))


def test_a_skipped_step_is_never_pressed_through():
    assert not pressed_through(StepRecord("skipped", 30, 0))


def test_a_session_is_rushed_when_more_than_half_its_done_steps_were_pressed_through():
    eight_of_ten = [done(30, 2)] * 8 + [done(30, 30)] * 2
    half = [done(30, 2)] * 2 + [done(30, 30)] * 2

    assert honesty(eight_of_ten).pressed_through == 8
    assert honesty(eight_of_ten).done == 10
    assert honesty(eight_of_ten).rushed
    assert not honesty(half).rushed
    assert not honesty([]).rushed


def test_skipped_steps_do_not_count_towards_rushed():
    steps = [done(30, 2), StepRecord("skipped", 30, 1), StepRecord("skipped", 30, 1)]

    assert honesty(steps).done == 1
    assert honesty(steps).rushed


def test_rushed_outranks_completed_and_partial_but_not_abandoned():
    assert session_status(outcomes=["done"] * 3, work_steps=3, finished=True, rushed=True) == (
        Session.Status.RUSHED
    )
    assert session_status(outcomes=["done"], work_steps=3, finished=False, rushed=True) == (
        Session.Status.RUSHED
    )
    assert session_status(outcomes=["skipped"], work_steps=1, finished=True, rushed=True) == (
        Session.Status.ABANDONED
    )


def test_the_summary_counts_what_was_pressed_through():
    summary = summarise(
        steps=[("Twist", "done")] * 10,
        seconds=40,
        pain_before=4,
        pain_after=4,
        honesty=honesty([done(30, 2)] * 8 + [done(30, 30)] * 2),
    )

    assert (summary.done, summary.pressed_through) == (10, 8)


# --- The 12-hour window and where a resume lands ----------------------------------------------


def test_a_play_through_may_be_resumed_for_twelve_hours():
    assert may_resume(started_at=NOW - timedelta(hours=12), now=NOW)
    assert may_resume(started_at=NOW - timedelta(minutes=5), now=NOW)
    assert not may_resume(started_at=NOW - timedelta(hours=12, seconds=1), now=NOW)
    assert not may_resume(started_at=NOW + timedelta(minutes=1), now=NOW)


def plan():
    """Get ready (0), twist left (1), switch (2), twist right (3), rest (4), hug (5)."""
    items = [
        PlanItem(
            stretch_id=1,
            name="Twist",
            timed=True,
            hold_seconds=20,
            repetitions=1,
            seconds_per_repetition=4,
            sets=1,
            sides=Sides.LEFT_RIGHT,
            rest_seconds=10,
        ),
        PlanItem(
            stretch_id=2,
            name="Hug",
            timed=False,
            hold_seconds=0,
            repetitions=8,
            seconds_per_repetition=3,
            sets=1,
            sides=Sides.BOTH,
            rest_seconds=10,
        ),
    ]
    return step_plan(items, PlanSettings(get_ready_seconds=5, switch_seconds=5))


def test_a_resume_lands_on_the_step_after_the_last_one_recorded():
    steps = plan()

    assert resume_index(steps, last_recorded=1, signature_then="a", signature_now="a") == 2
    assert steps[
        resume_index(steps, last_recorded=3, signature_then="", signature_now="b")
    ].kind == (StepKind.REST)


def test_no_resume_when_the_routine_changed_or_nothing_is_left():
    steps = plan()

    assert resume_index(steps, last_recorded=1, signature_then="a", signature_now="b") is None
    assert resume_index(steps, last_recorded=5, signature_then="a", signature_now="a") is None
    assert resume_index(steps, last_recorded=9, signature_then="a", signature_now="a") is None


# --- Today's routine --------------------------------------------------------------------------


def plays(routine_id: int, count: int, hours_ago: int) -> RecentPlays:
    return RecentPlays(routine_id, count, NOW - timedelta(hours=hours_ago))


def test_the_pinned_routine_comes_first():
    choice = choose_today(pinned_id=7, recent=[plays(3, 9, 1)], starter_ids=[1, 2])

    assert choice == TodayChoice(7, "pinned")


def test_else_the_routine_played_most_lately_and_on_a_tie_the_one_played_last():
    recent = [plays(3, 2, 30), plays(4, 5, 50), plays(5, 5, 20)]

    assert choose_today(pinned_id=None, recent=recent, starter_ids=[1]) == TodayChoice(
        5, "most-played"
    )


def test_else_the_first_starter_and_none_without_any_routine():
    assert choose_today(pinned_id=None, recent=[], starter_ids=[2, 1]) == TodayChoice(2, "starter")
    assert choose_today(pinned_id=None, recent=[], starter_ids=[]) is None
