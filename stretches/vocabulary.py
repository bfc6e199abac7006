"""The catalogue's fixed vocabularies.

The values are the slugs used in the data file, in URLs and in the database;
the labels are what people read.
"""

import re
from dataclasses import dataclass

from django.db import models


class BodyArea(models.TextChoices):
    LOWER_BACK = "lower-back", "Lower back"
    HIPS = "hips", "Hips and buttocks"
    HAMSTRINGS = "hamstrings", "Hamstrings"
    THIGHS = "thighs", "Thighs"
    NECK = "neck", "Neck"
    SHOULDERS = "shoulders", "Shoulders"
    UPPER_BACK = "upper-back", "Upper back"
    CHEST_ARMS = "chest-arms", "Chest and arms"
    CORE = "core", "Core"


class Position(models.TextChoices):
    LYING_BACK = "lying-back", "Lying on your back"
    LYING_FRONT = "lying-front", "Lying on your front"
    ALL_FOURS = "all-fours", "On all fours"
    KNEELING = "kneeling", "Kneeling"
    SEATED_FLOOR = "seated-floor", "Sitting on the floor"
    SEATED_CHAIR = "seated-chair", "Sitting on a chair or bed edge"
    STANDING = "standing", "Standing"


class Equipment(models.TextChoices):
    NONE = "none", "Nothing"
    BED = "bed", "A bed"
    WALL = "wall", "A wall"
    CHAIR = "chair", "A chair"
    MAT = "mat", "A mat or carpet"


class Kind(models.TextChoices):
    HOLD = "hold", "Hold"
    REPETITIONS = "repetitions", "Repetitions"
    FLOWING = "flowing", "Flowing movement"


class Intensity(models.TextChoices):
    GENTLE = "gentle", "Gentle"
    MODERATE = "moderate", "Moderate"


class SpineMovement(models.TextChoices):
    FORWARD_BENDING = "forward-bending", "Forward bending"
    BACKWARD_BENDING = "backward-bending", "Backward bending"
    ROTATION = "rotation", "Rotation"
    SIDE_BENDING = "side-bending", "Side bending"
    NEUTRAL = "neutral", "Neutral spine"


class VariationDirection(models.TextChoices):
    EASIER = "easier", "Easier"
    HARDER = "harder", "Harder"


# ---------------------------------------------------------------------------------------
# Search: the words people type, in the catalogue's terms
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SearchMeaning:
    """What a word people search for means in the catalogue: a stretch matches it when it
    works one of these areas, is done in one of these positions or with this equipment, or
    can be done in bed or at a desk (any one is enough). `label` finishes the sentence
    "Searching for … also shows stretches …" above the results; `note`, if any, is said
    with it."""

    label: str
    areas: tuple[BodyArea, ...] = ()
    positions: tuple[Position, ...] = ()
    equipment: tuple[Equipment, ...] = ()
    kinds: tuple[Kind, ...] = ()
    in_bed: bool = False
    at_desk: bool = False
    note: str = ""
    # Words that, in a stretch's name, summary or steps, make it a closer match: those
    # stretches come first among the ones the meaning takes in.
    words: tuple[str, ...] = ()


