"""Home's "Today" and picking up a play-through where it stopped: pure functions, no database.

The selectors fetch the few rows these need (journal.selectors.todays_routine_facts and
resumable_play_through); these functions decide, and are tested with hand-built data.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from routines.plan import PlanStep, next_index

# An unfinished play-through is offered again for this long after it began: the same
# morning, or the same evening; not tomorrow.
RESUME_WITHIN = timedelta(hours=12)

# How far back "the routine played most" looks.
RECENT_PLAYS = timedelta(days=14)

# The starter offered when there is nothing else: the one done before getting out of bed.
MORNING_STARTER = "wake-up-in-bed"


def resume_since(now: datetime) -> datetime:
    """The earliest start of a play-through that may still be resumed at `now`."""
    return now - RESUME_WITHIN


def may_resume(*, started_at: datetime, now: datetime) -> bool:
    """Begun within the last 12 hours (and not in the future)."""
    return resume_since(now) <= started_at <= now


def resume_index(
    steps: Sequence[PlanStep], *, last_recorded: int, signature_then: str, signature_now: str
) -> int | None:
    """Where to land on resuming: the step after the last one recorded, in the routine's
    current plan. None when there is nothing to land on: the routine's steps changed since
    (the play-through's step numbers would name other steps), the last step recorded is
    not in the plan, or it was the plan's last step (only "How do you feel?" is left)."""
    if signature_then and signature_then != signature_now:
        return None
    if not 0 <= last_recorded < len(steps):
        return None
    return next_index(steps, last_recorded)


@dataclass(frozen=True)
class RecentPlays:
    """How often one of the person's routines was played in the last two weeks."""

    routine_id: int
    plays: int
    last_played_at: datetime


@dataclass(frozen=True)
class TodayChoice:
    routine_id: int
    reason: str  # "pinned", "most-played" or "starter"


def choose_today(
    *,
    pinned_id: int | None,
    recent: Sequence[RecentPlays],
    starter_ids: Sequence[int],
) -> TodayChoice | None:
    """Today's routine: the pinned one; else the one played most in the last two weeks
    (on a tie, the one played last); else the first starter offered (the morning one
    first). None when there is no routine at all."""
    if pinned_id is not None:
        return TodayChoice(pinned_id, "pinned")
    if recent:
        best = max(recent, key=lambda row: (row.plays, row.last_played_at, row.routine_id))
        return TodayChoice(best.routine_id, "most-played")
    if starter_ids:
        return TodayChoice(starter_ids[0], "starter")
    return None
