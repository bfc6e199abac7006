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


def test_figure_is_an_accessible_image_that_says_what_the_body_does():
    stretch = StretchFactory(name="Knee hug")

    markup = stretch.figure_svg()

    assert markup.startswith('<div class="figure fig" id="fig-')
    assert 'role="img"' in markup
    assert 'aria-label="Knee hug: Lying on your back, the left knee bends' in markup


def test_the_other_side_is_the_mirror_image_with_its_words_swapped():
    stretch = StretchFactory(name="Knee hug", per_side=True)

    right = stretch.figure_svg(side="right")

    assert "matrix(-1 0 0 1 100 0)" in right
    assert "the right knee bends" in right
    assert "matrix(-1" not in stretch.figure_svg(side="left")


def test_a_stretch_done_on_both_sides_at_once_is_never_mirrored():
    stretch = StretchFactory(per_side=False)

    assert stretch.figure_svg(side="right") == stretch.figure_svg()


def test_the_card_shows_the_stretch_frame_still():
    stretch = StretchFactory(name="Knee hug")

    card = stretch.figure_card

    assert card.startswith("<svg")
    assert "<animate" not in card
    assert 'aria-label="Knee hug: ' in card


def test_the_loop_follows_the_pace_of_the_stretch():
    assert StretchFactory.build(kind="hold").figure_seconds == 8
    assert (
        StretchFactory.build(repetitions_kind=True, seconds_per_repetition=6).figure_seconds == 12
    )
