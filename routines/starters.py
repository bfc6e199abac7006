"""The starter routines: read from their data file, loaded with the catalogue."""

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from routines.models import MAX_ITEMS, Routine, RoutineItem, default_sides, sides_choices_for
from stretches.models import Stretch

STARTERS_FILE = Path(__file__).resolve().parent / "data" / "starter_routines.toml"

_ROUTINE_FIELDS = ("name", "description", "get_ready_seconds", "rest_seconds", "switch_seconds")
_ITEM_FIELDS = ("hold_seconds", "repetitions", "sets", "sides", "rest_seconds")


class StarterError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def starters_read(path: Path = STARTERS_FILE) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (FileNotFoundError, tomllib.TOMLDecodeError) as error:
        raise StarterError([f"{path}: {error}"]) from None


def _messages(error: ValidationError) -> list[str]:
    return [
        f"field '{field}': {' '.join(messages)}" for field, messages in error.message_dict.items()
    ]


def _build(
    key: str, entry: Any, stretches: dict[str, Stretch]
) -> tuple[Routine, list[RoutineItem]]:
    """Unsaved rows for one starter routine, or a StarterError naming what is wrong."""
    where = f"routine '{key}'"
    if not isinstance(entry, Mapping) or not isinstance(entry.get("items"), list):
        raise StarterError([f"{where}: needs a name and a list of items"])
    unknown = set(entry) - {*_ROUTINE_FIELDS, "items"}
    errors = [f"{where}: unknown field '{field}'" for field in sorted(unknown)]
    routine = Routine(starter_key=key, **{f: entry[f] for f in _ROUTINE_FIELDS if f in entry})
    try:
        routine.full_clean(exclude=["owner"], validate_unique=False)
    except ValidationError as error:
        errors += [f"{where}, {message}" for message in _messages(error)]
    items = []
    if not 1 <= len(entry["items"]) <= MAX_ITEMS:
        errors.append(f"{where}, field 'items': from 1 to {MAX_ITEMS} stretches")
    for number, spec in enumerate(entry["items"], start=1):
        item_where = f"{where}, item {number}"
        stretch = stretches.get(spec.get("stretch")) if isinstance(spec, Mapping) else None
        if stretch is None:
            errors.append(f"{item_where}: unknown stretch {spec!r}")
            continue
        values = {
            "hold_seconds": stretch.hold_seconds,
            "repetitions": stretch.repetitions,
            "sets": stretch.sets,
            "sides": default_sides(stretch),
            "rest_seconds": routine.rest_seconds,
            **{f: spec[f] for f in _ITEM_FIELDS if f in spec},
        }
        item = RoutineItem(stretch=stretch, position=number, **values)
        try:
            item.full_clean(exclude=["routine"], validate_unique=False)
        except ValidationError as error:
            errors += [f"{item_where}, {message}" for message in _messages(error)]
        if item.sides not in dict(sides_choices_for(stretch)):
            errors.append(f"{item_where}, field 'sides': {item.sides!r} does not suit {stretch}")
        items.append(item)
    if errors:
        raise StarterError(errors)
    return routine, items


@transaction.atomic
def starters_load(data: Mapping[str, Any]) -> int:
    """Create or update every starter routine; all of them or, on any error, none."""
    entries = data.get("routine")
    if not isinstance(entries, Mapping) or not entries:
        raise StarterError(["the file has no [routine.<key>] tables"])
    stretches = {stretch.slug: stretch for stretch in Stretch.objects.all()}
    built, errors = [], []
    for key, entry in entries.items():
        try:
            built.append(_build(key, entry, stretches))
        except StarterError as error:
            errors += error.errors
    if errors:
        raise StarterError(errors)
    for routine, items in built:
        saved, _ = Routine.objects.update_or_create(
            starter_key=routine.starter_key,
            defaults={field: getattr(routine, field) for field in _ROUTINE_FIELDS},
        )
        saved.items.all().delete()
        for item in items:
            item.routine = saved
        RoutineItem.objects.bulk_create(items)
    return len(built)
