"""The file Export writes and Import reads: its name, version and limits, its fields
and their names in plain words, and what an import answers (ImportProblem, ImportReport)."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.db import models
from django.utils import timezone

from journal.models import EARLIEST
from routines.plan import Sides

FORMAT = "backstretch-export"
VERSION = 1
MAX_OBJECTS = 100_000  # rows of every kind, all together
# The largest file Import takes comes from what Export makes: a ten-year journal (25,000
# pain entries, 3,000 sessions with 24,000 steps) exports 11.0 MB, measured and kept
# within the limit by tests/journal/test_round_trip.py; half as much again leaves room
# for longer notes and the indented files of older versions.
TEN_YEAR_EXPORT_BYTES = 11_000_000
MAX_BYTES = TEN_YEAR_EXPORT_BYTES * 3 // 2
TOO_LARGE = (
    f"That file is larger than {MAX_BYTES // 1_000_000} MB, more than fifteen years of "
    "journal: it cannot be one Backstretch made."
)
# How much of a file is looked at before it is parsed (see reader.parse).
HEAD_BYTES = 8192
MAX_PROBLEMS = 20  # listed; the rest are counted
CSV_TABLES = ("pain-entries", "sessions", "session-steps")

# A played step: its plan is a hold (at most 5 minutes) or repetitions at their pace, and
# the player records at most an hour (journal.forms.StepForm).
STEP_SECONDS = (0, 3600)
STEP_INDEX = (0, 32767)  # a PositiveSmallIntegerField
STEP_SIDES = tuple(sorted({side for sides in Sides for side in sides.sequence}))  # "", left, right
# The player and the forms refuse times more than this ahead of the clock; so does an import.
CLOCK_SKEW = timedelta(minutes=1)
# Nor does an import take times before the journal's first day (journal.models.EARLIEST).
EARLIEST_MOMENT = datetime.combine(EARLIEST, time(0), tzinfo=UTC)


def max_length_of(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def field_bounds(model: type[models.Model], name: str) -> tuple[int, int]:
    """The (min, max) of a field's range validators, where the model has no constant."""
    limits = {type(v).__name__: v.limit_value for v in model._meta.get_field(name).validators}
    return limits["MinValueValidator"], limits["MaxValueValidator"]


class ImportProblem(Exception):
    """The file cannot be imported; `problems` says why and where, most of them at least."""

    def __init__(self, problems: list[str], *, in_entries: bool = False):
        # in_entries: the file is Backstretch's, but some of what it holds is wrong (so it
        # can be put right); otherwise it is not a file Backstretch can read at all.
        self.in_entries = in_entries
        # What the file holds is echoed in the problems: a lone surrogate (JSON can spell one,
        # UTF-8 cannot hold it) is shown as its code, so that the page can always be sent.
        problems = [p.encode("utf-8", "backslashreplace").decode("utf-8") for p in problems]
        self.count = len(problems)
        self.problems = problems[:MAX_PROBLEMS]
        if self.count > MAX_PROBLEMS:
            self.problems.append(f"…and {self.count - MAX_PROBLEMS} more.")
        super().__init__("\n".join(self.problems))


def _counted(number: int, singular: str, plural: str) -> str:
    return f"{number:,} {singular if number == 1 else plural}"


# How an import meets what the person already has (each all or nothing):
ADD = "add"  # adds the file's rows, leaving out those already there (see writer._add)
REPLACE = "replace"  # deletes the person's journal and own routines, then writes the file's
MODES = (ADD, REPLACE)


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    routines: int
    pain_entries: int
    sessions: int
    steps: int
    mode: str = REPLACE
    # With ADD: how many of the file's rows were already there, and left as they were.
    routines_there: int = 0
    pain_entries_there: int = 0
    sessions_there: int = 0

    def __str__(self) -> str:
        counts = _listed(
            [
                _counted(self.routines, "routine", "routines"),
                _counted(self.pain_entries, "pain entry", "pain entries"),
                _counted(self.sessions, "session", "sessions"),
            ]
        )
        if self.mode == REPLACE:
            return f"Imported {counts}."
        there = [
            _counted(number, singular, plural)
            for number, singular, plural in (
                (self.routines_there, "routine", "routines"),
                (self.pain_entries_there, "pain entry", "pain entries"),
                (self.sessions_there, "session", "sessions"),
            )
            if number
        ]
        text = f"Added {counts} to your journal."
        if there:
            text += f" Already there, so left as they were: {_listed(there)}."
        return text


