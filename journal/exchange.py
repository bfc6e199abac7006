"""Your data is yours: everything a person keeps, out as JSON or CSV, and back in.

The JSON file holds the person's journal settings, avoided movements, own routines, pain
entries and sessions with their steps. Importing it checks the whole file first and, on any
problem, changes nothing and says what is wrong and where, in plain words; otherwise it adds
the file's rows to the person's, leaving out those already there (ADD), or replaces the
person's journal and own routines with the file's (REPLACE), each in one transaction. Export,
import and export again give the same file but for `exported_at`.

Starter routines are not the person's to export, but a session played from one names it by
its `routine_starter` key, so that link survives a round trip too.
"""

import codecs
import csv
import io
import json
import re
import secrets
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import IO, Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Q
from django.utils import timezone

from journal import services
from journal.models import (
    EARLIEST,
    NOTE_LENGTH,
    PAIN,
    JournalProfile,
    PainEntry,
    Session,
    SessionStep,
)
from journal.selectors import kept
from routines.models import (
    GET_READY_SECONDS,
    MAX_ITEMS,
    NAME_LENGTH,
    REST_SECONDS,
    SWITCH_SECONDS,
    Routine,
    RoutineItem,
    sides_choices_for,
)
from routines.plan import Sides
from stretches import vocabulary
from stretches.models import (
    HOLD_SECONDS,
    REPETITIONS,
    SETS,
    AvoidedMovement,
    SpineMovement,
    Stretch,
)

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
# How much of a file is looked at before it is parsed (see _parse).
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


def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


def _bounds(model: type[models.Model], name: str) -> tuple[int, int]:
    """The (min, max) of a field's range validators, where the model has no constant."""
    limits = {type(v).__name__: v.limit_value for v in model._meta.get_field(name).validators}
    return limits["MinValueValidator"], limits["MaxValueValidator"]


# ---------------------------------------------------------------------------------------
# Export


def _moment(value: datetime | None) -> str | None:
    """ISO 8601 in the site's time zone, with its offset and every digit (lossless)."""
    return timezone.localtime(value).isoformat() if value is not None else None


ITEM_NUMBERS = ("hold_seconds", "repetitions", "sets", "sides", "rest_seconds")


def export_json_bytes(data: dict[str, Any]) -> bytes:
    """The export as a file: compact JSON (no spaces or line breaks: a ten-year journal is
    about a quarter smaller than indented), in UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_data(*, user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the person owns, as plain JSON-ready data, in six queries whatever its size.

    Not the reminders feed token: it is a secret, and a new one is made where it is missing.
    """
    profile = (
        JournalProfile.objects.filter(user=user)
        .only("weekly_goal", "reminder_days", "reminder_time")
        .first()
    ) or JournalProfile()  # the defaults, without writing anything
    movements = AvoidedMovement.objects.filter(user=user).order_by("movement_id")

    # The routines with their items, in one query: a row per item, and a row with no item
    # for a routine that has none.
    routines: list[dict[str, Any]] = []
    items: dict[int, list[dict[str, Any]]] = {}
    for row in (
        Routine.objects.filter(owner=user)
        .order_by("created_at", "pk", "items__position")
        .values(
            "pk",
            "name",
            "description",
            "get_ready_seconds",
            "rest_seconds",
            "switch_seconds",
            "created_at",
            "updated_at",
            "items__stretch__slug",
            *(f"items__{number}" for number in ITEM_NUMBERS),
        )
    ):
        if row["pk"] not in items:
            routines.append(row)
            items[row["pk"]] = []
        if row["items__stretch__slug"] is not None:
            items[row["pk"]].append(
                {"stretch": row["items__stretch__slug"]}
                | {number: row[f"items__{number}"] for number in ITEM_NUMBERS}
            )
    refs = {routine["pk"]: ref for ref, routine in enumerate(routines, start=1)}

    steps: dict[int, list[dict[str, Any]]] = {}
    for step in (
        SessionStep.objects.filter(session__user=user)
        .order_by("session_id", "step_index")
        .values(
            "session_id",
            "step_index",
            "stretch__slug",
            "stretch_name",
            "side",
            "set_number",
            "planned_seconds",
            "actual_seconds",
            "outcome",
            "recorded_at",
        )
    ):
        steps.setdefault(step["session_id"], []).append(
            {
                "step_index": step["step_index"],
                "stretch": step["stretch__slug"],
                "stretch_name": step["stretch_name"],
                "side": step["side"],
                "set_number": step["set_number"],
                "planned_seconds": step["planned_seconds"],
                "actual_seconds": step["actual_seconds"],
                "outcome": step["outcome"],
                "recorded_at": _moment(step["recorded_at"]),
            }
        )

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _moment(timezone.now()),
        "profile": {
            "weekly_goal": profile.weekly_goal,
            "reminder_days": list(profile.reminder_days),
            "reminder_time": (
                profile.reminder_time.strftime("%H:%M") if profile.reminder_time else None
            ),
        },
        "avoided_movements": [movement.movement_id for movement in movements],
        "routines": [
            {
                "ref": refs[routine["pk"]],
                "name": routine["name"],
                "description": routine["description"],
                "get_ready_seconds": routine["get_ready_seconds"],
                "rest_seconds": routine["rest_seconds"],
                "switch_seconds": routine["switch_seconds"],
                "created_at": _moment(routine["created_at"]),
                "updated_at": _moment(routine["updated_at"]),
                "items": items[routine["pk"]],
            }
            for routine in routines
        ],
        "pain_entries": [
            {
                "recorded_at": _moment(entry.recorded_at),
                "level": entry.level,
                "areas": list(entry.areas),
                "qualities": list(entry.qualities),
                "worse": list(entry.worse),
                "better": list(entry.better),
                "factors_note": entry.factors_note,
                "note": entry.note,
                "created_at": _moment(entry.created_at),
            }
            for entry in PainEntry.objects.filter(user=user).order_by("recorded_at", "pk")
        ],
        "sessions": [
            {
                "routine_ref": refs.get(session["routine_id"]),
                "routine_starter": session["routine__starter_key"],
                "routine_name": session["routine_name"],
                "play_key": str(session["play_key"]),
                "started_at": _moment(session["started_at"]),
                "finished_at": _moment(session["finished_at"]),
                "status": session["status"],
                "pain_before": session["pain_before"],
                "pain_after": session["pain_after"],
                "note": session["note"],
                "manual": session["manual"],
                "steps": steps.get(session["pk"], []),
            }
            for session in kept(Session.objects.filter(user=user))
            .order_by("started_at", "pk")
            .values(
                "pk",
                "routine_id",
                "routine__starter_key",
                "routine_name",
                "play_key",
                "started_at",
                "finished_at",
                "status",
                "pain_before",
                "pain_after",
                "note",
                "manual",
            )
        ],
    }


