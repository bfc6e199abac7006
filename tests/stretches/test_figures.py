"""The stretch figures: one jointed body posed by joint angles, checked, drawn in two frames.

These tests need no database: figures are pure functions of the pose data.
"""

import copy
import math
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stretches.figures import (
    BONES,
    mirrored_text,
    pose_frames,
    render_figure,
    skeleton,
    validate_pose,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_TOML = ROOT / "stretches" / "data" / "catalogue.toml"
SVG = "{http://www.w3.org/2000/svg}"


def load_poses():
    with CATALOGUE_TOML.open("rb") as fh:
        return {slug: entry["figure"] for slug, entry in tomllib.load(fh)["stretch"].items()}


POSES = load_poses()


def a_pose():
    """A small valid pose to break in each test: lying on the back, one knee lifting."""
    return {
        "alt": "Lying on your back, the left knee bends and lifts toward the chest.",
        "props": ["floor", {"kind": "mat", "x": -40, "w": 80}],
        "work": ["left-leg"],
        "start": {"at": [0], "pelvis": [90]},
        "stretch": {"left_hip": [70], "left_knee": 80},
    }


BONE_ENDS = {
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "hand"),
    "thigh": ("hip", "knee"),
    "shin": ("knee", "ankle"),
}


@pytest.mark.parametrize(
    "frame",
    [
        {},
        {"pelvis": [90], "left_hip": [120, 30, 40], "left_knee": 140},
        {"pelvis": [-70, 10, 20], "spine": [60, -20, 30], "right_shoulder": [170, 40, -60, 3]},
        *(frame for pose in POSES.values() for frame in pose_frames(pose).values()),
    ],
)
def test_forward_kinematics_keeps_every_bone_its_length(frame):
    points = skeleton(frame).points

    for side in ("left", "right"):
        for bone, (a, b) in BONE_ENDS.items():
            length = math.dist(points[f"{side}_{a}"], points[f"{side}_{b}"])
            assert length == pytest.approx(BONES[bone]), (side, bone)
    assert math.dist(points["pelvis"], points["waist"]) == pytest.approx(BONES["lumbar"])
    assert math.dist(points["waist"], points["neck"]) == pytest.approx(BONES["thorax"])


def test_standing_tall_the_head_is_on_top_and_the_left_side_is_toward_negative_z():
    points = skeleton({"at": [0, 30]}).points

    assert points["head"][1] > points["neck"][1] > points["pelvis"][1] > points["left_knee"][1]
    assert points["left_knee"][1] > points["left_ankle"][1]
    assert points["left_hip"][2] < 0 < points["right_hip"][2]
    assert points["head"][0] == pytest.approx(points["pelvis"][0], abs=0.5)


def test_a_hip_flexed_to_ninety_degrees_lifts_the_knee_forward_and_the_knee_bends_back():
    points = skeleton({"at": [0, 30], "left_hip": [90], "left_knee": 90}).points

    hip, knee, ankle = points["left_hip"], points["left_knee"], points["left_ankle"]
    assert knee[0] - hip[0] == pytest.approx(BONES["thigh"])
    assert knee[1] == pytest.approx(hip[1])
    assert ankle[0] == pytest.approx(knee[0])
    assert ankle[1] == pytest.approx(knee[1] - BONES["shin"])


def test_lying_on_the_back_puts_the_head_and_feet_at_the_same_height():
    points = skeleton({"at": [0, 5], "pelvis": [90]}).points

    assert points["head"][0] < points["pelvis"][0] < points["left_ankle"][0]
    assert points["head"][1] == pytest.approx(points["left_ankle"][1], abs=2)


def test_the_catalogue_has_a_figure_for_every_stretch_with_two_frames():
    for slug, pose in POSES.items():
        frames = pose_frames(pose)
        assert set(frames) == {"start", "stretch"}, slug
        assert frames["start"] != frames["stretch"], slug


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_in_the_catalogue_passes_the_checks(slug):
    assert validate_pose(POSES[slug]) == []


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_describes_the_movement_not_just_the_name(slug):
    alt = POSES[slug]["alt"]

    assert len(alt.split()) >= 12
    assert alt.endswith(".")


def test_a_valid_pose_has_no_errors():
    assert validate_pose(a_pose()) == []


