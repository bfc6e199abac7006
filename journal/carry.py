"""A signed-out play-through, carried in the browser's own Django session until sign-up.

Someone without an account plays a starter routine: nothing goes to a journal, but the
server notes in their (anonymous, server-side) session what the player saw: the start,
each step recorded as the player validated it, the finish and both pain scores. If they
then create an account, `take` hands it over once and journal.services.session_adopt
keeps it in the new journal, with the planned times taken from the routine's plan, never
from the browser. Besides, the keys of the last few play-throughs whose summary this
browser reached (`remember_over`, `is_over`), so that their steps lead away, not play again.

Functions over a plain mapping (request.session in the views), so they test without HTTP.
"""

import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from journal.models import PAIN, SessionStep

KEY = "signed-out-play"

# Kept for the new journal only when the play-through finished this recently.
ADOPT_WITHIN = timedelta(hours=12)
# The most steps a carried play-through may hold: more than any routine can have (40
# stretches of 10 sets, left then right, with their pauses: 1,600 steps).
MAX_STEPS = 2000


def carry_start(
    store: MutableMapping,
    *,
    routine_id: int,
    play_key: uuid.UUID,
    pain_before: int | None,
    signature: str,
    now: datetime,
) -> None:
    """A new signed-out play-through: it replaces any carried before."""
    store[KEY] = {
        "routine": routine_id,
        "key": str(play_key),
        "signature": signature,
        "started_at": now.isoformat(),
        "finished_at": None,
        "pain_before": pain_before,
        "pain_after": None,
        "steps": {},
    }


def _carried(store: MutableMapping, play_key: uuid.UUID) -> dict | None:
    data = store.get(KEY)
    if isinstance(data, dict) and data.get("key") == str(play_key):
        return data
    return None


def carry_step(
    store: MutableMapping,
    *,
    play_key: uuid.UUID,
    index: int,
    outcome: str,
    actual_seconds: int | None,
) -> None:
    """A step the player recorded for the carried play-through (its own, by key)."""
    data = _carried(store, play_key)
    if data is None or data["finished_at"] is not None:
        return
    steps = data["steps"]
    if str(index) not in steps and len(steps) >= MAX_STEPS:
        return
    steps[str(index)] = [outcome, actual_seconds]
    store[KEY] = data  # marks the session as changed


def carry_finish(
    store: MutableMapping, *, play_key: uuid.UUID, pain_after: int | None, now: datetime
) -> bool:
    """The summary was reached: finished now (the first time), with the pain after. True
    when this play-through is carried, so that the summary can say it may be kept."""
    data = _carried(store, play_key)
    if data is None:
        return False
    if data["finished_at"] is None:
        data["finished_at"] = now.isoformat()
        data["pain_after"] = pain_after
        store[KEY] = data
    return True


# Besides, the keys of the last few signed-out play-throughs that reached the summary in this
# browser, so that their steps lead away rather than play again.
OVER = "plays_over"
OVER_KEPT = 10


def remember_over(store: MutableMapping, *, play_key: uuid.UUID) -> None:
    """The play-through reached its summary: its key joins the last few, the oldest leave."""
    over = [key for key in store.get(OVER, []) if key != str(play_key)]
    store[OVER] = [*over[-(OVER_KEPT - 1) :], str(play_key)]


def is_over(store: MutableMapping, *, play_key: uuid.UUID) -> bool:
    return str(play_key) in store.get(OVER, [])


@dataclass(frozen=True)
class CarriedStep:
    index: int
    outcome: str
    actual_seconds: int | None


@dataclass(frozen=True)
class Carried:
    routine_id: int
    play_key: uuid.UUID
    signature: str
    started_at: datetime
    finished_at: datetime
    pain_before: int | None
    pain_after: int | None
    steps: list[CarriedStep] = field(default_factory=list)


def _pain(value) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not PAIN[0] <= value <= PAIN[1]:
        raise ValueError("pain out of range")
    return value


def _step(index: str, value) -> CarriedStep:
    outcome, actual = value
    if outcome not in SessionStep.Outcome.values:
        raise ValueError("unknown outcome")
    if actual is not None and (type(actual) is not int or not 0 <= actual <= 3600):
        raise ValueError("actual seconds out of range")
    number = int(index)
    if number < 0:
        raise ValueError("negative step")
    return CarriedStep(number, outcome, actual)


def read(data, *, now: datetime) -> Carried | None:
    """The carried play-through, checked again field by field (the session store is the
    server's, but a value that does not fit is dropped rather than trusted). None when
    there is none, it did not reach the summary, or it finished too long ago."""
    if not isinstance(data, dict):
        return None
    try:
        started = datetime.fromisoformat(data["started_at"])
        finished = datetime.fromisoformat(data["finished_at"])
        if not (now - ADOPT_WITHIN <= finished <= now and started <= finished):
            return None
        steps = data["steps"]
        if not isinstance(steps, dict) or len(steps) > MAX_STEPS:
            return None
        return Carried(
            routine_id=int(data["routine"]),
            play_key=uuid.UUID(data["key"]),
            signature=str(data["signature"]),
            started_at=started,
            finished_at=finished,
            pain_before=_pain(data["pain_before"]),
            pain_after=_pain(data["pain_after"]),
            steps=sorted(
                (_step(index, value) for index, value in steps.items()), key=lambda s: s.index
            ),
        )
    except (KeyError, TypeError, ValueError):
        return None


def take(store: MutableMapping, *, now: datetime) -> Carried | None:
    """The carried play-through, removed from the store: it is handed over once."""
    return read(store.pop(KEY, None), now=now)
