from datetime import UTC, datetime, timedelta, tzinfo

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from config.shared.text import visible_text
from journal.exchange.format import ADD, MAX_BYTES, REPLACE, TEN_YEAR_EXPORT_BYTES, TOO_LARGE
from journal.models import (
    EARLIEST,
    NOTE_LENGTH,
    PAIN,
    JournalProfile,
    KeptImport,
    PainEntry,
    SessionStep,
)
from routines.models import Routine

PAIN_CHOICES = [
    (
        level,
        f"{level} – no pain"
        if level == 0
        else f"{level} – worst pain imaginable"
        if level == 10
        else str(level),
    )
    for level in range(PAIN[0], PAIN[1] + 1)
]


def pain_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "pain-scale"}),
        error_messages={"invalid_choice": "Choose a number from 0 (no pain) to 10."},
    )


class StartForm(forms.Form):
    class Choice(models.TextChoices):
        START = "start", "Start"
        CONTINUE = "continue", "Continue anyway"  # after the check that strong pain brings
        NOT_TODAY = "not-today", "Not today"

    play_key = forms.UUIDField(widget=forms.HiddenInput)
    pain_before = pain_field("How is your pain right now?")
    choice = forms.ChoiceField(choices=Choice.choices, required=False)

    def clean_choice(self) -> str:
        return self.cleaned_data["choice"] or self.Choice.START


class StepForm(forms.Form):
    outcome = forms.ChoiceField(choices=SessionStep.Outcome.choices)
    actual_seconds = forms.IntegerField(min_value=0, max_value=3600, required=False)


class FinishForm(forms.Form):
    pain_after = pain_field("How is your pain now?")
    note = forms.CharField(
        label="A note for your journal (optional)",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SessionNoteForm(forms.Form):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


TOO_EARLY = f"Choose a day from {EARLIEST:%-d %B %Y} on."


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0)


class QuickPainForm(forms.Form):
    """Two taps: a level, then Save."""

    level = forms.TypedChoiceField(
        label="How is your pain right now?",
        choices=PAIN_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 (no pain) to 10.",
            "invalid_choice": "Choose a number from 0 (no pain) to 10.",
        },
    )


def wall_clock_moment(wall: datetime, *, zone: tzinfo, now: datetime) -> datetime | None:
    """The moment a time read off the clock means, in this time zone. In the hour the
    clocks go back, each time comes twice: the later one if it has already come (someone
    logging the pain they have just had), otherwise the earlier. In the hour they go forward,
    no time exists: None."""
    # In UTC: Python compares two times of one zone by their clock faces, fold aside.
    earlier = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    later = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if earlier.astimezone(zone).replace(tzinfo=None) != wall.replace(tzinfo=None):
        return None  # skipped when the clocks went forward
    return later if earlier < later <= now else earlier