def test_a_joint_beyond_its_range_is_refused_naming_the_frame_and_the_joint():
    pose = a_pose()
    pose["stretch"]["left_knee"] = 175

    assert validate_pose(pose) == ["stretch: left_knee: 175 is beyond the plausible range 0 to 160"]


def test_a_part_of_a_joint_beyond_its_range_is_named_by_its_place():
    pose = a_pose()
    pose["start"]["spine"] = [0, 60]

    assert validate_pose(pose) == ["start: spine[1]: 60 is beyond the plausible range -40 to 40"]


def test_a_limb_through_the_torso_is_refused():
    pose = a_pose()
    # Standing, the left arm swung straight across and through the chest.
    pose["start"] = {"at": [0]}
    pose["stretch"] = {"left_shoulder": [0, -30]}  # drawn in, across the body

    assert validate_pose(pose) == [
        "stretch: left_upper_arm: the left-arm passes through the torso",
        "stretch: left_forearm: the left-arm passes through the torso",
    ]


def test_a_forearm_through_the_head_is_refused():
    pose = a_pose()
    pose["start"] = {"at": [0]}
    # The arm raised to the side and bent so the forearm crosses the face.
    pose["stretch"] = {"right_shoulder": [0, 160, 90], "right_elbow": 110}

    errors = validate_pose(pose)

    assert any("right-arm passes through the head" in e for e in errors)
    assert all(e.startswith("stretch: right_") for e in errors)


def test_a_body_part_through_the_floor_is_refused():
    pose = a_pose()
    pose["start"]["at"] = [0, 1]

    errors = validate_pose(pose)

    assert "start: pelvis: goes through the floor" in errors
    assert "start: head: goes through the floor" in errors
    assert all(e.endswith("goes through the floor") for e in errors)


@pytest.mark.parametrize(
    ("prop", "name"),
    [
        ({"kind": "bed", "x": -40, "w": 80, "y": 14}, "bed"),
        ({"kind": "chair", "x": -8, "w": 15, "y": 15}, "chair"),
    ],
)
def test_a_body_part_through_a_bed_or_a_chair_is_refused(prop, name):
    pose = a_pose()
    pose["props"] = [prop]
    # Lying at a height that sinks the pelvis into the mattress or the seat.
    pose["start"]["at"] = [0, prop["y"] - 0.7]

    errors = validate_pose(pose)

    assert f"start: pelvis: goes through the {name}" in errors


def test_resting_on_a_prop_is_not_going_through_it():
    pose = a_pose()
    pose["props"] = [{"kind": "bed", "x": -40, "w": 80, "y": 14}]

    assert validate_pose(pose) == []


def test_an_unknown_joint_a_missing_frame_and_a_missing_text_are_reported():
    pose = a_pose()
    pose["start"]["left_wing"] = 10
    del pose["stretch"]
    del pose["alt"]

    errors = validate_pose(pose)

    assert "start: left_wing: not a joint" in errors
    assert any(e.startswith("stretch: missing") for e in errors)
    assert any(e.startswith("alt: ") for e in errors)


def test_unknown_keys_views_limbs_and_props_are_reported():
    pose = a_pose()
    pose["colour"] = "red"
    pose["view"] = "upside-down"
    pose["work"] = ["tail"]
    pose["props"] = ["sofa"]

    fields = [e.split(":")[0] for e in validate_pose(pose)]

    assert fields == ["colour", "view", "work", "props[0]"]


def test_badly_shaped_arrows_are_reported():
    pose = a_pose()
    pose["arrows"] = [
        [[10, 10], [20, 20]],
        {"circle": [50, 30, 0]},
        {"follow": "left_wing"},
        {"spin": 3},
    ]

    fields = [e.split(":")[0] for e in validate_pose(pose)]

    assert fields == ["arrows[0]", "arrows[1].circle", "arrows[2].follow", "arrows[3]"]


def test_something_that_is_not_a_table_is_not_a_pose():
    assert validate_pose(["head"]) == ["pose: expected a table, got list"]


