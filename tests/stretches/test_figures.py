"""The stretch figures: pose validation and the SVG they are drawn as.

These tests need no database: figures are pure functions of the pose data.
"""

import copy
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stretches.figures import VIEWBOX, render_figure, validate_pose

CATALOGUE_TOML = Path(__file__).resolve().parents[2] / "stretches" / "data" / "catalogue.toml"
SVG = "{http://www.w3.org/2000/svg}"

EXPECTED_SLUGS = {
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


def load_poses():
    with CATALOGUE_TOML.open("rb") as fh:
        return {slug: entry["figure"] for slug, entry in tomllib.load(fh)["stretch"].items()}


POSES = load_poses()


def a_pose():
    """A small valid side-view pose to break in each test."""
    return {
        "head": [22, 54],
        "neck": [28, 55.5],
        "hip": [47, 55.5],
        "near": {"elbow": [38, 56.5], "hand": [47, 56.5], "knee": [55, 45], "foot": [61, 55]},
        "props": ["floor", "mat"],
    }


def test_the_catalogue_has_a_pose_for_every_stretch():
    assert set(POSES) == EXPECTED_SLUGS


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_pose_in_the_catalogue_is_valid(slug):
    assert validate_pose(POSES[slug]) == []


def test_a_valid_pose_has_no_errors():
    assert validate_pose(a_pose()) == []


def test_a_pose_without_a_head_is_reported():
    pose = a_pose()
    del pose["head"]

    assert validate_pose(pose) == ["head: missing"]


def test_a_point_outside_the_box_is_reported_with_the_field_and_the_allowed_range():
    pose = a_pose()
    pose["head"] = [120, 5]

    errors = validate_pose(pose)

    assert len(errors) == 1
    assert errors[0].startswith("head: expected [x, y] numbers in 0-100")
    assert "[120, 5]" in errors[0]


def test_a_y_below_the_box_is_reported():
    pose = a_pose()
    pose["near"]["foot"] = [61, 70]

    assert [e.split(":")[0] for e in validate_pose(pose)] == ["near.foot"]


def test_a_point_of_the_wrong_type_is_reported():
    pose = a_pose()
    pose["neck"] = "28, 55"
    pose["hip"] = [47, True]
    pose["near"]["knee"] = [55]

    fields = [e.split(":")[0] for e in validate_pose(pose)]

    assert fields == ["neck", "hip", "near.knee"]


def test_an_unknown_prop_is_reported_by_name():
    pose = a_pose()
    pose["props"] = ["floor", "sofa"]

    errors = validate_pose(pose)

    assert len(errors) == 1
    assert errors[0].startswith("props: unknown 'sofa'")


def test_an_unknown_prop_kind_in_a_table_is_reported_by_name():
    pose = a_pose()
    pose["props"] = [{"kind": "sofa", "x": 3}]

    assert validate_pose(pose)[0].startswith("props: unknown 'sofa'")


def test_a_prop_setting_out_of_range_or_unknown_is_reported():
    pose = a_pose()
    pose["props"] = [{"kind": "chair", "y": 90, "colour": "red"}]

    errors = validate_pose(pose)

    assert "props[0].y: expected a number in 0-64, got 90" in errors
    assert "props[0]: unknown setting 'colour' for chair" in errors


def test_a_missing_limb_point_is_reported():
    pose = a_pose()
    del pose["near"]["hand"]

    assert validate_pose(pose) == ["near.hand: missing"]


def test_unknown_keys_are_reported_so_typos_do_not_pass_silently():
    pose = a_pose()
    pose["spine_curv"] = 4
    pose["near"]["finger"] = [1, 1]

    errors = validate_pose(pose)

    assert "spine_curv: unknown key" in errors
    assert "near: unknown key 'finger'" in errors


def test_a_spine_curve_that_is_not_a_small_number_is_reported():
    pose = a_pose()
    pose["spine_curve"] = 40

    assert validate_pose(pose) == ["spine_curve: expected a number in -15-15, got 40"]


def test_a_front_view_needs_left_and_right_limbs_with_shoulders():
    pose = a_pose()
    pose["view"] = "front"

    errors = validate_pose(pose)

    assert "near: not used in front view (use left and right)" in errors
    assert "left: missing" in errors
    assert "right: missing" in errors


def test_an_unknown_view_is_reported():
    pose = a_pose()
    pose["view"] = "back"

    assert validate_pose(pose)[0].startswith("view: expected one of side, front, top")


def test_badly_shaped_arrows_are_reported():
    pose = a_pose()
    pose["arrows"] = [
        [[10, 10], [20, 20]],
        {"circle": [50, 30, 0]},
        {"path": [[1, 1], [2, 2], [3, 3]], "both": "yes"},
        {"spin": 3},
    ]

    fields = [e.split(":")[0] for e in validate_pose(pose)]

    assert fields == ["arrows[0]", "arrows[1].circle", "arrows[2].both", "arrows[3]"]


def test_something_that_is_not_a_table_is_not_a_pose():
    assert validate_pose(["head"]) == ["pose: expected a table, got list"]


def parse(svg):
    return ET.fromstring(str(svg))


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_is_a_well_formed_labelled_svg_image(slug):
    root = parse(render_figure(POSES[slug], title="A stretch", id_prefix=f"fig-{slug}"))

    title = root.find(f"{SVG}title")
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == VIEWBOX
    assert root.get("role") == "img"
    assert title is not None
    assert title.text == "A stretch"
    assert root.get("aria-labelledby") == title.get("id") == f"fig-{slug}-title"


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_is_small(slug):
    assert len(render_figure(POSES[slug], title="Knee rolls").encode()) < 1500


def test_the_figure_is_drawn_in_current_color_with_round_line_ends_and_no_fixed_size():
    root = parse(render_figure(a_pose(), title="Bridge", size_class="figure figure--small"))

    assert root.get("stroke") == "currentColor"
    assert root.get("stroke-linecap") == "round"
    assert root.get("stroke-linejoin") == "round"
    assert root.get("class") == "figure figure--small"
    assert root.get("width") is None
    assert root.get("height") is None


def test_the_title_is_escaped():
    svg = render_figure(a_pose(), title='Knees <script>alert("hi")</script> & chest')

    root = parse(svg)

    assert "<script" not in svg
    assert root.find(f"{SVG}title").text == 'Knees <script>alert("hi")</script> & chest'


def test_the_default_title_id_is_derived_from_the_title():
    first = parse(render_figure(a_pose(), title="Hip lift (bridge)"))
    second = parse(render_figure(a_pose(), title="Knee rolls"))

    assert first.get("aria-labelledby") == "fig-hip-lift-bridge-title"
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_the_id_prefix_keeps_two_copies_of_one_figure_apart():
    card = parse(render_figure(a_pose(), title="Hip lift", id_prefix="card-7"))
    detail = parse(render_figure(a_pose(), title="Hip lift", id_prefix="detail"))

    assert card.get("aria-labelledby") == "card-7-title"
    assert detail.get("aria-labelledby") == "detail-title"


def test_the_same_pose_always_gives_the_same_svg():
    pose = POSES["cat-cow"]

    assert render_figure(pose, title="Cat-cow") == render_figure(
        copy.deepcopy(pose), title="Cat-cow"
    )


@pytest.mark.parametrize("slug", sorted(POSES))
def test_no_figure_has_inline_styles_or_scripts(slug):
    svg = render_figure(POSES[slug], title="A stretch")

    assert "style=" not in svg
    assert "<script" not in svg
    assert "<style" not in svg
    assert all("style" not in element.attrib for element in parse(svg).iter())


def test_far_limbs_are_drawn_lighter_than_near_limbs():
    pose = a_pose()
    pose["far"] = {"elbow": [38, 56], "hand": [46, 56], "knee": [56, 45], "foot": [62, 55]}

    far = parse(render_figure(pose, title="Pelvic tilt")).find(f"{SVG}g[@class='fig-far']")

    assert far is not None
    assert float(far.get("opacity")) < 1


def test_the_figure_is_marked_safe_for_templates():
    assert hasattr(render_figure(a_pose(), title="Hip lift"), "__html__")


def test_an_invalid_pose_cannot_be_drawn():
    pose = a_pose()
    pose["props"] = ["sofa"]

    with pytest.raises(ValueError, match="props: unknown 'sofa'"):
        render_figure(pose, title="Hip lift")
