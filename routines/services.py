"""Writes to routines: every change keeps item positions unique and 1..n."""

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from routines.models import (
    MAX_ITEMS,
    NAME_LENGTH,
    Routine,
    RoutineItem,
    default_sides,
    sides_choices_for,
)
from stretches.models import Stretch

# Renumbering first moves every item out of the way by this much, so that no
# row ever collides with another's position half-way through an UPDATE.
_POSITION_OFFSET = 1000


class RoutineError(Exception):
    """A change the rules do not allow; the message is for the person."""


class AlreadyDone(Exception):
    """The same form was sent again (a double tap): nothing changed. `item` is what the
    first sending made."""

    def __init__(self, item: RoutineItem):
        super().__init__(f"{item.stretch.name} was added by this form already.")
        self.item = item


def _locked(routine: Routine) -> Routine:
    """The routine's row, locked until the transaction ends (PostgreSQL; SQLite locks it all)."""
    return Routine.objects.select_for_update().get(pk=routine.pk)


def _renumber(routine: Routine, item_ids: list[int]) -> None:
    RoutineItem.objects.filter(routine=routine).update(position=F("position") + _POSITION_OFFSET)
    RoutineItem.objects.bulk_update(
        [RoutineItem(pk=pk, position=number) for number, pk in enumerate(item_ids, start=1)],
        ["position"],
    )
    _touch(routine)


def _touch(routine: Routine) -> None:
    Routine.objects.filter(pk=routine.pk).update(updated_at=timezone.now())


def _item_ids(routine: Routine) -> list[int]:
    return list(
        RoutineItem.objects.filter(routine=routine)
        .order_by("position")
        .values_list("pk", flat=True)
    )


def routine_create(*, owner: AbstractBaseUser, name: str, **settings: int | str) -> Routine:
    return Routine.objects.create(owner=owner, name=name.strip(), **settings)


@transaction.atomic
def routine_add_item(
    *, routine: Routine, stretch: Stretch, token: uuid.UUID | None = None
) -> RoutineItem:
    """Add the stretch at the end, with its own default numbers.

    With the token of the form that asked, the same form sent twice (a double tap, a
    repeated post) adds the stretch once: the second time raises AlreadyDone."""
    routine = _locked(routine)
    _once(routine, token)
    count = routine.items.count()
    if count >= MAX_ITEMS:
        raise RoutineError(f"A routine can hold {MAX_ITEMS} stretches at most.")
    _touch(routine)
    last = routine.items.aggregate(last=Max("position"))["last"] or 0
    return RoutineItem.objects.create(
        routine=routine,
        stretch=stretch,
        position=last + 1,
        hold_seconds=stretch.hold_seconds,
        repetitions=stretch.repetitions,
        sets=stretch.sets,
        sides=default_sides(stretch),
        rest_seconds=routine.rest_seconds,
        add_token=token,
    )


def _once(routine: Routine, token: uuid.UUID | None) -> None:
    """Raise AlreadyDone if an item of the routine was made by this token."""
    if token is None:
        return
    done = (
        RoutineItem.objects.filter(routine=routine, add_token=token)
        .select_related("stretch")
        .first()
    )
    if done is not None:
        raise AlreadyDone(done)


@transaction.atomic
def routine_restore_item(
    *,
    routine: Routine,
    stretch: Stretch,
    position: int,
    values: dict[str, int | str],
    token: uuid.UUID | None = None,
) -> RoutineItem:
    """Put a removed stretch back at its place (Undo), with the numbers it had.

    A place beyond the end puts it last; the token makes a repeated Undo restore it once
    (the second raises AlreadyDone)."""
    routine = _locked(routine)
    _once(routine, token)
    ids = _item_ids(routine)
    if len(ids) >= MAX_ITEMS:
        raise RoutineError(f"A routine can hold {MAX_ITEMS} stretches at most.")
    if values["sides"] not in dict(sides_choices_for(stretch)):
        raise RoutineError("Those sides do not fit this stretch.")
    item = RoutineItem.objects.create(
        routine=routine,
        stretch=stretch,
        position=len(ids) + 1 + _POSITION_OFFSET,  # out of the way until renumbered
        add_token=token,
        **values,
    )
    ids.insert(min(max(position, 1), len(ids) + 1) - 1, item.pk)
    _renumber(routine, ids)
    item.refresh_from_db(fields=["position"])
    return item


