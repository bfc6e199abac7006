import copy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from routines.models import Routine
from stretches.models import Step, Stretch, Variation
from stretches.services import CatalogueError, catalogue_load, catalogue_read

pytestmark = pytest.mark.django_db

REQUIRED_SLUGS = {
    "lying-knee-across-twist",
    "chin-to-chest",
    "arm-circles-overhead-clasp",
    "butterfly-forward-bend",
    "edge-of-bed-knee-tucks",
    "standing-forward-bend-wall",
    "hip-lift",
    "seated-lean-back",
    "shoulder-rolls",
    "head-turns",
    "knees-to-chest",
    "single-knee-to-chest",
    "pelvic-tilt",
    "childs-pose",
    "knee-rolls",
    "neck-side-bend",
    "standing-hip-buttock-stretch",
    "cat-cow",
    "lying-figure-four",
    "lying-hamstring-stretch",
    "overhead-triceps-stretch",
}


@pytest.fixture(scope="module")
def data():
    return catalogue_read()


def counts() -> tuple[int, int, int]:
    return Stretch.objects.count(), Step.objects.count(), Variation.objects.count()


def test_catalogue_holds_every_stretch_the_articles_describe(data):
    assert set(data["stretch"]) >= REQUIRED_SLUGS


def test_loading_creates_every_stretch_with_steps_and_links(data):
    report = catalogue_load(data)

    assert report.created == len(data["stretch"])
    twist = Stretch.objects.get(slug="knees-to-chest")
    assert twist.steps.count() == len(data["stretch"]["knees-to-chest"]["steps"])
    assert twist.body_areas.exists()
    assert Variation.objects.filter(target__isnull=False).exists()


def test_loading_twice_updates_and_never_duplicates(data):
    catalogue_load(data)
    before = counts()

    report = catalogue_load(data)

    assert counts() == before
    assert report.created == 0
    assert report.updated == len(data["stretch"])


def test_reloading_applies_edits_to_the_data_file(data):
    catalogue_load(data)
    edited = copy.deepcopy(data)
    edited["stretch"]["childs-pose"]["hold_seconds"] = 45
    edited["stretch"]["childs-pose"]["steps"] = ["Kneel.", "Fold forward.", "Rest."]

    catalogue_load(edited)

    childs_pose = Stretch.objects.get(slug="childs-pose")
    assert childs_pose.hold_seconds == 45
    assert [step.text for step in childs_pose.steps.all()] == ["Kneel.", "Fold forward.", "Rest."]


def test_invalid_entry_names_the_stretch_and_field_and_loads_nothing(data):
    broken = copy.deepcopy(data)
    broken["stretch"]["pelvic-tilt"]["hold_seconds"] = 3600

    with pytest.raises(CatalogueError) as raised:
        catalogue_load(broken)

    assert "stretch 'pelvic-tilt', field 'hold_seconds'" in str(raised.value)
    assert counts() == (0, 0, 0)


def test_invalid_reload_leaves_the_loaded_catalogue_as_it_was(data):
    catalogue_load(data)
    before = counts()
    broken = copy.deepcopy(data)
    broken["stretch"]["cat-cow"]["position"] = "upside-down"
    broken["stretch"]["childs-pose"]["summary"] = "Changed"

    with pytest.raises(CatalogueError):
        catalogue_load(broken)

    assert counts() == before
    assert Stretch.objects.get(slug="childs-pose").summary != "Changed"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "stretchy", "must be one of hold, repetitions, flowing"),
        ("body_areas", ["elbows"], "'elbows' is not one of"),
        ("sets", 0, "whole number from 1 to 10"),
        ("repetitions", "ten", "whole number from 1 to 50"),
        ("per_side", "yes", "must be true or false"),
        ("steps", ["Only one step."], "list of 3 to 7 texts"),
        ("easier", 5, "must be a list of at most 2"),
        ("harder", [{"text": ""}], "item 1 needs a text of 1 to 300 characters"),
        ("harder", [{"text": "x" * 301}], "item 1 needs a text of 1 to 300 characters"),
        ("easy", [{"text": "A misspelt key."}], "'easy': is not a field of a stretch"),
        ("name", "", "required text is missing"),
        ("figure", {"head": [1, 2]}, "field 'figure'"),
        ("easier", [{"text": "x", "stretch": "no-such-stretch"}], "unknown stretch"),
        ("each_way", "yes", "'each_way': must be true or false"),
    ],
)
def test_each_kind_of_bad_value_is_reported(data, field, value, message):
    broken = copy.deepcopy(data)
    broken["stretch"]["hip-lift"][field] = value

    with pytest.raises(CatalogueError) as raised:
        catalogue_load(broken)

    assert message in str(raised.value)


