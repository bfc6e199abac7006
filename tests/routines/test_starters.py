import copy
import io

import pytest

from routines.models import Routine, RoutineItem
from routines.starters import StarterError, starters_load, starters_read
from stretches.models import Stretch

pytestmark = pytest.mark.django_db

STARTERS = {
    "Wake-up in bed": [
        "lying-knee-across-twist",
        "chin-to-chest",
        "arm-circles-overhead-clasp",
        "butterfly-forward-bend",
        "edge-of-bed-knee-tucks",
    ],
    "Gentle floor routine": ["knees-to-chest", "pelvic-tilt", "childs-pose", "knee-rolls"],
    "Desk break": [
        "chin-to-chest",
        "neck-side-bend",
        "head-turns",
        "shoulder-rolls",
        "arm-circles-overhead-clasp",
        "seated-lean-back",
    ],
    "Hips and hamstrings": [
        "cat-cow",
        "single-knee-to-chest",
        "lying-figure-four",
        "lying-hamstring-stretch",
        "standing-hip-buttock-stretch",
    ],
}


@pytest.fixture
def data(catalogue):
    return starters_read()


def test_the_four_starter_routines_follow_the_articles(data):
    starters_load(data)

    loaded = {
        routine.name: [item.stretch.slug for item in routine.items.order_by("position")]
        for routine in Routine.objects.filter(owner__isnull=True)
    }
    assert loaded == STARTERS


def test_wake_up_in_bed_takes_five_to_ten_minutes(data):
    starters_load(data)

    routine = Routine.objects.get(name="Wake-up in bed")
    assert 5 * 60 <= routine.total_seconds <= 10 * 60


def test_loading_again_updates_and_never_duplicates(data):
    starters_load(data)
    counts = Routine.objects.count(), RoutineItem.objects.count()

    starters_load(data)

    assert (Routine.objects.count(), RoutineItem.objects.count()) == counts


def test_a_bad_starter_is_reported_by_name_and_nothing_is_loaded(data):
    broken = copy.deepcopy(data)
    broken["routine"]["desk-break"]["items"][1]["sets"] = 99
    broken["routine"]["gentle-floor-routine"]["items"].append({"stretch": "no-such-stretch"})

    with pytest.raises(StarterError) as raised:
        starters_load(broken)

    message = str(raised.value)
    assert "routine 'desk-break', item 2, field 'sets'" in message
    assert "routine 'gentle-floor-routine', item 5: unknown stretch" in message
    assert Routine.objects.count() == 0


def test_sides_must_suit_the_stretch(data):
    broken = copy.deepcopy(data)
    broken["routine"]["desk-break"]["items"][0]["sides"] = "left"  # chin to chest: symmetric

    with pytest.raises(StarterError, match="does not suit"):
        starters_load(broken)


def test_load_catalogue_command_loads_the_starters_too(db):
    from django.core.management import call_command

    call_command("load_catalogue")
    call_command("load_catalogue")

    assert Routine.objects.filter(starter_key__isnull=False).count() == len(STARTERS)


def test_load_starters_loads_the_starter_routines_over_the_stretches_already_loaded(catalogue):
    from django.core.management import call_command

    call_command("load_starters", stdout=io.StringIO())

    assert Routine.objects.filter(starter_key__isnull=False).count() == len(STARTERS)
    assert Routine.objects.filter(try_stretch__isnull=False).count() == Stretch.objects.count()


def test_a_broken_starters_file_leaves_the_stretches_unloaded_too(db, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "starters.toml"
    path.write_text('[routine.bad]\nname = "Bad"\nitems = [{ stretch = "no-such-stretch" }]\n')

    with pytest.raises(CommandError, match="nothing changed") as raised:
        call_command("load_catalogue", starters=path, stdout=io.StringIO())

    assert "routine 'bad', item 1: unknown stretch" in str(raised.value)
    assert Stretch.objects.count() == 0
    assert Routine.objects.count() == 0
