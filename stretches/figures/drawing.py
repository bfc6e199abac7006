"""Stretch figures: one jointed body, posed by joint angles, drawn as inline SVG.

Every figure is the same body (fixed bone lengths, `BONES`) in a 100 x 64 box with
the floor at y = 60. A figure has two key frames, the start and the stretch; the page
shows them as a slow loop (SMIL, no script) or, when motion is reduced, side by side
with an arrow between them (one above the other for a long, low body lying down). Both
are cut to the body and its arrows, so that a small figure fills its frame on a phone.

Pose schema (the ``[stretch.<slug>.figure]`` table of the catalogue)
--------------------------------------------------------------------

``view``    where the camera stands: ``"left"`` (the left side nearest, the figure faces
            left), ``"right"``, ``"front"``, or a number of degrees round the body
            (0 right side, 90 front, 180 left). Default ``"left"``.
``above``   degrees the camera looks down from (0-60); default 0, a side view.
``alt``     the text alternative: what the body does, for the first side ("Lying on your
            back, the left knee crosses over to the right ..."). The mirrored figure swaps
            "left" and "right".
``work``    optional list of the limbs that work, tinted: ``left-leg``, ``right-arm``...
``props``   list of scenery: ``"floor"``, or tables ``{kind = "mat" | "bed" | "chair" |
            "wall", x = ..., ...}`` in the body's units (x forwards from the middle of
            the box, y up from the floor; see `PROP_KINDS`).
``arrows``  movement arrows in box coordinates: ``[[x1, y1], [cx, cy], [x2, y2]]``,
            ``{path = ..., both = true}``, ``{circle = [cx, cy, r], start, sweep}``, or
            ``{follow = "left_knee", bend, shift}`` from where a joint starts to where it
            ends. Side by side they go on the stretch frame, or ``frame = "start"``.
``start``   the first key frame; ``stretch`` the second, giving only what changes.

A key frame gives the joint angles in degrees; anything left out is 0 (standing tall,
arms by the sides):

``at``      ``[x, y]``: where the middle of the pelvis is, x from the middle of the box,
            y above the floor. Leave y out (``at = [x]``) to rest the body on whatever is
            under it.
``pelvis``  ``[pitch, side, turn]``: pitch 90 lies on the back, -90 faces down; turn
            rolls the pelvis to the left about the line of the spine.
``spine``, ``neck``   ``[flex, side, turn]``: flex bends forward, side bends to the
            left, turn turns to the left. The spine's bend is shared by its two parts.
``left_hip``, ``right_hip``   ``[flex, out, rotate]``: flex lifts the thigh forward, out
            takes it out to the side, rotate turns the knee outward.
``left_knee``, ``right_knee``, ``left_elbow``, ``right_elbow``   bend, 0 straight.
``left_ankle``, ``right_ankle``   toes up (+) or pointed (-).
``left_wrist``, ``right_wrist``   the hand bent forward (+, 90 lays it flat on the floor
            under a straight arm) or back (-).
``left_shoulder``, ``right_shoulder``   ``[flex, out, rotate, shrug]``: flex raises the
            arm forward (180 overhead), out raises it to the side, shrug lifts the
            shoulder (in the body's units).

The checks (`validate_pose`) refuse a joint beyond a plausible range, a limb through the
torso or the head, and any part of the body through the floor, a mat, a bed or a chair;
each message names the key frame and the joint.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from numbers import Real

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "BONES",
    "FRAMES",
    "VIEWBOX",
    "figure_markup",
    "pose_frames",
    "render_figure",
    "skeleton",
    "validate_pose",
]

WIDTH, HEIGHT, FLOOR_Y = 100, 64, 60
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
PAIR_GAP = 12
FRAMES = ("start", "stretch")

# Bone lengths, in the box's units (a standing body is about 55 tall).
BONES = {
    "lumbar": 7.0,
    "thorax": 9.5,
    "neck": 2.6,
    "upper_arm": 9.6,
    "forearm": 8.6,
    "hand": 3.0,
    "thigh": 13.4,
    "shin": 13.0,
    "foot": 5.4,
}
HEAD_R = 3.5
SHOULDER_HALF = 4.6
HIP_HALF = 2.7
ANKLE_HEIGHT = 2.2
# Half-widths: (across the body, front to back) for the torso, one radius for limbs.
TORSO_R = {"pelvis": (4.2, 3.3), "waist": (3.4, 2.7), "chest": (4.8, 3.2), "neck": (1.6, 1.6)}
LIMB_R = {
    "upper_arm": (1.45, 1.15),
    "forearm": (1.15, 0.85),
    "hand": (0.95, 0.7),
    "thigh": (2.5, 1.7),
    "shin": (1.7, 1.1),
    "foot": (1.0, 0.75),
}

# Plausible ranges of each joint's angles, in degrees: (min, max) per component.
RANGES: dict[str, tuple[tuple[float, float], ...]] = {
    "pelvis": ((-180, 180), (-90, 90), (-180, 180)),
    "spine": ((-45, 100), (-40, 40), (-50, 50)),
    "neck": ((-50, 70), (-45, 45), (-80, 80)),
    "hip": ((-30, 150), (-25, 75), (-45, 70)),
    "knee": ((0, 160),),
    "ankle": ((-70, 35),),
    "wrist": ((-80, 90),),
    "shoulder": ((-60, 185), (-30, 185), (-90, 90), (0, 3)),
    "elbow": ((0, 155),),
}
JOINTS = {
    "pelvis": "pelvis",
    "spine": "spine",
    "neck": "neck",
    **{
        f"{side}_{joint}": joint
        for side in ("left", "right")
        for joint in ("hip", "knee", "ankle", "shoulder", "elbow", "wrist")
    },
}
LIMBS = ("left-arm", "right-arm", "left-leg", "right-leg")
VIEWS = {"right": 0, "front": 90, "left": 180, "back": 270}

# Props, in the body's units: x along the box from its middle, y up from the floor.
PROP_KINDS: dict[str, dict[str, float]] = {
    "floor": {},
    "mat": {"x": -40, "w": 80},
    "bed": {"x": -46, "w": 92, "y": 14},
    "chair": {"x": -6, "w": 15, "y": 15, "back": 17},
    "wall": {"x": -30},
}
TOP_KEYS = {"view", "above", "alt", "work", "props", "arrows", "start", "stretch"}


# --------------------------------------------------------------------------
# The skeleton: forward kinematics


def _rx(deg: float):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1, 0, 0), (0, c, -s), (0, s, c))


def _ry(deg: float):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0, s), (0, 1, 0), (-s, 0, c))


def _rz(deg: float):
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0), (s, c, 0), (0, 0, 1))


def _mul(a, b):
    return tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )


def _apply(m, v):
    return tuple(sum(m[i][k] * v[k] for k in range(3)) for i in range(3))


def _add(a, b, scale: float = 1.0):
    return tuple(x + scale * y for x, y in zip(a, b, strict=True))


def _angles(frame: dict, key: str, count: int) -> list[float]:
    value = frame.get(key, 0)
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    return [float(v) for v in values] + [0.0] * (count - len(values))


def _spine_turn(flex: float, side: float, turn: float):
    # flex bends toward +x (forward), side toward -z (the left), turn faces toward -z.
    return _mul(_mul(_rz(-flex), _rx(-side)), _ry(turn))


@dataclass(frozen=True)
class Skeleton:
    """The joints of one posed body (x forwards, y up, z to the body's right)."""

    points: dict[str, tuple[float, float, float]]
    face: tuple[float, float, float]
    lateral: dict[str, tuple[float, float, float]]  # the body's right, per torso part
    forward: dict[str, tuple[float, float, float]]


def skeleton(frame: dict, *, rest_y: float = 0.0) -> Skeleton:
    """Forward kinematics: the joints of the body posed by ``frame``'s angles, with the
    pelvis at ``frame["at"]`` (its height ``rest_y`` when ``at`` gives only x)."""
    at = list(frame.get("at", [0]))
    origin = (float(at[0]), float(at[1]) if len(at) > 1 else rest_y, 0.0)
    pitch, side, turn = _angles(frame, "pelvis", 3)
    pelvis = _mul(_mul(_rz(pitch), _rx(-side)), _ry(turn))
    flex, side, turn = _angles(frame, "spine", 3)
    half = _spine_turn(flex / 2, side / 2, turn / 2)
    lumbar = _mul(pelvis, half)
    thorax = _mul(lumbar, half)
    neck_rot = _mul(thorax, _spine_turn(*_angles(frame, "neck", 3)))

    p: dict[str, tuple[float, float, float]] = {"pelvis": origin}
    p["waist"] = _add(origin, _apply(lumbar, (0, BONES["lumbar"], 0)))
    p["neck"] = _add(p["waist"], _apply(thorax, (0, BONES["thorax"], 0)))
    p["head_base"] = _add(p["neck"], _apply(neck_rot, (0, BONES["neck"], 0)))
    p["head"] = _add(p["head_base"], _apply(neck_rot, (0.2, HEAD_R * 0.85, 0)))
    face = _apply(neck_rot, (1, 0, 0))
    p["nose"] = _add(_add(p["head"], face, HEAD_R * 1.05), _apply(neck_rot, (0, -0.4, 0)))

    for name, s in (("left", -1), ("right", 1)):
        sflex, sout, srot, shrug = _angles(frame, f"{name}_shoulder", 4)
        shoulder = _add(p["neck"], _apply(thorax, (0, -1.6 + shrug, s * SHOULDER_HALF)))
        upper = _mul(_mul(_mul(thorax, _rz(sflex)), _rx(-s * sout)), _ry(-s * srot))
        elbow = _add(shoulder, _apply(upper, (0, -BONES["upper_arm"], 0)))
        fore = _mul(upper, _rz(_angles(frame, f"{name}_elbow", 1)[0]))
        wrist = _add(elbow, _apply(fore, (0, -BONES["forearm"], 0)))
        p[f"{name}_shoulder"], p[f"{name}_elbow"], p[f"{name}_wrist"] = shoulder, elbow, wrist
        hand = _mul(fore, _rz(_angles(frame, f"{name}_wrist", 1)[0]))
        p[f"{name}_hand"] = _add(wrist, _apply(hand, (0, -BONES["hand"], 0)))

        hflex, hout, hrot = _angles(frame, f"{name}_hip", 3)
        hip = _add(origin, _apply(pelvis, (0, 0, s * HIP_HALF)))
        thigh = _mul(_mul(_mul(pelvis, _rz(hflex)), _rx(-s * hout)), _ry(-s * hrot))
        knee = _add(hip, _apply(thigh, (0, -BONES["thigh"], 0)))
        shin = _mul(thigh, _rz(-_angles(frame, f"{name}_knee", 1)[0]))
        ankle = _add(knee, _apply(shin, (0, -BONES["shin"], 0)))
        foot = _mul(shin, _rz(_angles(frame, f"{name}_ankle", 1)[0]))
        p[f"{name}_hip"], p[f"{name}_knee"], p[f"{name}_ankle"] = hip, knee, ankle
        p[f"{name}_heel"] = _add(ankle, _apply(foot, (-1.3, -ANKLE_HEIGHT * 0.6, 0)))
        p[f"{name}_toe"] = _add(ankle, _apply(foot, (BONES["foot"], -ANKLE_HEIGHT * 0.75, 0)))
    lateral = {k: _apply(m, (0, 0, 1)) for k, m in (("lumbar", lumbar), ("thorax", thorax))}
    forward = {k: _apply(m, (1, 0, 0)) for k, m in (("lumbar", lumbar), ("thorax", thorax))}
    lateral["neck"], forward["neck"] = _apply(neck_rot, (0, 0, 1)), face
    return Skeleton(points=p, face=face, lateral=lateral, forward=forward)


# The parts of the body as tapered capsules: (name, from, to, limb or torso part).
PARTS = (
    ("pelvis", "pelvis", "waist", "torso"),
    ("chest", "waist", "neck", "torso"),
    ("neck", "neck", "head_base", "torso"),
    *(
        (f"{side}_{bone}", f"{side}_{a}", f"{side}_{b}", bone)
        for side in ("left", "right")
        for bone, a, b in (
            ("upper_arm", "shoulder", "elbow"),
            ("forearm", "elbow", "wrist"),
            ("hand", "wrist", "hand"),
            ("thigh", "hip", "knee"),
            ("shin", "knee", "ankle"),
            ("foot", "heel", "toe"),
        )
    ),
)


def _samples(sk: Skeleton):
    """Points along every part with its radius, for the checks and resting on props."""
    for name, a, b, kind in PARTS:
        if kind == "torso":
            ra = min(TORSO_R[{"pelvis": "pelvis", "chest": "waist", "neck": "neck"}[name]])
            rb = min(TORSO_R[{"pelvis": "waist", "chest": "chest", "neck": "neck"}[name]])
        else:
            ra, rb = LIMB_R[kind]
        for t in (0, 0.25, 0.5, 0.75, 1):
            point = _add(sk.points[a], _add(sk.points[b], sk.points[a], -1), t)
            yield name, point, ra + (rb - ra) * t
    yield "head", sk.points["head"], HEAD_R


# --------------------------------------------------------------------------
# Props and what they hold up


def _prop_table(prop) -> tuple[str, dict]:
    if isinstance(prop, str):
        return prop, dict(PROP_KINDS.get(prop, {}))
    kind = prop.get("kind")
    settings = dict(PROP_KINDS.get(kind, {}))
    settings.update({k: v for k, v in prop.items() if k != "kind"})
    return kind, settings


def _boxes(props) -> list[tuple[str, tuple[float, float, float, float, float, float]]]:
    """Each prop as boxes (x0, x1, y0, y1, z0, z1) that a body may rest on but not enter."""
    boxes = []
    for prop in props:
        kind, s = _prop_table(prop)
        if kind == "mat":
            boxes.append(("mat", (s["x"], s["x"] + s["w"], 0, 0.8, -12, 12)))
        elif kind == "bed":
            boxes.append(("bed", (s["x"], s["x"] + s["w"], 4, s["y"], -16, 16)))
        elif kind == "chair":
            boxes.append(("chair", (s["x"], s["x"] + s["w"], s["y"] - 1.5, s["y"], -7, 7)))
            back = s["x"] - 1.5
            boxes.append(("chair", (back, s["x"], s["y"], s["y"] + s["back"], -7, 7)))
        elif kind == "wall":
            boxes.append(("wall", (s["x"] - 3, s["x"], 0, 62, -30, 30)))
    return boxes


def _surface(boxes, x: float, z: float) -> float:
    tops = [b[3] for _, b in boxes if b[0] <= x <= b[1] and b[4] <= z <= b[5] and b[3] < 40]
    return max([0.0, *tops])


def _rest_height(frame: dict, props) -> float:
    """The pelvis height that rests the body's lowest part on what is under it."""
    boxes = _boxes(props)
    trial = skeleton(frame, rest_y=0.0)
    drop = min(y - r - _surface(boxes, x, z) for _, (x, y, z), r in _samples(trial))
    return -drop


# --------------------------------------------------------------------------
# Checks


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _frame_errors(name: str, frame: object) -> list[str]:
    if not isinstance(frame, dict):
        return [f"{name}: expected a table of joint angles, got {frame!r}"]
    errors = []
    for key, value in frame.items():
        if key == "at":
            if not (
                isinstance(value, (list, tuple))
                and 1 <= len(value) <= 2
                and all(_is_number(v) for v in value)
                and -50 <= value[0] <= 50
                and (len(value) == 1 or 0 <= value[1] <= 60)
            ):
                errors.append(f"{name}: at: expected [x] or [x, y] with x in -50-50, y in 0-60")
            continue
        if key not in JOINTS:
            errors.append(f"{name}: {key}: not a joint")
            continue
        ranges = RANGES[JOINTS[key]]
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if not values or len(values) > len(ranges) or not all(_is_number(v) for v in values):
            errors.append(f"{name}: {key}: expected up to {len(ranges)} numbers, got {value!r}")
            continue
        for number, (v, (low, high)) in enumerate(zip(values, ranges, strict=False)):
            if not low <= v <= high:
                part = f"{key}[{number}]" if len(ranges) > 1 else key
                errors.append(
                    f"{name}: {part}: {v:g} is beyond the plausible range {low:g} to {high:g}"
                )
    return errors


# The joints an arrow can follow from the start to the stretch.
FOLLOW = (
    "head",
    "nose",
    "waist",
    "neck",
    "pelvis",
    *(
        f"{side}_{joint}"
        for side in ("left", "right")
        for joint in ("knee", "ankle", "toe", "hand", "elbow", "shoulder")
    ),
)

_ATTACHED = {"upper_arm", "neck", "thigh", "pelvis", "chest"}


def _body_errors(name: str, sk: Skeleton, boxes) -> list[str]:
    """A limb through the torso or head, or the body through the floor or a prop."""
    errors = []
    p = sk.points
    cores = [
        ("torso", p["pelvis"], p["waist"], 2.2),
        ("torso", p["waist"], p["neck"], 2.3),
        ("head", p["head"], p["head"], HEAD_R * 0.8),
    ]
    for part, a, b, kind in PARTS:
        if kind == "torso":
            continue
        limb = part.split("_", 1)[0] + ("-leg" if kind in ("thigh", "shin", "foot") else "-arm")
        start = 0.45 if kind in _ATTACHED else 0.0
        for t in (start, (start + 1) / 2, 1.0):
            point = _add(p[a], _add(p[b], p[a], -1), t)
            for core, c0, c1, radius in cores:
                if _distance_to_segment(point, c0, c1) < radius:
                    errors.append(f"{name}: {part}: the {limb} passes through the {core}")
                    break
            else:
                continue
            break
    reported: set[str] = set()
    for part, (x, y, z), r in _samples(sk):
        if part in reported:
            continue
        if y - r < -0.6:
            errors.append(f"{name}: {part}: goes through the floor")
            reported.add(part)
            continue
        for kind, (x0, x1, y0, y1, z0, z1) in boxes:
            inside = min(x - x0, x1 - x, y - y0, y1 - y, z - z0, z1 - z)
            if inside > 0.3:
                errors.append(f"{name}: {part}: goes through the {kind}")
                reported.add(part)
                break
    return errors


def _distance_to_segment(p, a, b) -> float:
    ab = _add(b, a, -1)
    length2 = sum(v * v for v in ab)
    t = (
        0.0
        if length2 == 0
        else max(
            0.0, min(1.0, sum(x * y for x, y in zip(_add(p, a, -1), ab, strict=True)) / length2)
        )
    )
    closest = _add(a, ab, t)
    return math.dist(p, closest)


def _check_arrow(errors: list[str], field: str, arrow: object) -> None:
    def point(value) -> bool:
        return (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(_is_number(v) for v in value)
            and 0 <= value[0] <= WIDTH
            and 0 <= value[1] <= HEIGHT
        )

    if isinstance(arrow, dict):
        if "follow" in arrow:
            if not isinstance(arrow["follow"], str) or arrow["follow"] not in FOLLOW:
                errors.append(f"{field}.follow: expected one of {', '.join(FOLLOW)}")
            for key, value in arrow.items():
                if key == "bend" and not (_is_number(value) and -1 <= value <= 1):
                    errors.append(f"{field}.bend: expected a number in -1-1")
                elif key == "shift" and not (
                    isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))
                ):
                    errors.append(f"{field}.shift: expected [dx, dy]")
                elif key not in ("follow", "bend", "shift", "both"):
                    errors.append(f"{field}: unknown key {key!r}")
            return
        if "circle" in arrow:
            circle = arrow["circle"]
            if not (
                isinstance(circle, (list, tuple))
                and len(circle) == 3
                and point(circle[:2])
                and _is_number(circle[2])
                and 0 < circle[2] <= HEIGHT / 2
            ):
                errors.append(f"{field}.circle: expected [cx, cy, r] in the box, got {circle!r}")
            allowed = {"circle", "start", "sweep", "both", "frame"}
            for key in ("start", "sweep"):
                if key in arrow and not (_is_number(arrow[key]) and -360 <= arrow[key] <= 360):
                    errors.append(f"{field}.{key}: expected degrees in -360-360")
        elif "path" in arrow:
            allowed = {"path", "both", "frame"}
            _check_arrow(errors, f"{field}.path", arrow["path"])
        else:
            errors.append(f"{field}: expected a 'path' or a 'circle'")
            return
        for key in arrow:
            if key not in allowed:
                errors.append(f"{field}: unknown key {key!r}")
        if "both" in arrow and not isinstance(arrow["both"], bool):
            errors.append(f"{field}.both: expected true or false")
        if arrow.get("frame", "stretch") not in FRAMES:
            errors.append(f"{field}.frame: expected start or stretch")
        return
    if not (isinstance(arrow, (list, tuple)) and len(arrow) == 3 and all(map(point, arrow))):
        errors.append(f"{field}: expected three [x, y] points in the box, got {arrow!r}")


