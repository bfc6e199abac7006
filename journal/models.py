from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from journal.fields import LocalDateField
from routines.models import Routine
from stretches.models import Stretch, in_range, range_validators

PAIN = (0, 10)
NOTE_LENGTH = 2000
# The first day the journal takes: older dates are typing mistakes, and year 1 with a time
# zone would not even fit in a date.
EARLIEST = date(2000, 1, 1)


class Session(models.Model):
    """One play-through of a routine: what was done, and the pain before and after."""

    class Status(models.TextChoices):
        COMPLETED = "completed", "Completed"
        PARTIAL = "partial", "Partly done"
        ABANDONED = "abandoned", "Stopped before the first stretch"
        # Most stretch steps pressed through in seconds (journal.playback.is_rushed): kept,
        # but left out of what the journal counts and compares.
        RUSHED = "rushed", "Pressed through"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    routine = models.ForeignKey(
        Routine, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    routine_name = models.CharField(max_length=100, help_text="The routine's name when played.")
    play_key = models.UUIDField(
        unique=True, help_text="Names the play-through, so it is recorded exactly once."
    )
    plan_signature = models.CharField(
        max_length=64,
        blank=True,
        help_text="The routine's step plan when played (routines.plan.plan_signature).",
    )
    started_at = models.DateTimeField()
    day = LocalDateField(of="started_at", help_text="The day it was played, in the site's time.")
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ABANDONED)
    pain_before = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators(PAIN)
    )
    pain_after = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=range_validators(PAIN)
    )
    note = models.TextField(blank=True, max_length=NOTE_LENGTH)
    manual = models.BooleanField(
        default=False, help_text="Entered by hand, for a routine done without the app."
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-started_at"], name="session_user_started"),
            models.Index(fields=["user", "day"], name="session_user_day"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_before__isnull=True) | in_range("pain_before", PAIN),
                name="session_pain_before_in_range",
            ),
            models.CheckConstraint(
                condition=Q(pain_after__isnull=True) | in_range("pain_after", PAIN),
                name="session_pain_after_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["completed", "partial", "abandoned", "rushed"]),
                name="session_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine_name} on {self.started_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("journal:session-detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def seconds_spent(self) -> int | None:
        """From start to finish, for a finished session."""
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds())


