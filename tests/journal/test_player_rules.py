"""The player's rules, out of its views: where the start leads, the pain carried in the
address, what a finish needs, what a signed-out browser remembers (plain data); how a
play-through starts and keeps its steps, the gentler routine and the summary (no HTTP)."""

import datetime as dt
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from journal import carry
from journal.forms import StartForm
from journal.models import Session, SessionStep
from journal.playback import StartNext, pain_score, start_next, work_steps_to_finish
from journal.selectors import gentler_starter, session_summary
from journal.services import (
    PlayKeyTaken,
    Recorded,
    play_record_step,
    play_start,
    session_finish,
    session_status,
)
from routines.plan import PlanItem, PlanSettings, Sides, plan_signature, step_plan, work_step_count
from stretches.vocabulary import Intensity
from tests.factories import (
    RoutineFactory,
    SessionFactory,
    SessionStepFactory,
    StretchFactory,
    UserFactory,
)

Choice = StartForm.Choice


# --- Where the "how is your pain" page leads ----------------------------------------------------


def test_not_today_ends_the_start_whatever_the_pain():
    assert start_next(Choice.NOT_TODAY, 9) == StartNext.NOT_TODAY
    assert start_next(Choice.NOT_TODAY, None) == StartNext.NOT_TODAY


def test_start_with_strong_pain_brings_the_check_before_the_first_step():
    assert start_next(Choice.START, 8) == StartNext.CHECK
    assert start_next(Choice.START, 10) == StartNext.CHECK
    assert start_next(Choice.START, 7) == StartNext.PLAY
    assert start_next(Choice.START, None) == StartNext.PLAY


def test_continue_anyway_after_the_check_plays_whatever_the_pain():
    assert start_next(Choice.CONTINUE, 10) == StartNext.PLAY


# --- The pain carried in the address (signed out) -----------------------------------------------


def test_a_pain_score_in_the_address_is_a_whole_number_from_0_to_10():
    assert [pain_score(raw) for raw in ("0", "7", "10")] == [0, 7, 10]


def test_anything_else_in_the_address_is_no_pain_score():
    assert [pain_score(raw) for raw in ("11", "-1", "7.5", "seven", "", None)] == [None] * 6


# --- What a finish needs to be complete ---------------------------------------------------------


def plan(sets: int = 2):
    item = PlanItem(
        stretch_id=1,
        name="Twist",
        timed=True,
        hold_seconds=30,
        repetitions=1,
        seconds_per_repetition=4,
        sets=sets,
        sides=Sides.LEFT_RIGHT,
        rest_seconds=10,
    )
    return step_plan([item], PlanSettings(get_ready_seconds=5, switch_seconds=5))


def test_a_finish_is_complete_with_every_stretch_step_of_the_plan():
    steps = plan()
    every = ["done"] * work_step_count(steps)

    work_steps = work_steps_to_finish(steps, changed=False)

    assert work_steps == 4  # two sets, left then right
    assert session_status(outcomes=every, work_steps=work_steps, finished=True) == "completed"


def test_after_an_edit_mid_play_a_finish_is_partly_done_at_most():
    steps = plan()
    every = ["done"] * len(steps)  # even a record for every step of the new plan

    work_steps = work_steps_to_finish(steps, changed=True)

    assert session_status(outcomes=every, work_steps=work_steps, finished=True) == "partial"


# --- What a signed-out browser remembers of play-throughs that are over -------------------------


def test_a_play_through_is_over_once_its_summary_was_reached_in_this_browser():
    store, key, other = {}, uuid.uuid4(), uuid.uuid4()
    assert not carry.is_over(store, play_key=key)

    carry.remember_over(store, play_key=key)

    assert carry.is_over(store, play_key=key)
    assert not carry.is_over(store, play_key=other)


def test_the_browser_remembers_the_last_ten_play_throughs_over_each_once():
    store, keys = {}, [uuid.uuid4() for _ in range(11)]
    for key in keys:
        carry.remember_over(store, play_key=key)
    carry.remember_over(store, play_key=keys[5])  # reached again: now the latest

    assert not carry.is_over(store, play_key=keys[0])
    assert all(carry.is_over(store, play_key=key) for key in keys[1:])
    assert store[carry.OVER][-1] == str(keys[5])
    assert len(store[carry.OVER]) == len(set(store[carry.OVER])) == carry.OVER_KEPT


# --- Starting a play-through and keeping its steps ----------------------------------------------


@pytest.fixture
def mine(db):
    owner = UserFactory()
    return RoutineFactory(owner=owner, stretches=StretchFactory.create_batch(2))


def started(routine, key=None) -> Session:
    return play_start(
        user=routine.owner,
        store={},
        routine=routine,
        play_key=key or uuid.uuid4(),
        pain_before=4,
        now=timezone.now(),
    )