def _check_props(errors: list[str], props: object) -> None:
    if not isinstance(props, (list, tuple)):
        errors.append(f"props: expected a list, got {props!r}")
        return
    for index, prop in enumerate(props):
        kind = (
            prop if isinstance(prop, str) else prop.get("kind") if isinstance(prop, dict) else None
        )
        if not isinstance(kind, str) or kind not in PROP_KINDS:
            errors.append(
                f"props[{index}]: unknown {kind!r} (expected one of {', '.join(PROP_KINDS)})"
            )
            continue
        if isinstance(prop, dict):
            for key, value in prop.items():
                if key == "kind":
                    continue
                if key not in PROP_KINDS[kind]:
                    errors.append(f"props[{index}]: unknown setting {key!r} for {kind}")
                elif not (_is_number(value) and -50 <= value <= 100):
                    errors.append(f"props[{index}].{key}: expected a number, got {value!r}")


def pose_frames(pose: dict) -> dict[str, dict]:
    """The two key frames of a pose: the stretch frame is the start with its changes."""
    start = dict(pose.get("start", {}))
    return {"start": start, "stretch": {**start, **pose.get("stretch", {})}}


def validate_pose(pose: object) -> list[str]:
    """Human-readable problems with ``pose``; an empty list means it can be drawn.

    Each message starts with what it is about: the key, or the key frame and the joint
    (``"stretch: left_knee: 170 is beyond the plausible range 0 to 160"``,
    ``"start: right_forearm: the right-arm passes through the head"``).
    """
    if not isinstance(pose, dict):
        return [f"pose: expected a table, got {type(pose).__name__}"]
    errors = [f"{key}: unknown key" for key in pose if key not in TOP_KEYS]
    view = pose.get("view", "left")
    if not (
        (isinstance(view, str) and view in VIEWS) or (_is_number(view) and -360 <= view <= 360)
    ):
        errors.append(f"view: expected one of {', '.join(VIEWS)} or degrees, got {view!r}")
    above = pose.get("above", 0)
    if not (_is_number(above) and 0 <= above <= 60):
        errors.append(f"above: expected degrees in 0-60, got {above!r}")
    alt = pose.get("alt")
    if not isinstance(alt, str) or not 10 <= len(alt.strip()) <= 300:
        errors.append("alt: a text of 10-300 characters that says what the body does")
    work = pose.get("work", [])
    if not isinstance(work, list) or any(
        not isinstance(limb, str) or limb not in LIMBS for limb in work
    ):
        errors.append(f"work: expected a list of {', '.join(LIMBS)}, got {work!r}")
    props = pose.get("props", [])
    _check_props(errors, props)
    arrows = pose.get("arrows", [])
    if not isinstance(arrows, list):
        errors.append(f"arrows: expected a list, got {arrows!r}")
    else:
        for index, arrow in enumerate(arrows):
            _check_arrow(errors, f"arrows[{index}]", arrow)
    for name in FRAMES:
        if name not in pose:
            errors.append(f"{name}: missing (every figure has a start and a stretch frame)")
        else:
            errors.extend(_frame_errors(name, pose[name]))
    if errors:
        return errors
    boxes = _boxes(props)
    for name, frame in pose_frames(pose).items():
        errors.extend(_body_errors(name, _posed(frame, tuple(_freeze(props))), boxes))
    return errors