# ---------------------------------------------------------------------------------------
# CSV


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection), even
# after spaces, control characters or invisible ones, which some spreadsheets skip. As
# OWASP's advice on CSV injection says, such a cell, and any that starts with a tab, a
# carriage return or another control character, is written with a quote mark first, so
# that it is read as text.
_FORMULA_STARTS = ("=", "+", "-", "@")
_SKIPPED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _formula_safe(text: str) -> str:
    if not text:
        return text
    if unicodedata.category(text[0]) in _SKIPPED_CATEGORIES - {"Zs"}:
        return f"'{text}"
    start = 0
    while start < len(text) and unicodedata.category(text[start]) in _SKIPPED_CATEGORIES:
        start += 1
    return f"'{text}" if text.startswith(_FORMULA_STARTS, start) else text


def _cell(value: Any) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, datetime):
        text = timezone.localtime(value).isoformat(timespec="seconds")
    elif isinstance(value, list | tuple):
        text = ";".join(str(part) for part in value)
    else:
        text = str(value)
    return _formula_safe(text)


def _pain_entry_rows(user: AbstractBaseUser) -> Iterable[tuple]:
    yield (
        "recorded_at",
        "level",
        "areas",
        "qualities",
        "made_worse_by",
        "made_better_by",
        "other_factors",
        "note",
    )
    for entry in PainEntry.objects.filter(user=user).order_by("recorded_at", "pk"):
        yield (
            entry.recorded_at,
            entry.level,
            entry.areas,
            entry.qualities,
            entry.worse,
            entry.better,
            entry.factors_note,
            entry.note,
        )


def _session_rows(user: AbstractBaseUser) -> Iterable[tuple]:
    yield (
        "session_key",
        "started_at",
        "finished_at",
        "routine_name",
        "status",
        "entered_by_hand",
        "pain_before",
        "pain_after",
        "steps_done",
        "steps_skipped",
        "note",
    )
    sessions = (
        kept(Session.objects.filter(user=user))
        .annotate(
            done=Count("steps", filter=Q(steps__outcome=SessionStep.Outcome.DONE)),
            skipped=Count("steps", filter=Q(steps__outcome=SessionStep.Outcome.SKIPPED)),
        )
        .order_by("started_at", "pk")
    )
    for session in sessions:
        yield (
            session.play_key,
            session.started_at,
            session.finished_at,
            session.routine_name,
            session.status,
            session.manual,
            session.pain_before,
            session.pain_after,
            session.done,
            session.skipped,
            session.note,
        )


def _session_step_rows(user: AbstractBaseUser) -> Iterable[tuple]:
    yield (
        "session_key",
        "session_started_at",
        "routine_name",
        "step_index",
        "stretch",
        "stretch_name",
        "side",
        "set_number",
        "planned_seconds",
        "actual_seconds",
        "outcome",
    )
    steps = (
        SessionStep.objects.filter(session__user=user)
        .order_by("session__started_at", "session_id", "step_index")
        .values_list(
            "session__play_key",
            "session__started_at",
            "session__routine_name",
            "step_index",
            "stretch__slug",
            "stretch_name",
            "side",
            "set_number",
            "planned_seconds",
            "actual_seconds",
            "outcome",
        )
    )
    yield from steps


_CSV_ROWS: dict[str, Callable[[AbstractBaseUser], Iterable[tuple]]] = {
    "pain-entries": _pain_entry_rows,
    "sessions": _session_rows,
    "session-steps": _session_step_rows,
}


def export_csv(*, user: AbstractBaseUser, table: str) -> str:
    """One table of the person's journal as CSV (one query), safe to open in a spreadsheet:
    lists joined with ";", times in ISO 8601, and no cell a spreadsheet would run as a formula.
    """
    try:
        rows = _CSV_ROWS[table]
    except KeyError:
        raise ValueError(f"No table {table!r}; choose one of {', '.join(CSV_TABLES)}.") from None
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(user):
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Import


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
ADD = "add"  # adds the file's rows, leaving out those already there (see _add)
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


def import_check(*, data: "Source") -> None:
    """Check a file as import_data does, changing nothing: ImportProblem says what is wrong."""
    document, own = _parse(data)
    _Reader(now=timezone.now()).read(document, consume=own)


