import datetime as dt
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from journal.models import JournalProfile, PainEntry, Session, SessionStep
from routines.models import Routine, RoutineItem, default_sides
from stretches import vocabulary
from stretches.models import BodyArea, SpineMovement, Step, Stretch

SIMPLE_POSE = {
    "alt": "Lying on your back, the left knee bends and lifts toward the chest.",
    "props": ["floor"],
    "work": ["left-leg"],
    "start": {"at": [0], "pelvis": [90]},
    "stretch": {"left_hip": [60], "left_knee": 70},
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


def body_area(slug: str) -> BodyArea:
    label = vocabulary.BodyArea(slug).label
    return BodyArea.objects.get_or_create(slug=slug, defaults={"name": label})[0]


def spine_movement(slug: str) -> SpineMovement:
    label = vocabulary.SpineMovement(slug).label
    return SpineMovement.objects.get_or_create(slug=slug, defaults={"name": label})[0]


class StretchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stretch
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test stretch {n}")
    slug = factory.Sequence(lambda n: f"test-stretch-{n}")
    summary = "A gentle stretch for testing."
    position = vocabulary.Position.LYING_BACK
    equipment = vocabulary.Equipment.MAT
    kind = vocabulary.Kind.HOLD
    intensity = vocabulary.Intensity.GENTLE
    hold_seconds = 30
    repetitions = 1
    sets = 2
    seconds_per_repetition = 4
    per_side = False
    how_often = "Once a day."
    breathing = "Breathe slowly."
    feel = "A gentle pull."
    mistakes = "Rushing it."
    cautions = "Stay in a pain-free range."
    figure = factory.LazyFunction(lambda: dict(SIMPLE_POSE))

    class Params:
        repetitions_kind = factory.Trait(kind=vocabulary.Kind.REPETITIONS, repetitions=10)

    @factory.post_generation
    def areas(stretch, create, extracted, **kwargs):
        if create:
            stretch.body_areas.set([body_area(slug) for slug in (extracted or ["lower-back"])])

    @factory.post_generation
    def movements(stretch, create, extracted, **kwargs):
        if create:
            stretch.spine_movements.set(
                [spine_movement(slug) for slug in (extracted or ["neutral"])]
            )

    @factory.post_generation
    def steps(stretch, create, extracted, **kwargs):
        if create:
            texts = extracted or ["Lie on your back.", "Breathe and relax."]
            Step.objects.bulk_create(
                Step(stretch=stretch, number=number, text=text)
                for number, text in enumerate(texts, start=1)
            )


class RoutineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Routine
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Routine {n}")

    class Params:
        starter = factory.Trait(owner=None, starter_key=factory.Sequence(lambda n: f"starter-{n}"))

    @factory.post_generation
    def stretches(routine, create, extracted, **kwargs):
        """`RoutineFactory(stretches=[...])` adds those stretches in order."""
        if create and extracted:
            for position, stretch in enumerate(extracted, start=1):
                RoutineItemFactory(routine=routine, stretch=stretch, position=position)


class RoutineItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutineItem

    routine = factory.SubFactory(RoutineFactory)
    stretch = factory.SubFactory(StretchFactory)
    position = factory.Sequence(lambda n: n + 1)
    hold_seconds = factory.LazyAttribute(lambda item: item.stretch.hold_seconds)
    repetitions = factory.LazyAttribute(lambda item: item.stretch.repetitions)
    sets = factory.LazyAttribute(lambda item: item.stretch.sets)
    sides = factory.LazyAttribute(lambda item: default_sides(item.stretch).value)
    rest_seconds = 10


class JournalProfileFactory(factory.django.DjangoModelFactory):
    """A person's journal settings; `services.profile_for` makes the default one on demand."""

    class Meta:
        model = JournalProfile

    user = factory.SubFactory(UserFactory)
    weekly_goal = 3
    feed_token = factory.Sequence(lambda n: f"feed-token-{n:04d}-of-a-test-journal")


class PainEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainEntry

    user = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    level = 4
    areas = factory.LazyFunction(lambda: ["lower-back"])


class SessionFactory(factory.django.DjangoModelFactory):
    """A finished play-through; `SessionFactory(steps=3)` adds three done steps."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    routine = None
    routine_name = "Gentle floor routine"
    play_key = factory.LazyFunction(uuid.uuid4)
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=2))
    finished_at = factory.LazyAttribute(lambda s: s.started_at + dt.timedelta(minutes=8))
    status = Session.Status.COMPLETED
    pain_before = 5
    pain_after = 3

    class Params:
        left_open = factory.Trait(finished_at=None, status=Session.Status.PARTIAL, pain_after=None)

    @factory.post_generation
    def steps(session, create, extracted, **kwargs):
        if create and extracted:
            for index in range(extracted):
                SessionStepFactory(session=session, step_index=index)


class SessionStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionStep

    session = factory.SubFactory(SessionFactory)
    step_index = factory.Sequence(lambda n: n)
    stretch_name = factory.Sequence(lambda n: f"Stretch {n}")
    set_number = 1
    planned_seconds = 30
    actual_seconds = 30
    outcome = SessionStep.Outcome.DONE