def _freeze(props):
    for prop in props:
        yield prop if isinstance(prop, str) else tuple(sorted(prop.items()))


def _posed(frame: dict, props: tuple) -> Skeleton:
    thawed = [p if isinstance(p, str) else dict(p) for p in props]
    rest = _rest_height(frame, thawed) if len(frame.get("at", [0])) < 2 else 0.0
    return skeleton(frame, rest_y=rest)


# --------------------------------------------------------------------------
# Drawing


def _n(value: float) -> str:
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return text


class _Camera:
    def __init__(self, view, above: float):
        yaw = VIEWS[view] if isinstance(view, str) else float(view)
        self.c, self.s = math.cos(math.radians(yaw)), math.sin(math.radians(yaw))
        self.ce, self.se = math.cos(math.radians(above)), math.sin(math.radians(above))
        self.dx = self.dy = 0.0
        self.half = WIDTH / 2

    def project(self, point) -> tuple[float, float, float]:
        x, y, z = point
        sx = x * self.c - z * self.s
        depth = z * self.c + x * self.s
        sy = y * self.ce - depth * self.se
        return WIDTH / 2 + sx + self.dx, FLOOR_Y - sy + self.dy, depth * self.ce + y * self.se

    def frame(self, skeletons, above: float) -> None:
        """Centre the body of both frames in the box (across; and up and down when seen
        from above, as the floor line then no longer sits at the bottom)."""
        xs, ys = [], []
        for sk in skeletons:
            for point in sk.points.values():
                x, y, _ = self.project(point)
                xs.append(x)
                ys.append(y)
        self.dx = WIDTH / 2 - (min(xs) + max(xs)) / 2
        self.half = (max(xs) - min(xs)) / 2 + HEAD_R + 2
        if above:
            self.dy = HEIGHT / 2 - (min(ys) + max(ys)) / 2
        # How far up and down the body reaches (its joints, plus the head's and a limb's
        # width), so that a figure can be cut to the body.
        self.top = min(ys) + self.dy - HEAD_R - 1.5
        self.bottom = max(ys) + self.dy + 2.5

    def across(self, vector) -> tuple[float, float]:
        x, y, z = vector
        return x * self.c - z * self.s, -(y * self.ce - (z * self.c + x * self.s) * self.se)