def parse(markup):
    return ET.fromstring(str(markup))


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_is_a_labelled_image_with_a_loop_and_a_pair(slug):
    figure = parse(render_figure(POSES[slug], title="What it shows", id_prefix=slug))

    assert figure.tag == "div"
    assert figure.get("role") == "img"
    assert figure.get("aria-label") == "What it shows"
    loop, pair = list(figure)
    assert loop.get("class") == "fig-loop"
    assert loop.get("aria-hidden") == "true"
    assert pair.get("class") == "fig-pair"
    assert pair.get("aria-hidden") == "true"
    assert loop.findall(f".//{SVG}animate"), "the loop moves between the frames"
    assert not pair.findall(f".//{SVG}animate"), "the pair stands still"


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_figure_is_light(slug):
    assert len(render_figure(POSES[slug], title="t")) < 20_000
    assert len(render_figure(POSES[slug], title="t", still=True)) < 3_000


def test_the_loop_morphs_each_moving_part_between_the_two_frames_at_the_given_pace():
    figure = parse(render_figure(a_pose(), title="t", seconds=7))

    animations = figure.findall(f".//{SVG}animate")
    assert animations
    for animate in animations:
        first, _, second, _, back = animate.get("values").split(";")
        assert first == back != second
        assert animate.get("dur") == "7s"
        assert animate.get("repeatCount") == "indefinite"
        # Both frames share the same commands, so one morphs into the other.
        assert re.sub(r"[-\d.]+", "", first) == re.sub(r"[-\d.]+", "", second)


def test_reduced_motion_shows_the_two_frames_side_by_side_with_an_arrow_between():
    pose = a_pose()
    pose["start"] = {"at": [0], "left_shoulder": [90]}  # standing: taller than it is long
    pose["stretch"] = {"left_shoulder": [170]}
    figure = parse(render_figure(pose, title="t"))
    pair = figure[1]

    frames = [g for g in pair if g.tag == f"{SVG}svg"]
    assert len(frames) == 2
    width = float(frames[0].get("width"))
    assert frames[0].get("x") == "0"
    assert float(frames[1].get("x")) == width + 12
    assert frames[0].get("y") == frames[1].get("y") == "0"
    assert frames[0].get("viewBox") == frames[1].get("viewBox")
    assert [g.get("class") for g in pair].count("fig-arrows") == 1
    css = (ROOT / "static" / "css" / "app.css").read_text()
    reduced = css[css.index("/* Figures:") :]
    assert "@media (prefers-reduced-motion: reduce)" in reduced
    assert ".fig .fig-loop { display: none; }" in reduced


def test_two_frames_of_a_long_low_body_stand_one_above_the_other_to_be_drawn_larger():
    pair = parse(render_figure(a_pose(), title="t"))[1]  # lying on the back

    first, second = (g for g in pair if g.tag == f"{SVG}svg")
    width, height = float(first.get("width")), float(first.get("height"))
    assert first.get("x") == second.get("x") == "0"
    assert float(second.get("y")) == height + 12
    _, _, pair_width, pair_height = (float(v) for v in pair.get("viewBox").split())
    assert pair_height == pytest.approx(2 * height + 12, abs=0.2)
    # Each frame is drawn across the pair's whole width, twice as large as side by side.
    assert width == pair_width
    arrow = next(g for g in pair if g.get("class") == "fig-arrows")
    assert re.search(r"M[\d.]+ [\d.]+V[\d.]+", ET.tostring(arrow).decode())  # it points down


def test_the_mirror_image_draws_the_other_side_and_tints_the_other_limb():
    plain = str(render_figure(a_pose(), title="t"))
    mirrored = str(render_figure(a_pose(), title="t", mirrored=True))

    assert "matrix(-1 0 0 1 100 0)" not in plain
    assert 'transform="matrix(-1 0 0 1 100 0)"' in mirrored
    assert mirrored.count('transform="matrix(-1 0 0 1 100 0)"') == 3
    # The same outlines, drawn the other way round.
    assert re.findall(r' d="([^"]+)"', plain) == re.findall(r' d="([^"]+)"', mirrored)


def test_the_words_for_the_other_side_swap_left_and_right():
    assert mirrored_text("Left knee across to the right; left again.") == (
        "Right knee across to the left; right again."
    )
    assert mirrored_text("Bright lights") == "Bright lights"


