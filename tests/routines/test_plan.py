from routines.plan import (
    PlanItem,
    PlanSettings,
    Sides,
    StepKind,
    next_index,
    plan_seconds,
    plan_signature,
    previous_index,
    progress,
    step_plan,
    work_step_count,
)

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


def shape(steps) -> list[tuple]:
    return [(s.kind.value, s.seconds, s.item_index, s.set_number, s.side) for s in steps]


def test_an_empty_routine_has_no_steps():
    assert step_plan([], SETTINGS) == []


def test_a_single_hold_is_get_ready_then_the_hold():
    assert shape(step_plan([item()], SETTINGS)) == [
        ("get-ready", 5, 0, 0, ""),
        ("work", 30, 0, 1, ""),
    ]


def test_both_sides_alternate_each_set_with_a_switch_pause_between():
    steps = step_plan([item(sides=Sides.LEFT_RIGHT, sets=2, hold_seconds=20)], SETTINGS)

    assert shape(steps)[1:] == [
        ("work", 20, 0, 1, "left"),
        ("switch", 5, 0, 0, ""),
        ("work", 20, 0, 1, "right"),
        ("relax", 5, 0, 0, ""),
        ("work", 20, 0, 2, "left"),
        ("switch", 5, 0, 0, ""),
        ("work", 20, 0, 2, "right"),
    ]


def test_one_side_only_has_no_switch():
    steps = step_plan([item(sides=Sides.RIGHT, sets=2)], SETTINGS)

    assert [s.side for s in steps if s.is_work] == ["right", "right"]
    assert StepKind.SWITCH not in {s.kind for s in steps}


def test_rest_comes_between_items_and_leads_to_the_next_but_not_after_the_last():
    steps = step_plan([item(rest_seconds=15), item(stretch_id=2, name="Cat-cow")], SETTINGS)

    assert shape(steps) == [
        ("get-ready", 5, 0, 0, ""),
        ("work", 30, 0, 1, ""),
        ("rest", 15, 1, 0, ""),
        ("work", 30, 1, 1, ""),
    ]


def test_repetitions_are_timed_at_their_pace_and_keep_their_count():
    steps = step_plan([item(timed=False, repetitions=10, seconds_per_repetition=3)], SETTINGS)

    work = steps[-1]
    assert (work.seconds, work.repetitions) == (30, 10)


def test_zero_second_pauses_are_left_out():
    settings = PlanSettings(get_ready_seconds=0, switch_seconds=0)
    steps = step_plan([item(sides=Sides.LEFT_RIGHT, rest_seconds=0), item(stretch_id=2)], settings)

    assert {s.kind for s in steps} == {StepKind.WORK}


def test_steps_are_numbered_in_order():
    steps = step_plan([item(sets=3, sides=Sides.LEFT_RIGHT), item(stretch_id=2)], SETTINGS)

    assert [s.index for s in steps] == list(range(len(steps)))


def test_total_is_holds_times_sets_times_sides_plus_every_pause():
    items = [
        item(hold_seconds=30, sets=2, sides=Sides.LEFT_RIGHT, rest_seconds=10),  # 120 + 15
        item(timed=False, repetitions=10, seconds_per_repetition=4, sets=1),  # 40
    ]

    assert plan_seconds(step_plan(items, SETTINGS)) == 5 + 120 + 15 + 10 + 40


def test_each_step_knows_when_it_starts_and_the_sets_of_its_item():
    steps = step_plan([item(sets=2, hold_seconds=20), item(stretch_id=2)], SETTINGS)

    assert [s.starts_at for s in steps] == [0, 5, 25, 30, 50, 60]
    assert [s.set_count for s in steps if s.is_work] == [2, 2, 1]


def test_skip_moves_to_the_next_step_and_ends_after_the_last():
    steps = step_plan([item(), item(stretch_id=2)], SETTINGS)

    assert next_index(steps, 0) == 1
    assert next_index(steps, len(steps) - 1) is None


def test_back_goes_to_the_previous_stretch_passing_over_pauses():
    steps = step_plan([item(sides=Sides.LEFT_RIGHT), item(stretch_id=2)], SETTINGS)
    # get-ready, left, switch, right, rest, next
    assert [s.kind.value for s in steps] == ["get-ready", "work", "switch", "work", "rest", "work"]

    assert previous_index(steps, 5) == 3
    assert previous_index(steps, 4) == 3
    assert previous_index(steps, 3) == 1
    assert previous_index(steps, 2) == 1


def test_back_from_the_first_stretch_goes_to_the_start():
    steps = step_plan([item()], SETTINGS)

    assert previous_index(steps, 1) == 0
    assert previous_index(steps, 0) == 0


def test_progress_is_the_share_of_planned_time_before_the_step():
    steps = step_plan([item(hold_seconds=45)], SETTINGS)  # 5 + 45

    assert [progress(steps, s.index) for s in steps] == [0, 10]
    assert work_step_count(steps) == 1


def test_the_plan_signature_follows_the_steps_places_not_their_timing():
    base = step_plan([item(sides=Sides.LEFT_RIGHT), item(stretch_id=2)], SETTINGS)
    longer = step_plan(
        [item(sides=Sides.LEFT_RIGHT, hold_seconds=60), item(stretch_id=2)], SETTINGS
    )
    one_side = step_plan([item(sides=Sides.LEFT), item(stretch_id=2)], SETTINGS)
    signature = plan_signature(base, [1, 2])

    assert plan_signature(longer, [1, 2]) == signature
    assert plan_signature(one_side, [1, 2]) != signature
    assert plan_signature(base, [2, 1]) != signature  # the same shape, other stretches
    assert len(signature) == 64