def _capsule(a, b, ra: float, rb: float) -> str:
    """A tapered, round-ended limb from a (radius ra) to b (radius rb): one path whose
    commands are the same for any pose, so two frames can morph into each other."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length = math.hypot(dx, dy)
    if length < 1e-6:
        dx, dy, length = 0.0, 1e-3, 1e-3
    ux, uy = dx / length, dy / length
    sine = max(-0.95, min(0.95, (ra - rb) / max(length, abs(ra - rb) + 1e-3)))
    cosine = math.sqrt(1 - sine * sine)
    # Normals of the two tangent lines, turned toward the wider end.
    n1 = (-uy * cosine - ux * sine, ux * cosine - uy * sine)
    n2 = (uy * cosine - ux * sine, -ux * cosine - uy * sine)
    a1, b1 = (ax + ra * n1[0], ay + ra * n1[1]), (bx + rb * n1[0], by + rb * n1[1])
    a2, b2 = (ax + ra * n2[0], ay + ra * n2[1]), (bx + rb * n2[0], by + rb * n2[1])
    large_b, large_a = (0, 1) if ra >= rb else (1, 0)
    return (
        f"M{_n(a1[0])} {_n(a1[1])}L{_n(b1[0])} {_n(b1[1])}"
        f"A{_n(rb)} {_n(rb)} 0 {large_b} 0 {_n(b2[0])} {_n(b2[1])}"
        f"L{_n(a2[0])} {_n(a2[1])}A{_n(ra)} {_n(ra)} 0 {large_a} 0 {_n(a1[0])} {_n(a1[1])}Z"
    )


def _disc(c, r: float) -> str:
    x, y = c
    arc = f"A{_n(r)} {_n(r)} 0 1 0"
    return f"M{_n(x - r)} {_n(y)}{arc} {_n(x + r)} {_n(y)}{arc} {_n(x - r)} {_n(y)}Z"


def _torso_radius(camera: _Camera, sk: Skeleton, part: str, key: str, a, b) -> float:
    """How wide a torso part looks: its width across the body and its depth, seen from
    the camera across the line of the part."""
    wide, deep = TORSO_R[key]
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    lat = camera.across(sk.lateral[part])
    fwd = camera.across(sk.forward[part])
    return math.hypot(wide * (lat[0] * nx + lat[1] * ny), deep * (fwd[0] * nx + fwd[1] * ny))


def _shapes(sk: Skeleton, camera: _Camera) -> dict[str, tuple[str, float]]:
    """Each part's outline and depth (larger is nearer the camera)."""
    pts = {name: camera.project(point) for name, point in sk.points.items()}
    flat = {name: (x, y) for name, (x, y, _) in pts.items()}
    out: dict[str, tuple[str, float]] = {}
    torso = (
        ("pelvis", "lumbar", "pelvis", "waist", "pelvis", "waist"),
        ("chest", "thorax", "waist", "neck", "waist", "chest"),
        ("neck", "neck", "neck", "head_base", "neck", "neck"),
    )
    for name, frame_part, a, b, ka, kb in torso:
        ra = _torso_radius(camera, sk, frame_part, ka, flat[a], flat[b])
        rb = _torso_radius(camera, sk, frame_part, kb, flat[a], flat[b])
        out[name] = (_capsule(flat[a], flat[b], ra, rb), (pts[a][2] + pts[b][2]) / 2)
    for name, a, b, kind in PARTS:
        if kind != "torso":
            ra, rb = LIMB_R[kind]
            out[name] = (_capsule(flat[a], flat[b], ra, rb), (pts[a][2] + pts[b][2]) / 2)
    out["head"] = (_disc(flat["head"], HEAD_R), pts["head"][2])
    out["nose"] = (_disc(flat["nose"], 1.15), pts["nose"][2])
    return out


