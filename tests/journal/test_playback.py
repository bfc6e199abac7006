from journal.models import Session
from journal.playback import (
    RoutineOption,
    gentler_option,
    pain_needs_check,
    pain_rose,
    step_screen,
    summarise,
)
from journal.services import session_status
from routines.plan import PlanItem, PlanSettings, Sides, step_plan

SETTINGS = PlanSettings(get_ready_seconds=5, switch_seconds=5)


def item(**overrides) -> PlanItem:
    values = {
        "stretch_id": 1,
        "name": "Knee hug",
        "timed": True,
        "hold_seconds": 30,
        "repetitions": 1,
        "seconds_per_repetition": 4,
        "sets": 1,
        "sides": Sides.BOTH,
        "rest_seconds": 10,
    }
    return PlanItem(**(values | overrides))


NAMES = ["Knee rolls", "Child's pose"]


def screens():
    steps = step_plan(
        [item(sides=Sides.LEFT_RIGHT, sets=2), item(timed=False, repetitions=8)], SETTINGS
    )
    return [step_screen(steps, NAMES, step.index) for step in steps]


def test_get_ready_names_the_first_stretch():
    first = screens()[0]

    assert (first.title, first.announcement) == ("Get ready", "Get ready. First: Knee rolls.")
    assert first.back_index is None


def test_a_hold_shows_side_set_and_position():
    hold = screens()[1]

    assert (hold.title, hold.side, hold.set_label, hold.position_label) == (
        "Knee rolls",
        "Left side",
        "Set 1 of 2",
        "Stretch 1 of 2",
    )
    assert hold.announcement == "Knee rolls. Left side. Set 1 of 2. Hold 30 seconds."
    assert hold.timed


def test_switch_says_which_side_comes_next():
    switch = screens()[2]

    assert switch.title == "Switch sides"
    assert switch.next_up == "Now your right side"
    assert switch.announcement == "Switch sides. Now your right side."


def test_switch_to_the_left_names_the_left_side():
    steps = step_plan([item(sides=Sides.LEFT_RIGHT)], SETTINGS)
    right_first = [
        step if step.kind != "work" else type(step)(**{**step.__dict__, "side": side})
        for step, side in zip(steps, ["", "right", "", "left"], strict=True)
    ]

    assert step_screen(right_first, NAMES, 2).next_up == "Now your left side"


def test_relax_says_which_set_comes_next():
    steps = step_plan([item(sets=3)], SETTINGS)
    relax = step_screen(steps, NAMES, 2)

    assert (relax.kind, relax.next_up) == ("relax", "Next: set 2 of 3")
    assert relax.announcement == "Relax. Then Knee rolls again, set 2 of 3."


def test_rest_shows_what_comes_next():
    rest = next(screen for screen in screens() if screen.kind == "rest")

    assert rest.announcement == "Rest. Next: Child's pose."
    assert rest.next_up == "Next: Child's pose"
    assert rest.position_label == "Stretch 2 of 2"


def test_a_stretch_step_has_nothing_next_up():
    assert screens()[1].next_up == ""


def test_repetitions_are_counted_not_timed():
    reps = screens()[-1]

    assert (reps.repetitions, reps.timed) == (8, False)
    assert reps.announcement == "Child's pose. 8 times."


def test_progress_grows_through_the_routine():
    progress = [screen.progress for screen in screens()]

    assert progress == sorted(progress)
    assert progress[0] == 0


def test_pain_two_points_higher_is_called_out():
    assert pain_rose(3, 5)
    assert not pain_rose(3, 4)
    assert not pain_rose(None, 9)
    assert not pain_rose(5, None)


def test_summary_counts_done_and_skipped_and_the_change_in_pain():
    steps = [("Cat-cow", "done"), ("Knee rolls", "done"), ("Knee rolls", "skipped")]
    steps += [("Child's pose", "skipped"), ("Child's pose", "skipped")]

    summary = summarise(steps=steps, seconds=300, pain_before=6, pain_after=4)

    assert (summary.done, summary.skipped) == (2, 3)
    assert (summary.stretches_done, summary.stretches_skipped) == (2, 1)
    assert (summary.pain_change, summary.pain_eased, summary.pain_rose) == (-2, 2, False)


def test_status_is_completed_only_when_every_step_was_played_to_the_end():
    done = ["done", "skipped", "done"]

    assert session_status(outcomes=done, work_steps=3, finished=True) == Session.Status.COMPLETED
    assert session_status(outcomes=done, work_steps=3, finished=False) == Session.Status.PARTIAL
    assert session_status(outcomes=done[:2], work_steps=3, finished=True) == "partial"
    assert session_status(outcomes=["skipped"], work_steps=3, finished=True) == "abandoned"
    assert session_status(outcomes=["skipped"] * 3, work_steps=3, finished=True) == "abandoned"
    assert session_status(outcomes=[], work_steps=3, finished=True) == "abandoned"


def test_pain_of_eight_or_more_brings_the_check():
    assert [level for level in range(11) if pain_needs_check(level)] == [8, 9, 10]
    assert not pain_needs_check(None)


def test_the_gentler_option_is_the_shortest_all_gentle_routine_but_this_one():
    options = [
        RoutineOption(pk=1, seconds=300, all_gentle=True),
        RoutineOption(pk=2, seconds=200, all_gentle=False),
        RoutineOption(pk=3, seconds=240, all_gentle=True),
        RoutineOption(pk=4, seconds=240, all_gentle=True),
    ]

    assert gentler_option(options, instead_of=99) == 3
    assert gentler_option(options, instead_of=3) == 4
    assert gentler_option(options[:2], instead_of=1) is None
    assert gentler_option([], instead_of=1) is None