def test_the_working_limb_is_tinted_and_far_limbs_are_lighter():
    pose = a_pose()
    pose["view"] = "left"
    figure = parse(render_figure(pose, title="t", still=True))

    classes = [p.get("class") or "" for p in figure.iter(f"{SVG}path")]
    assert sum("fig-work" in c for c in classes) == 3  # thigh, shin and foot
    assert any("fig-far" in c for c in classes)


def test_a_still_figure_for_cards_is_the_stretch_frame_alone():
    figure = parse(render_figure(a_pose(), title="t", still=True))

    assert figure.tag == f"{SVG}svg"
    assert figure.get("role") == "img"
    assert not figure.findall(f".//{SVG}animate")


def test_the_figure_is_drawn_in_current_color_with_no_fixed_colour_style_or_script():
    for slug, pose in POSES.items():
        markup = str(render_figure(pose, title="t"))
        assert "currentColor" in markup
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", markup), slug
        assert "style=" not in markup, slug
        assert "<script" not in markup, slug


def test_the_title_is_escaped():
    markup = str(render_figure(a_pose(), title='Knees <b>"up"</b>'))

    assert "<b>" not in markup
    assert "&lt;b&gt;" in markup


def test_the_same_pose_always_gives_the_same_figure():
    assert render_figure(a_pose(), title="t") == render_figure(copy.deepcopy(a_pose()), title="t")


def test_an_invalid_pose_cannot_be_drawn():
    pose = a_pose()
    pose["stretch"]["left_knee"] = 300

    with pytest.raises(ValueError, match="left_knee"):
        render_figure(pose, title="t")


def test_side_by_side_an_arrow_goes_on_the_frame_whose_movement_it_shows():
    pose = a_pose()
    pose["arrows"] = [
        {"circle": [50, 30, 4], "frame": "start"},
        {"follow": "left_knee"},
    ]
    pair = parse(render_figure(pose, title="t"))[1]

    first, second = (frame for frame in pair if frame.tag == f"{SVG}svg")
    assert len(first.findall(f".//{SVG}g[@class='fig-arrows']")) == 1
    assert len(second.findall(f".//{SVG}g[@class='fig-arrows']")) == 1
    assert "A4 4" in ET.tostring(first).decode()
    assert "A4 4" not in ET.tostring(second).decode()


def test_a_flat_hand_lies_at_right_angles_to_a_straight_arm():
    points = skeleton({"at": [0, 30], "left_wrist": 90}).points

    wrist, hand = points["left_wrist"], points["left_hand"]
    assert hand[1] == pytest.approx(wrist[1])
    assert hand[0] - wrist[0] == pytest.approx(BONES["hand"])


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("view",), ["left"]),
        (("props", 1, "kind"), {"bed": 1}),
        (("arrows",), [{"follow": ["head"]}]),
        (("arrows",), [{"circle": [50, 30, 4], "sweep": [90]}]),
        (("work",), [["left-leg"]]),
        (("start", "at"), None),
        (("start", "left_knee"), float("nan")),
        (("stretch", "spine"), [1, 2, 3, 4]),
    ],
)
def test_hostile_values_are_reported_never_raised(where, value):
    pose = a_pose()
    target = pose
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value

    assert validate_pose(pose)


# --------------------------------------------------------------------------
# The figures a blind reader misread: what each must show, as rules of the pose


def _rested(slug):
    """Both key frames of a catalogue figure, rested on their props as drawn."""
    from stretches.figures.checks import _freeze, _posed

    pose = POSES[slug]
    props = tuple(_freeze(pose.get("props", [])))
    frames = pose_frames(pose)
    return [_posed(frames[name], props).points for name in ("start", "stretch")]


def test_both_knees_come_to_the_chest_together_and_both_legs_are_tinted():
    assert sorted(POSES["knees-to-chest"]["work"]) == ["left-leg", "right-leg"]
    start, stretch = _rested("knees-to-chest")
    for side in ("left", "right"):
        # Each knee ends nearer the chest than it starts, and both end level.
        assert math.dist(stretch[f"{side}_knee"], stretch["neck"]) < math.dist(
            start[f"{side}_knee"], start["neck"]
        )
    assert stretch["left_knee"][1] == pytest.approx(stretch["right_knee"][1], abs=0.1)