@transaction.atomic
def routine_remove_item(*, item: RoutineItem) -> None:
    routine = _locked(item.routine)
    RoutineItem.objects.filter(pk=item.pk).delete()
    _renumber(routine, _item_ids(routine))


@transaction.atomic
def routine_move_item(*, item: RoutineItem, to_position: int) -> None:
    """Move the item to a position (1-based); the others close up around it."""
    routine = _locked(item.routine)
    ids = _item_ids(routine)
    if item.pk not in ids:
        raise RoutineError("That stretch is no longer in this routine.")
    if not 1 <= to_position <= len(ids):
        raise RoutineError(f"Choose a position from 1 to {len(ids)}.")
    ids.remove(item.pk)
    ids.insert(to_position - 1, item.pk)
    _renumber(routine, ids)


@transaction.atomic
def routine_item_update(*, item: RoutineItem, values: dict[str, int | str]) -> None:
    """Change an item's numbers, and only those: never a stale position."""
    routine = _locked(item.routine)
    if not RoutineItem.objects.filter(pk=item.pk, routine=routine).update(**values):
        raise RoutineError("That stretch is no longer in this routine.")
    _touch(routine)


@transaction.atomic
def routine_update(*, routine: Routine, values: dict[str, int | str]) -> None:
    """Rename and set the pauses; a new rest between stretches applies to every one."""
    routine = _locked(routine)
    if values.get("rest_seconds", routine.rest_seconds) != routine.rest_seconds:
        routine.items.update(rest_seconds=values["rest_seconds"])
    for field, value in values.items():
        setattr(routine, field, value.strip() if field == "name" else value)
    routine.save()


@transaction.atomic
def routine_renumber(*, routine: Routine) -> None:
    """Close any gaps in the positions, keeping the order (after edits in the admin)."""
    _renumber(_locked(routine), _item_ids(routine))


@transaction.atomic
def routine_copy(*, routine: Routine, owner: AbstractBaseUser, name: str = "") -> Routine:
    """A copy owned by `owner`: "Make it mine" for a starter routine, "Duplicate" for one's own.

    A starter's copy is named so that it can be told apart from the starter ("Wake-up in
    bed (mine)", then "(mine 2)"), and its description says whose copy it is."""
    items = list(routine.items.order_by("position"))
    copy = Routine.objects.create(
        owner=owner,
        name=name or copy_name(routine, taken=_names_of(owner)),
        description=copy_description(routine),
        get_ready_seconds=routine.get_ready_seconds,
        rest_seconds=routine.rest_seconds,
        switch_seconds=routine.switch_seconds,
    )
    RoutineItem.objects.bulk_create(
        RoutineItem(
            routine=copy,
            stretch_id=item.stretch_id,
            position=position,
            hold_seconds=item.hold_seconds,
            repetitions=item.repetitions,
            sets=item.sets,
            sides=item.sides,
            rest_seconds=item.rest_seconds,
        )
        for position, item in enumerate(items, start=1)
    )
    return copy


def _names_of(owner: AbstractBaseUser) -> set[str]:
    return set(Routine.objects.filter(owner=owner).values_list("name", flat=True))


def copy_name(routine: Routine, *, taken: set[str]) -> str:
    """A name for a copy that none of the person's routines has yet, within the limit:
    "Wake-up in bed (mine)", "Wake-up in bed (mine 2)"...; "Copy of …" for one's own."""
    if not routine.is_starter:
        return _fit(f"Copy of {routine.name}", "")
    number = 1
    while True:
        suffix = " (mine)" if number == 1 else f" (mine {number})"
        name = _fit(routine.name, suffix)
        if name not in taken:
            return name
        number += 1


def _fit(name: str, suffix: str) -> str:
    return name[: NAME_LENGTH - len(suffix)].rstrip() + suffix


DESCRIPTION_LENGTH = 500


