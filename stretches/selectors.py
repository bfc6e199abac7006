"""Reads of the catalogue, with their filters and prefetches."""

import math
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Least

from config.shared.caching import Version
from stretches import vocabulary
from stretches.models import AvoidedMovement, BodyArea, SpineMovement, Step, Stretch, Variation


@dataclass(frozen=True, kw_only=True)
class StretchFilters:
    """What a person asked the catalogue for; every field is optional."""

    q: str = ""
    area: str = ""
    position: str = ""
    equipment: str = ""
    kind: str = ""
    intensity: str = ""
    max_minutes: int | None = None
    no_forward_bending: bool = False
    in_bed: bool = False
    at_desk: bool = False


def bends_forward(stretch: OuterRef | int) -> QuerySet:
    """For an EXISTS: the link of a stretch to forward bending, if it has one."""
    return Stretch.spine_movements.through.objects.filter(
        stretch=stretch, spinemovement=vocabulary.SpineMovement.FORWARD_BENDING
    )


def stretch_cards() -> QuerySet[Stretch]:
    """Stretches with what a card in a list shows: whether each bends forward comes with
    them, in the same query (`Stretch.bends_forward` reads it)."""
    return Stretch.objects.annotate(forward_bending=Exists(bends_forward(OuterRef("pk"))))


# What the catalogue's version is made of: the latest change to, and the number of, its
# stretches and the vocabulary they show (body areas and spine movements by name).
_VERSION_TABLES = {"catalogue": Stretch, "areas": BodyArea, "movements": SpineMovement}


def catalogue_version_annotations() -> dict[str, Subquery]:
    """The catalogue's version as subqueries to annotate a query with: the version then
    comes in the same query (`annotated_catalogue_version`)."""
    subqueries = {}
    for name, model in _VERSION_TABLES.items():
        everything = model.objects.order_by()
        latest = everything.order_by("-updated_at").values("updated_at")[:1]
        count = everything.annotate(n=Func("pk", function="COUNT")).values("n")
        subqueries[f"{name}_latest"] = Subquery(latest)
        subqueries[f"{name}_count"] = Subquery(count)
    return subqueries


def annotated_catalogue_version(row) -> Version:
    """The catalogue's version carried by a row annotated with catalogue_version_annotations.
    It moves whenever the catalogue does: the loader and the admin save every stretch, body
    area and spine movement they touch (`updated_at`), and adding or deleting one changes
    the count. The key of what is cached of the catalogue (config.shared.caching)."""
    parts = []
    for name in _VERSION_TABLES:
        latest = getattr(row, f"{name}_latest")
        parts += [getattr(row, f"{name}_count"), latest.timestamp() if latest else 0]
    return Version("catalogue", tuple(parts))


# Built once, as the player's and the composer's queries are: resolving the subqueries on
# every request cost more than the query did.
_WITH_CATALOGUE_VERSION = Stretch.objects.annotate(**catalogue_version_annotations())
# The subqueries alone, for catalogue_version: on the first stretch, as they need a row.
_CATALOGUE_VERSION = _WITH_CATALOGUE_VERSION.order_by().only("pk")


def catalogue_version() -> Version:
    """The catalogue's version (`annotated_catalogue_version`) on its own. One small query."""
    row = _CATALOGUE_VERSION.first()
    if row is None:  # no stretch at all: nothing of the catalogue to show
        return Version("catalogue", ())
    return annotated_catalogue_version(row)


def stretch_page(slug: str) -> Stretch | None:
    """The stretch with that slug and, in the same query, the catalogue's version (as
    `stretch.catalogue_version`); its details are fetched only when its page is drawn
    (`stretch_details`)."""
    stretch = _WITH_CATALOGUE_VERSION.filter(slug=slug).first()
    if stretch is not None:
        stretch.catalogue_version = annotated_catalogue_version(stretch)
    return stretch


def stretch_details(stretch: Stretch) -> Stretch:
    """The stretch with everything its page shows (4 queries)."""
    prefetch_related_objects([stretch], *DETAIL_PREFETCHES)
    return stretch


def stretch_search(filters: StretchFilters) -> QuerySet[Stretch]:
    """The stretches that match the filters; with search words, the best matches first
    (`search_score`), then in catalogue order."""
    stretches = stretch_cards()
    if words := vocabulary.search_words(filters.q):
        stretches = _matching(stretches, words)
    if filters.area:
        stretches = stretches.filter(body_areas=filters.area)
    for field in ("position", "equipment", "kind", "intensity"):
        if value := getattr(filters, field):
            stretches = stretches.filter(**{field: value})
    if filters.max_minutes:
        stretches = stretches.filter(duration_seconds__lte=filters.max_minutes * 60)
    if filters.no_forward_bending:
        stretches = stretches.exclude(spine_movements=vocabulary.SpineMovement.FORWARD_BENDING)
    if filters.in_bed:
        stretches = stretches.filter(in_bed=True)
    if filters.at_desk:
        stretches = stretches.filter(at_desk=True)
    return stretches


# How much a match in each place counts, for one searched word: its name, its summary, its
# steps, and what the word means (vocabulary.SEARCH_WORDS: "bed" finds every stretch that can
# be done in bed). They are PostgreSQL's weights A, B and C, with which SearchRank scores a
# word once in a name at 1.0 (once scaled by RANK_SCALE), so both databases order alike: any
# name match above any match elsewhere, a summary above steps.
NAME_WEIGHT, SUMMARY_WEIGHT, STEPS_WEIGHT = 1.0, 0.4, 0.2
MEANING_WEIGHT = 0.3
# A word a meaning names as a closer match (sciatica: buttock, hamstring) counts this much of
# what the word itself would: it orders the stretches the meaning takes in, and adds none.
RELATED_SCALE = 0.25
# SearchRank divides by π²/6, the most that further matches of a word can add.
RANK_SCALE = math.pi**2 / 6


