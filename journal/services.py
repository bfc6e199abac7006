"""Writes to the journal: sessions as they are played, pain as it is logged.

Every write ends with `journal_changed`, which moves the journal's version on: what is
cached of the journal (the dashboard's figures and drawn parts) is keyed by it."""

import secrets
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from journal.models import JournalProfile, KeptImport, PainEntry, Session, SessionStep
from routines.models import Routine, RoutineItem
from routines.plan import Step


def journal_changed(user: AbstractBaseUser | int) -> None:
    """The person's journal changed: a new version, so that nothing cached of the old one
    is shown again. Called after the write, never before it: a page drawn between the two
    is then kept under the old version, which nobody asks for again."""
    user_id = user if isinstance(user, int) else user.pk
    JournalProfile.objects.filter(user_id=user_id).update(journal_version=F("journal_version") + 1)


class SessionClosed(Exception):
    """The session is already finished (or deleted); it is not changed again."""


def session_status(*, outcomes: Iterable[str], work_steps: int, finished: bool) -> str:
    """Completed when the person finished with every stretch step played or skipped and at
    least one done; partial once at least one was done; otherwise abandoned (nothing done,
    even if every step was skipped)."""
    outcomes = list(outcomes)
    if SessionStep.Outcome.DONE not in outcomes:
        return Session.Status.ABANDONED
    if finished and len(outcomes) >= work_steps:
        return Session.Status.COMPLETED
    return Session.Status.PARTIAL


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
        journal_changed(user)
    return session


def _locked_open(session: Session) -> Session:
    """The session, locked for this transaction; SessionClosed if it is finished, or was
    deleted meanwhile (a record from a device's queue can arrive after either)."""
    session = Session.objects.select_for_update().filter(pk=session.pk).first()
    if session is None or session.is_finished:
        raise SessionClosed
    return session


@transaction.atomic
def session_record_step(
    *, session: Session, step: Step, item: RoutineItem, outcome: str, actual_seconds: int
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
    outcomes = session.steps.values_list("outcome", flat=True)
    status = session_status(outcomes=outcomes, work_steps=0, finished=False)
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
    session.status = session_status(
        outcomes=session.steps.values_list("outcome", flat=True),
        work_steps=work_steps,
        finished=True,
    )
    session.save()
    journal_changed(session.user_id)
    return session


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
    journal_changed(user)
    return entry


@transaction.atomic
def pain_entry_save(*, user: AbstractBaseUser, form) -> PainEntry:
    """A pain entry from its form, new or edited, as the person's."""
    entry = form.save(commit=False)
    entry.user = user
    entry.save()
    journal_changed(user)
    return entry


@transaction.atomic
def pain_entry_delete(*, entry: PainEntry) -> None:
    entry.delete()
    journal_changed(entry.user_id)


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
