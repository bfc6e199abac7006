import random
import uuid
from datetime import timedelta

import pytest
from django.db import DataError, IntegrityError
from django.utils import timezone

from routines.models import MAX_ITEMS, Routine, RoutineItem
from routines.plan import Sides
from routines.services import (
    AlreadyDone,
    RoutineError,
    copy_description,
    copy_name,
    routine_add_item,
    routine_copy,
    routine_create,
    routine_delete_owned,
    routine_import_many,
    routine_item_update,
    routine_move_item,
    routine_remove_item,
    routine_restore_item,
    routine_update,
)
from tests.factories import RoutineFactory, RoutineItemFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db


def names(routine: Routine) -> list[str]:
    return [item.stretch.name for item in routine.items.order_by("position")]


def positions(routine: Routine) -> list[int]:
    return list(routine.items.order_by("position").values_list("position", flat=True))


def test_added_stretch_goes_last_with_its_own_defaults():
    routine = RoutineFactory(rest_seconds=12)
    RoutineItemFactory(routine=routine, position=1)
    stretch = StretchFactory(hold_seconds=25, sets=3, per_side=True)

    item = routine_add_item(routine=routine, stretch=stretch)

    assert item.position == 2
    assert (item.hold_seconds, item.sets, item.sides) == (25, 3, Sides.LEFT_RIGHT)
    assert item.rest_seconds == 12


def test_symmetric_stretch_is_added_for_both_sides_at_once():
    item = routine_add_item(routine=RoutineFactory(), stretch=StretchFactory(per_side=False))

    assert item.sides == Sides.BOTH


def test_the_forty_first_stretch_is_refused_and_nothing_changes():
    routine = RoutineFactory()
    stretch = StretchFactory()
    for _ in range(MAX_ITEMS):
        routine_add_item(routine=routine, stretch=stretch)

    with pytest.raises(RoutineError, match="40 stretches at most"):
        routine_add_item(routine=routine, stretch=stretch)

    assert routine.items.count() == MAX_ITEMS


def test_removing_closes_the_gap():
    routine = RoutineFactory(stretches=StretchFactory.create_batch(3))
    middle = routine.items.get(position=2)

    routine_remove_item(item=middle)

    assert positions(routine) == [1, 2]


def test_moving_the_last_to_the_top_shifts_the_others_down():
    a, b, c = (StretchFactory(name=n) for n in "ABC")
    routine = RoutineFactory(stretches=[a, b, c])

    routine_move_item(item=routine.items.get(stretch=c), to_position=1)

    assert names(routine) == ["C", "A", "B"]
    assert positions(routine) == [1, 2, 3]


def test_moving_down_shifts_the_others_up():
    a, b, c = (StretchFactory(name=n) for n in "ABC")
    routine = RoutineFactory(stretches=[a, b, c])

    routine_move_item(item=routine.items.get(stretch=a), to_position=3)

    assert names(routine) == ["B", "C", "A"]


@pytest.mark.parametrize("to_position", [0, 4, -1, 1000])
def test_moving_outside_the_routine_is_refused_and_changes_nothing(to_position):
    routine = RoutineFactory(stretches=[StretchFactory(name=n) for n in "ABC"])

    with pytest.raises(RoutineError, match="from 1 to 3"):
        routine_move_item(item=routine.items.get(position=2), to_position=to_position)

    assert names(routine) == ["A", "B", "C"]


def test_positions_stay_unique_and_contiguous_after_random_changes():
    rng = random.Random(20261121)
    routine = RoutineFactory()
    stretches = StretchFactory.create_batch(5)
    expected: list[int] = []  # stretch ids, in order
    for _ in range(300):
        items = list(routine.items.order_by("position"))
        action = rng.choice(["add", "add", "remove", "move", "move"])
        if action == "add" and len(items) < MAX_ITEMS:
            stretch = rng.choice(stretches)
            routine_add_item(routine=routine, stretch=stretch)
            expected.append(stretch.pk)
        elif action == "remove" and items:
            index = rng.randrange(len(items))
            routine_remove_item(item=items[index])
            expected.pop(index)
        elif action == "move" and items:
            index, to = rng.randrange(len(items)), rng.randrange(len(items))
            routine_move_item(item=items[index], to_position=to + 1)
            expected.insert(to, expected.pop(index))
        assert positions(routine) == list(range(1, len(expected) + 1))
        assert list(routine.items.order_by("position").values_list("stretch", flat=True)) == (
            expected
        )


def test_the_database_refuses_two_items_at_one_position():
    item = RoutineItemFactory(position=1)

    with pytest.raises(IntegrityError):
        RoutineItemFactory(routine=item.routine, position=1)