def import_data(*, user: AbstractBaseUser, data: "Source", mode: str = REPLACE) -> ImportReport:
    """Add an exported file's journal and routines to the person's (ADD), or replace theirs
    with the file's (REPLACE).

    The whole file is checked first; on any problem nothing changes and ImportProblem lists
    what is wrong and where, in plain words ("Pain entry 4, 3 May 2026: the level must be 0
    to 10 (it is 12)").

    Every row is checked and prepared before anything is written; then one short
    transaction writes them all, in batches (see _insert).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    document, own = _parse(data)
    plan = _Reader(now=timezone.now()).read(document, consume=own)
    del document
    if mode == ADD:
        return _add(user=user, plan=plan)
    return _replace(user=user, plan=plan)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


# The first columns of the tables Export writes as CSV (see _CSV_ROWS).
_CSV_HEADS = ("recorded_at,level,", "session_key,")
CSV_ANSWER = (
    "This is a table from Export. Import reads the JSON file (backstretch.json), "
    "the one from “Download everything (JSON)”."
)
TABLE_ANSWER = (
    "This looks like a table (CSV). Import reads the JSON file from Export "
    "(backstretch.json), the one from “Download everything (JSON)”."
)


# A file to import: the upload itself (read from its temporary file as it is parsed), or
# its text, or its parsed document (tests).
Source = IO[bytes] | bytes | str | dict[str, Any]
# The top-level "format" as the head of a file writes it (see _refused_by_its_head).
_FORMAT_IN_HEAD = re.compile(r'"format"\s*:\s*"([^"\\]*)"')
_NOT_READABLE = "This is not a file Backstretch can read: it is not the JSON file from Export."
_NOT_TEXT = "The file is not text (UTF-8). Choose the .json file Backstretch made."
_NOT_AN_OBJECT = "The file must hold one JSON object ({…}), as Backstretch's do."
_NOT_OURS = f'This is not a Backstretch export: its "format" must be "{FORMAT}".'


def _parse(data: Source) -> tuple[Any, bool]:
    """The file's document, and whether it is this call's own (parsed here, so the reader
    may let go of its parts as it goes).

    Its size and its first bytes are checked before it is parsed, so that a file that is
    too large, or plainly not an export, costs next to nothing. An upload is parsed from its
    file, decoded as it is read: its bytes are never all held at once besides its text."""
    if isinstance(data, dict):
        return data, False
    if isinstance(data, str):
        size, head = len(data), data[:HEAD_BYTES]
    else:
        file = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
        size = file.seek(0, io.SEEK_END)
        if size > MAX_BYTES:
            raise ImportProblem([TOO_LARGE])
        file.seek(0)
        first = file.read(HEAD_BYTES)
        file.seek(0)
        try:
            head = codecs.getincrementaldecoder("utf-8")().decode(first, final=size <= HEAD_BYTES)
        except UnicodeDecodeError:
            raise ImportProblem([_NOT_TEXT]) from None
    if size > MAX_BYTES:
        raise ImportProblem([TOO_LARGE])
    _refused_by_its_head(head.removeprefix("\ufeff"), whole=size <= HEAD_BYTES)
    try:
        if isinstance(data, str):
            document = json.loads(data.removeprefix("\ufeff"), parse_constant=_refuse_constant)
        else:
            text = io.TextIOWrapper(file, encoding="utf-8-sig")
            try:
                document = json.load(text, parse_constant=_refuse_constant)
            finally:
                text.detach()  # the upload's file stays open: it is not ours to close
    except UnicodeDecodeError:
        raise ImportProblem([_NOT_TEXT]) from None
    except json.JSONDecodeError as error:
        raise ImportProblem(
            [
                "This is not a file Backstretch can read: it is not the JSON file from "
                "Export, or it was cut short or changed "
                f"(the trouble starts at line {error.lineno}, character {error.colno})."
            ]
        ) from None
    except (ValueError, RecursionError):
        raise ImportProblem([_NOT_READABLE]) from None
    return document, True


def _refused_by_its_head(head: str, *, whole: bool) -> None:
    """Refuse, from its first bytes, a file that cannot be an export: a table, anything but
    one JSON object, or an object whose "format" (Export writes it first) is another's."""
    first_line = head.lstrip().split("\n", 1)[0]
    if first_line.startswith(_CSV_HEADS):
        raise ImportProblem([CSV_ANSWER])
    if first_line and not first_line.startswith("{"):
        if not first_line.startswith("[") and any(mark in first_line for mark in ",;\t"):
            raise ImportProblem([TABLE_ANSWER])
        raise ImportProblem([_NOT_AN_OBJECT])
    named = _FORMAT_IN_HEAD.search(head)
    if (named is not None and named.group(1) != FORMAT) or (named is None and not whole):
        raise ImportProblem([_NOT_OURS])


