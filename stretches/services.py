"""Writes to the catalogue: loading it from the data file."""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from stretches import vocabulary
from stretches.figures import validate_pose
from stretches.models import (
    HOLD_SECONDS,
    REPETITIONS,
    SECONDS_PER_REPETITION,
    SETS,
    AvoidedMovement,
    BodyArea,
    SpineMovement,
    Step,
    Stretch,
    Variation,
)

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.toml"

_TEXTS = {
    "name": 80,
    "summary": 140,
    "how_often": 200,
    "breathing": 1000,
    "feel": 1000,
}
_CHOICES = {
    "position": vocabulary.Position,
    "equipment": vocabulary.Equipment,
    "kind": vocabulary.Kind,
    "intensity": vocabulary.Intensity,
}
_LISTS = {"body_areas": vocabulary.BodyArea, "spine_movements": vocabulary.SpineMovement}
_NUMBERS = {
    "hold_seconds": HOLD_SECONDS,
    "repetitions": REPETITIONS,
    "sets": SETS,
    "seconds_per_repetition": SECONDS_PER_REPETITION,
}
_FLAGS = ("per_side", "in_bed", "at_desk")
_OPTIONAL_FLAGS = ("each_way",)
# The house style of the data file (its header says the same): short, and not too many.
_LINES = {"steps": (3, 7), "mistakes": (1, 3), "cautions": (1, 3)}
_MAX_VARIATIONS = 2
_LINE_LENGTH = 300
_VARIATIONS = ("easier", "harder")
_KNOWN = {
    *_TEXTS,
    *_CHOICES,
    *_LISTS,
    *_NUMBERS,
    *_FLAGS,
    *_OPTIONAL_FLAGS,
    *_LINES,
    *_VARIATIONS,
    "figure",
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class CatalogueError(Exception):
    """The data file is not valid; `errors` names each entry and field."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int

    def __str__(self) -> str:
        return f"{self.created} stretches added, {self.updated} updated"


def catalogue_read(path: Path = CATALOGUE_FILE) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise CatalogueError([f"{path}: no such file"]) from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError([f"{path}: not valid TOML: {error}"]) from None


def _entry_errors(slug: str, entry: Any, slugs: set[str]) -> list[str]:
    if not isinstance(entry, Mapping):
        return [f"stretch '{slug}': expected a table of fields"]
    errors = []

    def error(field: str, message: str) -> None:
        errors.append(f"stretch '{slug}', field '{field}': {message}")

    for field in entry:
        if field not in _KNOWN:
            error(field, "is not a field of a stretch (a typing mistake?)")

    for field, limit in _TEXTS.items():
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            error(field, "required text is missing")
        elif len(value) > limit:
            error(field, f"at most {limit} characters, found {len(value)}")
    for field, choices in _CHOICES.items():
        if entry.get(field) not in choices.values:
            error(field, f"must be one of {', '.join(choices.values)}, not {entry.get(field)!r}")
    for field, choices in _LISTS.items():
        values = entry.get(field)
        if not isinstance(values, list) or not values:
            error(field, "must be a list of at least one value")
            continue
        for value in values:
            if value not in choices.values:
                error(field, f"{value!r} is not one of {', '.join(choices.values)}")
    for field, (low, high) in _NUMBERS.items():
        value = entry.get(field)
        if type(value) is not int or not low <= value <= high:
            error(field, f"must be a whole number from {low} to {high}, not {value!r}")
    for field in _FLAGS:
        if not isinstance(entry.get(field), bool):
            error(field, "must be true or false")
    if not isinstance(entry.get("each_way", False), bool):
        error("each_way", "must be true or false")
    elif entry.get("each_way") and (
        entry.get("kind") == vocabulary.Kind.HOLD or entry.get("sets") != 2
    ):
        error("each_way", "is for repetitions in two sets, one each way (sets = 2)")
    for field, (low, high) in _LINES.items():
        values = entry.get(field)
        if not isinstance(values, list) or not low <= len(values) <= high:
            error(field, f"must be a list of {low} to {high} texts")
            continue
        for number, value in enumerate(values, start=1):
            if not isinstance(value, str) or not value.strip() or len(value) > _LINE_LENGTH:
                error(field, f"item {number} must be a text of 1 to {_LINE_LENGTH} characters")
    for field in _VARIATIONS:
        variations = entry.get(field, [])
        if not isinstance(variations, list) or len(variations) > _MAX_VARIATIONS:
            error(field, f"must be a list of at most {_MAX_VARIATIONS} {{ text = ... }} tables")
            continue
        for number, variation in enumerate(variations, start=1):
            text = variation.get("text") if isinstance(variation, Mapping) else None
            if not isinstance(text, str) or not text.strip() or len(text) > _LINE_LENGTH:
                error(field, f"item {number} needs a text of 1 to {_LINE_LENGTH} characters")
            elif variation.get("stretch") is not None and variation["stretch"] not in slugs:
                error(field, f"item {number} links to unknown stretch {variation['stretch']!r}")
    figure = entry.get("figure")
    if not isinstance(figure, Mapping):
        error("figure", "a pose table is required")
    else:
        errors.extend(f"stretch '{slug}', field 'figure': {e}" for e in validate_pose(figure))
    return errors


def catalogue_validate(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every stretch of the data file, or a CatalogueError listing all that is wrong."""
    stretches = data.get("stretch")
    if not isinstance(stretches, Mapping) or not stretches:
        raise CatalogueError(["the file has no [stretch.<slug>] tables"])
    slugs = set(stretches)
    errors = []
    names: dict[str, str] = {}
    for slug, entry in stretches.items():
        if not _SLUG.fullmatch(slug):
            errors.append(f"stretch '{slug}': the slug may use only a-z, 0-9 and hyphens")
        errors.extend(_entry_errors(slug, entry, slugs))
        name = entry.get("name") if isinstance(entry, Mapping) else None
        if isinstance(name, str):
            if name.lower() in names:
                errors.append(
                    f"stretch '{slug}', field 'name': also used by '{names[name.lower()]}'"
                )
            names[name.lower()] = slug
    if errors:
        raise CatalogueError(errors)
    return dict(stretches)


def _vocabulary_ensure() -> None:
    """The vocabulary rows stretches link to, named and ordered as in the code."""
    pairs = ((BodyArea, vocabulary.BodyArea), (SpineMovement, vocabulary.SpineMovement))
    for model, choices in pairs:
        for rank, (slug, name) in enumerate(choices.choices):
            model.objects.update_or_create(slug=slug, defaults={"name": name, "rank": rank})


def _renamed_slugs(stretches: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Stretches whose name a stretch of the database already has under another slug: the
    slug of a stretch cannot change, as addresses and routines use it."""
    by_name = {entry["name"].lower(): slug for slug, entry in stretches.items()}
    clashes = Stretch.objects.exclude(slug__in=list(stretches)).filter(
        name__in=[entry["name"] for entry in stretches.values()]
    )
    return [
        f"stretch '{by_name[old.name.lower()]}', field 'name': {old.name!r} is already the "
        f"stretch '{old.slug}' in the database; a stretch keeps its slug (change it back, or "
        f"give this one another name)"
        for old in clashes
    ]


@transaction.atomic
def catalogue_load(data: Mapping[str, Any]) -> LoadReport:
    """Create or update every stretch of the data; all of it or, on any error, nothing."""
    stretches = catalogue_validate(data)
    if errors := _renamed_slugs(stretches):
        raise CatalogueError(errors)
    _vocabulary_ensure()
    created = updated = 0
    saved: dict[str, Stretch] = {}
    for rank, (slug, entry) in enumerate(stretches.items()):
        fields = {field: entry[field] for field in (*_TEXTS, *_CHOICES, *_NUMBERS, *_FLAGS)}
        stretch, was_created = Stretch.objects.update_or_create(
            slug=slug,
            defaults={
                **fields,
                "mistakes": "\n".join(entry["mistakes"]),
                "cautions": "\n".join(entry["cautions"]),
                "each_way": entry.get("each_way", False),
                "figure": dict(entry["figure"]),
                "rank": rank,
            },
        )
        created += was_created
        updated += not was_created
        stretch.body_areas.set(entry["body_areas"])
        stretch.spine_movements.set(entry["spine_movements"])
        stretch.steps.all().delete()
        Step.objects.bulk_create(
            Step(stretch=stretch, number=number, text=text)
            for number, text in enumerate(entry["steps"], start=1)
        )
        saved[slug] = stretch
    Variation.objects.filter(stretch__in=saved.values()).delete()
    Variation.objects.bulk_create(
        Variation(
            stretch=saved[slug],
            direction=direction,
            number=number,
            text=variation["text"],
            target=saved.get(variation.get("stretch", "")),
        )
        for slug, entry in stretches.items()
        for direction in vocabulary.VariationDirection.values
        for number, variation in enumerate(entry.get(direction, []), start=1)
    )
    return LoadReport(created=created, updated=updated)


def movement_avoid_set(*, user: AbstractBaseUser, movement: str, avoid: bool) -> None:
    """Say whether a person avoids a movement of the spine (such as forward bending)."""
    if avoid:
        label = vocabulary.SpineMovement(movement).label
        SpineMovement.objects.get_or_create(slug=movement, defaults={"name": label})
        AvoidedMovement.objects.get_or_create(user=user, movement_id=movement)
    else:
        AvoidedMovement.objects.filter(user=user, movement_id=movement).delete()


def movement_avoid_clear(*, user: AbstractBaseUser) -> None:
    """The person avoids no movement any more (an import that replaces their settings)."""
    AvoidedMovement.objects.filter(user=user).delete()
