from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.urls import reverse

from routines.plan import PlanItem, PlanSettings, PlanStep, Sides, plan_seconds, step_plan
from stretches.models import (
    HOLD_SECONDS,
    REPETITIONS,
    SETS,
    Stretch,
    in_range,
    range_validators,
)
from stretches.timing import describe_dose, describe_duration

# Limits of a routine and its items, checked by forms and services and backed
# by the database where a constraint can say it.
REST_SECONDS = (0, 300)
GET_READY_SECONDS = (0, 60)
SWITCH_SECONDS = (0, 60)
MAX_ITEMS = 40
NAME_LENGTH = 100


SIDES_CHOICES = [(sides.value, sides.label) for sides in Sides]


class Routine(models.Model):
    """A sequence of stretches. Starter routines have no owner and a `starter_key`; the
    routine behind a stretch's "Try it now" has no owner and its `try_stretch`, and is
    kept out of every list."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routines",
    )
    starter_key = models.SlugField(
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text="Starter routines only: their key in the data file.",
    )
    try_stretch = models.OneToOneField(
        Stretch,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Try-it-now routines only: the one stretch they play.",
    )
    name = models.CharField(max_length=NAME_LENGTH)
    description = models.TextField(blank=True, max_length=500)
    get_ready_seconds = models.PositiveSmallIntegerField(
        "get ready", default=5, validators=range_validators(GET_READY_SECONDS)
    )
    rest_seconds = models.PositiveSmallIntegerField(
        "rest between stretches", default=10, validators=range_validators(REST_SECONDS)
    )
    switch_seconds = models.PositiveSmallIntegerField(
        "pause to switch sides", default=5, validators=range_validators(SWITCH_SECONDS)
    )
    pinned = models.BooleanField(
        default=False, help_text="Shown on Home as today's routine (one per person at most)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(pinned=True), name="routine_one_pinned_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(owner__isnull=False, starter_key__isnull=True, try_stretch__isnull=True)
                | Q(owner__isnull=True, starter_key__isnull=False, try_stretch__isnull=True)
                | Q(owner__isnull=True, starter_key__isnull=True, try_stretch__isnull=False),
                name="routine_owned_starter_or_try",
            ),
            models.CheckConstraint(
                condition=Q(
                    GreaterThan(Length(Trim("name")), 0),
                    LessThanOrEqual(Length("name"), NAME_LENGTH),
                ),
                name="routine_name_1_to_100",
            ),
            models.CheckConstraint(
                condition=in_range("get_ready_seconds", GET_READY_SECONDS),
                name="routine_get_ready_in_range",
            ),
            models.CheckConstraint(
                condition=in_range("rest_seconds", REST_SECONDS), name="routine_rest_in_range"
            ),
            models.CheckConstraint(
                condition=in_range("switch_seconds", SWITCH_SECONDS),
                name="routine_switch_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routines:routine-detail", args=[self.pk])

    @property
    def is_starter(self) -> bool:
        return self.owner_id is None and self.try_stretch_id is None

    @property
    def is_try(self) -> bool:
        """The one-stretch routine behind a stretch's "Try it now"."""
        return self.try_stretch_id is not None

    def plan(self, items: "list[RoutineItem] | None" = None) -> list[PlanStep]:
        """The step plan of these items (by default its own, prefetched, with stretches)."""
        items = self.items.all() if items is None else items
        return step_plan(
            [item.plan_item() for item in items],
            PlanSettings(
                get_ready_seconds=self.get_ready_seconds, switch_seconds=self.switch_seconds
            ),
        )

    @property
    def total_seconds(self) -> int:
        return plan_seconds(self.plan())

    @property
    def total_label(self) -> str:
        return describe_duration(self.total_seconds)


class RoutineItem(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    # A stretch in someone's routine cannot be deleted; one in its own try routine alone
    # (Routine.try_stretch) can, the routine going with it: RESTRICT allows exactly that.
    stretch = models.ForeignKey(Stretch, on_delete=models.RESTRICT, related_name="+")
    position = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField(validators=range_validators(HOLD_SECONDS))
    repetitions = models.PositiveSmallIntegerField(validators=range_validators(REPETITIONS))
    sets = models.PositiveSmallIntegerField(validators=range_validators(SETS))
    sides = models.CharField(max_length=10, choices=SIDES_CHOICES)
    rest_seconds = models.PositiveSmallIntegerField(
        "rest after", validators=range_validators(REST_SECONDS)
    )
    add_token = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="The token of the Add (or Undo) form that put it here: "
        "the same form sent twice adds it once.",
    )

    class Meta:
        ordering = ["routine_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "position"], name="routine_item_position_unique"
            ),
            models.UniqueConstraint(
                fields=["routine", "add_token"], name="routine_item_add_token_unique"
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="routine_item_position_min"),
            models.CheckConstraint(
                condition=in_range("hold_seconds", HOLD_SECONDS), name="routine_item_hold_in_range"
            ),
            models.CheckConstraint(
                condition=in_range("repetitions", REPETITIONS), name="routine_item_reps_in_range"
            ),
            models.CheckConstraint(
                condition=in_range("sets", SETS), name="routine_item_sets_in_range"
            ),
            models.CheckConstraint(
                condition=in_range("rest_seconds", REST_SECONDS), name="routine_item_rest_in_range"
            ),
            models.CheckConstraint(
                condition=Q(sides__in=[sides.value for sides in Sides]),
                name="routine_item_sides_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.stretch}"

    def plan_item(self) -> PlanItem:
        return PlanItem(
            stretch_id=self.stretch_id,
            name=self.stretch.name,
            timed=self.stretch.is_timed_hold,
            hold_seconds=self.hold_seconds,
            repetitions=self.repetitions,
            seconds_per_repetition=self.stretch.seconds_per_repetition,
            sets=self.sets,
            sides=Sides(self.sides),
            rest_seconds=self.rest_seconds,
        )

    @property
    def sides_choices(self) -> list[tuple[str, str]]:
        """The sides this item's stretch allows."""
        return sides_choices_for(self.stretch)

    @property
    def dose_label(self) -> str:
        return describe_dose(
            timed=self.stretch.is_timed_hold,
            hold_seconds=self.hold_seconds,
            repetitions=self.repetitions,
            sets=self.sets,
            sides="" if self.sides == Sides.BOTH else Sides(self.sides).label.lower(),
        )


def sides_choices_for(stretch: Stretch) -> list[tuple[str, str]]:
    """A symmetric stretch is done on both sides at once; a one-sided one per side."""
    if not stretch.per_side:
        return [(Sides.BOTH.value, Sides.BOTH.label)]
    return [(s.value, s.label) for s in (Sides.LEFT_RIGHT, Sides.LEFT, Sides.RIGHT)]


def default_sides(stretch: Stretch) -> Sides:
    return Sides.LEFT_RIGHT if stretch.per_side else Sides.BOTH
