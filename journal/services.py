"""Writes to the journal: sessions as they are played, pain as it is logged.

Every write ends with `journal_changed`, which moves the journal's version on: what is
cached of the journal (the dashboard's figures and drawn parts) is keyed by it. Unless told
that the sessions are untouched (pain logged, the weekly goal), it moves the sessions'
version too: what is drawn from the sessions alone is keyed by that one."""

import secrets
import uuid
from collections.abc import Iterable, MutableMapping
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from journal import carry
from journal.carry import Carried
from journal.models import JournalProfile, KeptImport, PainEntry, Session, SessionStep
from journal.playback import StepRecord, honesty
from routines.models import Routine, RoutineItem
from routines.plan import PlanStep, plan_signature, work_step_count


def journal_changed(user: AbstractBaseUser | int, *, sessions: bool = True) -> None:
    """The person's journal changed: a new version, so that nothing cached of the old one
    is shown again; and, unless `sessions` is False (the write touched no session nor
    step), a new sessions' version too. Called after the write, never before it: a page
    drawn between the two is then kept under the old version, which nobody asks for again."""
    user_id = user if isinstance(user, int) else user.pk
    moved = {"journal_version": F("journal_version") + 1}
    if sessions:
        moved["sessions_version"] = F("sessions_version") + 1
    JournalProfile.objects.filter(user_id=user_id).update(**moved)


class SessionClosed(Exception):
    """The session is already finished (or deleted); it is not changed again."""


def session_status(
    *, outcomes: Iterable[str], work_steps: int, finished: bool, rushed: bool = False
) -> str:
    """Completed when the person finished with every stretch step played or skipped and at
    least one done; partial once at least one was done; otherwise abandoned (nothing done,
    even if every step was skipped). Rushed, whatever else, when most of the done steps
    were pressed through in seconds (journal.playback.honesty)."""
    outcomes = list(outcomes)
    if SessionStep.Outcome.DONE not in outcomes:
        return Session.Status.ABANDONED
    if rushed:
        return Session.Status.RUSHED
    if finished and len(outcomes) >= work_steps:
        return Session.Status.COMPLETED
    return Session.Status.PARTIAL


def _records(session: Session) -> list[StepRecord]:
    rows = session.steps.values_list("outcome", "planned_seconds", "actual_seconds")
    return [StepRecord(*row) for row in rows]


@transaction.atomic
def session_start(
    *,
    user: AbstractBaseUser,
    routine: Routine,
    play_key: uuid.UUID,
    pain_before: int | None,
    plan_signature: str = "",
) -> Session:
    """The session of this play-through: created once, found again on a repeat."""
    session, created = Session.objects.get_or_create(
        play_key=play_key,
        user=user,
        defaults={
            "routine": routine,
            "routine_name": routine.name,
            "started_at": timezone.now(),
            "pain_before": pain_before,
            "plan_signature": plan_signature,
        },
    )
    if created:
        # Play-throughs left before their first stretch are not kept: a new start clears them.
        _unstarted(user).exclude(pk=session.pk).delete()
        journal_changed(user)
    return session


def _unstarted(user: AbstractBaseUser) -> QuerySet[Session]:
    """The person's unfinished play-throughs with no step recorded."""
    recorded = SessionStep.objects.filter(session=OuterRef("pk"))
    return Session.objects.filter(user=user, finished_at__isnull=True, manual=False).exclude(
        Exists(recorded)
    )


@transaction.atomic
def session_discard(*, session: Session) -> bool:
    """Ended before its first stretch: the play-through is deleted, nothing is kept. False
    (and nothing changes) when a step was recorded meanwhile or it is already finished."""
    deleted, _ = _unstarted(session.user_id).filter(pk=session.pk).delete()
    if deleted:
        journal_changed(session.user_id)
    return bool(deleted)


@transaction.atomic
def session_delete(*, session: Session) -> None:
    """Its owner deletes a session, with its steps."""
    Session.objects.filter(pk=session.pk, user_id=session.user_id).delete()
    journal_changed(session.user_id)


def _locked_open(session: Session) -> Session:
    """The session, locked for this transaction; SessionClosed if it is finished, or was
    deleted meanwhile (a record from a device's queue can arrive after either)."""
    session = Session.objects.select_for_update().filter(pk=session.pk).first()
    if session is None or session.is_finished:
        raise SessionClosed
    return session


