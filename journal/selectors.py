"""Reads of the journal, always scoped to its owner, aggregated in the database."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate as timezone_localdate

from config.shared.caching import (
    Version,
    cached,
    home_today_key,
    journal_figures_key,
    session_figures_key,
)
from journal import today as today_rules
from journal.insights import (
    ChangeRow,
    DayPain,
    SessionStretches,
    sessions_this_week,
    week_start,
)
from journal.models import JournalProfile, KeptImport, PainEntry, Session, SessionStep
from journal.playback import (
    RoutineOption,
    StepRecord,
    Summary,
    gentler_option,
    honesty,
    summarise,
)
from journal.report import ReportFigures, report_figures
from routines.models import Routine, RoutineItem
from routines.plan import plan_seconds, plan_signature
from routines.selectors import items_to_play, routines_starter, routines_visible
from stretches.selectors import (
    annotated_catalogue_version,
    avoids,
    catalogue_version,
    catalogue_version_annotations,
)
from stretches.vocabulary import Intensity, SpineMovement


def kept(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Leaves out play-throughs still open with no step recorded: someone looked at the
    player and went, or is on "Get ready" right now. Journal pages and exports show
    only what is kept."""
    recorded = SessionStep.objects.filter(session=OuterRef("pk"))
    return sessions.filter(Q(finished_at__isnull=False) | Q(manual=True) | Exists(recorded))