class SessionStep(models.Model):
    """One stretch step of a session (a set on one side), as it was played."""

    class Outcome(models.TextChoices):
        DONE = "done", "Done"
        SKIPPED = "skipped", "Skipped"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="steps")
    step_index = models.PositiveSmallIntegerField(help_text="Its place in the step plan.")
    stretch = models.ForeignKey(
        Stretch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    stretch_name = models.CharField(max_length=80)
    side = models.CharField(max_length=5, blank=True)
    set_number = models.PositiveSmallIntegerField()
    planned_seconds = models.PositiveIntegerField()
    actual_seconds = models.PositiveIntegerField()
    outcome = models.CharField(max_length=7, choices=Outcome.choices)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session_id", "step_index"]
        constraints = [
            models.UniqueConstraint(fields=["session", "step_index"], name="session_step_once"),
            models.CheckConstraint(
                condition=Q(outcome__in=["done", "skipped"]), name="session_step_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stretch_name} ({self.get_outcome_display()})"


class PainEntry(models.Model):
    """How much it hurt at one moment, where, how it felt, and what changed it."""

    class Area(models.TextChoices):
        LOWER_BACK = "lower-back", "Lower back"
        LEFT_HIP = "left-hip", "Left hip or buttock"
        RIGHT_HIP = "right-hip", "Right hip or buttock"
        LEFT_LEG = "left-leg", "Left leg"
        RIGHT_LEG = "right-leg", "Right leg"
        UPPER_BACK = "upper-back", "Upper back"
        NECK = "neck", "Neck"
        SHOULDERS = "shoulders", "Shoulders"

    class Quality(models.TextChoices):
        ACHING = "aching", "Aching"
        SHARP = "sharp", "Sharp"
        BURNING = "burning", "Burning"
        STIFF = "stiff", "Stiff"
        TINGLING = "tingling", "Tingling or numb"

    class Factor(models.TextChoices):
        SITTING = "sitting", "Sitting"
        STANDING = "standing", "Standing"
        WALKING = "walking", "Walking"
        SLEEP = "sleep", "Sleep"
        LIFTING = "lifting", "Lifting"
        STRETCHING = "stretching", "Stretching"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_entries"
    )
    recorded_at = models.DateTimeField()
    day = LocalDateField(of="recorded_at", help_text="The day of the entry, in the site's time.")
    level = models.PositiveSmallIntegerField(validators=range_validators(PAIN))
    areas = models.JSONField(default=list, blank=True)
    qualities = models.JSONField(default=list, blank=True)
    worse = models.JSONField("made it worse", default=list, blank=True)
    better = models.JSONField("made it better", default=list, blank=True)
    factors_note = models.CharField("other things", max_length=200, blank=True)
    note = models.TextField(blank=True, max_length=NOTE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name_plural = "pain entries"
        indexes = [
            models.Index(fields=["user", "recorded_at"], name="pain_user_recorded"),
            models.Index(fields=["user", "day"], name="pain_user_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=in_range("level", PAIN), name="pain_level_in_range"),
        ]

    def __str__(self) -> str:
        return f"{self.level}/10 at {self.recorded_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("journal:pain-edit", args=[self.pk])

    def labels(self, field: str) -> list[str]:
        choices = {
            "areas": self.Area,
            "qualities": self.Quality,
            "worse": self.Factor,
            "better": self.Factor,
        }[field]
        return [choices(value).label for value in getattr(self, field) if value in choices.values]

    @property
    def area_labels(self) -> list[str]:
        return self.labels("areas")

    @property
    def quality_labels(self) -> list[str]:
        return self.labels("qualities")

    @property
    def calls_for_urgent_signs(self) -> bool:
        """A level of 9 or 10, or tingling or numbness with both legs marked."""
        both_legs = {self.Area.LEFT_LEG, self.Area.RIGHT_LEG} <= set(self.areas)
        return self.level >= 9 or (self.Quality.TINGLING in self.qualities and both_legs)


class JournalProfile(models.Model):
    """A person's journal settings: weekly goal and reminder days."""

    WEEKDAYS = [
        ("MO", "Monday"),
        ("TU", "Tuesday"),
        ("WE", "Wednesday"),
        ("TH", "Thursday"),
        ("FR", "Friday"),
        ("SA", "Saturday"),
        ("SU", "Sunday"),
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_profile"
    )
    weekly_goal = models.PositiveSmallIntegerField(
        "sessions a week", default=3, validators=range_validators((1, 14))
    )
    reminder_days = models.JSONField(default=list, blank=True)
    reminder_time = models.TimeField(null=True, blank=True)
    reminders_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the reminder days or time last changed."
    )
    feed_token = models.CharField(max_length=64, unique=True)
    journal_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,  # no form writes it back: only services.journal_changed moves it on
        help_text="Goes up with every change to the journal (services.journal_changed): "
        "the key of what is cached of it.",
    )
    sessions_version = models.PositiveBigIntegerField(
        default=0,
        editable=False,  # as journal_version
        help_text="Goes up with every change to the person's sessions, not with pain logged "
        "or the weekly goal (services.journal_changed): the key of what is cached of the "
        "sessions alone (the dashboard's per-routine and per-stretch insights).",
    )

    def __str__(self) -> str:
        return f"Journal settings of {self.user}"


class KeptImport(models.Model):
    """A file chosen on the import page that was checked and found good, kept for its person
    for a short while, so that a form sent back for another reason (no way of importing
    chosen, the box for "Replace everything" not ticked) need not have it chosen again: a
    browser cannot fill a file field in. One a person; gone once imported, once another file
    is chosen, or after KEEP_FOR."""

    KEEP_FOR = timedelta(minutes=30)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kept_import"
    )
    name = models.CharField(max_length=255, help_text="The file's name on the person's device.")
    content = models.TextField(help_text="The file, as checked.")
    kept_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}, kept for {self.user}"

    @property
    def size_kb(self) -> int:
        return max(1, round(len(self.content.encode()) / 1024))