def _matching(stretches: QuerySet[Stretch], words: list[str]) -> QuerySet[Stretch]:
    """The stretches matching every word, in their text or in its meaning, best first."""
    if connection.vendor == "postgresql":
        stretches, text_match = stretches.alias(search_vector=_search_vector()), _postgres_text
    else:
        text_match = _plain_text
    score = Value(0.0)
    for word in words:
        found, rank = text_match(word)
        score += rank
        if (meaning := vocabulary.search_meaning(word)) is not None:
            condition = _meaning_condition(meaning)
            found |= condition
            score += Case(When(condition, then=Value(MEANING_WEIGHT)), default=Value(0.0))
            for related in meaning.words:  # closer matches among those it takes in
                score += text_match(related)[1] * Value(RELATED_SCALE)
        stretches = stretches.filter(found)
    return stretches.annotate(
        search_score=ExpressionWrapper(score, output_field=FloatField())
    ).order_by("-search_score", "rank", "name")


def _plain_text(word: str) -> tuple[Q, Expression]:
    """SQLite's match: the word (its singular, so that knees finds knee) anywhere in the
    name, the summary or a step, ignoring case, weighted by where it is."""
    stem = vocabulary.singular(word)
    in_steps = Exists(Step.objects.filter(stretch=OuterRef("pk"), text__icontains=stem))
    places = (
        (Q(name__icontains=stem), NAME_WEIGHT),
        (Q(summary__icontains=stem), SUMMARY_WEIGHT),
        (Q(in_steps), STEPS_WEIGHT),
    )
    found = places[0][0] | places[1][0] | places[2][0]
    rank = sum(
        (Case(When(where, then=Value(weight)), default=Value(0.0)) for where, weight in places),
        start=Value(0.0),
    )
    return found, rank


def _postgres_text(word: str) -> tuple[Q, Expression]:
    """PostgreSQL's full-text search: the word as an English prefix (knees finds knee,
    stiff finds stiffness), ranked by SearchRank over the name (A), summary (B) and steps
    (C) in the `search_vector` alias."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    # search_words leaves letters and digits only: nothing to be read as an operator.
    query = SearchQuery(f"{word}:*", search_type="raw", config=SEARCH_CONFIG)
    weights = [0.1, STEPS_WEIGHT, SUMMARY_WEIGHT, NAME_WEIGHT]  # D, C, B, A
    rank = SearchRank(F("search_vector"), query, weights=weights) * Value(RANK_SCALE)
    # A prefix can match several words of one text (knee:* finds "knee-across" and "knee"):
    # a word counts at most what it would on SQLite, once in each place.
    return Q(search_vector=query), Least(rank, Value(NAME_WEIGHT + SUMMARY_WEIGHT + STEPS_WEIGHT))


SEARCH_CONFIG = "english"


def _search_vector() -> Expression:
    """A stretch's name, summary and steps as one weighted text-search vector."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchVector

    steps = (
        Step.objects.filter(stretch=OuterRef("pk"))
        .order_by()
        .values("stretch")
        .annotate(text=StringAgg("text", delimiter=" "))
        .values("text")
    )
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(steps), Value(""), output_field=TextField()),
            weight="C",
            config=SEARCH_CONFIG,
        )
    )


def _meaning_condition(meaning: vocabulary.SearchMeaning) -> Q:
    """The stretches a word's meaning takes in."""
    condition = Q(pk__in=[])
    if meaning.areas:
        areas = Stretch.body_areas.through.objects.filter(
            stretch=OuterRef("pk"), bodyarea__in=meaning.areas
        )
        condition |= Q(Exists(areas))
    if meaning.positions:
        condition |= Q(position__in=meaning.positions)
    if meaning.equipment:
        condition |= Q(equipment__in=meaning.equipment)
    if meaning.kinds:
        condition |= Q(kind__in=meaning.kinds)
    if meaning.in_bed:
        condition |= Q(in_bed=True)
    if meaning.at_desk:
        condition |= Q(at_desk=True)
    return condition


# What a stretch's page shows beyond the row: 4 queries.
DETAIL_PREFETCHES = (
    "body_areas",
    "spine_movements",
    "steps",
    Prefetch("variations", queryset=Variation.objects.select_related("target")),
)


def stretch_related(stretch: Stretch, *, limit: int = 3) -> QuerySet[Stretch]:
    """Other stretches for the same body areas, those sharing most areas first."""
    area_slugs = [area.slug for area in stretch.body_areas.all()]
    return (
        stretch_cards()
        .filter(body_areas__in=area_slugs)
        .exclude(pk=stretch.pk)
        .annotate(shared=Count("body_areas", distinct=True))
        .order_by("-shared", "rank", "name")[:limit]
    )


def avoided_movements(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The spine movements a person avoids, by slug; none for someone signed out."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        AvoidedMovement.objects.filter(user=user).values_list("movement_id", flat=True)
    )


def avoids(movement: str) -> Exists:
    """Whether the person a row belongs to (its user_id) avoids a spine movement, as an
    expression: a query annotated with it answers in the same round trip."""
    return Exists(AvoidedMovement.objects.filter(user=OuterRef("user_id"), movement_id=movement))