@transaction.atomic
def session_record_step(
    *, session: Session, step: PlanStep, item: RoutineItem, outcome: str, actual_seconds: int
) -> None:
    """Keep one stretch step as played, exactly once: the first record of a step stands, and
    the same step sent again (a queue replayed after a lost reply) changes nothing."""
    session = _locked_open(session)
    if not step.is_work:
        return
    _, created = SessionStep.objects.get_or_create(
        session=session,
        step_index=step.index,
        defaults={
            "stretch_id": item.stretch_id,
            "stretch_name": item.stretch.name,
            "side": step.side,
            "set_number": step.set_number,
            "planned_seconds": step.seconds,
            "actual_seconds": actual_seconds,
            "outcome": outcome,
        },
    )
    if not created:
        return
    records = _records(session)
    status = session_status(
        outcomes=[record.outcome for record in records],
        work_steps=0,
        finished=False,
        rushed=honesty(records).rushed,
    )
    Session.objects.filter(pk=session.pk).update(status=status)
    journal_changed(session.user_id)


@transaction.atomic
def session_finish(
    *, session: Session, pain_after: int | None, note: str, work_steps: int
) -> Session:
    """Close the session, exactly once: a second finish raises SessionClosed."""
    session = _locked_open(session)
    session.finished_at = timezone.now()
    session.pain_after = pain_after
    session.note = note
    records = _records(session)
    session.status = session_status(
        outcomes=[record.outcome for record in records],
        work_steps=work_steps,
        finished=True,
        rushed=honesty(records).rushed,
    )
    session.save()
    journal_changed(session.user_id)
    return session


class PlayKeyTaken(Exception):
    """The play-through's key is another person's: it is not theirs to play."""


def play_start(
    *,
    user: AbstractBaseUser | AnonymousUser,
    store: MutableMapping,
    routine: Routine,
    play_key: uuid.UUID,
    pain_before: int | None,
    now: datetime,
) -> Session | None:
    """A play-through of `routine` (with its items and their stretches) begins: a session
    in the journal of someone signed in, found again on a repeat; or, signed out, a note
    in `store`, their own browser session, that a sign-up from the summary can keep
    (journal.carry). Either way with the plan's signature, so that an edit of the routine
    mid-play shows. PlayKeyTaken when the key is another person's."""
    items = list(routine.items.all())
    signature = plan_signature(routine.plan(items), [item.stretch_id for item in items])
    if not user.is_authenticated:
        carry.carry_start(
            store,
            routine_id=routine.pk,
            play_key=play_key,
            pain_before=pain_before,
            signature=signature,
            now=now,
        )
        return None
    try:
        return session_start(
            user=user,
            routine=routine,
            play_key=play_key,
            pain_before=pain_before,
            plan_signature=signature,
        )
    except IntegrityError:
        raise PlayKeyTaken from None


class Recorded(StrEnum):
    """What became of a step's record."""

    KEPT = "kept"  # kept now, or noted for a sign-up (signed out)
    KEPT_BEFORE = "kept-before"  # the session is finished and this step was kept before it
    CLOSED = "closed"  # the session is finished (or deleted) without this step


def play_record_step(
    *,
    session: Session | None,
    store: MutableMapping,
    play_key: uuid.UUID,
    step: PlanStep,
    item: RoutineItem,
    outcome: str,
    actual_seconds: int | None,
) -> Recorded:
    """A step of a play-through was done or skipped. Signed in, its stretch step is kept in
    the session, once, with its planned time when the player sent none; signed out, it is
    noted in `store` (journal.carry). A record for a finished session changes nothing."""
    if session is None:
        if step.is_work:
            carry.carry_step(
                store,
                play_key=play_key,
                index=step.index,
                outcome=outcome,
                actual_seconds=actual_seconds,
            )
        return Recorded.KEPT
    try:
        session_record_step(
            session=session,
            step=step,
            item=item,
            outcome=outcome,
            actual_seconds=step.seconds if actual_seconds is None else actual_seconds,
        )
    except SessionClosed:
        if session.steps.filter(step_index=step.index).exists():
            return Recorded.KEPT_BEFORE
        return Recorded.CLOSED
    return Recorded.KEPT


def profile_for(user: AbstractBaseUser) -> JournalProfile:
    """The person's journal settings, made with their defaults the first time."""
    profile, _ = JournalProfile.objects.get_or_create(
        user=user, defaults={"feed_token": secrets.token_urlsafe(32)}
    )
    return profile


def profile_update(*, profile: JournalProfile, form) -> JournalProfile:
    """Save the journal settings form; note when the reminders change, for the feed. Only
    the form's fields are written: the journal's version or the feed's address, read with
    the profile, may have moved on since (another tab, a player still running)."""
    fields = list(form.Meta.fields)
    if {"reminder_days", "reminder_time"} & set(form.changed_data):
        profile.reminders_changed_at = timezone.now()
        fields.append("reminders_changed_at")
    profile = form.save(commit=False)
    profile.save(update_fields=fields)
    if "weekly_goal" in form.changed_data:  # shown with the journal (home, the dashboard)
        journal_changed(profile.user_id, sessions=False)
    return profile


def profile_feed_reset(*, profile: JournalProfile) -> JournalProfile:
    """A new secret address for the reminders feed; the old one stops working."""
    profile.feed_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["feed_token"])
    return profile