def test_copying_a_starter_makes_an_independent_routine_of_ones_own():
    starter = RoutineFactory(starter=True, name="Wake up", switch_seconds=7)
    RoutineItemFactory(routine=starter, position=1, hold_seconds=40)
    RoutineItemFactory(routine=starter, position=2)
    person = UserFactory()

    copy = routine_copy(routine=starter, owner=person)
    routine_move_item(item=copy.items.get(position=2), to_position=1)

    assert (copy.owner, copy.name, copy.switch_seconds) == (person, "Wake up (mine)", 7)
    assert copy.items.get(position=2).hold_seconds == 40
    assert positions(starter) == [1, 2]
    assert starter.items.get(position=1).hold_seconds == 40


def test_duplicating_ones_own_routine_names_it_a_copy():
    routine = RoutineFactory(name="Evening")

    copy = routine_copy(routine=routine, owner=routine.owner)

    assert copy.name == "Copy of Evening"
    assert Routine.objects.filter(owner=routine.owner).count() == 2


def test_database_refuses_out_of_range_numbers():
    with pytest.raises(IntegrityError):
        RoutineItemFactory(sets=11)


def test_deleting_a_routine_deletes_its_items_but_not_the_stretches():
    routine = RoutineFactory(stretches=StretchFactory.create_batch(2))

    routine.delete()

    assert RoutineItem.objects.count() == 0


def test_item_update_changes_only_the_numbers_given():
    routine = RoutineFactory()
    item = RoutineItemFactory(routine=routine, position=1, hold_seconds=30, sets=2)
    RoutineItemFactory(routine=routine, position=2)

    routine_item_update(item=item, values={"hold_seconds": 45, "sets": 3})

    item.refresh_from_db()
    assert (item.position, item.hold_seconds, item.sets) == (1, 45, 3)


def test_item_update_of_a_removed_item_is_refused_and_brings_nothing_back():
    routine = RoutineFactory()
    item = RoutineItemFactory(routine=routine, position=1)
    routine_remove_item(item=item)

    with pytest.raises(RoutineError, match="no longer in this routine"):
        routine_item_update(item=item, values={"hold_seconds": 45})
    assert not routine.items.exists()


def test_routine_update_renames_and_a_new_rest_applies_to_every_item():
    routine = RoutineFactory(name="Old", rest_seconds=10)
    RoutineItemFactory(routine=routine, position=1, rest_seconds=10)
    RoutineItemFactory(routine=routine, position=2, rest_seconds=25)

    routine_update(routine=routine, values={"name": "  Evenings ", "rest_seconds": 15})

    routine.refresh_from_db()
    assert (routine.name, routine.rest_seconds) == ("Evenings", 15)
    assert list(routine.items.values_list("rest_seconds", flat=True)) == [15, 15]


def test_routine_update_keeps_item_rests_when_the_rest_is_unchanged():
    routine = RoutineFactory(rest_seconds=10)
    item = RoutineItemFactory(routine=routine, position=1, rest_seconds=25)

    routine_update(routine=routine, values={"name": "Same rest", "rest_seconds": 10})

    item.refresh_from_db()
    assert item.rest_seconds == 25


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_the_database_refuses_a_blank_or_overlong_name(name):
    # PostgreSQL's varchar(100) refuses the long one before the check constraint does.
    with pytest.raises((IntegrityError, DataError)):
        Routine.objects.create(owner=UserFactory(), name=name)


def test_create_trims_the_name():
    assert routine_create(owner=UserFactory(), name="  Mornings  ").name == "Mornings"


def test_a_second_copy_of_a_starter_is_named_apart_from_the_first():
    starter = RoutineFactory(starter=True, name="Wake-up in bed", description="Five stretches.")
    person = UserFactory()

    first = routine_copy(routine=starter, owner=person)
    second = routine_copy(routine=starter, owner=person)
    someone_elses = routine_copy(routine=starter, owner=UserFactory())

    assert [first.name, second.name] == ["Wake-up in bed (mine)", "Wake-up in bed (mine 2)"]
    assert someone_elses.name == "Wake-up in bed (mine)"
    assert first.description == (
        "Your copy of the starter routine “Wake-up in bed”. Five stretches."
    )


def test_a_copys_name_stays_within_100_characters():
    starter = RoutineFactory.build(starter=True, name="x" * 100)

    first = copy_name(starter, taken=set())
    tenth = copy_name(starter, taken={first} | {f"{'x' * 91} (mine {n})" for n in range(2, 10)})

    assert first == "x" * 93 + " (mine)"
    assert tenth == "x" * 90 + " (mine 10)"
    assert len(first) == len(tenth) == 100


def test_a_copys_description_fits_and_is_cut_at_a_word():
    starter = RoutineFactory.build(starter=True, name="Long", description="word " * 100)

    description = copy_description(starter)

    assert description.startswith("Your copy of the starter routine “Long”. word word")
    assert len(description) <= 500
    assert description.endswith("word…")