def test_single_knee_to_chest_lifts_one_knee_while_the_other_foot_stays_down():
    assert POSES["single-knee-to-chest"]["work"] == ["left-leg"]
    start, stretch = _rested("single-knee-to-chest")
    assert math.dist(start["right_ankle"], stretch["right_ankle"]) < 0.5
    assert math.dist(stretch["left_knee"], stretch["neck"]) < math.dist(
        start["left_knee"], start["neck"]
    )
    # Nothing crosses: the lifted shin stays clear of the other knee (not a figure-four,
    # where the ankle rests within 4 of it).
    assert math.dist(stretch["left_ankle"], stretch["right_knee"]) > 6
    # Both hands reach the lifted knee.
    for side in ("left", "right"):
        assert math.dist(stretch[f"{side}_hand"], stretch["left_knee"]) < 6.5


def test_the_figure_four_rests_the_ankle_just_above_the_other_knee_and_the_knee_falls_out():
    start, stretch = _rested("lying-figure-four")
    assert math.dist(stretch["left_ankle"], stretch["right_knee"]) < 4
    # The crossed knee falls out to its own side (the body's left is -z).
    assert stretch["left_knee"][2] < start["left_knee"][2] - 5
    assert math.dist(start["right_ankle"], stretch["right_ankle"]) < 0.5


def test_the_pelvic_tilt_keeps_the_hips_and_shoulders_down():
    start, stretch = _rested("pelvic-tilt")
    for joint in ("pelvis", "neck"):
        assert start[joint][1] == pytest.approx(stretch[joint][1], abs=1.0)
    # The small of the back is a little higher at the start (the arch) than in the tilt.
    assert start["waist"][1] > stretch["waist"][1]


def test_in_the_overhead_triceps_stretch_the_other_hand_holds_the_elbow():
    _, stretch = _rested("overhead-triceps-stretch")
    assert math.dist(stretch["right_hand"], stretch["left_elbow"]) < 2


def test_the_standing_hip_stretch_keeps_the_straight_leg_behind_and_bends_the_front_knee():
    pose = POSES["standing-hip-buttock-stretch"]
    assert pose["work"] == ["left-leg"]
    _start, stretch = _rested("standing-hip-buttock-stretch")
    # The body faces +x: the left foot is behind the right one, and the hips sit further
    # back over the feet than the chest, which comes forward and down.
    assert stretch["left_ankle"][0] < stretch["right_ankle"][0]
    assert stretch["pelvis"][0] < stretch["neck"][0] - 10
    # The hands slide down the straight back leg, below the middle of the thigh.
    thigh = (stretch["left_hip"][1] + stretch["left_knee"][1]) / 2
    for side in ("left", "right"):
        assert stretch[f"{side}_hand"][1] < thigh
    assert pose["stretch"].get("left_knee", 0) == 0
    assert pose["stretch"]["right_knee"] > 0


def test_the_standing_hip_stretch_hinges_at_the_hips_over_planted_feet():
    start, stretch = _rested("standing-hip-buttock-stretch")
    # The feet stay where they are: the movement is the body's, not a step.
    for side in ("left", "right"):
        assert math.dist(start[f"{side}_ankle"], stretch[f"{side}_ankle"]) < 0.5
        assert stretch[f"{side}_heel"][1] < 2.5  # on the floor

    def lean(points):  # degrees the trunk leans forward from upright
        dx, dy = (n - p for n, p in zip(points["neck"][:2], points["pelvis"][:2], strict=True))
        return math.degrees(math.atan2(dx, dy))

    assert lean(start) < 5
    assert lean(stretch) > 45
    # The front knee bends a little and the pelvis drops no lower than that allows.
    assert 10 <= POSES["standing-hip-buttock-stretch"]["stretch"]["right_knee"] <= 35


def test_both_hands_hold_the_knees_in_knees_to_chest():
    _, stretch = _rested("knees-to-chest")
    for side in ("left", "right"):
        assert math.dist(stretch[f"{side}_hand"], stretch[f"{side}_knee"]) < 6.5


