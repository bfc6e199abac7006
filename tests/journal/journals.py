"""A long journal, made fast with bulk_create, as the round-trip tests and the bench need it:
ten years of pain logged through the day (about seven times a day: 25,000 entries) and a
session on most mornings (3,000), each with its steps."""

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from journal.models import PainEntry, Session, SessionStep

TEN_YEARS = 3653
PAIN_ENTRIES = 25_000
SESSIONS = 3_000
STEPS_A_SESSION = 8
HOURS = (7, 9, 12, 14, 17, 20, 22)
NOTE = "Stiff after sleep; better after the routine."
NAMES = ["Lying knee-across twist", "Knees to chest", "Cat-cow", "Child's pose"]


def long_journal(user, *, days: int = TEN_YEARS, seed: int = 10) -> tuple[int, int, int]:
    """Pain entries, sessions and their steps for `user` over `days` up to yesterday: about
    PAIN_ENTRIES, SESSIONS and SESSIONS * STEPS_A_SESSION of them over ten years. Returns
    the three counts."""
    rng = random.Random(seed)
    today = timezone.localdate()
    entries, sessions = [], []
    for back in range(days):
        day = today - timedelta(days=back + 1)  # up to yesterday: nothing in the future
        midnight = timezone.make_aware(datetime.combine(day, time(0)))
        for hour in HOURS[: 7 if rng.random() < 0.85 else 6]:
            entries.append(
                PainEntry(
                    user=user,
                    recorded_at=midnight + timedelta(hours=hour, minutes=rng.randint(0, 59)),
                    level=rng.randint(0, 8),
                    areas=["lower-back", "left-hip"][: rng.randint(1, 2)],
                    qualities=["stiff"],
                    note="Stiff after sleep; better after the routine."
                    if rng.random() < 0.2
                    else "",
                )
            )
        if rng.random() < SESSIONS / days:
            started = midnight + timedelta(hours=7, minutes=rng.randint(0, 50))
            sessions.append(
                Session(
                    user=user,
                    routine_name="Wake-up in bed",
                    play_key=uuid.uuid4(),
                    started_at=started,
                    finished_at=started + timedelta(minutes=7),
                    status=Session.Status.COMPLETED,
                    pain_before=rng.randint(2, 7),
                    pain_after=rng.randint(1, 6),
                )
            )
    PainEntry.objects.bulk_create(entries[:PAIN_ENTRIES], batch_size=1000)
    sessions = Session.objects.bulk_create(sessions[:SESSIONS], batch_size=1000)
    steps = [
        SessionStep(
            session=session,
            step_index=1 + 2 * number,
            stretch_name=NAMES[number % len(NAMES)],
            side=("left", "right", "")[number % 3],
            set_number=1,
            planned_seconds=30,
            actual_seconds=28 + number % 5,
            outcome="done",
        )
        for session in sessions
        for number in range(STEPS_A_SESSION)
    ]
    SessionStep.objects.bulk_create(steps, batch_size=2000)
    return len(entries[:PAIN_ENTRIES]), len(sessions), len(steps)
