"""Reads of the journal, always scoped to its owner, aggregated in the database."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Sum
from django.utils import timezone

from journal.insights import ChangeRow, DayPain, SessionStretches
from journal.models import JournalProfile, KeptImport, PainEntry, Session, SessionStep
from routines.models import Routine
from stretches.selectors import avoids, catalogue_version_annotations
from stretches.vocabulary import SpineMovement


def sessions_of(user: AbstractBaseUser) -> QuerySet[Session]:
    """A person's sessions, newest first, with how many steps were done and skipped."""
    return (
        Session.objects.filter(user=user)
        .annotate(
            done=Count("steps", filter=Q(steps__outcome="done")),
            skipped=Count("steps", filter=Q(steps__outcome="skipped")),
        )
        .order_by("-started_at", "-pk")
    )


# Each play-through with its routine, the catalogue's version (the key of the routine's
# cached items, `annotated_catalogue_version`) and whether its person avoids bending forward.
# Built once: resolving these annotations cost the player a fifth of each step's time
# (make bench); every request filters a copy.
_PLAY_THROUGHS = (
    Session.objects.select_related("routine")
    .annotate(**catalogue_version_annotations())
    .annotate(avoids_forward_bending=avoids(SpineMovement.FORWARD_BENDING))
)


def play_throughs_of(user: AbstractBaseUser) -> QuerySet[Session]:
    """A person's play-throughs, each fetched with all the player needs in one query."""
    return _PLAY_THROUGHS.filter(user=user)


def pain_entries_of(user: AbstractBaseUser) -> QuerySet[PainEntry]:
    return PainEntry.objects.filter(user=user)


def pain_days(user: AbstractBaseUser, *, since: date | None = None) -> list[DayPain]:
    """One row a day with pain logged (in the site's time zone), oldest first."""
    rows = (
        PainEntry.objects.filter(user=user)
        .values("day")
        .annotate(total=Sum("level"), count=Count("id"), low=Min("level"), high=Max("level"))
        .order_by("day")
    )
    if since is not None:
        rows = rows.filter(day__gte=since)
    return [DayPain(**row) for row in rows]


def stretched(user: AbstractBaseUser) -> QuerySet[Session]:
    """The sessions in which at least one stretch was done: opening the player and leaving
    before the first stretch is not stretching."""
    return Session.objects.filter(user=user).exclude(status=Session.Status.ABANDONED)


def session_day_counts(user: AbstractBaseUser, *, since: date | None = None) -> dict[date, int]:
    """How many sessions with a stretch done each day (in the site's time zone)."""
    rows = stretched(user).values("day").annotate(sessions=Count("id")).order_by("day")
    if since is not None:
        rows = rows.filter(day__gte=since)
    return {row["day"]: row["sessions"] for row in rows}


def _with_both_pains(user: AbstractBaseUser) -> QuerySet[Session]:
    return stretched(user).filter(pain_before__isnull=False, pain_after__isnull=False)


def routine_changes(user: AbstractBaseUser) -> list[ChangeRow]:
    """Each routine's sessions with pain before and after, and the average change."""
    rows = (
        _with_both_pains(user)
        .values("routine_name")
        .annotate(
            sessions=Count("id"),
            days=Count("day", distinct=True),
            average_change=Avg(F("pain_after") - F("pain_before")),
            average_before=Avg("pain_before"),
        )
        .order_by("routine_name")
    )
    return [
        ChangeRow(
            name=r["routine_name"],
            sessions=r["sessions"],
            average_change=r["average_change"],
            days=r["days"],
            average_before=r["average_before"],
        )
        for r in rows
    ]


def session_stretches(user: AbstractBaseUser) -> list[SessionStretches]:
    """Each session with pain before and after, and the stretches done in it (a stretch
    played on both sides and in several sets once), in one query: what a stretch's own
    effect is worked out from (insights.stretch_effects)."""
    rows = (
        SessionStep.objects.filter(
            session__in=_with_both_pains(user), outcome=SessionStep.Outcome.DONE
        )
        .values_list(
            "session_id",
            "session__day",
            "session__pain_before",
            "session__pain_after",
            "stretch_name",
        )
        .order_by("session_id", "stretch_name")
        .distinct()
    )
    sessions: dict[int, tuple[date, int, int, set[str]]] = {}
    for session_id, day, before, after, name in rows:
        sessions.setdefault(session_id, (day, before, after, set()))[3].add(name)
    return [
        SessionStretches(day=day, pain_before=before, pain_after=after, stretches=frozenset(names))
        for day, before, after, names in sessions.values()
    ]


def journal_key(profile: JournalProfile) -> str:
    """Changes with every change to the person's journal (services.journal_changed), and
    with a new profile (a deleted account's numbers are never reused by the same profile):
    the key of what is cached of the journal."""
    return f"{profile.user_id}:{profile.pk}:{profile.journal_version}"


@dataclass(frozen=True)
class JournalFigures:
    """The aggregates the dashboard is drawn from, whatever the period or month shown."""

    days: list[DayPain]
    session_counts: dict[date, int]
    routine_changes: list[ChangeRow]
    session_stretches: list[SessionStretches]


def journal_figures(user: AbstractBaseUser, profile: JournalProfile) -> JournalFigures:
    """The person's aggregates: four queries the first time after a change to the journal,
    then from the cache until the next change. The profile is the person's own: it keys
    what is cached, so another's would hand one person's figures to the other."""
    if profile.user_id != user.pk:
        raise ValueError("journal_figures takes the person's own journal profile")
    key = f"journal-figures:{journal_key(profile)}"
    figures = cache.get(key)
    if figures is None:
        figures = JournalFigures(
            days=pain_days(user),
            session_counts=session_day_counts(user),
            routine_changes=routine_changes(user),
            session_stretches=session_stretches(user),
        )
        cache.set(key, figures)
    return figures


def kept_import_of(user: AbstractBaseUser) -> KeptImport | None:
    """The person's kept import file, while it is fresh (KeptImport.KEEP_FOR)."""
    return KeptImport.objects.filter(
        user=user, kept_at__gte=timezone.now() - KeptImport.KEEP_FOR
    ).first()


def routine_for_the_day(user: AbstractBaseUser) -> Routine | None:
    """The routine a reminder leads to: the person's own routine they have stretched with most
    often, the latest changed first among equals (and among routines not played yet); None
    when they have no routine of their own. One query."""
    return (
        Routine.objects.filter(owner=user)
        .annotate(plays=Count("sessions", filter=~Q(sessions__status=Session.Status.ABANDONED)))
        .order_by("-plays", "-updated_at", "-pk")
        .only("pk", "name")
        .first()
    )
