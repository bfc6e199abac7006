from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from config.shared.caching import Version
from stretches import vocabulary
from stretches.figures import figure_markup, mirrored_text, validate_pose
from stretches.timing import describe_dose, describe_duration

# The ranges a stretch's numbers (and a routine item's, which start from them)
# must stay in. Checked by forms and the loader, and backed by the database.
HOLD_SECONDS = (5, 300)
REPETITIONS = (1, 50)
SETS = (1, 10)
SECONDS_PER_REPETITION = (2, 20)


def in_range(field: str, bounds: tuple[int, int]) -> Q:
    """The condition of a CheckConstraint keeping a number within its bounds."""
    return Q(**{f"{field}__gte": bounds[0], f"{field}__lte": bounds[1]})


def range_validators(bounds: tuple[int, int]) -> list:
    """The form and full_clean validators for the same bounds."""
    return [MinValueValidator(bounds[0]), MaxValueValidator(bounds[1])]


def validate_figure(pose: object) -> None:
    """The admin's check of a pose, the same as the loader's (see stretches/figures/)."""
    if problems := validate_pose(pose):
        raise ValidationError(problems)


class BodyArea(models.Model):
    """One of the fixed body areas (`vocabulary.BodyArea`), as a row to link to."""

    slug = models.SlugField(primary_key=True, choices=vocabulary.BodyArea.choices)
    name = models.CharField(max_length=40)
    rank = models.PositiveSmallIntegerField(default=0)
    # With the stretches', in the catalogue's version: renaming one draws the pages anew.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class SpineMovement(models.Model):
    """One of the fixed movements of the spine (`vocabulary.SpineMovement`)."""

    slug = models.SlugField(primary_key=True, choices=vocabulary.SpineMovement.choices)
    name = models.CharField(max_length=40)
    rank = models.PositiveSmallIntegerField(default=0)
    # With the stretches', in the catalogue's version: renaming one draws the pages anew.
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class Stretch(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=80, unique=True)
    summary = models.CharField(max_length=160)
    position = models.CharField(max_length=20, choices=vocabulary.Position.choices)
    equipment = models.CharField(max_length=10, choices=vocabulary.Equipment.choices)
    kind = models.CharField(max_length=12, choices=vocabulary.Kind.choices)
    intensity = models.CharField(max_length=10, choices=vocabulary.Intensity.choices)
    body_areas = models.ManyToManyField(BodyArea, related_name="stretches")
    spine_movements = models.ManyToManyField(SpineMovement, related_name="stretches")
    hold_seconds = models.PositiveSmallIntegerField(
        validators=range_validators(HOLD_SECONDS),
        help_text="For holds: seconds in the stretch each time.",
    )
    repetitions = models.PositiveSmallIntegerField(
        validators=range_validators(REPETITIONS),
        help_text="For repetitions and flowing movements: how many each set.",
    )
    sets = models.PositiveSmallIntegerField(validators=range_validators(SETS))
    seconds_per_repetition = models.PositiveSmallIntegerField(
        default=4,
        validators=range_validators(SECONDS_PER_REPETITION),
        help_text="The slow, steady pace of one repetition.",
    )
    per_side = models.BooleanField("each side", help_text="Done on one side, then on the other.")
    each_way = models.BooleanField(
        "each way",
        default=False,
        help_text="Two sets of repetitions, one in each direction (such as circles).",
    )
    in_bed = models.BooleanField("can be done in bed", default=False)
    at_desk = models.BooleanField("can be done at a desk", default=False)
    how_often = models.CharField(max_length=200)
    breathing = models.TextField("breathing cue")
    feel = models.TextField("what you should feel")
    mistakes = models.TextField("common mistakes", help_text="One per line.")
    cautions = models.TextField(help_text="One per line.")
    figure = models.JSONField(
        default=dict,
        validators=[validate_figure],
        help_text="Pose of the line drawing (see stretches/figures.py).",
    )
    rank = models.PositiveSmallIntegerField(default=0, help_text="Order in the catalogue.")
    duration_seconds = models.GeneratedField(
        expression=(
            Case(
                When(kind=vocabulary.Kind.HOLD, then=F("hold_seconds")),
                default=F("repetitions") * F("seconds_per_repetition"),
                output_field=models.IntegerField(),
            )
            * F("sets")
            * Case(
                When(per_side=True, then=Value(2)),
                default=Value(1),
                output_field=models.IntegerField(),
            )
        ),
        output_field=models.IntegerField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["rank", "name"]
        verbose_name_plural = "stretches"
        constraints = [
            models.CheckConstraint(
                condition=in_range("hold_seconds", HOLD_SECONDS), name="stretch_hold_in_range"
            ),
            models.CheckConstraint(
                condition=in_range("repetitions", REPETITIONS), name="stretch_reps_in_range"
            ),
            models.CheckConstraint(condition=in_range("sets", SETS), name="stretch_sets_in_range"),
            models.CheckConstraint(
                condition=in_range("seconds_per_repetition", SECONDS_PER_REPETITION),
                name="stretch_pace_in_range",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__in": choices.values}), name=f"stretch_{field}_valid"
                )
                for field, choices in (
                    ("kind", vocabulary.Kind),
                    ("position", vocabulary.Position),
                    ("equipment", vocabulary.Equipment),
                    ("intensity", vocabulary.Intensity),
                )
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stretches:stretch-detail", args=[self.slug])

    @property
    def version(self) -> Version:
        """This stretch as it was saved last (the admin saves it with its steps): the key
        of its steps as the player draws them."""
        return Version("stretch", (self.pk, self.updated_at.timestamp()))

    @property
    def is_timed_hold(self) -> bool:
        return self.kind == vocabulary.Kind.HOLD

    @property
    def duration_label(self) -> str:
        return describe_duration(self.duration_seconds)

    @property
    def dose_label(self) -> str:
        return describe_dose(
            timed=self.is_timed_hold,
            hold_seconds=self.hold_seconds,
            repetitions=self.repetitions,
            sets=self.sets,
            sides="each side" if self.per_side else "",
            each_way=self.each_way,
        )

    @property
    def mistake_list(self) -> list[str]:
        return [line.strip() for line in self.mistakes.splitlines() if line.strip()]

    @property
    def caution_list(self) -> list[str]:
        return [line.strip() for line in self.cautions.splitlines() if line.strip()]

    @property
    def bends_forward(self) -> bool:
        """True when the stretch bends the spine forward: annotated by the card queries
        (`selectors.stretch_cards`), otherwise from the prefetched movements."""
        if (annotated := getattr(self, "forward_bending", None)) is not None:
            return annotated
        return any(
            movement.slug == vocabulary.SpineMovement.FORWARD_BENDING
            for movement in self.spine_movements.all()
        )

    @property
    def figure_seconds(self) -> int:
        """How long the figure's loop takes: the pace of one repetition, or for a hold a
        slow move in, a stay and a move back."""
        if self.is_timed_hold:
            return 8
        return max(5, 2 * self.seconds_per_repetition)

    def figure_svg(self, side: str = "") -> SafeString:
        """The figure of the two key frames; for ``side="right"`` the mirror image (the
        figure is drawn for the left side, which the steps take first)."""
        mirrored = side == "right" and self.per_side
        alt = self.figure_alt
        if mirrored:
            alt = mirrored_text(alt)
        prefix = f"fig-{self.slug}" + ("-right" if mirrored else "")
        # figure_markup escapes every text it writes; the markup is ours.
        markup = figure_markup(
            self.figure, title=alt, id_prefix=prefix, mirrored=mirrored, seconds=self.figure_seconds
        )
        return markup if markup is not None else self._figure_fallback(alt)

    @property
    def figure_card(self) -> SafeString:
        """The stretch frame alone, still and light, for the catalogue's cards."""
        markup = figure_markup(self.figure, title=self.figure_alt, id_prefix="", still=True)
        return markup if markup is not None else self._figure_fallback(self.figure_alt)

    @staticmethod
    def _figure_fallback(alt: str) -> SafeString:
        # Only a pose saved around the loader and the admin can be invalid: show an
        # empty frame with the words rather than fail the page.
        return format_html(
            '<svg class="figure" viewBox="0 0 100 64" role="img" aria-label="{}"></svg>', alt
        )

    @property
    def figure_alt(self) -> str:
        """What the figure shows the body doing, in words (the pose's ``alt``)."""
        alt = self.figure.get("alt") if isinstance(self.figure, dict) else None
        if isinstance(alt, str) and alt.strip():
            return f"{self.name}: {alt.strip()}"
        return f"Line drawing: {self.name.lower()}, {self.get_position_display().lower()}."

    @property
    def figure_tinted_limbs(self) -> int:
        """How many limbs the figure tints as working (both legs in knees to chest)."""
        work = self.figure.get("work") if isinstance(self.figure, dict) else None
        return len(work) if isinstance(work, list) else 0


class Step(models.Model):
    """One numbered line of a stretch's "how to do it" (its written steps)."""

    stretch = models.ForeignKey(Stretch, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["stretch_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stretch", "number"], name="step_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Variation(models.Model):
    """An easier or harder way to do a stretch, linking to it where we have it."""

    stretch = models.ForeignKey(Stretch, on_delete=models.CASCADE, related_name="variations")
    direction = models.CharField(max_length=6, choices=vocabulary.VariationDirection.choices)
    number = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    target = models.ForeignKey(
        Stretch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The stretch this variation is, if it is in the catalogue.",
    )

    class Meta:
        ordering = ["stretch_id", "direction", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["stretch", "direction", "number"], name="variation_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.text}"


class AvoidedMovement(models.Model):
    """A movement of the spine a person has said makes their pain worse."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avoided_movements"
    )
    movement = models.ForeignKey(SpineMovement, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "movement"], name="avoided_movement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} avoids {self.movement}"
