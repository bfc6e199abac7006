"""Import, first half: read a file and check all of it, changing nothing.

A file is refused from its size and first bytes before it is parsed; an upload is parsed
from its file; every row is checked, and prepared as the database takes it, so that the
writer (journal.exchange.writer) only writes."""

import codecs
import io
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import IO, Any, NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from journal.exchange.format import (
    CLOCK_SKEW,
    EARLIEST_MOMENT,
    FIELD_WORDS,
    FILE_FIELDS,
    FORMAT,
    HEAD_BYTES,
    ITEM_FIELDS,
    MAX_BYTES,
    MAX_OBJECTS,
    PAIN_FIELDS,
    PAIN_OPTIONAL,
    PLURAL_FIELDS,
    PROFILE_FIELDS,
    ROUTINE_FIELDS,
    ROUTINE_OPTIONAL,
    SESSION_FIELDS,
    STEP_FIELDS,
    STEP_INDEX,
    STEP_OPTIONAL,
    STEP_SECONDS,
    STEP_SIDES,
    TOO_LARGE,
    VERSION,
    ImportProblem,
    called,
    field_bounds,
    max_length_of,
    object_count,
    on_day,
    shown,
)
from journal.models import (
    EARLIEST,
    NOTE_LENGTH,
    PAIN,
    JournalProfile,
    PainEntry,
    Session,
    SessionStep,
)
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
from stretches.models import HOLD_SECONDS, REPETITIONS, SETS, Stretch


def import_check(*, data: "Source") -> None:
    """Check a file as import_data does, changing nothing: ImportProblem says what is wrong."""
    document, own = parse(data)
    Reader(now=timezone.now()).read(document, consume=own)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


# The first columns of the tables Export writes as CSV (see export._CSV_ROWS).
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


def parse(data: Source) -> tuple[Any, bool]:
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


_MISSING = object()


class _Where:
    """ "Pain entry 4, 3 May 2026": where a problem is, put into words only when there is
    one (most rows have none, and the date takes a time zone's conversion)."""

    __slots__ = ("label", "moment", "parent", "value")

    def __init__(self, parent: "_Where | str", label: str, value: Any = None, moment: str = ""):
        self.parent, self.label, self.value, self.moment = parent, label, value, moment

    def __str__(self) -> str:
        parent = f"{self.parent}, " if self.parent else ""
        return (
            f"{parent}{self.label}{on_day(_field(self.value, self.moment)) if self.moment else ''}"
        )


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
                self._problem("", f"has {shown(str(key))}, which Backstretch does not know")

    def _problem(self, key: str, message: str) -> None:
        """ "Pain entry 4, 3 May 2026: the level must be 0 to 10"."""
        subject = FIELD_WORDS.get(key, f"“{key}”") if key else ""
        self.problems.append(
            f"{self.where}: {subject} {message}" if subject else f"{self.where}: {message}"
        )

    def _get(self, key: str) -> Any:
        if key in self.value:
            return self.value[key]
        if key in self.required:
            self._problem(key, "are missing" if key in PLURAL_FIELDS else "is missing")
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
                f"must be a whole number from {bounds[0]} to {bounds[1]}{also}, not {shown(value)}",
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
            self._problem(key, f"must be one of {shown(choices)}, not {shown(value)}")
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
                    f"{shown(value)} is not one of the choices for {FIELD_WORDS.get(key, key)} "
                    f"({shown(choices)})",
                )
            elif value in seen:
                self._problem("", f"{shown(value)} is listed twice in {FIELD_WORDS.get(key, key)}")
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
                f'like "2026-11-21T07:30:00+00:00"{also}, not {shown(value)}',
            )
            return None
        if before is not None and moment > before:
            self._problem(key, f"is in the future ({shown(value)})")
        elif moment < EARLIEST_MOMENT:
            self._problem(key, f"is before {EARLIEST.year} ({shown(value)})")
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
            key, f'must be a time of day like "07:30", or empty (null), not {shown(value)}'
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


PAIN_COLUMNS = _columns(PainEntry, ("user",))
SESSION_COLUMNS = _columns(Session, ("user", "routine", "play_key"))
STEP_COLUMNS = _columns(SessionStep, ("session",))


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
class PlannedSession:
    play_key: uuid.UUID
    ref: int | None  # its routine's in the file
    routine_id: int | None  # a starter routine's
    values: tuple  # SESSION_COLUMNS but the first three, _prepared
    steps: list[tuple]  # each step's STEP_COLUMNS but the first, _prepared


@dataclass
class Plan:
    """Everything the file holds, once it has been checked: the routines as unsaved rows,
    the journal's rows as the values the database takes."""

    profile: dict[str, Any] = field(default_factory=dict)
    movements: list[str] = field(default_factory=list)
    # each routine with its ref in the file, and its items
    routines: list[tuple[int | None, Routine, list[RoutineItem]]] = field(default_factory=list)
    pain_entries: list[_Row] = field(default_factory=list)
    sessions: list[PlannedSession] = field(default_factory=list)


# The choices, listed once (an enum's .values is a new list each time it is asked).
_AREAS = PainEntry.Area.values
_QUALITIES = PainEntry.Quality.values
_FACTORS = PainEntry.Factor.values
_STATUSES = Session.Status.values
_OUTCOMES = SessionStep.Outcome.values