def test_in_the_seated_lean_back_the_chin_stays_level_as_the_trunk_leans_back():
    start, stretch = _rested("seated-lean-back")

    def lean(points):  # degrees the trunk leans back from upright (the body faces +x)
        dx, dy = (n - p for n, p in zip(points["neck"][:2], points["pelvis"][:2], strict=True))
        return math.degrees(math.atan2(-dx, dy))

    def chin(points):  # degrees the face points up from level
        dx, dy = (n - h for n, h in zip(points["nose"][:2], points["head"][:2], strict=True))
        return math.degrees(math.atan2(dy, dx))

    assert lean(stretch) - lean(start) > 15
    assert abs(chin(stretch) - chin(start)) < 8


# --------------------------------------------------------------------------
# The third blind reading: what each corrected figure must show


def _drawn(slug):
    """Both key frames of a catalogue figure as drawn: each joint's (x, y, depth) in the
    box, and the arrows as placed."""
    from stretches.figures.checks import _freeze, _posed
    from stretches.figures.drawing import _frame_shapes

    pose = POSES[slug]
    camera, _, arrows = _frame_shapes(pose)
    props = tuple(_freeze(pose.get("props", [])))
    frames = pose_frames(pose)
    posed = [_posed(frames[name], props) for name in ("start", "stretch")]
    points = [{k: camera.project(v) for k, v in sk.points.items()} for sk in posed]
    return points, arrows


def test_in_shoulder_rolls_the_head_stays_still_and_the_shoulders_rise():
    start, stretch = _rested("shoulder-rolls")
    for joint in ("head", "nose"):
        assert math.dist(start[joint], stretch[joint]) < 0.1
    for side in ("left", "right"):
        assert stretch[f"{side}_shoulder"][1] - start[f"{side}_shoulder"][1] >= 2.5


def test_the_shoulder_rolls_circles_sit_on_the_shoulders_not_by_the_head():
    (_, stretch), arrows = _drawn("shoulder-rolls")
    circles = [a["circle"] for a in arrows]
    assert len(circles) == 2
    for side in ("left", "right"):
        shoulder = stretch[f"{side}_shoulder"][:2]
        nearest = min(circles, key=lambda c: math.dist(c[:2], shoulder))
        assert math.dist(nearest[:2], shoulder) < nearest[2]  # the shoulder is inside it
    head = stretch["head"][:2]
    for cx, cy, _ in circles:
        # Each circle's middle is nearer a shoulder than the head, and below the head.
        shoulder = min(
            math.dist((cx, cy), stretch[f"{side}_shoulder"][:2]) for side in ("left", "right")
        )
        assert shoulder < math.dist((cx, cy), head)
        assert cy > head[1] + 3


def test_the_figure_four_ankle_lies_across_the_other_knee_seen_lying_face_up():
    start, stretch = _rested("lying-figure-four")
    ankle, knee = stretch["left_ankle"], stretch["right_knee"]
    # On top of the other thigh, just above the knee, crossing its middle (the body's
    # right is +z), with the foot past it.
    assert ankle[1] > knee[1]
    assert ankle[2] >= knee[2]
    assert stretch["left_toe"][2] > knee[2] + 2
    assert _distance(ankle, stretch["right_hip"], knee) < 3.5
    # Face up on the floor, and seen from low down rather than from above.
    for frame in (start, stretch):
        assert frame["nose"][1] > frame["head"][1] + 3
    assert POSES["lying-figure-four"]["above"] <= 20
    (_, drawn), _ = _drawn("lying-figure-four")
    assert drawn["head"][2] > -2.0  # the head is drawn solid, not as a far part


def _distance(point, a, b):
    from stretches.figures.checks import _distance_to_segment

    return _distance_to_segment(point, a, b)


def test_the_standing_hip_stretch_tints_one_leg_and_both_hands_are_on_it():
    from stretches.figures.drawing import _frame_shapes

    _, stretch = _rested("standing-hip-buttock-stretch")
    for side in ("left", "right"):
        assert _distance(stretch[f"{side}_hand"], stretch["left_hip"], stretch["left_knee"]) < 3.5
    # Nothing but the working leg looks tinted: the other leg is not drawn faded either.
    _, parts, arrows = _frame_shapes(POSES["standing-hip-buttock-stretch"])
    for part, _, _, depth in parts:
        if part.startswith("right_") and part.endswith(("thigh", "shin", "foot")):
            assert depth > -2.0, part
    # One arrow, on the moving part: from where the shoulders stood over the hips, forward
    # and down to where they are (a third reader saw the hands at the hips and no movement).
    (drawn_start, drawn), _ = _drawn("standing-hip-buttock-stretch")
    assert len(arrows) == 1
    (x1, y1), _, (x2, y2) = arrows[0]["path"]
    assert y2 - y1 > 8
    assert abs(x2 - x1) > 8
    assert math.dist((x1, y1), drawn_start["neck"][:2]) < 8
    assert math.dist((x2, y2), drawn["neck"][:2]) < 8