def _show(value: Any) -> str:
    """A value as the file writes it, cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else f"{text[:39]}…"


# What each field of the file is called in a problem, in plain words.
_FIELD_WORDS = {
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


_PLURAL_FIELDS = {
    *("avoided_movements", "routines", "pain_entries", "sessions", "reminder_days"),
    *("items", "repetitions", "sets", "sides", "areas", "qualities", "steps"),
}


def _on(value: Any) -> str:
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


def _called(value: Any, key: str) -> str:
    """ ", “Wake-up in bed”" for an object with a name, cut short."""
    name = value.get(key) if isinstance(value, dict) else None
    if not isinstance(name, str) or not name.strip():
        return ""
    name = name.strip()
    return f", “{name if len(name) <= 40 else name[:39] + '…'}”"


_MISSING = object()


class _Where:
    """ "Pain entry 4, 3 May 2026": where a problem is, put into words only when there is
    one (most rows have none, and the date takes a time zone's conversion)."""

    __slots__ = ("label", "moment", "parent", "value")

    def __init__(self, parent: "_Where | str", label: str, value: Any = None, moment: str = ""):
        self.parent, self.label, self.value, self.moment = parent, label, value, moment

    def __str__(self) -> str:
        parent = f"{self.parent}, " if self.parent else ""
        return f"{parent}{self.label}{_on(_field(self.value, self.moment)) if self.moment else ''}"


def _field(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")


class _Object:
    """One object of the file: reads its fields, noting each problem where it is."""

    def __init__(
        self,
        problems: list[str],
        where: "_Where | str",
        value: Any,
        fields: Iterable[str],
        *,
        optional: Iterable[str] = (),
    ):
        self.problems, self.where = problems, where
        self.value: Mapping[str, Any] = value if isinstance(value, dict) else {}
        self.known = {*fields, *optional}
        self.required = set(fields)
        if not isinstance(value, dict):
            self._problem("", "is not in the form Backstretch writes (an object, {…})")
            self.required = set()
            return
        for key in value:
            if key not in self.known:
                self._problem("", f"has {_show(str(key))}, which Backstretch does not know")

    def _problem(self, key: str, message: str) -> None:
        """ "Pain entry 4, 3 May 2026: the level must be 0 to 10"."""
        subject = _FIELD_WORDS.get(key, f"“{key}”") if key else ""
        self.problems.append(
            f"{self.where}: {subject} {message}" if subject else f"{self.where}: {message}"
        )

    def _get(self, key: str) -> Any:
        if key in self.value:
            return self.value[key]
        if key in self.required:
            self._problem(key, "are missing" if key in _PLURAL_FIELDS else "is missing")
        return _MISSING

    def integer(self, key: str, bounds: tuple[int, int], *, null: bool = False) -> int | None:
        value = self._get(key)
        if value is _MISSING or (value is None and null):
            return None
        also = ", or empty (null)" if null else ""
        if type(value) is int and not bounds[0] <= value <= bounds[1]:
            self._problem(key, f"must be {bounds[0]} to {bounds[1]}{also}; it is {value}")
            return None
        if type(value) is not int:
            self._problem(
                key,
                f"must be a whole number from {bounds[0]} to {bounds[1]}{also}, not {_show(value)}",
            )
            return None
        return value

    def text(self, key: str, max_length: int, *, blank: bool = True) -> str:
        value = self._get(key)
        if value is _MISSING:
            return ""
        if not isinstance(value, str):
            self._problem(key, "must be text")
            return ""
        if not blank and not value.strip():
            self._problem(key, "must not be empty")
        if len(value) > max_length:
            self._problem(key, f"must be at most {max_length} characters (it has {len(value)})")
        self._storable(key, value)
        return value

    def _storable(self, key: str, value: str) -> None:
        """Text a database can keep: no NUL character, no half of a UTF-16 pair."""
        if "\x00" in value or any("\ud800" <= character <= "\udfff" for character in value):
            self._problem(key, "holds a character that cannot be stored (a NUL or a broken one)")

    def nullable_text(self, key: str) -> str | None:
        value = self._get(key)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str):
            self._problem(key, "must be text or empty (null)")
            return None
        self._storable(key, value)
        return value

    def flag(self, key: str) -> bool:
        value = self._get(key)
        if value is not _MISSING and not isinstance(value, bool):
            self._problem(key, "must be true or false")
        return value is True

    def choice(self, key: str, choices: Iterable[str]) -> str:
        choices = list(choices)
        value = self._get(key)
        if value is _MISSING:
            return ""
        if value not in choices or not isinstance(value, str):
            self._problem(key, f"must be one of {_show(choices)}, not {_show(value)}")
            return ""
        return value

    def array(self, key: str) -> list:
        value = self._get(key)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self._problem(key, "must be a list ([…])")
            return []
        return value

    def choices(self, key: str, choices: Iterable[str]) -> list[str]:
        choices = list(choices)
        values, seen = self.array(key), set()
        for value in values:
            if not isinstance(value, str) or value not in choices:
                self._problem(
                    "",
                    f"{_show(value)} is not one of the choices for {_FIELD_WORDS.get(key, key)} "
                    f"({_show(choices)})",
                )
            elif value in seen:
                self._problem("", f"{_show(value)} is listed twice in {_FIELD_WORDS.get(key, key)}")
            seen.add(value if isinstance(value, str) else None)
        return values

    def moment(
        self, key: str, *, null: bool = False, before: datetime | None = None
    ) -> datetime | None:
        """A date and time with its offset; with `before`, not after it (not in the future)."""
        value = self._get(key)
        if value is _MISSING or (value is None and null):
            return None
        try:
            moment = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            also = ", or empty (null)" if null else ""
            self._problem(
                key,
                f"must be a date and time with its offset from UTC, "
                f'like "2026-11-21T07:30:00+00:00"{also}, not {_show(value)}',
            )
            return None
        if before is not None and moment > before:
            self._problem(key, f"is in the future ({_show(value)})")
        elif moment < EARLIEST_MOMENT:
            self._problem(key, f"is before {EARLIEST.year} ({_show(value)})")
            return None
        return moment

    def clock(self, key: str) -> time | None:
        value = self._get(key)
        if value is _MISSING or value is None:
            return None
        try:
            if isinstance(value, str) and _TIME.fullmatch(value):
                return time.fromisoformat(value)
        except ValueError:
            pass
        self._problem(
            key, f'must be a time of day like "07:30", or empty (null), not {_show(value)}'
        )
        return None

    def key(self, key: str) -> uuid.UUID | None:
        value = self._get(key)
        if value is _MISSING:
            return None
        try:
            if isinstance(value, str):
                return uuid.UUID(value)
        except ValueError:
            pass
        self._problem(
            key,
            'must be a UUID, like "1b4e28ba-2d11-4f1e-8b5c-0b5f2c6d3e1a", as Backstretch writes',
        )
        return None


def _columns(model: type[models.Model], leading: tuple[str, ...]) -> list[models.Field]:
    """The columns an import writes to a table: those known only when it writes (the
    person, a routine or session just made) first, then the ones the file gives."""
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in leading]
    return [model._meta.get_field(name) for name in leading] + rest