def _limb_of(part: str) -> str:
    if part.endswith(("thigh", "shin", "foot")):
        return part.split("_")[0] + "-leg"
    if part.endswith(("arm", "hand")):
        return part.split("_")[0] + "-arm"
    return ""


def _arrowhead(tip, direction) -> str:
    dx, dy = direction
    length = math.hypot(dx, dy) or 1.0
    dx, dy = dx / length, dy / length
    wings = []
    for angle in (0.5, -0.5):
        c, s = math.cos(angle), math.sin(angle)
        bx, by = dx * c - dy * s, dx * s + dy * c
        wings.append((tip[0] - ARROWHEAD * bx, tip[1] - ARROWHEAD * by))
    (ax, ay), (bx, by) = wings
    return f'<path d="M{_n(ax)} {_n(ay)}L{_n(tip[0])} {_n(tip[1])}L{_n(bx)} {_n(by)}"/>'


def _arrow(arrow) -> str:
    if isinstance(arrow, dict) and "circle" in arrow:
        cx, cy, r = arrow["circle"]
        start = math.radians(arrow.get("start", 200))
        sweep = arrow.get("sweep", 290)
        end = start + math.radians(sweep)
        p1 = (cx + r * math.cos(start), cy + r * math.sin(start))
        p2 = (cx + r * math.cos(end), cy + r * math.sin(end))
        sign = 1 if sweep > 0 else -1
        out = (
            f'<path d="M{_n(p1[0])} {_n(p1[1])}A{_n(r)} {_n(r)} 0 {int(abs(sweep) > 180)} '
            f'{int(sweep > 0)} {_n(p2[0])} {_n(p2[1])}"/>'
        )
        out += _arrowhead(p2, (-math.sin(end) * sign, math.cos(end) * sign))
        if arrow.get("both"):
            out += _arrowhead(p1, (math.sin(start) * sign, -math.cos(start) * sign))
        return out
    both = isinstance(arrow, dict) and arrow.get("both", False)
    p1, c, p2 = arrow["path"] if isinstance(arrow, dict) else arrow
    out = f'<path d="M{_n(p1[0])} {_n(p1[1])}Q{_n(c[0])} {_n(c[1])} {_n(p2[0])} {_n(p2[1])}"/>'
    out += _arrowhead(p2, (p2[0] - c[0], p2[1] - c[1]))
    if both:
        out += _arrowhead(p1, (p1[0] - c[0], p1[1] - c[1]))
    return out