def test_in_the_seated_lean_back_the_chin_is_level_and_no_arrow_sits_on_the_head():
    _, stretch = _rested("seated-lean-back")
    dx, dy = (n - h for n, h in zip(stretch["nose"][:2], stretch["head"][:2], strict=True))
    assert abs(math.degrees(math.atan2(dy, dx))) < 8
    (_, drawn), arrows = _drawn("seated-lean-back")
    for arrow in arrows:
        for point in _arrow_points(arrow):
            assert math.dist(point, drawn["head"][:2]) > 3.5 + 3


def _arrow_points(arrow):
    """Points along an arrow as drawn: a path's three, or every 5 degrees of a circle's arc."""
    if isinstance(arrow, dict) and "circle" in arrow:
        cx, cy, r = arrow["circle"]
        start, sweep = arrow.get("start", 200), arrow.get("sweep", 290)
        steps = max(1, int(abs(sweep) // 5))
        return [
            (
                cx + r * math.cos(math.radians(start + sweep * i / steps)),
                cy + r * math.sin(math.radians(start + sweep * i / steps)),
            )
            for i in range(steps + 1)
        ]
    return arrow["path"] if isinstance(arrow, dict) else arrow


def test_in_the_seated_lean_back_the_head_stays_in_line_with_the_chest():
    start, stretch = _rested("seated-lean-back")

    def bend(points):  # degrees the neck bends from the line of the chest
        chest = [n - w for n, w in zip(points["neck"][:2], points["waist"][:2], strict=True)]
        neck = [h - n for h, n in zip(points["head_base"][:2], points["neck"][:2], strict=True)]
        return abs(math.degrees(math.atan2(neck[0], neck[1]) - math.atan2(chest[0], chest[1])))

    # A third reader saw the head tipped back with the trunk when the neck bent 30 degrees
    # forward off a steep lean; now the lean is moderate and the head nearly in line.
    assert bend(stretch) <= 15
    assert bend(start) <= 2


def test_in_the_seated_lean_back_the_arms_hang_and_the_feet_rest_on_the_floor():
    for points in _rested("seated-lean-back"):
        for side in ("left", "right"):
            shoulder, hand = points[f"{side}_shoulder"], points[f"{side}_hand"]
            # Hanging: the hand is below the shoulder, not laid forward on the lap.
            assert abs(hand[0] - shoulder[0]) < 3
            assert shoulder[1] - hand[1] > 18
            assert min(points[f"{side}_heel"][1], points[f"{side}_toe"][1]) < 1.6


def test_in_single_knee_to_chest_the_resting_leg_stays_bent_with_its_foot_flat_in_view():
    pose = POSES["single-knee-to-chest"]
    for points in _rested("single-knee-to-chest"):
        hip, knee, ankle = (points[f"right_{j}"] for j in ("hip", "knee", "ankle"))
        thigh = [k - h for k, h in zip(knee, hip, strict=True)]
        shin = [a - k for a, k in zip(ankle, knee, strict=True)]
        cosine = sum(a * b for a, b in zip(thigh, shin, strict=True)) / (
            math.hypot(*thigh) * math.hypot(*shin)
        )
        assert math.degrees(math.acos(cosine)) > 80  # the knee is bent, not slid out straight
        assert knee[1] - ankle[1] > 8  # the knee stands up off the floor
        heel, toe = points["right_heel"][1], points["right_toe"][1]
        assert abs(heel - toe) < 0.5  # the sole is flat ...
        assert min(heel, toe) < 2.0  # ... and on the mat
    # Seen straight from the side, so the resting leg is not hidden behind the hugged one
    # (a third reader, shown it from behind the feet, saw it slid out straight).
    assert pose.get("view", "left") in (0, 180, "left", "right")
    assert pose.get("above", 0) == 0
    (start, stretch), _ = _drawn("single-knee-to-chest")
    for frame in (start, stretch):
        assert frame["right_knee"][1] < frame["right_ankle"][1] - 8  # drawn as a tent


@pytest.mark.parametrize("slug", ["pelvic-tilt", "lying-figure-four"])
def test_small_lying_figures_fill_their_frames(slug):
    """The pelvic tilt and the figure-four read on a 360 px phone: each frame side by side
    is cut to the body (before, 64 tall for a body 20 tall), and the loop zooms in."""
    figure = parse(render_figure(POSES[slug], title="t"))
    loop, pair = figure
    from stretches.figures.drawing import _arrow_span

    (start, stretch), arrows = _drawn(slug)
    _, top, _, tall = (float(v) for v in loop.get("viewBox").split())
    assert tall <= 40  # the loop shows at most 40 of the box's 64
    ys = [p[1] for frame in (start, stretch) for p in frame.values()]
    assert top <= min(ys) - 3
    assert max(ys) <= top + tall
    # Room to spare goes above the body, not under the floor: the box ends just below the
    # lowest of the body (with a limb's width) and the arrows.
    lowest = max([max(ys) + 2.5, *(_arrow_span(a)[1] for a in arrows)])
    assert top + tall == pytest.approx(lowest, abs=0.1)
    first = next(g for g in pair if g.tag == f"{SVG}svg")
    height = float(first.get("viewBox").split()[3])
    assert (max(ys) - min(ys)) / height > 0.55


def test_the_pelvic_tilt_frames_stand_one_above_the_other():
    pair = parse(render_figure(POSES["pelvic-tilt"], title="t"))[1]
    first, second = (g for g in pair if g.tag == f"{SVG}svg")
    assert float(second.get("y")) > 0
    assert second.get("x") == "0"
    # Drawn across the whole width: twice the scale of two frames side by side.
    assert first.get("width") == pair.get("viewBox").split()[2]


def test_every_arrow_is_drawn_thick_over_a_halo_of_the_background():
    figure = parse(render_figure(POSES["shoulder-rolls"], title="t"))
    groups = figure.findall(f".//{SVG}g[@class='fig-frame']/{SVG}g[@class='fig-arrows']")
    assert len(groups) == 2  # the loop's, and the stretch frame's side by side
    for between in figure.findall(f"{SVG}svg/{SVG}g[@class='fig-arrows']"):
        assert float(between.get("stroke-width")) >= 1.5
    for group in groups:
        assert float(group.get("stroke-width")) >= 1.5
        halo = group.find(f"{SVG}g[@class='fig-halo']")
        assert halo is not None
        assert float(halo.get("stroke-width")) > float(group.get("stroke-width"))
        assert len(list(halo)) == len([c for c in group if c.tag == f"{SVG}path"])
    css = (ROOT / "static" / "css" / "app.css").read_text()
    assert ".fig-arrows .fig-halo { color: var(--brand-soft); }" in css


@pytest.mark.parametrize(
    "slug",
    sorted(
        slug
        for slug, pose in POSES.items()
        if not pose.get("above")
        and any(isinstance(p, dict) and p["kind"] in ("chair", "bed") for p in pose["props"])
    ),
)
def test_a_cut_frame_keeps_a_chair_or_a_bed_down_to_the_floor(slug):
    pair = parse(render_figure(POSES[slug], title="t"))[1]
    first = next(g for g in pair if g.tag == f"{SVG}svg")
    _, top, _, tall = (float(v) for v in first.get("viewBox").split())
    assert top + tall >= 60 + 1  # the floor line and the feet of the seat


def test_in_the_pelvic_tilt_the_hands_rest_on_the_hips():
    for points in _rested("pelvic-tilt"):
        for side in ("left", "right"):
            hand, hip = points[f"{side}_hand"], points[f"{side}_hip"]
            # Near the hip and low over it (the front of the pelvis is 3.3 above its
            # middle): before, the forearms stood up some 12 above the hips.
            assert math.dist(hand[:2], hip[:2]) < 9
            assert hand[1] - points["pelvis"][1] < 8
