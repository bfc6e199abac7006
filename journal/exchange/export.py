"""Export: everything a person keeps, as one JSON file, or a table of the journal as CSV."""

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q
from django.utils import timezone

from journal.exchange.format import CSV_TABLES, FORMAT, VERSION
from journal.models import JournalProfile, PainEntry, Session, SessionStep
from journal.selectors import kept
from routines.models import Routine
from stretches.models import AvoidedMovement


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