def test_the_same_add_sent_twice_adds_once():
    routine = RoutineFactory()
    stretch = StretchFactory()
    token = uuid.uuid4()

    first = routine_add_item(routine=routine, stretch=stretch, token=token)
    with pytest.raises(AlreadyDone) as again:
        routine_add_item(routine=routine, stretch=stretch, token=token)
    another = routine_add_item(routine=routine, stretch=stretch, token=uuid.uuid4())

    assert again.value.item.pk == first.pk
    assert positions(routine) == [1, 2]
    assert another.position == 2


def test_adding_without_a_token_always_adds():
    routine = RoutineFactory()
    stretch = StretchFactory()

    routine_add_item(routine=routine, stretch=stretch)
    routine_add_item(routine=routine, stretch=stretch)

    assert routine.items.count() == 2


def restored_values(item) -> dict:
    return {
        "hold_seconds": item.hold_seconds,
        "repetitions": item.repetitions,
        "sets": item.sets,
        "sides": item.sides,
        "rest_seconds": item.rest_seconds,
    }


def test_undo_puts_a_removed_stretch_back_at_its_place_with_its_numbers():
    routine = RoutineFactory(stretches=StretchFactory.create_batch(3))
    middle = routine.items.get(position=2)
    routine_item_update(item=middle, values={"hold_seconds": 75})
    middle.refresh_from_db()
    before = names(routine)
    routine_remove_item(item=middle)

    token = uuid.uuid4()
    restored = routine_restore_item(
        routine=routine,
        stretch=middle.stretch,
        position=2,
        values=restored_values(middle),
        token=token,
    )
    with pytest.raises(AlreadyDone):  # a double tap on Undo
        routine_restore_item(
            routine=routine,
            stretch=middle.stretch,
            position=1,
            values=restored_values(middle),
            token=token,
        )

    assert names(routine) == before
    assert positions(routine) == [1, 2, 3]
    assert (restored.position, restored.hold_seconds) == (2, 75)


@pytest.mark.parametrize(("position", "expected"), [(1, 1), (9, 2), (0, 1)])
def test_undo_clamps_a_place_that_no_longer_exists(position, expected):
    routine = RoutineFactory(stretches=StretchFactory.create_batch(1))
    stretch = StretchFactory()
    values = {
        "hold_seconds": 30,
        "repetitions": 1,
        "sets": 1,
        "sides": Sides.BOTH,
        "rest_seconds": 10,
    }

    item = routine_restore_item(routine=routine, stretch=stretch, position=position, values=values)

    assert item.position == expected
    assert positions(routine) == [1, 2]


def test_undo_refuses_sides_the_stretch_does_not_allow_and_a_full_routine():
    routine = RoutineFactory()
    values = {
        "hold_seconds": 30,
        "repetitions": 1,
        "sets": 1,
        "sides": Sides.LEFT,
        "rest_seconds": 10,
    }

    with pytest.raises(RoutineError, match="sides"):
        routine_restore_item(
            routine=routine, stretch=StretchFactory(per_side=False), position=1, values=values
        )
    full = RoutineFactory(stretches=StretchFactory.create_batch(MAX_ITEMS))
    with pytest.raises(RoutineError, match="at most"):
        routine_restore_item(
            routine=full, stretch=StretchFactory(per_side=True), position=1, values=values
        )
    assert routine.items.count() == 0
    assert full.items.count() == MAX_ITEMS


ITEM = {"hold_seconds": 30, "repetitions": 1, "sets": 1, "sides": "both", "rest_seconds": 10}


def test_routines_imported_keep_their_times_and_items_and_a_missing_time_is_now():
    owner, stretch = UserFactory(), StretchFactory()
    made = timezone.now() - timedelta(days=400)
    kept = Routine(name="Old mornings", created_at=made, updated_at=made + timedelta(days=1))
    fresh = Routine(name="New evenings")

    routine_import_many(
        owner=owner,
        routines=[(kept, [RoutineItem(stretch=stretch, position=1, **ITEM)]), (fresh, [])],
    )

    old, new = Routine.objects.filter(owner=owner).order_by("created_at")
    assert (old.name, old.created_at, old.updated_at) == (kept.name, made, made + timedelta(days=1))
    assert list(old.items.values_list("stretch", "position")) == [(stretch.pk, 1)]
    assert new.created_at > timezone.now() - timedelta(minutes=1)


def test_deleting_a_persons_routines_leaves_everyone_elses():
    mine, theirs = RoutineItemFactory().routine, RoutineFactory()

    routine_delete_owned(owner=mine.owner)

    assert not Routine.objects.filter(owner=mine.owner).exists()
    assert not RoutineItem.objects.filter(routine_id=mine.pk).exists()
    assert Routine.objects.filter(pk=theirs.pk).exists()