# What each field of the file is called in a problem, in plain words.
FIELD_WORDS = {
    # the file and the settings
    "exported_at": "the time it was exported",
    "profile": "the settings",
    "avoided_movements": "the movements you avoid",
    "routines": "the routines",
    "pain_entries": "the pain entries",
    "sessions": "the sessions",
    "weekly_goal": "the weekly goal",
    "reminder_days": "the reminder days",
    "reminder_time": "the reminder time",
    # a routine and its stretches
    "ref": "its number (ref)",
    "name": "the name",
    "description": "the description",
    "get_ready_seconds": "the time to get ready",
    "rest_seconds": "the rest",
    "switch_seconds": "the time to change sides",
    "created_at": "the time it was made",
    "updated_at": "the time it was last changed",
    "items": "the list of stretches",
    "stretch": "the stretch",
    "hold_seconds": "the hold",
    "repetitions": "the repetitions",
    "sets": "the sets",
    "sides": "the sides",
    # a pain entry
    "recorded_at": "the time",
    "level": "the level",
    "areas": "where it hurt",
    "qualities": "what the pain was like",
    "worse": "what made it worse",
    "better": "what made it better",
    "factors_note": "the note on other things",
    "note": "the note",
    # a session and its steps
    "routine_ref": "its routine",
    "routine_starter": "its starter routine",
    "routine_name": "the routine's name",
    "play_key": "its key",
    "started_at": "the start",
    "finished_at": "the end",
    "status": "the status",
    "pain_before": "the pain before",
    "pain_after": "the pain after",
    "manual": "“entered by hand”",
    "steps": "the steps",
    "step_index": "the step number",
    "stretch_name": "the stretch's name",
    "side": "the side",
    "set_number": "the set",
    "planned_seconds": "the planned time",
    "actual_seconds": "the time taken",
    "outcome": "the outcome",
}


PLURAL_FIELDS = {
    *("avoided_movements", "routines", "pain_entries", "sessions", "reminder_days"),
    *("items", "repetitions", "sets", "sides", "areas", "qualities", "steps"),
}


FILE_FIELDS = (
    "format",
    "version",
    "profile",
    "avoided_movements",
    "routines",
    "pain_entries",
    "sessions",
)
PROFILE_FIELDS = ("weekly_goal", "reminder_days", "reminder_time")
ROUTINE_FIELDS = (
    "ref",
    "name",
    "description",
    "get_ready_seconds",
    "rest_seconds",
    "switch_seconds",
    "created_at",
    "items",
)
ITEM_FIELDS = ("stretch", "hold_seconds", "repetitions", "sets", "sides", "rest_seconds")
PAIN_FIELDS = (
    "recorded_at",
    "level",
    "areas",
    "qualities",
    "worse",
    "better",
    "factors_note",
    "note",
)
SESSION_FIELDS = (
    "routine_ref",
    "routine_starter",
    "routine_name",
    "play_key",
    "started_at",
    "finished_at",
    "status",
    "pain_before",
    "pain_after",
    "note",
    "manual",
    "steps",
)
STEP_FIELDS = (
    "step_index",
    "stretch",
    "stretch_name",
    "side",
    "set_number",
    "planned_seconds",
    "actual_seconds",
    "outcome",
)


# Added after the first files were written: optional, filled in with the import's time.
ROUTINE_OPTIONAL = ("updated_at",)
PAIN_OPTIONAL = ("created_at",)
STEP_OPTIONAL = ("recorded_at",)


def shown(value: Any) -> str:
    """A value as the file writes it, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else f"{text[:39]}…"


def on_day(value: Any) -> str:
    """ ", 3 May 2026" for a time the file gives in a form we read, else nothing: to say
    which entry or session a problem is in, as the person knows it."""
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return ""
    if moment is None or moment.tzinfo is None or moment < EARLIEST_MOMENT:
        return ""
    local = timezone.localtime(moment)
    return f", {local.day} {local:%B %Y}"


def called(value: Any, key: str) -> str:
    """ ", “Wake-up in bed”" for an object with a name, cut short."""
    name = value.get(key) if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip():
        return ""
    name = name.strip()
    return f", “{name if len(name) <= 40 else name[:39] + '…'}”"


def object_count(document: Mapping[str, Any]) -> int:
    """How many rows the file would make, counted before anything else is read."""

    def listed(value: Any) -> list:
        return value if isinstance(value, list) else []

    total = len(listed(document.get("avoided_movements")))
    for kind, children in (("routines", "items"), ("sessions", "steps")):
        for parent in listed(document.get(kind)):
            total += 1
            if isinstance(parent, dict):
                total += len(listed(parent.get(children)))
    return total + len(listed(document.get("pain_entries")))