_PAIN_COLUMNS = _columns(PainEntry, ("user",))
_SESSION_COLUMNS = _columns(Session, ("user", "routine", "play_key"))
_STEP_COLUMNS = _columns(SessionStep, ("session",))


def _prepared(
    row: models.Model, columns: list[models.Field], now: datetime, database: BaseDatabaseWrapper
) -> tuple:
    """A checked row's values as the database takes them, as Django's own INSERT prepares
    them (a journal day from its time included), but for the times Django would stamp with
    now (auto_now, auto_now_add): they keep the file's, or the import's time where the file
    has none. Done while the file is read, so that the write itself only writes."""
    values = []
    for column in columns:
        if getattr(column, "auto_now", False) or getattr(column, "auto_now_add", False):
            value = getattr(row, column.attname) or now
        else:
            value = column.pre_save(row, add=True)
        values.append(column.get_db_prep_save(value, database))
    return tuple(values)


class _Row(NamedTuple):
    key: tuple  # what tells it apart from the person's own rows (ADD)
    values: tuple  # the file's columns, _prepared


@dataclass(slots=True)
class _PlannedSession:
    play_key: uuid.UUID
    ref: int | None  # its routine's in the file
    routine_id: int | None  # a starter routine's
    values: tuple  # _SESSION_COLUMNS but the first three, _prepared
    steps: list[tuple]  # each step's _STEP_COLUMNS but the first, _prepared


@dataclass
class _Plan:
    """Everything the file holds, once it has been checked: the routines as unsaved rows,
    the journal's rows as the values the database takes."""

    profile: dict[str, Any] = field(default_factory=dict)
    movements: list[str] = field(default_factory=list)
    # each routine with its ref in the file, and its items
    routines: list[tuple[int | None, Routine, list[RoutineItem]]] = field(default_factory=list)
    pain_entries: list[_Row] = field(default_factory=list)
    sessions: list[_PlannedSession] = field(default_factory=list)