def _prop_shapes(props, camera: _Camera) -> str:
    """Scenery drawn as the outlines of its boxes, seen from the same camera."""
    out = []
    for prop in props:
        kind, s = _prop_table(prop)
        if kind == "floor":
            if camera.se == 0:
                out.append(f'<path d="M2 {FLOOR_Y}H98" fill="none"/>')
            continue
        boxes = [b for _, b in _boxes([prop])]
        if kind == "bed":
            x0, x1 = s["x"], s["x"] + s["w"]
            boxes += [(x0 + 1, x0 + 3, 0, 4, -15, -13), (x1 - 3, x1 - 1, 0, 4, -15, -13)]
            boxes += [(x0 + 1, x0 + 3, 0, 4, 13, 15), (x1 - 3, x1 - 1, 0, 4, 13, 15)]
        if kind == "chair":
            x0, x1 = s["x"], s["x"] + s["w"]
            top = s["y"] - 1.5
            boxes += [(x0 - 1.5, x0, 0, top, -7, -5.5), (x1 - 1.5, x1, 0, top, -7, -5.5)]
            boxes += [(x0 - 1.5, x0, 0, top, 5.5, 7), (x1 - 1.5, x1, 0, top, 5.5, 7)]
        for x0, x1, y0, y1, z0, z1 in boxes:
            corners = [
                camera.project((x, y, z)) for x in (x0, x1) for y in (y0, y1) for z in (z0, z1)
            ]
            hull = _hull([(c[0], c[1]) for c in corners])
            out.append('<path d="M' + "L".join(f"{_n(x)} {_n(y)}" for x, y in hull) + 'Z"/>')
    return "".join(out)


def _hull(points):
    points = sorted({(round(x, 2), round(y, 2)) for x, y in points})
    if len(points) <= 2:
        return points

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in points:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(points):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _follow_arrow(arrow: dict, joints) -> dict:
    """An arrow from where a joint is at the start to where it is in the stretch."""
    (ax, ay, _), (bx, by, _) = (j[arrow["follow"]] for j in joints)
    dx, dy = arrow.get("shift", [0, 0])
    ax, ay, bx, by = ax + dx, ay + dy, bx + dx, by + dy
    bend = arrow.get("bend", 0.3)
    cx = (ax + bx) / 2 - (by - ay) * bend
    cy = (ay + by) / 2 + (bx - ax) * bend
    # Stop short of both ends so the arrow does not sit on the body part.
    return {
        "path": [
            [ax + (cx - ax) * 0.15, ay + (cy - ay) * 0.15],
            [cx, cy],
            [bx + (cx - bx) * 0.15, by + (cy - by) * 0.15],
        ],
        "both": arrow.get("both", False),
    }


