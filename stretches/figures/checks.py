"""The checks of a pose (`validate_pose`): its keys, the joints' ranges, the arrows and
props, and a body through itself, the floor or a prop; and the props a body rests on."""

from __future__ import annotations

import math
from numbers import Real

from stretches.figures.skeleton import HEAD_R, PARTS, Skeleton, _add, _samples, skeleton

WIDTH, HEIGHT, FLOOR_Y = 100, 64, 60
FRAMES = ("start", "stretch")

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
