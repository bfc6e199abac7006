"""Reads of routines, always scoped to who may see them."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from config.shared.caching import Version, cached, play_items_key
from routines.models import Routine, RoutineItem
from stretches.selectors import bends_forward, catalogue_version, catalogue_version_annotations


def _items_prefetch() -> Prefetch:
    """A routine's items with their stretches: enough for the plan and the total."""
    items = RoutineItem.objects.select_related("stretch").prefetch_related(
        "stretch__spine_movements"
    )
    return Prefetch("items", queryset=items)


def _with_items(routines: QuerySet[Routine]) -> QuerySet[Routine]:
    return routines.prefetch_related(_items_prefetch())


def items_of(routine: Routine) -> list[RoutineItem]:
    """The routine's items as _with_items fetches them, fetched now if they were not."""
    prefetch_related_objects([routine], _items_prefetch())
    return list(routine.items.all())


# What a routine's card needs of each item: its plan's numbers and its stretch's name, kind
# and pace (RoutineItem.plan_item), not the rest of the stretch (its text, its figure).
_CARD_ITEM_FIELDS = (
    *("routine_id", "stretch_id", "position", "hold_seconds", "repetitions", "sets"),
    *("sides", "rest_seconds", "stretch__name", "stretch__kind"),
    "stretch__seconds_per_repetition",
)


def routines_to_list(user: AbstractBaseUser | AnonymousUser) -> tuple[list[Routine], list[Routine]]:
    """A person's routines (none when signed out) and the starters, for their cards: each
    with its items and what its total needs. Two queries, however many routines."""
    mine = Q(owner=user) if user.is_authenticated else Q(pk__in=[])
    items = RoutineItem.objects.select_related("stretch").only(*_CARD_ITEM_FIELDS)
    routines = list(
        Routine.objects.filter(
            mine | Q(owner__isnull=True, try_stretch__isnull=True)
        ).prefetch_related(Prefetch("items", queryset=items))
    )
    starters = sorted(
        (routine for routine in routines if routine.owner_id is None), key=lambda r: r.pk
    )
    return [routine for routine in routines if routine.owner_id is not None], starters


def routines_owned(user: AbstractBaseUser) -> QuerySet[Routine]:
    return _with_items(Routine.objects.filter(owner=user))


# Routines with the catalogue's version (`annotated_catalogue_version`), the other half of
# the key of what is cached of each. Built once: resolving the subqueries on every request
# cost more than the query did.
_WITH_CATALOGUE_VERSION = Routine.objects.annotate(**catalogue_version_annotations())


def routines_to_compose(user: AbstractBaseUser) -> QuerySet[Routine]:
    """A person's routines for the composer, without their items (they come from the
    cache while the routine and the catalogue stay as they were) but with the catalogue's
    version, in one query."""
    return _WITH_CATALOGUE_VERSION.filter(owner=user)


def routines_starter() -> QuerySet[Routine]:
    starters = Routine.objects.filter(owner__isnull=True, try_stretch__isnull=True)
    return _with_items(starters).order_by("pk")


def routines_visible(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Routine]:
    """What a person may view and play: the starter routines and their own, and the
    one-stretch routines behind "Try it now" (`routines_listed` leaves those out)."""
    mine = Q(owner=user) if user.is_authenticated else Q(pk__in=[])
    return _with_items(Routine.objects.filter(Q(owner__isnull=True) | mine))


def routines_listed(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Routine]:
    """What a person may choose from a list: the starter routines and their own."""
    return routines_visible(user).filter(try_stretch__isnull=True)


def routines_to_add_to(user: AbstractBaseUser) -> QuerySet[Routine]:
    """A person's routines to add a stretch to, the one changed last first, each with how
    many stretches it holds (`item_count`): one query, however many."""
    return (
        Routine.objects.filter(owner=user)
        .annotate(item_count=Count("items"))
        .order_by("-updated_at", "-pk")
    )


def items_owned(user: AbstractBaseUser, routine_pk: int) -> QuerySet[RoutineItem]:
    return RoutineItem.objects.filter(routine_id=routine_pk, routine__owner=user).select_related(
        "routine", "stretch"
    )


def routine_version(routine: Routine, *, catalogue: Version | None = None) -> Version:
    """Changes whenever the routine, its items or the catalogue do (every change to a
    routine or its items touches its updated_at): the key of what is cached of it. The
    catalogue's version is asked for unless the caller already has it."""
    catalogue = catalogue if catalogue is not None else catalogue_version()
    return Version("routine", (routine.pk, routine.updated_at.timestamp(), catalogue))


def items_to_play(routine: Routine, *, catalogue: Version | None = None) -> list[RoutineItem]:
    """A routine's items in order for the player, each with its routine and its stretch
    (and whether the stretch bends forward). The caller has checked that the person may
    play it. Drawn from the cache while the routine and the catalogue stay as they were
    (every change to either changes its version), so a step costs no query for them."""
    items = cached(
        play_items_key(routine_version(routine, catalogue=catalogue)),
        lambda: list(
            RoutineItem.objects.filter(routine_id=routine.pk)
            .select_related("stretch")
            .annotate(forward_bending=Exists(bends_forward(OuterRef("stretch_id"))))
            .order_by("position")
        ),
    )
    for item in items:
        item.routine = routine
        item.stretch.forward_bending = item.forward_bending  # Stretch.bends_forward reads it
    return items