_SCIATICA = SearchMeaning(
    label="for the buttocks, hips and hamstrings",
    areas=(BodyArea.HIPS, BodyArea.HAMSTRINGS),
    words=("buttock", "hamstring"),
    note=(
        "If pain, numbness or tingling runs down your leg, go gently, and stop if a stretch "
        "brings it on or makes it worse."
    ),
)
_BUTTOCKS = SearchMeaning(
    label="for the hips and buttocks", areas=(BodyArea.HIPS,), words=("buttock",)
)
_HAMSTRINGS = SearchMeaning(label="for the hamstrings", areas=(BodyArea.HAMSTRINGS,))
_LEGS = SearchMeaning(
    label="for the hamstrings and thighs", areas=(BodyArea.HAMSTRINGS, BodyArea.THIGHS)
)
_NECK = SearchMeaning(label="for the neck", areas=(BodyArea.NECK,))
_SHOULDERS = SearchMeaning(label="for the shoulders", areas=(BodyArea.SHOULDERS,))
_LOWER_BACK = SearchMeaning(label="for the lower back", areas=(BodyArea.LOWER_BACK,))
_UPPER_BACK = SearchMeaning(label="for the upper back", areas=(BodyArea.UPPER_BACK,))
_BACK = SearchMeaning(
    label="for the lower and upper back", areas=(BodyArea.LOWER_BACK, BodyArea.UPPER_BACK)
)
_CORE = SearchMeaning(label="for the stomach and core", areas=(BodyArea.CORE,))
_ARMS = SearchMeaning(label="for the chest and arms", areas=(BodyArea.CHEST_ARMS,))
_STIFF = SearchMeaning(
    label="that keep you moving gently, for stiffness",
    kinds=(Kind.FLOWING, Kind.REPETITIONS),
)
_DESK = SearchMeaning(label="you can do at a desk", at_desk=True, equipment=(Equipment.CHAIR,))
_SITTING = SearchMeaning(
    label="done sitting",
    at_desk=True,
    positions=(Position.SEATED_CHAIR, Position.SEATED_FLOOR),
)
_BED = SearchMeaning(label="you can do in bed", in_bed=True, equipment=(Equipment.BED,))
_FLOOR = SearchMeaning(
    label="done on the floor or a mat",
    equipment=(Equipment.MAT,),
    positions=(Position.SEATED_FLOOR, Position.ALL_FOURS, Position.KNEELING, Position.LYING_FRONT),
)
_LYING = SearchMeaning(
    label="done lying down", positions=(Position.LYING_BACK, Position.LYING_FRONT)
)
_STANDING = SearchMeaning(label="done standing", positions=(Position.STANDING,))
_WALL = SearchMeaning(label="done with a wall", equipment=(Equipment.WALL,))
_KNEELING = SearchMeaning(
    label="done kneeling or on all fours", positions=(Position.KNEELING, Position.ALL_FOURS)
)

#: Words people type, each in its singular form (plurals are found through it), and what
#: they mean in the catalogue. A word's own text is searched as well: this adds stretches
#: that do not use the word but are what the person is looking for.
SEARCH_WORDS: dict[str, SearchMeaning] = {
    "sciatica": _SCIATICA,
    "sciatic": _SCIATICA,
    "piriformis": _SCIATICA,
    "glute": _BUTTOCKS,
    "gluteal": _BUTTOCKS,
    "buttock": _BUTTOCKS,
    "bum": _BUTTOCKS,
    "bottom": _BUTTOCKS,
    "hip": _BUTTOCKS,
    "hamstring": _HAMSTRINGS,
    "thigh": _LEGS,
    "leg": _LEGS,
    "neck": _NECK,
    "shoulder": _SHOULDERS,
    "lower": _LOWER_BACK,
    "lumbar": _LOWER_BACK,
    "upper": _UPPER_BACK,
    "back": _BACK,
    "spine": _BACK,
    "core": _CORE,
    "stomach": _CORE,
    "tummy": _CORE,
    "abs": _CORE,
    "arm": _ARMS,
    "chest": _ARMS,
    "stiff": _STIFF,
    "stiffness": _STIFF,
    "desk": _DESK,
    "office": _DESK,
    "work": _DESK,
    "computer": _DESK,
    "chair": _SITTING,
    "sitting": _SITTING,
    "seated": _SITTING,
    "bed": _BED,
    "morning": _BED,
    "waking": _BED,
    "night": _BED,
    "bedtime": _BED,
    "mattress": _BED,
    "wake": _BED,
    "floor": _FLOOR,
    "mat": _FLOOR,
    "lying": _LYING,
    "standing": _STANDING,
    "wall": _WALL,
    "kneeling": _KNEELING,
}

#: Words too common to search for: PostgreSQL's English list (its full-text search ignores
#: them), so that both databases leave out the same words.
_STOP_WORDS = """i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W_]+")


def singular(word: str) -> str:
    """A plain English singular, good enough to search with: knees → knee, stretches →
    stretch, glutes → glute, stiffness stays as it is."""
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def search_words(text: str, *, limit: int = 8) -> list[str]:
    """The words of a search worth looking for, lower case, in order, each once: letters
    and digits only (so that no word can be read as a query operator), without the
    commonest words, at most `limit`."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:limit]


def search_meaning(word: str) -> SearchMeaning | None:
    """What a searched word means in the catalogue's terms, if the catalogue knows it."""
    return SEARCH_WORDS.get(word) or SEARCH_WORDS.get(singular(word))