_FILE_FIELDS = (
    "format",
    "version",
    "profile",
    "avoided_movements",
    "routines",
    "pain_entries",
    "sessions",
)
_PROFILE_FIELDS = ("weekly_goal", "reminder_days", "reminder_time")
_ROUTINE_FIELDS = (
    "ref",
    "name",
    "description",
    "get_ready_seconds",
    "rest_seconds",
    "switch_seconds",
    "created_at",
    "items",
)
_ITEM_FIELDS = ("stretch", "hold_seconds", "repetitions", "sets", "sides", "rest_seconds")
_PAIN_FIELDS = (
    "recorded_at",
    "level",
    "areas",
    "qualities",
    "worse",
    "better",
    "factors_note",
    "note",
)
_SESSION_FIELDS = (
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
_STEP_FIELDS = (
    "step_index",
    "stretch",
    "stretch_name",
    "side",
    "set_number",
    "planned_seconds",
    "actual_seconds",
    "outcome",
)


# The choices, listed once (an enum's .values is a new list each time it is asked).
_AREAS = PainEntry.Area.values
_QUALITIES = PainEntry.Quality.values
_FACTORS = PainEntry.Factor.values
_STATUSES = Session.Status.values
_OUTCOMES = SessionStep.Outcome.values

# Added after the first files were written: optional, filled in with the import's time.
_ROUTINE_OPTIONAL = ("updated_at",)
_PAIN_OPTIONAL = ("created_at",)
_STEP_OPTIONAL = ("recorded_at",)


def _object_count(document: Mapping[str, Any]) -> int:
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


class _Reader:
    """Checks a whole file, collecting every problem, and plans the rows it makes."""

    def __init__(self, *, now: datetime):
        self.now = now
        self.database = connections[DEFAULT_DB_ALIAS]  # not the proxy, asked per value
        self.latest = now + CLOCK_SKEW
        self.problems: list[str] = []
        self.stretches = {s.slug: s for s in Stretch.objects.only("pk", "slug", "per_side")}
        self.starters = dict(
            Routine.objects.filter(starter_key__isnull=False).values_list("starter_key", "pk")
        )

    def read(self, document: Any, *, consume: bool = False) -> _Plan:
        """The checked plan; with `consume`, the document's entries and sessions are let go
        of as they are read (the document is then of no further use)."""
        if not isinstance(document, dict):
            raise ImportProblem([_NOT_AN_OBJECT])
        if document.get("format") != FORMAT:
            raise ImportProblem([_NOT_OURS])
        version = document.get("version")
        if type(version) is not int or version != VERSION:
            raise ImportProblem(
                [f"The file is of version {_show(version)}; Backstretch reads version {VERSION}."]
            )
        count = _object_count(document)
        if count > MAX_OBJECTS:
            raise ImportProblem(
                [f"The file holds {count:,} records; an import takes at most {MAX_OBJECTS:,}."]
            )

        top = _Object(self.problems, "The file", document, _FILE_FIELDS, optional=["exported_at"])
        top.moment("exported_at", null=True)
        plan = _Plan(
            profile=self._profile(top._get("profile")),
            movements=self._movements(top),
        )
        for index, routine in enumerate(top.array("routines")):
            where = f"Routine {index + 1}{_called(routine, 'name')}"
            plan.routines.append(self._routine(where, routine))
        refs = self._refs(plan)
        entries = top.array("pain_entries")
        for index, entry in enumerate(entries):
            if consume:
                entries[index] = None  # let go of each part of the file once it is read
            where = _Where("", f"Pain entry {index + 1}", entry, "recorded_at")
            row = self._pain_entry(where, entry)
            if not self.problems:  # else nothing is written: not worth preparing
                values = _prepared(row, _PAIN_COLUMNS[1:], self.now, self.database)
                plan.pain_entries.append(_Row((row.recorded_at, row.level), values))
        play_keys: dict[uuid.UUID, int] = {}
        sessions = top.array("sessions")
        for index, session in enumerate(sessions):
            if consume:
                sessions[index] = None
            where = _Where("", f"Session {index + 1}", session, "started_at")
            row, ref, steps = self._session(where, session, refs)
            key = row.play_key
            if key is not None and key in play_keys:
                self.problems.append(
                    f"{where}: has the same key as session {play_keys[key] + 1}; "
                    "a session can be in the file only once"
                )
            elif key is not None:
                play_keys[key] = index
            if not self.problems:
                plan.sessions.append(
                    _PlannedSession(
                        play_key=key,
                        ref=ref,
                        routine_id=row.routine_id,
                        values=_prepared(row, _SESSION_COLUMNS[3:], self.now, self.database),
                        steps=[
                            _prepared(step, _STEP_COLUMNS[1:], self.now, self.database)
                            for step in steps
                        ],
                    )
                )
        if self.problems:
            raise ImportProblem(self.problems, in_entries=True)
        return plan

    def _profile(self, value: Any) -> dict[str, Any]:
        if value is _MISSING:
            return {}
        profile = _Object(self.problems, "Your settings", value, _PROFILE_FIELDS)
        days = profile.choices("reminder_days", [code for code, _ in JournalProfile.WEEKDAYS])
        at = profile.clock("reminder_time")
        if days and profile.value.get("reminder_time", "") is None:
            profile._problem("reminder_time", "needs a time of day when there are reminder days")
        return {
            "weekly_goal": profile.integer("weekly_goal", _bounds(JournalProfile, "weekly_goal")),
            "reminder_days": days,
            "reminder_time": at,
        }

    def _movements(self, top: _Object) -> list[str]:
        return top.choices("avoided_movements", vocabulary.SpineMovement.values)

    def _routine(self, where: str, value: Any) -> tuple[int | None, Routine, list[RoutineItem]]:
        routine = _Object(self.problems, where, value, _ROUTINE_FIELDS, optional=_ROUTINE_OPTIONAL)
        row = Routine(
            name=routine.text("name", NAME_LENGTH, blank=False),
            description=routine.text("description", _max_length(Routine, "description")),
            get_ready_seconds=routine.integer("get_ready_seconds", GET_READY_SECONDS),
            rest_seconds=routine.integer("rest_seconds", REST_SECONDS),
            switch_seconds=routine.integer("switch_seconds", SWITCH_SECONDS),
            created_at=routine.moment("created_at", before=self.latest),
            updated_at=routine.moment("updated_at", before=self.latest),
        )
        specs = routine.array("items")
        if len(specs) > MAX_ITEMS:
            routine._problem("", f"has {len(specs)} stretches; a routine holds at most {MAX_ITEMS}")
        items = [
            self._item(f"{where}, stretch {position}", spec, position)
            for index, (position, spec) in enumerate(enumerate(specs, start=1))
        ]
        return routine.integer("ref", (1, MAX_OBJECTS)), row, items

    def _item(self, where: str, value: Any, position: int) -> RoutineItem:
        item = _Object(self.problems, where, value, _ITEM_FIELDS)
        stretch = self._stretch(item, null=False)
        sides = item.choice("sides", [choice.value for choice in Sides])
        if stretch is not None and sides:
            allowed = [choice for choice, _ in sides_choices_for(stretch)]
            if sides not in allowed:
                item._problem(
                    "sides", f"{_show(sides)} do not suit this stretch; use one of {_show(allowed)}"
                )
        return RoutineItem(
            stretch_id=stretch.pk if stretch is not None else None,
            position=position,
            hold_seconds=item.integer("hold_seconds", HOLD_SECONDS),
            repetitions=item.integer("repetitions", REPETITIONS),
            sets=item.integer("sets", SETS),
            sides=sides,
            rest_seconds=item.integer("rest_seconds", REST_SECONDS),
        )

    def _stretch(self, obj: _Object, *, null: bool) -> Stretch | None:
        value = obj._get("stretch")
        if value is _MISSING or (value is None and null):
            return None
        stretch = self.stretches.get(value) if isinstance(value, str) else None
        if stretch is None:
            obj._problem("stretch", f"{_show(value)} is not in the catalogue")
        return stretch

    def _refs(self, plan: _Plan) -> set[int]:
        seen: dict[int, int] = {}
        for index, (ref, _, _) in enumerate(plan.routines):
            if ref in seen:
                self.problems.append(
                    f"Routine {index + 1}: has the same number (ref) as routine {seen[ref] + 1}"
                )
            elif ref is not None:
                seen[ref] = index
        return set(seen)

    def _pain_entry(self, where: _Where, value: Any) -> PainEntry:
        entry = _Object(self.problems, where, value, _PAIN_FIELDS, optional=_PAIN_OPTIONAL)
        return PainEntry(
            recorded_at=entry.moment("recorded_at", before=self.latest),
            level=entry.integer("level", PAIN),
            areas=entry.choices("areas", _AREAS),
            qualities=entry.choices("qualities", _QUALITIES),
            worse=entry.choices("worse", _FACTORS),
            better=entry.choices("better", _FACTORS),
            factors_note=entry.text("factors_note", _max_length(PainEntry, "factors_note")),
            note=entry.text("note", NOTE_LENGTH),
            created_at=entry.moment("created_at", before=self.latest),
        )

    def _session(
        self, where: _Where, value: Any, refs: set[int]
    ) -> tuple[Session, int | None, list[SessionStep]]:
        session = _Object(self.problems, where, value, _SESSION_FIELDS)
        ref = session.integer("routine_ref", (1, MAX_OBJECTS), null=True)
        if ref is not None and ref not in refs:
            session._problem("routine_ref", f"(ref {ref}) is not in the file")
        starter = session.nullable_text("routine_starter")
        if starter is not None and starter not in self.starters:
            session._problem(
                "routine_starter", f"{_show(starter)} is not one of Backstretch's starter routines"
            )
        elif starter is not None and ref is not None:
            session._problem(
                "", "names one of your routines and a starter routine; a session has one of them"
            )
        started_at = session.moment("started_at", before=self.latest)
        finished_at = session.moment("finished_at", null=True, before=self.latest)
        if started_at and finished_at and finished_at < started_at:
            session._problem("finished_at", "comes before the start")
        if session.value.get("status") == Session.Status.COMPLETED and finished_at is None:
            session._problem("", 'is "completed" but has no end (finished_at)')
        row = Session(
            routine_id=self.starters.get(starter),
            routine_name=session.text(
                "routine_name", _max_length(Session, "routine_name"), blank=False
            ),
            play_key=session.key("play_key"),
            started_at=started_at,
            finished_at=finished_at,
            status=session.choice("status", _STATUSES),
            pain_before=session.integer("pain_before", PAIN, null=True),
            pain_after=session.integer("pain_after", PAIN, null=True),
            note=session.text("note", NOTE_LENGTH),
            manual=session.flag("manual"),
        )
        steps, indexes = [], set()
        for index, spec in enumerate(session.array("steps")):
            step = self._step(_Where(where, f"step {index + 1}"), spec)
            if step.step_index in indexes:
                self.problems.append(
                    f"{where}, step {index + 1}: the step number {step.step_index} comes twice"
                )
            elif step.step_index is not None:
                indexes.add(step.step_index)
            steps.append(step)
        return row, ref, steps

    def _step(self, where: _Where, value: Any) -> SessionStep:
        step = _Object(self.problems, where, value, _STEP_FIELDS, optional=_STEP_OPTIONAL)
        stretch = self._stretch(step, null=True)
        return SessionStep(
            step_index=step.integer("step_index", STEP_INDEX),
            stretch_id=stretch.pk if stretch is not None else None,
            stretch_name=step.text(
                "stretch_name", _max_length(SessionStep, "stretch_name"), blank=False
            ),
            side=step.choice("side", STEP_SIDES),
            set_number=step.integer("set_number", (1, SETS[1])),
            planned_seconds=step.integer("planned_seconds", STEP_SECONDS),
            actual_seconds=step.integer("actual_seconds", STEP_SECONDS),
            outcome=step.choice("outcome", _OUTCOMES),
            recorded_at=step.moment("recorded_at", before=self.latest),
        )


# Rows a write sends to the database at once (one executemany); a ten-year journal takes
# 25 of them.
BATCH = 2_000
_KEYS_A_QUERY = 500  # play keys looked up at once


def _insert(model: type[models.Model], columns: list[models.Field], rows: Iterable[tuple]) -> int:
    """Write rows already _prepared (in the order of `columns`), BATCH at a time.

    Not bulk_create, which prepares every value as it writes (most of the write's time,
    with the write lock held), and stamps auto_now times with now, which then took an
    UPDATE of every row to put the file's back. How many rows were written."""
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(column.column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    written, batch = 0, []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
    return written + len(batch)


def _play_key_owners(keys: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Who already has a session with each of these play keys (by user id)."""
    owners: dict[uuid.UUID, int] = {}
    for start in range(0, len(keys), _KEYS_A_QUERY):
        chunk = keys[start : start + _KEYS_A_QUERY]
        owners.update(Session.objects.filter(play_key__in=chunk).values_list("play_key", "user_id"))
    return owners


def _create_keeping(rows: list[models.Model], stamps: list[str]) -> None:
    """bulk_create, then put back the file's times that auto_now(_add) stamped with now.
    A time the file leaves out keeps the import's. (For routines: a few rows.)"""
    if not rows:
        return
    given = [{name: getattr(row, name) for name in stamps} for row in rows]
    type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
    for row, values in zip(rows, given, strict=True):
        for name, value in values.items():
            if value is not None:
                setattr(row, name, value)
    type(rows[0]).objects.bulk_update(rows, stamps, batch_size=BATCH)


@transaction.atomic
def _replace(*, user: AbstractBaseUser, plan: _Plan) -> ImportReport:
    """The person's journal and own routines, replaced by the checked file's, all at once."""
    Session.objects.filter(user=user).delete()  # and their steps
    Routine.objects.filter(owner=user).delete()  # and their items
    PainEntry.objects.filter(user=user).delete()
    AvoidedMovement.objects.filter(user=user).delete()

    profile = JournalProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = JournalProfile(user=user)
    if not profile.feed_token:
        profile.feed_token = secrets.token_urlsafe(32)
    for name, value in plan.profile.items():
        setattr(profile, name, value)
    profile.reminders_changed_at = timezone.now()
    profile.save()

    _create_movements(user, plan.movements)
    routines = _create_routines(user, plan.routines)
    pain_entries = _insert(
        PainEntry, _PAIN_COLUMNS, ((user.pk, *r.values) for r in plan.pain_entries)
    )
    by_ref = {ref: routine.pk for ref, routine, _ in plan.routines}
    sessions, steps = _create_sessions(user, plan.sessions, by_ref)
    services.journal_changed(user)

    return ImportReport(
        routines=len(routines),
        pain_entries=pain_entries,
        sessions=sessions,
        steps=steps,
    )


@transaction.atomic
def _add(*, user: AbstractBaseUser, plan: _Plan) -> ImportReport:
    """The checked file's rows added to the person's, all at once, but for those already
    there, which are left as they are:

    - a routine of theirs with the same name, made at the same moment (`created_at`);
      the file's sessions of that routine then belong to theirs;
    - a pain entry of theirs recorded at the same moment with the same level;
    - a session of theirs with the same play key (each play-through has its own), with its
      steps.

    Their settings (goal and reminders) stay theirs; the file's avoided movements are added
    to theirs."""
    have = set(AvoidedMovement.objects.filter(user=user).values_list("movement_id", flat=True))
    _create_movements(user, [slug for slug in dict.fromkeys(plan.movements) if slug not in have])

    theirs = {
        (name, made): pk
        for pk, name, made in Routine.objects.filter(owner=user).values_list(
            "pk", "name", "created_at"
        )
    }
    by_ref: dict[int | None, int] = {}
    new_routines = []
    for ref, routine, items in plan.routines:
        pk = theirs.get((routine.name, routine.created_at))
        if pk is None:
            new_routines.append((ref, routine, items))
        by_ref[ref] = pk
    for ref, routine in zip(
        [ref for ref, _, _ in new_routines], _create_routines(user, new_routines), strict=True
    ):
        by_ref[ref] = routine.pk

    logged = set(PainEntry.objects.filter(user=user).values_list("recorded_at", "level"))
    pain_entries = _insert(
        PainEntry,
        _PAIN_COLUMNS,
        ((user.pk, *row.values) for row in plan.pain_entries if row.key not in logged),
    )

    owners = _play_key_owners([session.play_key for session in plan.sessions])
    new_sessions = [session for session in plan.sessions if owners.get(session.play_key) != user.pk]
    sessions, steps = _create_sessions(user, new_sessions, by_ref, owners=owners)
    services.journal_changed(user)

    return ImportReport(
        mode=ADD,
        routines=len(new_routines),
        pain_entries=pain_entries,
        sessions=sessions,
        steps=steps,
        routines_there=len(plan.routines) - len(new_routines),
        pain_entries_there=len(plan.pain_entries) - pain_entries,
        sessions_there=len(plan.sessions) - len(new_sessions),
    )


def _create_movements(user: AbstractBaseUser, slugs: list[str]) -> None:
    for slug in slugs:
        SpineMovement.objects.get_or_create(
            slug=slug, defaults={"name": vocabulary.SpineMovement(slug).label}
        )
    AvoidedMovement.objects.bulk_create(
        AvoidedMovement(user=user, movement_id=slug) for slug in slugs
    )


def _create_routines(
    user: AbstractBaseUser, planned: list[tuple[int | None, Routine, list[RoutineItem]]]
) -> list[Routine]:
    routines = [routine for _, routine, _ in planned]
    for routine in routines:
        routine.owner = user
    _create_keeping(routines, ["created_at", "updated_at"])
    items = []
    for _, routine, its_items in planned:
        for item in its_items:
            item.routine = routine
            items.append(item)
    RoutineItem.objects.bulk_create(items, batch_size=BATCH)
    return routines


def _create_sessions(
    user: AbstractBaseUser,
    planned: list[_PlannedSession],
    by_ref: Mapping[int | None, int],
    *,
    owners: Mapping[uuid.UUID, int] | None = None,
) -> tuple[int, int]:
    """The sessions and their steps; a play key someone else's session has is made anew.
    (How many sessions, how many steps.)"""
    if owners is None:
        owners = _play_key_owners([session.play_key for session in planned])
    for session in planned:
        if session.play_key in owners:
            session.play_key = uuid.uuid4()
    key = Session._meta.get_field("play_key")
    sessions = _insert(
        Session,
        _SESSION_COLUMNS,
        (
            (
                user.pk,
                by_ref[session.ref] if session.ref is not None else session.routine_id,
                key.get_db_prep_save(session.play_key, connection),
                *session.values,
            )
            for session in planned
        ),
    )
    ids = dict(Session.objects.filter(user=user).values_list("play_key", "pk"))
    steps = _insert(
        SessionStep,
        _STEP_COLUMNS,
        ((ids[session.play_key], *step) for session in planned for step in session.steps),
    )
    return sessions, steps
