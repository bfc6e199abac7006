"""The body of the stretch figures: its bones, and the joints posed by a key frame's
angles (forward kinematics)."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