@transaction.atomic
def pain_entry_create(*, user: AbstractBaseUser, level: int, **details) -> PainEntry:
    details.setdefault("recorded_at", timezone.now())
    entry = PainEntry.objects.create(user=user, level=level, **details)
    journal_changed(user, sessions=False)
    return entry


@transaction.atomic
def pain_entry_save(*, user: AbstractBaseUser, form) -> PainEntry:
    """A pain entry from its form, new or edited, as the person's."""
    entry = form.save(commit=False)
    entry.user = user
    entry.save()
    journal_changed(user, sessions=False)
    return entry


@transaction.atomic
def pain_entry_delete(*, entry: PainEntry) -> None:
    entry.delete()
    journal_changed(entry.user_id, sessions=False)


@transaction.atomic
def session_note_set(*, session: Session, note: str) -> Session:
    session.note = note
    session.save(update_fields=["note"])
    journal_changed(session.user_id)
    return session


@transaction.atomic
def session_create_manual(
    *,
    user: AbstractBaseUser,
    routine: Routine | None,
    routine_name: str,
    day: date,
    minutes: int,
    pain_before: int | None,
    pain_after: int | None,
    note: str,
) -> Session:
    """A routine done without the app, kept as a completed session at noon that day (today
    before noon: ending now, never in the future)."""
    started = timezone.make_aware(datetime.combine(day, time(12, 0)))
    started = min(started, timezone.now() - timedelta(minutes=minutes))
    session = Session.objects.create(
        user=user,
        routine=routine,
        routine_name=routine.name if routine else routine_name.strip(),
        play_key=uuid.uuid4(),
        started_at=started,
        finished_at=started + timedelta(minutes=minutes),
        status=Session.Status.COMPLETED,
        pain_before=pain_before,
        pain_after=pain_after,
        note=note,
        manual=True,
    )
    journal_changed(user)
    return session


@transaction.atomic
def kept_import_keep(*, user: AbstractBaseUser, name: str, content: str) -> KeptImport:
    """Keep a checked import file for the person (one at a time), and let go of everyone's
    that has been kept longer than KeptImport.KEEP_FOR."""
    now = timezone.now()
    KeptImport.objects.filter(kept_at__lt=now - KeptImport.KEEP_FOR).delete()
    kept, _ = KeptImport.objects.update_or_create(
        user=user, defaults={"name": name[:255], "content": content, "kept_at": now}
    )
    return kept


def kept_import_discard(*, user: AbstractBaseUser) -> None:
    KeptImport.objects.filter(user=user).delete()


@transaction.atomic
def session_adopt(*, user: AbstractBaseUser, carried: Carried | None) -> Session | None:
    """A play-through done signed out (journal.carry), kept in the journal of the account
    just made: the routine, both pains, start and finish, and the steps as recorded. Only
    a starter routine whose steps are still the ones played is kept; each step's place,
    stretch and planned time come from the routine's plan, the browser's numbers only as
    the player took them. None when there is nothing to keep."""
    if carried is None:
        return None
    routine = (
        Routine.objects.filter(pk=carried.routine_id, owner__isnull=True)
        .prefetch_related("items__stretch")
        .first()
    )
    if routine is None or Session.objects.filter(play_key=carried.play_key).exists():
        return None
    items = list(routine.items.all())
    steps = routine.plan(items)
    if plan_signature(steps, [item.stretch_id for item in items]) != carried.signature:
        return None
    records = []
    for carried_step in carried.steps:
        if carried_step.index >= len(steps) or not steps[carried_step.index].is_work:
            continue
        step = steps[carried_step.index]
        item = items[step.item_index]
        actual = carried_step.actual_seconds
        records.append(
            SessionStep(
                step_index=step.index,
                stretch_id=item.stretch_id,
                stretch_name=item.stretch.name,
                side=step.side,
                set_number=step.set_number,
                planned_seconds=step.seconds,
                actual_seconds=step.seconds if actual is None else actual,
                outcome=carried_step.outcome,
            )
        )
    if not records:
        return None  # left before the first stretch: not kept, as when signed in
    played = [StepRecord(r.outcome, r.planned_seconds, r.actual_seconds) for r in records]
    session = Session.objects.create(
        user=user,
        routine=routine,
        routine_name=routine.name,
        play_key=carried.play_key,
        plan_signature=carried.signature,
        started_at=carried.started_at,
        finished_at=carried.finished_at,
        pain_before=carried.pain_before,
        pain_after=carried.pain_after,
        status=session_status(
            outcomes=[record.outcome for record in played],
            work_steps=work_step_count(steps),
            finished=True,
            rushed=honesty(played).rushed,
        ),
    )
    for record in records:
        record.session = session
    SessionStep.objects.bulk_create(records)
    journal_changed(user)
    return session
