"""Realistic data for the benchmarks: the full catalogue and starter routines, and one
person with 40 routines and three years of journal (about 2,000 pain entries and 800
sessions with their steps). Deterministic: the same seed gives the same data."""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from journal.models import PainEntry, Session, SessionStep
from routines.models import Routine, RoutineItem, default_sides
from routines.plan import plan_signature
from stretches.models import Stretch

USERNAME = "bench"
PASSWORD = "bench password 1"
DAYS = 3 * 365
PAIN_ENTRIES = 2000
SESSIONS = 800
ROUTINES = 40


@dataclass(frozen=True)
class World:
    """What the benchmarks ask for."""

    user_pk: int
    routine_pk: int  # a routine of the person's, of 8 stretches: the composer and player
    play_key: uuid.UUID  # a play-through of it, under way
    step_index: int  # a hold in the middle of it
    pain_entries: int
    sessions: int
    steps: int


def seed(*, seed_value: int = 7) -> World:
    """Migrate, load the catalogue and starter routines, collect the static files (debug
    is off) and add the person's routines and journal."""
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(seed_value)
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    stretches = list(Stretch.objects.order_by("rank"))

    routines = _routines(user, stretches, rng)
    sessions, steps = _journal(user, routines, rng)

    composer = next(r for r in routines if len(r.items.all()) == 8)
    plan = composer.plan()
    hold = next(step.index for step in plan if step.is_work and not step.repetitions)
    play = Session.objects.create(
        user=user,
        routine=composer,
        routine_name=composer.name,
        play_key=uuid.uuid4(),
        started_at=timezone.now(),
        pain_before=4,
        plan_signature=plan_signature(plan, [item.stretch_id for item in composer.items.all()]),
    )
    # Under way: its first stretch is done (a play-through with no step is not kept when the
    # same person starts another, as the offline bench does).
    first = next(step for step in plan if step.is_work)
    item = composer.items.all()[first.item_index]
    SessionStep.objects.create(
        session=play,
        step_index=first.index,
        stretch=item.stretch,
        stretch_name=item.stretch.name,
        side=first.side,
        set_number=first.set_number,
        planned_seconds=first.seconds,
        actual_seconds=first.seconds,
        outcome="done",
    )
    return World(
        user_pk=user.pk,
        routine_pk=composer.pk,
        play_key=play.play_key,
        step_index=hold,
        pain_entries=PainEntry.objects.filter(user=user).count(),
        sessions=sessions,
        steps=steps,
    )


def catalogue_item(routine: Routine, stretch: Stretch, position: int) -> RoutineItem:
    """An item (not saved) of this stretch with the catalogue's own numbers."""
    return RoutineItem(
        routine=routine,
        stretch=stretch,
        position=position,
        hold_seconds=stretch.hold_seconds,
        repetitions=stretch.repetitions,
        sets=stretch.sets,
        sides=default_sides(stretch),
        rest_seconds=routine.rest_seconds,
    )


def _routines(user, stretches: list[Stretch], rng: random.Random) -> list[Routine]:
    """40 routines of 2 to 12 stretches; the fifth has exactly 8."""
    routines = Routine.objects.bulk_create(
        Routine(owner=user, name=f"Routine {number:02d}", description="Made for the benchmark.")
        for number in range(1, ROUTINES + 1)
    )
    items = []
    for number, routine in enumerate(routines):
        count = 8 if number == 4 else rng.randint(2, 12)
        for position, stretch in enumerate(rng.sample(stretches, k=count), start=1):
            items.append(catalogue_item(routine, stretch, position))
    RoutineItem.objects.bulk_create(items)
    return list(
        Routine.objects.filter(owner=user).prefetch_related("items__stretch").order_by("name")
    )


def _journal(user, routines: list[Routine], rng: random.Random) -> tuple[int, int]:
    """Pain once or twice a day and a session on about three days in four, for three years."""
    today = timezone.localdate()
    entries, sessions = [], []
    for back in range(DAYS):
        day = today - timedelta(days=back)
        midnight = timezone.make_aware(datetime.combine(day, time(0)))
        base = 3 + 2 * ((back // 60) % 3)  # some months are worse than others
        for hour in rng.sample([7, 12, 18, 21], k=2 if rng.random() < 0.85 else 1):
            entries.append(
                PainEntry(
                    user=user,
                    recorded_at=midnight + timedelta(hours=hour),
                    level=max(0, min(10, base + rng.randint(-2, 2))),
                    areas=["lower-back"],
                )
            )
        if rng.random() < 0.73:
            routine = rng.choice(routines)
            started = midnight + timedelta(hours=7, minutes=rng.randint(0, 50))
            before = max(0, min(10, base + rng.randint(-1, 2)))
            sessions.append(
                (
                    Session(
                        user=user,
                        routine=routine,
                        routine_name=routine.name,
                        play_key=uuid.uuid4(),
                        started_at=started,
                        finished_at=started + timedelta(minutes=8),
                        status=Session.Status.COMPLETED,
                        pain_before=before,
                        pain_after=max(0, before - rng.randint(0, 3)),
                    ),
                    routine,
                )
            )
    PainEntry.objects.bulk_create(entries[:PAIN_ENTRIES], batch_size=500)
    sessions = sessions[:SESSIONS]
    Session.objects.bulk_create([session for session, _ in sessions], batch_size=500)
    steps = [
        SessionStep(
            session=session,
            step_index=step.index,
            stretch_id=routine.items.all()[step.item_index].stretch_id,
            stretch_name=routine.items.all()[step.item_index].stretch.name,
            side=step.side,
            set_number=step.set_number,
            planned_seconds=step.seconds,
            actual_seconds=step.seconds,
            outcome="done",
        )
        for session, routine in sessions
        for step in routine.plan()
        if step.is_work
    ]
    SessionStep.objects.bulk_create(steps, batch_size=1000)
    return len(sessions), len(steps)


def signed_in_client(world: World) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(pk=world.user_pk))
    return client


def create_person(username: str) -> AbstractBaseUser:
    """Someone with an account and nothing else (the people importing under load)."""
    return get_user_model().objects.create_user(username, password="not used, ever 3")


def session_of(user: AbstractBaseUser) -> str:
    """The session id of a new sign-in by `user`, for a client outside the process."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value
