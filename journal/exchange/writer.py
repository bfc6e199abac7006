"""Import, second half: write a checked file's rows in one short transaction, in batches:
added to the person's (ADD) or in place of them (REPLACE), all or nothing."""

import secrets
import uuid
from collections.abc import Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models, transaction
from django.utils import timezone

from journal import services
from journal.exchange.format import ADD, MODES, REPLACE, ImportReport
from journal.exchange.reader import (
    PAIN_COLUMNS,
    SESSION_COLUMNS,
    STEP_COLUMNS,
    Plan,
    PlannedSession,
    Reader,
    Source,
    parse,
)
from journal.models import JournalProfile, PainEntry, Session, SessionStep
from routines.models import Routine, RoutineItem
from routines.services import routine_delete_owned, routine_import_many
from stretches.models import AvoidedMovement
from stretches.services import movement_avoid_clear, movement_avoid_set


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
    document, own = parse(data)
    plan = Reader(now=timezone.now()).read(document, consume=own)
    del document
    if mode == ADD:
        return _add(user=user, plan=plan)
    return _replace(user=user, plan=plan)


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


@transaction.atomic
def _replace(*, user: AbstractBaseUser, plan: Plan) -> ImportReport:
    """The person's journal and own routines, replaced by the checked file's, all at once."""
    Session.objects.filter(user=user).delete()  # and their steps
    routine_delete_owned(owner=user)  # and their items
    PainEntry.objects.filter(user=user).delete()
    movement_avoid_clear(user=user)

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
        PainEntry, PAIN_COLUMNS, ((user.pk, *r.values) for r in plan.pain_entries)
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
def _add(*, user: AbstractBaseUser, plan: Plan) -> ImportReport:
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
        PAIN_COLUMNS,
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
        movement_avoid_set(user=user, movement=slug, avoid=True)


def _create_routines(
    user: AbstractBaseUser, planned: list[tuple[int | None, Routine, list[RoutineItem]]]
) -> list[Routine]:
    return routine_import_many(
        owner=user, routines=[(routine, items) for _, routine, items in planned]
    )


def _create_sessions(
    user: AbstractBaseUser,
    planned: list[PlannedSession],
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
        SESSION_COLUMNS,
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
        STEP_COLUMNS,
        ((ids[session.play_key], *step) for session in planned for step in session.steps),
    )
    return sessions, steps
