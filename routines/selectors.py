"""Reads of routines, always scoped to who may see them."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from routines.models import Routine, RoutineItem
from stretches.selectors import bends_forward


def _with_items(routines: QuerySet[Routine]) -> QuerySet[Routine]:
    """Routines with their items and stretches: enough for the plan and the total."""
    items = RoutineItem.objects.select_related("stretch").prefetch_related(
        "stretch__spine_movements"
    )
    return routines.prefetch_related(Prefetch("items", queryset=items))


def routines_owned(user: AbstractBaseUser) -> QuerySet[Routine]:
    return _with_items(Routine.objects.filter(owner=user))


def routines_starter() -> QuerySet[Routine]:
    return _with_items(Routine.objects.filter(owner__isnull=True)).order_by("pk")


def routines_visible(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Routine]:
    """What a person may view and play: the starter routines and their own."""
    mine = Q(owner=user) if user.is_authenticated else Q(pk__in=[])
    return _with_items(Routine.objects.filter(Q(owner__isnull=True) | mine))


def items_owned(user: AbstractBaseUser, routine_pk: int) -> QuerySet[RoutineItem]:
    return RoutineItem.objects.filter(routine_id=routine_pk, routine__owner=user).select_related(
        "routine", "stretch"
    )


def items_to_play(user: AbstractBaseUser | AnonymousUser, routine_pk: int) -> list[RoutineItem]:
    """A routine the person may play, as its items in order, each with its routine and its
    stretch (and whether the stretch bends forward): one query for the player's every step.
    Empty when the routine is not theirs to play, or has no stretch."""
    mine = Q(routine__owner=user) if user.is_authenticated else Q(pk__in=[])
    items = list(
        RoutineItem.objects.filter(Q(routine__owner__isnull=True) | mine, routine_id=routine_pk)
        .select_related("routine", "stretch")
        .annotate(forward_bending=Exists(bends_forward(OuterRef("stretch_id"))))
        .order_by("position")
    )
    for item in items:
        item.stretch.forward_bending = item.forward_bending  # Stretch.bends_forward reads it
    return items