def _frame_shapes(pose: dict) -> tuple[_Camera, list[tuple[str, str, str, float]], list]:
    """The parts of both frames, far to near: (part, start outline, stretch outline, depth),
    and the arrows drawn."""
    camera = _Camera(pose.get("view", "left"), pose.get("above", 0))
    props = tuple(_freeze(pose.get("props", [])))
    frames = pose_frames(pose)
    posed = [_posed(frames[name], props) for name in FRAMES]
    camera.frame(posed, pose.get("above", 0))
    joints = [{k: camera.project(v) for k, v in sk.points.items()} for sk in posed]
    arrows = [
        _follow_arrow(a, joints) if isinstance(a, dict) and "follow" in a else a
        for a in pose.get("arrows", [])
    ]
    drawn = [_shapes(sk, camera) for sk in posed]
    parts = [
        (part, drawn[0][part][0], drawn[1][part][0], (drawn[0][part][1] + drawn[1][part][1]) / 2)
        for part in drawn[0]
    ]
    parts.sort(key=lambda row: row[3])
    return camera, parts, arrows


def _body(parts, *, frame: int | None, seconds: float, work: set[str]) -> str:
    """The body: far parts lighter, working limbs tinted; frame None animates both."""
    out = []
    for part, first, second, depth in parts:
        classes = []
        if depth < -2.0:
            classes.append("fig-far")
        if _limb_of(part) in work:
            classes.append("fig-work")
        attrs = f' class="{" ".join(classes)}"' if classes else ""
        if frame is None and first != second:
            out.append(
                f'<path{attrs} d="{first}"><animate attributeName="d" dur="{_n(seconds)}s"'
                f' repeatCount="indefinite" values="{first};{first};{second};{second};{first}"'
                ' keyTimes="0;.1;.45;.75;1" calcMode="spline"'
                ' keySplines="0 0 1 1;.4 0 .6 1;0 0 1 1;.4 0 .6 1"/></path>'
            )
        else:
            out.append(f'<path{attrs} d="{second if frame == 1 else first}"/>')
    return '<g class="fig-body" fill="currentColor">' + "".join(out) + "</g>"


def _mirror(content: str, mirrored: bool, dx: float = 0) -> str:
    """One frame in its place: moved ``dx`` along, and turned over for the other side."""
    if mirrored:
        return f'<g class="fig-frame" transform="matrix(-1 0 0 1 {_n(dx + WIDTH)} 0)">{content}</g>'
    if dx:
        return f'<g class="fig-frame" transform="translate({_n(dx)} 0)">{content}</g>'
    return f'<g class="fig-frame">{content}</g>'


def _props_group(pose: dict, camera: _Camera) -> str:
    props = pose.get("props", [])
    if not props:
        return ""
    return (
        '<g class="fig-props" fill="currentColor" stroke="currentColor" stroke-width=".8"'
        f' stroke-linejoin="round">{_prop_shapes(props, camera)}</g>'
    )


# Arrows are drawn a little thick, to be read on a phone, over a halo in the
# background's colour so that an arrow crossing the body (circling a shoulder) shows.
ARROW_WIDTH, HALO_WIDTH, ARROWHEAD = 1.5, 3.2, 3.1
# Framing: a cut frame is at least this tall; the loop zooms in at most to this width;
# two frames go one above the other when that pair is no taller than this times its width.
MIN_CUT_HEIGHT, MIN_LOOP_WIDTH, STACK_UP_TO = 16.0, 56.0, 1.35


def _arrows_group(arrows: list) -> str:
    if not arrows:
        return ""
    drawn = "".join(_arrow(a) for a in arrows)
    return (
        f'<g class="fig-arrows" fill="none" stroke="currentColor" stroke-width="{ARROW_WIDTH}"'
        f' stroke-linecap="round" stroke-linejoin="round"><g class="fig-halo"'
        f' stroke-width="{HALO_WIDTH}">{drawn}</g>{drawn}</g>'
    )


_SWAP = re.compile(r"\b(left|right|Left|Right)\b")


def mirrored_text(text: str) -> str:
    """The words for the other side: left and right swapped."""
    swap = {"left": "right", "right": "left", "Left": "Right", "Right": "Left"}
    return _SWAP.sub(lambda m: swap[m.group(1)], text)