class Reader:
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

    def read(self, document: Any, *, consume: bool = False) -> Plan:
        """The checked plan; with `consume`, the document's entries and sessions are let go
        of as they are read (the document is then of no further use)."""
        if not isinstance(document, dict):
            raise ImportProblem([_NOT_AN_OBJECT])
        if document.get("format") != FORMAT:
            raise ImportProblem([_NOT_OURS])
        version = document.get("version")
        if type(version) is not int or version != VERSION:
            raise ImportProblem(
                [f"The file is of version {shown(version)}; Backstretch reads version {VERSION}."]
            )
        count = object_count(document)
        if count > MAX_OBJECTS:
            raise ImportProblem(
                [f"The file holds {count:,} records; an import takes at most {MAX_OBJECTS:,}."]
            )

        top = _Object(self.problems, "The file", document, FILE_FIELDS, optional=["exported_at"])
        top.moment("exported_at", null=True)
        plan = Plan(
            profile=self._profile(top._get("profile")),
            movements=self._movements(top),
        )
        for index, routine in enumerate(top.array("routines")):
            where = f"Routine {index + 1}{called(routine, 'name')}"
            plan.routines.append(self._routine(where, routine))
        refs = self._refs(plan)
        entries = top.array("pain_entries")
        for index, entry in enumerate(entries):
            if consume:
                entries[index] = None  # let go of each part of the file once it is read
            where = _Where("", f"Pain entry {index + 1}", entry, "recorded_at")
            row = self._pain_entry(where, entry)
            if not self.problems:  # else nothing is written: not worth preparing
                values = _prepared(row, PAIN_COLUMNS[1:], self.now, self.database)
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
                    PlannedSession(
                        play_key=key,
                        ref=ref,
                        routine_id=row.routine_id,
                        values=_prepared(row, SESSION_COLUMNS[3:], self.now, self.database),
                        steps=[
                            _prepared(step, STEP_COLUMNS[1:], self.now, self.database)
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
        profile = _Object(self.problems, "Your settings", value, PROFILE_FIELDS)
        days = profile.choices("reminder_days", [code for code, _ in JournalProfile.WEEKDAYS])
        at = profile.clock("reminder_time")
        if days and profile.value.get("reminder_time", "") is None:
            profile._problem("reminder_time", "needs a time of day when there are reminder days")
        return {
            "weekly_goal": profile.integer(
                "weekly_goal", field_bounds(JournalProfile, "weekly_goal")
            ),
            "reminder_days": days,
            "reminder_time": at,
        }

    def _movements(self, top: _Object) -> list[str]:
        return top.choices("avoided_movements", vocabulary.SpineMovement.values)

    def _routine(self, where: str, value: Any) -> tuple[int | None, Routine, list[RoutineItem]]:
        routine = _Object(self.problems, where, value, ROUTINE_FIELDS, optional=ROUTINE_OPTIONAL)
        row = Routine(
            name=routine.text("name", NAME_LENGTH, blank=False),
            description=routine.text("description", max_length_of(Routine, "description")),
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
        item = _Object(self.problems, where, value, ITEM_FIELDS)
        stretch = self._stretch(item, null=False)
        sides = item.choice("sides", [choice.value for choice in Sides])
        if stretch is not None and sides:
            allowed = [choice for choice, _ in sides_choices_for(stretch)]
            if sides not in allowed:
                item._problem(
                    "sides", f"{shown(sides)} do not suit this stretch; use one of {shown(allowed)}"
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
            obj._problem("stretch", f"{shown(value)} is not in the catalogue")
        return stretch

    def _refs(self, plan: Plan) -> set[int]:
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
        entry = _Object(self.problems, where, value, PAIN_FIELDS, optional=PAIN_OPTIONAL)
        return PainEntry(
            recorded_at=entry.moment("recorded_at", before=self.latest),
            level=entry.integer("level", PAIN),
            areas=entry.choices("areas", _AREAS),
            qualities=entry.choices("qualities", _QUALITIES),
            worse=entry.choices("worse", _FACTORS),
            better=entry.choices("better", _FACTORS),
            factors_note=entry.text("factors_note", max_length_of(PainEntry, "factors_note")),
            note=entry.text("note", NOTE_LENGTH),
            created_at=entry.moment("created_at", before=self.latest),
        )

    def _session(
        self, where: _Where, value: Any, refs: set[int]
    ) -> tuple[Session, int | None, list[SessionStep]]:
        session = _Object(self.problems, where, value, SESSION_FIELDS)
        ref = session.integer("routine_ref", (1, MAX_OBJECTS), null=True)
        if ref is not None and ref not in refs:
            session._problem("routine_ref", f"(ref {ref}) is not in the file")
        starter = session.nullable_text("routine_starter")
        if starter is not None and starter not in self.starters:
            session._problem(
                "routine_starter", f"{shown(starter)} is not one of Backstretch's starter routines"
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
                "routine_name", max_length_of(Session, "routine_name"), blank=False
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
        step = _Object(self.problems, where, value, STEP_FIELDS, optional=STEP_OPTIONAL)
        stretch = self._stretch(step, null=True)
        return SessionStep(
            step_index=step.integer("step_index", STEP_INDEX),
            stretch_id=stretch.pk if stretch is not None else None,
            stretch_name=step.text(
                "stretch_name", max_length_of(SessionStep, "stretch_name"), blank=False
            ),
            side=step.choice("side", STEP_SIDES),
            set_number=step.integer("set_number", (1, SETS[1])),
            planned_seconds=step.integer("planned_seconds", STEP_SECONDS),
            actual_seconds=step.integer("actual_seconds", STEP_SECONDS),
            outcome=step.choice("outcome", _OUTCOMES),
            recorded_at=step.moment("recorded_at", before=self.latest),
        )