def test_a_pose_beyond_the_body_is_refused_naming_the_stretch_frame_and_joint(data):
    broken = copy.deepcopy(data)
    broken["stretch"]["childs-pose"]["figure"]["stretch"]["left_knee"] = 200
    before = counts()

    with pytest.raises(CatalogueError) as raised:
        catalogue_load(broken)

    assert str(raised.value) == (
        "stretch 'childs-pose', field 'figure': "
        "stretch: left_knee: 200 is beyond the plausible range 0 to 160"
    )
    assert counts() == before


def test_each_way_is_refused_for_a_hold(data):
    broken = copy.deepcopy(data)
    broken["stretch"]["childs-pose"]["each_way"] = True

    with pytest.raises(CatalogueError) as raised:
        catalogue_load(broken)

    assert "stretch 'childs-pose', field 'each_way'" in str(raised.value)
    assert "one each way (sets = 2)" in str(raised.value)


def test_a_new_slug_under_an_old_name_is_explained_and_nothing_is_written(data):
    """Checked before anything is written; the old row and the rest stay as they were."""
    catalogue_load(data)
    renamed = copy.deepcopy(data)
    renamed["stretch"]["neck-side-tilt"] = renamed["stretch"].pop("neck-side-bend")
    renamed["stretch"]["cat-cow"]["summary"] = "Changed before the clash."
    before = counts()

    with pytest.raises(CatalogueError) as raised:
        catalogue_load(renamed)

    assert "stretch 'neck-side-tilt', field 'name'" in str(raised.value)
    assert "already the stretch 'neck-side-bend'" in str(raised.value)
    assert counts() == before
    assert Stretch.objects.get(slug="cat-cow").summary != "Changed before the clash."


def test_a_failure_half_way_through_writing_leaves_the_catalogue_as_it_was(data, monkeypatch):
    catalogue_load(data)
    changed = copy.deepcopy(data)
    for entry in changed["stretch"].values():
        entry["summary"] = "Changed."
    before = counts()
    calls = []
    real_bulk_create = Step.objects.bulk_create

    def fail_on_the_fifth(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise RuntimeError("the disk is full")
        return real_bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(Step.objects, "bulk_create", fail_on_the_fifth)

    with pytest.raises(RuntimeError):
        catalogue_load(changed)

    assert counts() == before
    assert not Stretch.objects.filter(summary="Changed.").exists()


def test_a_missing_field_is_reported():
    with pytest.raises(CatalogueError) as raised:
        catalogue_load({"stretch": {"only-a-name": {"name": "Only a name"}}})

    assert "stretch 'only-a-name', field 'summary': required text is missing" in str(raised.value)


def test_duplicate_names_are_reported(data):
    broken = copy.deepcopy(data)
    broken["stretch"]["hip-lift"]["name"] = broken["stretch"]["cat-cow"]["name"]

    with pytest.raises(CatalogueError, match="also used by"):
        catalogue_load(broken)


def test_command_loads_and_reports(capsys):
    call_command("load_catalogue")

    assert "Catalogue loaded" in capsys.readouterr().out
    assert Stretch.objects.count() >= len(REQUIRED_SLUGS)


def test_command_fails_clearly_on_a_broken_file(tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text('[stretch.bad]\nname = "Bad"\nhold_seconds = 9999\n')

    with pytest.raises(CommandError) as raised:
        call_command("load_catalogue", file=path)

    assert "nothing changed" in str(raised.value)
    assert "stretch 'bad', field 'hold_seconds'" in str(raised.value)
    assert Stretch.objects.count() == 0


def test_command_fails_clearly_on_a_file_that_is_not_toml(tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text("this is [not toml")

    with pytest.raises(CommandError, match="not valid TOML"):
        call_command("load_catalogue", file=path)


def test_load_stretches_loads_the_stretches_alone(capsys):
    call_command("load_stretches")

    assert "Catalogue loaded" in capsys.readouterr().out
    assert Stretch.objects.count() >= len(REQUIRED_SLUGS)
    assert not Routine.objects.exists()  # the starters and try routines are routines' own