def render_figure(
    pose: dict,
    *,
    title: str,
    id_prefix: str = "fig",
    mirrored: bool = False,
    seconds: float = 6.0,
    still: bool = False,
) -> SafeString:
    """Draw ``pose`` as a labelled figure: a ``<div role="img">`` holding the loop of the
    two key frames (SMIL) and the two frames side by side for reduced motion; CSS shows
    one of them. ``mirrored`` draws the other side. ``still`` draws only the stretch
    frame, for small cards. ``title`` says what the body does; it is escaped."""
    errors = validate_pose(pose)
    if errors:
        raise ValueError("invalid pose: " + "; ".join(errors))
    camera, parts, arrows = _frame_shapes(pose)
    work = set(pose.get("work", []))
    if mirrored:
        work = {mirrored_text(limb) for limb in work}
    props = _props_group(pose, camera)
    label = escape(title)
    if still:
        body = _body(parts, frame=1, seconds=seconds, work=work)
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}" class="figure fig-still"'
            f' role="img" aria-label="{label}">{_mirror(props + body, mirrored)}</svg>'
        )
    loop = _mirror(
        props + _body(parts, frame=None, seconds=seconds, work=work) + _arrows_group(arrows),
        mirrored,
    )
    # Each frame is cut to the body and its arrows (the same cut for both, so the two keep
    # one scale, and even about the middle, so that the mirror image fits it too).
    half = min(WIDTH / 2, max([camera.half, *(_arrow_reach(a) for a in arrows)]))
    cut, left = 2 * half, WIDTH / 2 - half
    top = max(0.0, min([camera.top, *(_arrow_span(a)[0] for a in arrows)]))
    bottom = max([camera.bottom, *(_arrow_span(a)[1] for a in arrows)])
    bottom = min(float(HEIGHT), max(bottom, _seat_bottom(pose.get("props", []), camera)))
    tall = max(bottom - top, MIN_CUT_HEIGHT)
    top = min(top, HEIGHT - tall)
    # The loop keeps the usual shape of a figure, zoomed in on a body that is small in it
    # (lying down); a standing body already fills its height.
    wide = max(cut, tall * WIDTH / HEIGHT, MIN_LOOP_WIDTH)
    high = wide * HEIGHT / WIDTH
    # Room to spare goes above the body, never below the floor.
    loop_box = f"{_n(WIDTH / 2 - wide / 2)} {_n(max(0.0, top + tall - high))} {_n(wide)} {_n(high)}"
    # Two frames of a long, low body (lying down) go one above the other, which draws them
    # twice as large on a phone; any other two stand side by side.
    stacked = (2 * tall + PAIR_GAP) / cut <= STACK_UP_TO
    frames = []
    for number in (0, 1):
        x, y = (0.0, number * (tall + PAIR_GAP)) if stacked else (number * (cut + PAIR_GAP), 0.0)
        content = props + _body(parts, frame=number, seconds=seconds, work=work)
        content += _arrows_group([a for a in arrows if _arrow_frame(a) == number])
        frames.append(
            f'<svg x="{_n(x)}" y="{_n(y)}" width="{_n(cut)}" height="{_n(tall)}"'
            f' viewBox="{_n(left)} {_n(top)} {_n(cut)} {_n(tall)}">'
            f"{_mirror(content, mirrored)}</svg>"
        )
    if stacked:
        middle, size = tall + PAIR_GAP / 2, f"{_n(cut)} {_n(2 * tall + PAIR_GAP)}"
        line, head = f"M{_n(cut / 2)} {_n(middle - 4)}V{_n(middle + 4)}", (cut / 2, middle + 4)
        direction = (0, 1)
    else:
        middle, size = cut + PAIR_GAP / 2, f"{_n(2 * cut + PAIR_GAP)} {_n(tall)}"
        line, head = f"M{_n(middle - 4)} {_n(tall / 2)}H{_n(middle + 4)}", (middle + 4, tall / 2)
        direction = (1, 0)
    between = (
        f'<g class="fig-arrows" fill="none" stroke="currentColor" stroke-width="{ARROW_WIDTH}"'
        f' stroke-linecap="round"><path d="{line}"/>{_arrowhead(head, direction)}</g>'
    )
    return mark_safe(
        f'<div class="figure fig" id="{escape(id_prefix)}" role="img" aria-label="{label}">'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{loop_box}" class="fig-loop"'
        f' aria-hidden="true">{loop}</svg>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size}"'
        f' class="fig-pair" aria-hidden="true">{frames[0]}{between}{frames[1]}</svg></div>'
    )


def _arrow_frame(arrow) -> int:
    """Which of the two frames side by side an arrow belongs to: the stretch's, unless it
    shows a movement made at the start (circling the arms before they rise)."""
    return 0 if isinstance(arrow, dict) and arrow.get("frame") == "start" else 1


def _seat_bottom(props, camera: _Camera) -> float:
    """How low a chair or a bed reaches in the box, down to its feet on the floor: cut
    off at the seat, it would no longer read as a chair or a bed."""
    lowest = 0.0
    for kind, (x0, x1, _, _, z0, z1) in _boxes(props):
        if kind in ("chair", "bed"):
            for x in (x0, x1):
                for z in (z0, z1):
                    lowest = max(lowest, camera.project((x, 0.0, z))[1] + 1.0)
    return lowest


def _arrow_span(arrow) -> tuple[float, float]:
    """How high and how low an arrow reaches in the box, its head included."""
    if isinstance(arrow, dict) and "circle" in arrow:
        _, cy, r = arrow["circle"]
        return cy - r - 2, cy + r + 2
    points = arrow["path"] if isinstance(arrow, dict) else arrow
    return min(y for _, y in points) - 3, max(y for _, y in points) + 3


def _arrow_reach(arrow) -> float:
    """How far from the middle of the box an arrow reaches, so that it is not cut off."""
    if isinstance(arrow, dict) and "circle" in arrow:
        cx, _, r = arrow["circle"]
        return abs(cx - WIDTH / 2) + r + 2
    points = arrow["path"] if isinstance(arrow, dict) else arrow
    return max(abs(x - WIDTH / 2) for x, _ in points) + 3


def figure_markup(
    pose: object,
    *,
    title: str,
    id_prefix: str,
    mirrored: bool = False,
    seconds: float = 6.0,
    still: bool = False,
) -> SafeString | None:
    """``render_figure`` for a page, remembered: a pose is drawn once per process for each
    way it is shown, then served from memory. None when the pose is invalid."""
    try:
        key = json.dumps(pose, sort_keys=True)
    except (TypeError, ValueError):
        return None
    markup = _drawn(key, title, id_prefix, mirrored, float(seconds), still)
    return mark_safe(markup) if markup is not None else None


@lru_cache(maxsize=1024)
def _drawn(
    pose_json: str, title: str, id_prefix: str, mirrored: bool, seconds: float, still: bool
) -> str | None:
    pose = json.loads(pose_json)
    try:
        figure = render_figure(
            pose, title=title, id_prefix=id_prefix, mirrored=mirrored, seconds=seconds, still=still
        )
    except ValueError:  # the pose does not pass its checks
        return None
    return str(figure)