class WallClockDateTimeField(forms.DateTimeField):
    """A date and time as the person's clock showed it, the hour the clocks go back
    included (Django's own refuses it as ambiguous)."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
        wall = parse_datetime(str(value).strip()) or forms.fields.BaseTemporalField.to_python(
            self, value
        )
        moment = wall_clock_moment(wall, zone=timezone.get_current_timezone(), now=timezone.now())
        if moment is None:
            raise forms.ValidationError(
                "The clocks went forward then, so that time did not happen. "
                "Choose a time an hour later.",
                code="skipped_time",
            )
        return moment


class PainEntryForm(forms.ModelForm):
    """Every detail of a pain entry; only the level is required."""

    class Meta:
        model = PainEntry
        fields = [
            "level",
            "recorded_at",
            "areas",
            "qualities",
            "worse",
            "better",
            "factors_note",
            "note",
        ]
        labels = {
            "recorded_at": "When",
            "areas": "Where does it hurt?",
            "qualities": "What does it feel like?",
            "worse": "What made it worse?",
            "better": "What made it better?",
            "factors_note": "Anything else that made a difference?",
            "note": "Note",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"] = forms.TypedChoiceField(
            label="How much does it hurt?",
            choices=PAIN_CHOICES,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages=QuickPainForm.base_fields["level"].error_messages,
        )
        self.fields["recorded_at"] = WallClockDateTimeField(
            label="When",
            initial=_now_local,
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
            error_messages={"invalid": "Enter a date and time, like 2026-11-21 07:30."},
        )
        for name, choices in [
            ("areas", PainEntry.Area.choices),
            ("qualities", PainEntry.Quality.choices),
            ("worse", PainEntry.Factor.choices),
            ("better", PainEntry.Factor.choices),
        ]:
            self.fields[name] = forms.MultipleChoiceField(
                label=self._meta.labels[name],
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.fields["note"].widget = forms.Textarea(attrs={"rows": 3})

    def clean_recorded_at(self):
        when = self.cleaned_data["recorded_at"]
        if when > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError("That time is still to come. Choose now or earlier.")
        if timezone.localtime(when).date() < EARLIEST:
            raise forms.ValidationError(TOO_EARLY)
        return when


class ManualSessionForm(forms.Form):
    """A routine done without the app."""

    routine = forms.ModelChoiceField(
        label="Routine",
        queryset=Routine.objects.none(),
        required=False,
        empty_label="Another routine",
    )
    routine_name = forms.CharField(
        label="Or its name",
        max_length=100,
        required=False,
        help_text="If it is not in the list.",
    )
    day = forms.DateField(
        label="Day",
        initial=lambda: timezone.localdate(),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    minutes = forms.IntegerField(label="How long (minutes)", min_value=1, max_value=240)
    pain_before = pain_field("Pain before (0-10)")
    pain_after = pain_field("Pain after (0-10)")
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, routines=None, **kwargs):
        super().__init__(*args, **kwargs)
        if routines is not None:
            self.fields["routine"].queryset = routines
        for name in ("pain_before", "pain_after"):
            self.fields[name].widget = forms.Select(
                choices=[("", "Not noted"), *((n, str(n)) for n in range(11))]
            )

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError("That day is still to come.")
        if day < EARLIEST:
            raise forms.ValidationError(TOO_EARLY)
        return day

    def clean_routine_name(self) -> str:
        return visible_text(self.cleaned_data["routine_name"])  # a zero-width space is no name

    def clean(self):
        data = super().clean()
        if not data.get("routine") and not (data.get("routine_name") or "").strip():
            self.add_error("routine_name", "Choose a routine or write its name.")
        return data


class ProfileForm(forms.ModelForm):
    reminder_days = forms.MultipleChoiceField(
        label="Days you plan to stretch",
        choices=JournalProfile.WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JournalProfile
        fields = ["weekly_goal", "reminder_days", "reminder_time"]
        labels = {"weekly_goal": "Sessions a week you aim for", "reminder_time": "At what time"}
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean(self):
        data = super().clean()
        if data.get("reminder_days") and not data.get("reminder_time"):
            self.add_error("reminder_time", "Choose a time for the reminders.")
        return data


class ImportForm(forms.Form):
    """The file (or the one kept from a moment ago) and the way to bring it in."""

    # The largest file Import takes comes from what Export makes (journal.exchange.format).
    TEN_YEAR_EXPORT_BYTES = TEN_YEAR_EXPORT_BYTES
    MAX_BYTES = MAX_BYTES
    TOO_LARGE = TOO_LARGE

    file = forms.FileField(label="Your Backstretch file (JSON)", required=False)
    mode = forms.ChoiceField(
        label="How to bring it in",
        choices=[(ADD, "Add to my journal"), (REPLACE, "Replace everything")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose “Add to my journal” or “Replace everything”."},
    )
    confirm = forms.BooleanField(
        required=False,
        label="For “Replace everything”: I understand that my journal and my routines "
        "are deleted and the file’s put in their place",
    )

    def __init__(self, *args, kept: KeptImport | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_kept(kept)

    def use_kept(self, kept: KeptImport | None) -> None:
        """The file kept for the person, if any: then choosing one is optional."""
        self.kept = kept
        label = "Or choose another file" if kept is not None else "Your Backstretch file (JSON)"
        self.fields["file"].label = self["file"].label = label  # the bound field keeps its own

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(self.TOO_LARGE)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and self.kept is None and "file" not in self.errors:
            self.add_error("file", "Choose the file to import: the one from Export.")
        if data.get("mode") == REPLACE and not data.get("confirm"):
            self.add_error(
                "confirm",
                "Tick this box to replace everything, or choose “Add to my journal”.",
            )
        return data


class ReportForm(forms.Form):
    start = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start > timezone.localdate():
            raise forms.ValidationError("That day is still to come.")
        if start < EARLIEST:
            raise forms.ValidationError(TOO_EARLY)
        return start

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The first day must come before the last.")
        return data