def test_a_start_signed_in_makes_one_session_with_the_plans_signature(mine):
    key = uuid.uuid4()

    session = started(mine, key)
    again = started(mine, key)

    assert again == session
    assert Session.objects.count() == 1
    ids = [item.stretch_id for item in mine.items.all()]
    assert session.plan_signature == plan_signature(mine.plan(), ids)
    assert session.pain_before == 4


def test_a_start_signed_out_is_noted_in_the_browser_session_only(mine):
    store, key = {}, uuid.uuid4()

    session = play_start(
        user=AnonymousUser(),
        store=store,
        routine=mine,
        play_key=key,
        pain_before=6,
        now=timezone.now(),
    )

    assert session is None
    assert Session.objects.count() == 0
    assert store[carry.KEY]["key"] == str(key)
    assert store[carry.KEY]["pain_before"] == 6


def test_another_persons_play_key_is_not_theirs_to_play(mine):
    theirs = SessionFactory(left_open=True)

    with pytest.raises(PlayKeyTaken):
        started(mine, theirs.play_key)

    assert Session.objects.count() == 1


def record(session, routine, index, *, store=None, key=None, actual=None, outcome="done"):
    steps, items = routine.plan(), list(routine.items.all())
    return play_record_step(
        session=session,
        store=store if store is not None else {},
        play_key=key or uuid.uuid4(),
        step=steps[index],
        item=items[steps[index].item_index],
        outcome=outcome,
        actual_seconds=actual,
    )


def test_a_step_is_kept_once_with_its_planned_time_when_the_player_sent_none(mine):
    session = started(mine)
    stretch_step = mine.plan()[1]

    assert record(session, mine, 1) == Recorded.KEPT
    assert record(session, mine, 1, actual=3, outcome="skipped") == Recorded.KEPT

    kept = SessionStep.objects.get()
    assert (kept.step_index, kept.outcome) == (1, "done")
    assert kept.actual_seconds == kept.planned_seconds == stretch_step.seconds


def test_a_record_after_the_finish_was_kept_before_or_comes_too_late(mine):
    session = started(mine)
    record(session, mine, 1)
    session_finish(session=session, pain_after=3, note="", work_steps=4)
    later = next(step.index for step in mine.plan() if step.is_work and step.index > 1)

    assert record(session, mine, 1) == Recorded.KEPT_BEFORE
    assert record(session, mine, later) == Recorded.CLOSED
    assert SessionStep.objects.count() == 1


def test_signed_out_only_stretch_steps_are_noted_for_a_sign_up(mine):
    store, key = {}, uuid.uuid4()
    play_start(
        user=AnonymousUser(),
        store=store,
        routine=mine,
        play_key=key,
        pain_before=None,
        now=timezone.now(),
    )
    assert not mine.plan()[0].is_work  # get ready

    assert record(None, mine, 0, store=store, key=key) == Recorded.KEPT
    assert record(None, mine, 1, store=store, key=key, actual=12) == Recorded.KEPT

    assert store[carry.KEY]["steps"] == {"1": ["done", 12]}


# --- The gentler routine offered on a bad day ---------------------------------------------------


def starter(*intensities: str):
    stretches = [StretchFactory(intensity=intensity) for intensity in intensities]
    return RoutineFactory(starter=True, stretches=stretches)


def test_the_gentler_routine_is_the_shortest_starter_of_gentle_stretches_only(db):
    gentle = Intensity.GENTLE
    starter(Intensity.MODERATE)  # the shortest, but not all gentle
    shortest_gentle = starter(gentle, gentle)
    starter(gentle, gentle, gentle)
    mine = RoutineFactory(stretches=StretchFactory.create_batch(4))

    assert gentler_starter(mine) == shortest_gentle


def test_no_gentler_routine_is_offered_when_none_is_shorter(db):
    starter(Intensity.GENTLE, Intensity.GENTLE)
    mine = RoutineFactory(stretches=[StretchFactory()])

    assert gentler_starter(mine) is None


# --- The summary of a finished play-through -----------------------------------------------------


def test_the_summary_counts_steps_and_stretches_done_skipped_and_pressed_through(db):
    started_at = timezone.now() - dt.timedelta(minutes=10)
    session = SessionFactory(
        started_at=started_at,
        finished_at=started_at + dt.timedelta(minutes=7),
        pain_before=6,
        pain_after=3,
    )
    for index, name, outcome, actual in [
        (1, "Twist", "done", 30),
        (3, "Twist", "skipped", 0),
        (5, "Cat-cow", "skipped", 0),
        (7, "Bridge", "done", 2),
    ]:
        SessionStepFactory(
            session=session,
            step_index=index,
            stretch_name=name,
            outcome=outcome,
            actual_seconds=actual,
        )

    summary = session_summary(session)

    assert (summary.done, summary.skipped) == (2, 2)
    assert (summary.stretches_done, summary.stretches_skipped) == (2, 1)
    assert summary.pressed_through == 1  # the bridge, done after 2 of its 30 seconds
    assert summary.seconds == 7 * 60
    assert summary.pain_eased == 3
