"""Reads of the catalogue, with their filters and prefetches."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Count,
    Exists,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

from stretches import vocabulary
from stretches.models import AvoidedMovement, Step, Stretch, Variation


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


def _version(count: int, latest: datetime | None) -> str:
    return f"{count}-{latest.timestamp() if latest else 0}"


def catalogue_version() -> str:
    """Changes whenever the catalogue does (the loader and the admin save every stretch
    they touch, and adding or deleting one changes the count): the key of the pages'
    cached parts. One small query."""
    found = Stretch.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return _version(found["count"], found["latest"])


def catalogue_version_annotations() -> dict[str, Subquery]:
    """What catalogue_version counts, as subqueries to annotate another query with: the
    version then comes in the same query (`annotated_catalogue_version`)."""
    everything = Stretch.objects.order_by()
    latest = everything.order_by("-updated_at").values("updated_at")[:1]
    count = everything.annotate(n=Func("pk", function="COUNT")).values("n")
    return {"catalogue_latest": Subquery(latest), "catalogue_count": Subquery(count)}


def annotated_catalogue_version(row) -> str:
    """The catalogue's version carried by a row annotated with catalogue_version_annotations."""
    return _version(row.catalogue_count, row.catalogue_latest)


# Built once, as the player's and the composer's queries are: resolving the subqueries on
# every request cost more than the query did.
_WITH_CATALOGUE_VERSION = Stretch.objects.annotate(**catalogue_version_annotations())


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
    stretches = stretch_cards()
    for word in filters.q.split():
        step_matches = Step.objects.filter(stretch=OuterRef("pk"), text__icontains=word)
        stretches = stretches.filter(
            Q(name__icontains=word) | Q(summary__icontains=word) | Exists(step_matches)
        )
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


def stretch_detail(slug: str) -> QuerySet[Stretch]:
    """The one stretch with that slug, with everything its page shows."""
    return Stretch.objects.filter(slug=slug).prefetch_related(*DETAIL_PREFETCHES)


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


def avoided_key(avoided: frozenset[str]) -> str:
    """The avoided movements as part of a cache key: the same in every process."""
    return ",".join(sorted(avoided))
