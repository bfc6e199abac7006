import pytest
from django.db import IntegrityError

from stretches import vocabulary
from stretches.timing import describe_duration
from tests.factories import StretchFactory

pytestmark = pytest.mark.django_db


def test_duration_of_a_hold_is_hold_times_sets_times_sides():
    stretch = StretchFactory(hold_seconds=30, sets=2, per_side=True)
    stretch.refresh_from_db()

    assert stretch.duration_seconds == 120


def test_duration_of_repetitions_uses_the_pace():
    stretch = StretchFactory(
        kind=vocabulary.Kind.REPETITIONS, repetitions=10, seconds_per_repetition=3, sets=2
    )
    stretch.refresh_from_db()

    assert stretch.duration_seconds == 60


def test_database_refuses_a_hold_outside_its_range():
    with pytest.raises(IntegrityError):
        StretchFactory(hold_seconds=301)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (60, "about 1 min"),
        (150, "about 2 min"),
        (3900, "about 1 h 5 min"),
    ],
)
def test_durations_are_said_as_a_person_would(seconds, said):
    assert describe_duration(seconds) == said


def test_dose_reads_as_plain_words():
    hold = StretchFactory.build(hold_seconds=20, sets=3, per_side=True)
    reps = StretchFactory.build(repetitions_kind=True, repetitions=10, sets=1)

    assert hold.dose_label == "Hold 20 s · 3 times · each side"
    assert reps.dose_label == "10 times"


def test_figure_is_an_accessible_svg_named_after_the_stretch():
    stretch = StretchFactory(name="Knee hug")

    svg = stretch.figure_svg()

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "knee hug" in svg