def copy_description(routine: Routine) -> str:
    """A starter's copy says that it is the person's copy of that starter, then what the
    starter was, cut at a word to fit."""
    if not routine.is_starter:
        return routine.description
    text = f"Your copy of the starter routine “{routine.name}”."
    if routine.description:
        text = f"{text} {routine.description}"
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def routine_pin(*, routine: Routine) -> None:
    """Show this routine on Home as today's: any other pinned routine of its owner is
    unpinned first, so that one at most is pinned."""
    Routine.objects.filter(owner_id=routine.owner_id, pinned=True).exclude(pk=routine.pk).update(
        pinned=False
    )
    Routine.objects.filter(pk=routine.pk, owner_id=routine.owner_id).update(pinned=True)


def routine_unpin(*, routine: Routine) -> None:
    Routine.objects.filter(pk=routine.pk).update(pinned=False)


# ---------------------------------------------------------------------------------------
# "Try it now": one stretch played as a short routine, signed out too
# ---------------------------------------------------------------------------------------

TRY_DESCRIPTION = "One stretch on its own, to try it."


def routine_try(*, stretch: Stretch) -> Routine:
    """The one-stretch routine that plays `stretch` for "Try it now": owned by nobody, kept
    out of every list. Made the first time it is asked for and brought up to date when the
    stretch's name or numbers have changed; otherwise only read (one query)."""
    item = (
        RoutineItem.objects.filter(routine__try_stretch=stretch).select_related("routine").first()
    )
    if item is not None and _try_is_current(item, stretch):
        return item.routine
    return _routine_try_write(stretch)


def routine_try_all() -> int:
    """Every stretch's try routine, made or brought up to date (by the catalogue loader)."""
    stretches = list(Stretch.objects.all())
    for stretch in stretches:
        routine_try(stretch=stretch)
    return len(stretches)


def _try_values(stretch: Stretch) -> dict[str, int | str]:
    return {
        "hold_seconds": stretch.hold_seconds,
        "repetitions": stretch.repetitions,
        "sets": stretch.sets,
        "sides": default_sides(stretch).value,
    }


def _try_is_current(item: RoutineItem, stretch: Stretch) -> bool:
    return (
        item.position == 1
        and item.stretch_id == stretch.pk
        and item.routine.name == stretch.name[:NAME_LENGTH]
        and all(getattr(item, field) == value for field, value in _try_values(stretch).items())
    )


@transaction.atomic
def _routine_try_write(stretch: Stretch) -> Routine:
    routine, _ = Routine.objects.get_or_create(
        try_stretch=stretch,
        defaults={"name": stretch.name[:NAME_LENGTH], "description": TRY_DESCRIPTION},
    )
    routine = _locked(routine)
    routine.name = stretch.name[:NAME_LENGTH]
    routine.save()  # and its updated_at: what the player keeps of it is drawn anew
    routine.items.all().delete()
    RoutineItem.objects.create(
        routine=routine,
        stretch=stretch,
        position=1,
        rest_seconds=routine.rest_seconds,
        **_try_values(stretch),
    )
    return routine


@transaction.atomic
def routine_start_with(*, owner: AbstractBaseUser, stretch: Stretch) -> RoutineItem:
    """A new routine of the person's, named after the stretch, holding just that stretch."""
    routine = routine_create(owner=owner, name=stretch.name[:NAME_LENGTH])
    return routine_add_item(routine=routine, stretch=stretch)


def routine_import_many(
    *, owner: AbstractBaseUser, routines: list[tuple[Routine, list[RoutineItem]]]
) -> list[Routine]:
    """Routines read from an exported file (journal.exchange), with their items, as they
    were, their times included: bulk_create stamps them with now, so the file's are put
    back after (a time the file leaves out stays now). A handful of rows, within the
    import's one transaction."""
    rows = [routine for routine, _ in routines]
    if not rows:
        return []
    given = [(routine.created_at, routine.updated_at) for routine in rows]
    for routine in rows:
        routine.owner = owner
    Routine.objects.bulk_create(rows)
    for routine, (made, changed) in zip(rows, given, strict=True):
        routine.created_at = made or routine.created_at
        routine.updated_at = changed or routine.updated_at
    Routine.objects.bulk_update(rows, ["created_at", "updated_at"])
    items = []
    for routine, its_items in routines:
        for item in its_items:
            item.routine = routine
            items.append(item)
    RoutineItem.objects.bulk_create(items)
    return rows


def routine_delete_owned(*, owner: AbstractBaseUser) -> None:
    """Every routine of the person's, with its items (an import that replaces them)."""
    Routine.objects.filter(owner=owner).delete()