def _steps_with(outcome: str) -> Coalesce:
    """How many of a session's steps had this outcome, as a subquery: counted for the rows
    fetched only (a page of the list), and left out of a count of the sessions."""
    steps = SessionStep.objects.filter(session=OuterRef("pk"), outcome=outcome).order_by()
    counted = steps.values("session").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def sessions_of(user: AbstractBaseUser) -> QuerySet[Session]:
    """A person's sessions, newest first, with how many steps were done and skipped."""
    return (
        kept(Session.objects.filter(user=user))
        .annotate(done=_steps_with("done"), skipped=_steps_with("skipped"))
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


def gentler_starter(routine: Routine) -> Routine | None:
    """A shorter starter routine of gentle stretches only, to offer instead of `routine` on
    a bad day (journal.playback.gentler_option); None if there is none. `routine` comes
    with its items and their stretches."""
    starters = {starter.pk: starter for starter in routines_starter()}
    options = [
        RoutineOption(
            pk=starter.pk,
            seconds=plan_seconds(starter.plan()),
            all_gentle=all(
                item.stretch.intensity == Intensity.GENTLE for item in starter.items.all()
            ),
        )
        for starter in starters.values()
        if starter.items.all()
    ]
    shorter = [option for option in options if option.seconds < plan_seconds(routine.plan())]
    chosen = gentler_option(shorter, instead_of=routine.pk)
    return starters[chosen] if chosen is not None else None


def session_summary(session: Session) -> Summary:
    """What the summary of a finished play-through says: steps and stretches done and
    skipped, the time it took, both pains and how many steps were pressed through."""
    rows = list(
        session.steps.values_list("stretch_name", "outcome", "planned_seconds", "actual_seconds")
    )
    return summarise(
        steps=[(name, outcome) for name, outcome, _planned, _actual in rows],
        seconds=session.seconds_spent,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        honesty=honesty(StepRecord(*row[1:]) for row in rows),
    )


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
    before the first stretch is not stretching, nor is pressing through most of the steps
    in seconds (Session.Status.RUSHED)."""
    return Session.objects.filter(user=user).exclude(
        status__in=[Session.Status.ABANDONED, Session.Status.RUSHED]
    )


def session_day_counts(user: AbstractBaseUser, *, since: date | None = None) -> dict[date, int]:
    """How many sessions with a stretch done each day (in the site's time zone)."""
    rows = stretched(user).values("day").annotate(sessions=Count("id")).order_by("day")
    if since is not None:
        rows = rows.filter(day__gte=since)
    return {row["day"]: row["sessions"] for row in rows}


def report_of(user: AbstractBaseUser, *, start: date, end: date) -> ReportFigures:
    """What the summary for a clinician shows of start..end (3 queries)."""
    sessions = sessions_of(user).filter(day__gte=start, day__lte=end)
    return report_figures(
        days=pain_days(user, since=start),
        session_counts=session_day_counts(user, since=start),
        sessions=list(sessions),
        start=start,
        end=end,
    )


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


def journal_version(profile: JournalProfile) -> Version:
    """Changes with every change to the person's journal and their weekly goal
    (services.journal_changed), and with a new profile (a deleted account's numbers are
    never reused by the same profile): the key of what is cached of the journal."""
    return Version("journal", (profile.user_id, profile.pk, profile.journal_version))


def sessions_version(profile: JournalProfile) -> Version:
    """Changes with every change to the person's sessions and their steps, not with pain
    logged nor the weekly goal (services.journal_changed), and with a new profile: the key
    of what is drawn from the sessions alone (routine_changes, session_stretches)."""
    return Version("sessions", (profile.user_id, profile.pk, profile.sessions_version))


def _own(user: AbstractBaseUser, profile: JournalProfile) -> None:
    """The profile keys what is cached: another's would hand one person's figures over
    to the other."""
    if profile.user_id != user.pk:
        raise ValueError("the journal's figures take the person's own journal profile")


@dataclass(frozen=True)
class JournalFigures:
    """The aggregates the dashboard is drawn from, whatever the period or month shown."""

    days: list[DayPain]
    session_counts: dict[date, int]


def journal_figures(user: AbstractBaseUser, profile: JournalProfile) -> JournalFigures:
    """The person's pain by day and sessions by day: two queries the first time after a
    change to the journal, then from the cache until the next change."""
    _own(user, profile)
    return cached(
        journal_figures_key(journal_version(profile)),
        lambda: JournalFigures(days=pain_days(user), session_counts=session_day_counts(user)),
    )


@dataclass(frozen=True)
class SessionFigures:
    """What the dashboard's routine and stretch insights are drawn from: the sessions
    alone, so logging pain leaves them as they are."""

    routine_changes: list[ChangeRow]
    session_stretches: list[SessionStretches]


def session_figures(user: AbstractBaseUser, profile: JournalProfile) -> SessionFigures:
    """The person's per-routine and per-stretch aggregates: two queries the first time after
    a change to their sessions, then from the cache (pain logged does not move them)."""
    _own(user, profile)
    return cached(
        session_figures_key(sessions_version(profile)),
        lambda: SessionFigures(
            routine_changes=routine_changes(user), session_stretches=session_stretches(user)
        ),
    )


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


# --- Picking up where it stopped, and Home's "Today" -----------------------------------------


@dataclass(frozen=True)
class ResumeOffer:
    """An unfinished play-through to continue: "Continue Wake-up in bed: stretch 3 of 5"."""

    session: Session
    routine: Routine
    index: int  # the step it lands on
    stretch_number: int
    stretch_count: int

    @property
    def url(self) -> str:
        return reverse(
            "journal:player-step", args=[self.routine.pk, self.session.play_key, self.index]
        )


def resume_offer(
    user: AbstractBaseUser, *, now: datetime, routine: Routine | None = None
) -> ResumeOffer | None:
    """The person's latest unfinished play-through of the last 12 hours with a step
    recorded (of this routine, if one is given), and where it lands in the routine's
    current plan; None if there is none or its routine changed since. One query, and one
    more for the routine's items when the player's cache does not have them yet."""
    if not user.is_authenticated:
        return None
    sessions = (
        Session.objects.filter(
            user=user,
            finished_at__isnull=True,
            manual=False,
            routine__isnull=False,
            started_at__gte=today_rules.resume_since(now),
            started_at__lte=now,
        )
        .filter(Q(routine__owner=user) | Q(routine__owner__isnull=True))
        .annotate(last_recorded=Max("steps__step_index"))
        .filter(last_recorded__isnull=False)
        .select_related("routine")
        .annotate(**catalogue_version_annotations())
        .order_by("-started_at", "-pk")
    )
    if routine is not None:
        sessions = sessions.filter(routine=routine)
    session = sessions.first()
    if session is None:
        return None
    # The player's own cached items: no query while the routine and the catalogue stay.
    items = items_to_play(session.routine, catalogue=annotated_catalogue_version(session))
    steps = session.routine.plan(items)
    index = today_rules.resume_index(
        steps,
        last_recorded=session.last_recorded,
        signature_then=session.plan_signature,
        signature_now=plan_signature(steps, [item.stretch_id for item in items]),
    )
    if index is None:
        return None
    return ResumeOffer(
        session=session,
        routine=session.routine,
        index=index,
        stretch_number=steps[index].item_index + 1,
        stretch_count=len(items),
    )


@dataclass(frozen=True)
class Today:
    routine: Routine | None
    reason: str  # "pinned", "most-played", "starter" (or "" with no routine)
    this_week: int
    weekly_goal: int


def today_for(user: AbstractBaseUser, profile: JournalProfile, *, now: datetime) -> Today:
    """Home's "Today": the routine for today (journal.today.choose_today), with its items,
    and this week's sessions against the weekly goal. Five queries whatever the number of
    routines and sessions."""
    candidates = list(
        Routine.objects.filter(Q(owner=user, pinned=True) | Q(starter_key__isnull=False))
        .order_by("pk")
        .values_list("pk", "owner_id", "starter_key")
    )
    pinned = next((pk for pk, owner, _key in candidates if owner is not None), None)
    # The starters, the morning one first.
    starters = [
        pk
        for pk, owner, key in sorted(
            candidates, key=lambda row: row[2] != today_rules.MORNING_STARTER
        )
        if owner is None
    ]
    recent = [
        today_rules.RecentPlays(row["routine_id"], row["plays"], row["last"])
        for row in stretched(user)
        .filter(
            started_at__gte=now - today_rules.RECENT_PLAYS,
            routine__isnull=False,
        )
        .filter(Q(routine__owner=user) | Q(routine__owner__isnull=True))
        .values("routine_id")
        .annotate(plays=Count("id"), last=Max("started_at"))
        .order_by()
    ]
    choice = today_rules.choose_today(pinned_id=pinned, recent=recent, starter_ids=starters)
    routine = None
    if choice is not None:
        # With its items and their stretches: its length and stretch count, nothing more.
        items = Prefetch("items", RoutineItem.objects.select_related("stretch"))
        visible = Routine.objects.filter(Q(owner=user) | Q(owner__isnull=True))
        routine = visible.prefetch_related(items).filter(pk=choice.routine_id).first()
    local_today = timezone_localdate(now)
    counts = session_day_counts(user, since=week_start(local_today))
    return Today(
        routine=routine,
        reason=choice.reason if choice and routine else "",
        this_week=sessions_this_week(counts, today=local_today),
        weekly_goal=profile.weekly_goal,
    )


@dataclass(frozen=True)
class HomeToday:
    today: Today
    offer: ResumeOffer | None


# The resume card's 12-hour window is looked at in slots of this many minutes: a card may
# stay up to one slot longer than the window (the key below changes with the slot).
HOME_SLOT_MINUTES = 10


def home_today(user: AbstractBaseUser, profile: JournalProfile, *, now: datetime) -> HomeToday:
    """Home's Today and its resume card, from the cache while nothing they show changed:
    the journal (its version moves with every session and step), the person's routines
    (the pinned one, and the latest change to any), the catalogue (the starters' lengths)
    and the time slot. Two small queries when cached; Today's and the offer's otherwise."""
    if profile.user_id != user.pk:
        raise ValueError("home_today takes the person's own journal profile")
    # The person's routines and the starters (the loader saves them): Today chooses among them.
    mine = Routine.objects.filter(Q(owner=user) | Q(owner__isnull=True, try_stretch__isnull=True))
    mine = mine.aggregate(
        pinned=Max("pk", filter=Q(owner=user, pinned=True)),
        changed=Max("updated_at"),
        count=Count("pk"),
    )
    slot = int(now.timestamp()) // (60 * HOME_SLOT_MINUTES)
    changed = mine["changed"].timestamp() if mine["changed"] else 0
    home = Version(
        "home",
        (
            journal_version(profile),
            mine["pinned"],
            mine["count"],
            changed,
            catalogue_version(),
            slot,
        ),
    )
    return cached(
        home_today_key(home),
        lambda: HomeToday(
            today=today_for(user, profile, now=now), offer=resume_offer(user, now=now)
        ),
    )


def morning_starter() -> Routine | None:
    """The starter offered to someone signed out: the one done in bed, else the first."""
    starters = routines_visible(AnonymousUser()).filter(starter_key__isnull=False)
    routine = starters.filter(starter_key=today_rules.MORNING_STARTER).first()
    return routine or starters.order_by("pk").first()
