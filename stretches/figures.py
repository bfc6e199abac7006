"""Line-art stretch figures, drawn as inline SVG from small pose descriptions.

Every figure is drawn in the same fixed box, ``viewBox="0 0 100 64"``: x runs
0-100 to the right, y runs 0-64 downwards, and the floor is the line y = 60.
The head is always a circle of radius 4, so figures share one scale. Poses in
the ``[stretch.<slug>.figure]`` tables of ``stretches/data/catalogue.toml``
keep roughly constant body proportions:
head centre to neck ~6, neck to hip (torso) ~19, thigh ~13, shin ~13,
foot ~4.5, upper arm ~9.5, forearm ~9.5.

Pose schema (the figure table of each stretch in the catalogue file)
-------------------------------------------------------------------

A point is ``[x, y]``: two numbers with x in 0-100 and y in 0-64.

``view``
    ``"side"`` (default), ``"front"`` or ``"top"`` (seen from above, for lying
    figures; drawn like the front view). Side views face right: lying on the
    back is drawn head on the left, face up.
``head``, ``neck``, ``hip``
    Required points: centre of the head, base of the neck, centre of the pelvis.
    The torso is a thick line from neck to hip, the neck a limb-width line
    from neck to head, the head a filled circle of radius 4.
``spine_curve``
    Optional number, -15 to 15: how far the middle of the back bows out from the
    straight neck-hip line. Positive rounds the back (cat, child's pose,
    slumping), negative arches it (cow). "Back" is the left-hand side of the
    hip-to-neck direction as seen on screen, which is the back of a figure that
    faces right or lies head-left face up.
``near``, ``far`` (side view)
    The limbs nearer to and further from the viewer. ``near`` is required and
    ``far`` is optional; far limbs are drawn behind the body, thinner and
    lighter, so depth reads.
``left``, ``right`` (front and top view, both required)
    The limbs on the viewer's left and right. The shoulder line is drawn
    through the neck between the two shoulders.
Limb tables take these points:
    ``elbow``, ``hand``, ``knee``, ``foot`` (ankle): required.
    ``shoulder``: required in front and top view; in side view it defaults to a point
    on the torso just below the neck.
    ``hip``: optional root of the leg, defaults to the pelvis ``hip``.
    ``toe``: optional; draws the foot from the ankle to the toe.
``props``
    Optional list of scenery, each a name or a table with ``kind`` and
    settings (numbers in the box):

    * ``"floor"``: the floor line at y = 60.
    * ``"mat"`` ``{kind="mat", x=8, w=84}``: a thin mat lying on the floor.
    * ``"bed"`` ``{kind="bed", x=4, w=92, y=40, headboard="left"}``: a mattress
      whose top is at y, with a frame line, legs down to the floor and a
      headboard at ``"left"``, ``"right"`` or ``"none"``.
    * ``"wall"`` ``{kind="wall", x=8}``: a vertical wall line.
    * ``"chair"`` ``{kind="chair", x=20, y=42, w=16, back=20, flip=false}``: a
      simple chair with its seat top at y. Side view: seat from x to x + w and
      a backrest ``back`` high at x (at x + w when flipped). Front view: seat
      centred on x.
    In top view only ``bed`` (a mattress outline from x to x + w with a
    pillow at the headboard end) and ``mat`` (from x to x + w) are drawn.
``arrows``
    Optional list of motion arrows, drawn thin with an arrowhead at the end:

    * ``[[x1, y1], [cx, cy], [x2, y2]]``: quadratic Bezier from the first point
      to the last, pulled towards the middle one.
    * ``{path=[[x1, y1], [cx, cy], [x2, y2]], both=true}``: the same with
      arrowheads at both ends (side-to-side movement).
    * ``{circle=[cx, cy, r], start=200, sweep=290, both=false}``: a circular
      arrow (an arc). Angles are degrees clockwise from 3 o'clock as seen on
      screen; ``sweep`` is how far it runs (negative runs anticlockwise).

Output
------

``render_figure`` returns an ``<svg>`` element drawn only in
``currentColor`` (round-capped strokes; the head is filled) and shades of it
through ``opacity``, so CSS sets the colour and the size: there is no width,
height, ``style`` attribute or script, which suits a strict CSP. It has
``role="img"`` and is labelled by its ``<title>``. Parts carry classes for
styling: ``fig-props``, ``fig-far``, ``fig-body``, ``fig-arrows``. The same
pose and title always give the same string.

This module needs no Django settings: it only uses ``django.utils.html`` and
``django.utils.safestring``, which import without them.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from numbers import Real

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["FLOOR_Y", "PROP_KINDS", "VIEWBOX", "render_figure", "validate_pose"]

WIDTH = 100
HEIGHT = 64
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
FLOOR_Y = 60
HEAD_RADIUS = 4

LIMB_WIDTH = "2.7"
TORSO_WIDTH = "4.2"
FAR_WIDTH = "2.3"
FAR_OPACITY = ".45"
PROP_WIDTH = "1.2"
PROP_OPACITY = ".5"
ARROW_WIDTH = "1.3"
ARROW_OPACITY = ".8"
ARROW_HEAD = 2.6

TOP_LEVEL_KEYS = {
    "view",
    "head",
    "neck",
    "hip",
    "spine_curve",
    "near",
    "far",
    "left",
    "right",
    "props",
    "arrows",
}
LIMB_REQUIRED = ("elbow", "hand", "knee", "foot")
LIMB_OPTIONAL = ("shoulder", "hip", "toe")

# kind -> {setting: (default, kind of value)}
PROP_KINDS: dict[str, dict[str, tuple[object, str]]] = {
    "floor": {},
    "mat": {"x": (8, "x"), "w": (84, "w")},
    "bed": {"x": (4, "x"), "w": (92, "w"), "y": (40, "y"), "headboard": ("left", "side")},
    "wall": {"x": (8, "x")},
    "chair": {
        "x": (20, "x"),
        "y": (42, "y"),
        "w": (16, "w"),
        "back": (20, "y"),
        "flip": (False, "bool"),
    },
}
HEADBOARD_SIDES = ("left", "right", "none")
TOP_VIEW_PROPS = ("bed", "mat")
VIEWS = ("side", "front", "top")


# --------------------------------------------------------------------------
# Validation


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _is_point(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(_is_number(v) for v in value)
        and 0 <= value[0] <= WIDTH
        and 0 <= value[1] <= HEIGHT
    )


def _point_error(field: str, value: object) -> str:
    return f"{field}: expected [x, y] numbers in 0-{WIDTH} (x) and 0-{HEIGHT} (y), got {value!r}"


def _check_point(errors: list[str], field: str, value: object) -> None:
    if not _is_point(value):
        errors.append(_point_error(field, value))


def _check_limb(errors: list[str], field: str, limb: object, view: str) -> None:
    if not isinstance(limb, dict):
        errors.append(f"{field}: expected a table of points, got {limb!r}")
        return
    required = LIMB_REQUIRED + (("shoulder",) if view != "side" else ())
    for key in required:
        if key not in limb:
            errors.append(f"{field}.{key}: missing")
    for key, value in limb.items():
        if key not in LIMB_REQUIRED and key not in LIMB_OPTIONAL:
            errors.append(f"{field}: unknown key {key!r}")
        else:
            _check_point(errors, f"{field}.{key}", value)


def _check_prop(errors: list[str], field: str, prop: object, view: str) -> None:
    if isinstance(prop, str):
        if prop not in PROP_KINDS:
            errors.append(f"props: unknown {prop!r} (expected one of {', '.join(PROP_KINDS)})")
        elif view == "top" and prop not in TOP_VIEW_PROPS:
            errors.append(f"{field}: {prop!r} is not drawn in top view")
        return
    if not isinstance(prop, dict):
        errors.append(f"{field}: expected a prop name or a table with 'kind', got {prop!r}")
        return
    kind = prop.get("kind")
    if kind not in PROP_KINDS:
        errors.append(f"props: unknown {kind!r} (expected one of {', '.join(PROP_KINDS)})")
        return
    if view == "top" and kind not in TOP_VIEW_PROPS:
        errors.append(f"{field}: {kind!r} is not drawn in top view")
    settings = PROP_KINDS[kind]
    for key, value in prop.items():
        if key == "kind":
            continue
        if key not in settings:
            errors.append(f"{field}: unknown setting {key!r} for {kind}")
            continue
        value_kind = settings[key][1]
        if value_kind == "bool":
            if not isinstance(value, bool):
                errors.append(f"{field}.{key}: expected true or false, got {value!r}")
        elif value_kind == "side":
            if value not in HEADBOARD_SIDES:
                errors.append(
                    f"{field}.{key}: expected one of {', '.join(HEADBOARD_SIDES)}, got {value!r}"
                )
        else:
            limit = HEIGHT if value_kind == "y" else WIDTH
            if not (_is_number(value) and 0 <= value <= limit):
                errors.append(f"{field}.{key}: expected a number in 0-{limit}, got {value!r}")


def _check_arrow(errors: list[str], field: str, arrow: object) -> None:
    if isinstance(arrow, dict):
        if "circle" in arrow:
            allowed = {"circle", "start", "sweep", "both"}
            circle = arrow["circle"]
            if not (
                isinstance(circle, (list, tuple))
                and len(circle) == 3
                and _is_point(circle[:2])
                and _is_number(circle[2])
                and 0 < circle[2] <= HEIGHT / 2
            ):
                errors.append(
                    f"{field}.circle: expected [cx, cy, r] with the centre in the box "
                    f"and r in 0-{HEIGHT // 2}, got {circle!r}"
                )
            for key in ("start", "sweep"):
                if key in arrow and not (_is_number(arrow[key]) and -360 <= arrow[key] <= 360):
                    errors.append(
                        f"{field}.{key}: expected degrees in -360-360, got {arrow[key]!r}"
                    )
        elif "path" in arrow:
            allowed = {"path", "both"}
            _check_curve(errors, f"{field}.path", arrow["path"])
        else:
            errors.append(f"{field}: expected a 'path' or a 'circle'")
            return
        if "both" in arrow and not isinstance(arrow["both"], bool):
            errors.append(f"{field}.both: expected true or false, got {arrow['both']!r}")
        for key in arrow:
            if key not in allowed:
                errors.append(f"{field}: unknown key {key!r}")
        return
    _check_curve(errors, field, arrow)


def _check_curve(errors: list[str], field: str, curve: object) -> None:
    if not (isinstance(curve, (list, tuple)) and len(curve) == 3 and all(map(_is_point, curve))):
        errors.append(
            f"{field}: expected three [x, y] points in the box (start, control, end), got {curve!r}"
        )


def validate_pose(pose: dict) -> list[str]:
    """Return human-readable problems with ``pose``; an empty list means valid.

    Each message starts with the field it is about, e.g.
    ``"head: expected [x, y] numbers in 0-100 (x) and 0-64 (y), got [120, 5]"``
    or ``"props: unknown 'sofa' (expected one of ...)"``.
    """
    if not isinstance(pose, dict):
        return [f"pose: expected a table, got {type(pose).__name__}"]
    errors: list[str] = []
    for key in pose:
        if key not in TOP_LEVEL_KEYS:
            errors.append(f"{key}: unknown key")

    view = pose.get("view", "side")
    if view not in VIEWS:
        errors.append(f"view: expected one of {', '.join(VIEWS)}, got {view!r}")
        view = "side"

    for key in ("head", "neck", "hip"):
        if key not in pose:
            errors.append(f"{key}: missing")
        else:
            _check_point(errors, key, pose[key])

    if "spine_curve" in pose:
        curve = pose["spine_curve"]
        if not (_is_number(curve) and -15 <= curve <= 15):
            errors.append(f"spine_curve: expected a number in -15-15, got {curve!r}")

    if view == "side":
        limbs, required, wrong = ("near", "far"), ("near",), ("left", "right")
    else:
        limbs, required, wrong = ("left", "right"), ("left", "right"), ("near", "far")
    for key in wrong:
        if key in pose:
            errors.append(f"{key}: not used in {view} view (use {' and '.join(limbs)})")
    for key in required:
        if key not in pose:
            errors.append(f"{key}: missing")
    for key in limbs:
        if key in pose:
            _check_limb(errors, key, pose[key], view)

    if "props" in pose:
        props = pose["props"]
        if not isinstance(props, (list, tuple)):
            errors.append(f"props: expected a list, got {props!r}")
        else:
            for index, prop in enumerate(props):
                _check_prop(errors, f"props[{index}]", prop, view)

    if "arrows" in pose:
        arrows = pose["arrows"]
        if not isinstance(arrows, (list, tuple)):
            errors.append(f"arrows: expected a list, got {arrows!r}")
        else:
            for index, arrow in enumerate(arrows):
                _check_arrow(errors, f"arrows[{index}]", arrow)
    return errors


# --------------------------------------------------------------------------
# Rendering


def _n(value: float) -> str:
    """Format a coordinate compactly: one decimal, no trailing zeros."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return text


def _pt(point) -> str:
    return f"{_n(point[0])},{_n(point[1])}"


def _polyline(points) -> str:
    return f'<polyline points="{" ".join(_pt(p) for p in points)}"/>'


def _line(a, b) -> str:
    return f'<path d="M{_pt(a)}L{_pt(b)}"/>'


def _torso_control(neck, hip, curve: float):
    """Control point of the quadratic torso curve bowing ``curve`` units."""
    dx, dy = neck[0] - hip[0], neck[1] - hip[1]
    length = math.hypot(dx, dy) or 1.0
    # Rotate hip->neck by -90 degrees on screen: the figure's back side.
    nx, ny = dy / length, -dx / length
    mid = ((neck[0] + hip[0]) / 2, (neck[1] + hip[1]) / 2)
    return (mid[0] + 2 * curve * nx, mid[1] + 2 * curve * ny)


def _on_torso(neck, control, hip, t: float):
    u = 1 - t
    return tuple(
        u * u * n + 2 * u * t * c + t * t * h for n, c, h in zip(neck, control, hip, strict=True)
    )


def _limb_paths(limb: dict, shoulder, pelvis) -> list[str]:
    leg = [limb.get("hip", pelvis), limb["knee"], limb["foot"]]
    if "toe" in limb:
        leg.append(limb["toe"])
    arm = [limb.get("shoulder", shoulder), limb["elbow"], limb["hand"]]
    return [_polyline(leg), _polyline(arm)]


def _arrowhead(tip, direction) -> str:
    dx, dy = direction
    length = math.hypot(dx, dy) or 1.0
    dx, dy = dx / length, dy / length
    wings = []
    for angle in (0.5, -0.5):  # ~29 degrees either side
        c, s = math.cos(angle), math.sin(angle)
        bx, by = dx * c - dy * s, dx * s + dy * c
        wings.append((tip[0] - ARROW_HEAD * bx, tip[1] - ARROW_HEAD * by))
    return _polyline([wings[0], tip, wings[1]])


def _arrow(arrow) -> str:
    if isinstance(arrow, dict) and "circle" in arrow:
        cx, cy, r = arrow["circle"]
        start = math.radians(arrow.get("start", 200))
        sweep_deg = arrow.get("sweep", 290)
        end = start + math.radians(sweep_deg)
        p1 = (cx + r * math.cos(start), cy + r * math.sin(start))
        p2 = (cx + r * math.cos(end), cy + r * math.sin(end))
        large = 1 if abs(sweep_deg) > 180 else 0
        clockwise = 1 if sweep_deg > 0 else 0
        sign = 1 if clockwise else -1
        out = f'<path d="M{_pt(p1)}A{_n(r)},{_n(r)} 0 {large} {clockwise} {_pt(p2)}"/>'
        out += _arrowhead(p2, (-math.sin(end) * sign, math.cos(end) * sign))
        if arrow.get("both"):
            out += _arrowhead(p1, (math.sin(start) * sign, -math.cos(start) * sign))
        return out
    both = False
    if isinstance(arrow, dict):
        both = arrow.get("both", False)
        arrow = arrow["path"]
    p1, c, p2 = arrow
    out = f'<path d="M{_pt(p1)}Q{_pt(c)} {_pt(p2)}"/>'
    end_dir = (p2[0] - c[0], p2[1] - c[1]) if c != p2 else (p2[0] - p1[0], p2[1] - p1[1])
    out += _arrowhead(p2, end_dir)
    if both:
        start_dir = (p1[0] - c[0], p1[1] - c[1]) if c != p1 else (p1[0] - p2[0], p1[1] - p2[1])
        out += _arrowhead(p1, start_dir)
    return out


def _prop(prop, view: str) -> str:
    if isinstance(prop, str):
        kind, given = prop, {}
    else:
        kind, given = prop["kind"], prop
    s = {key: given.get(key, default) for key, (default, _) in PROP_KINDS[kind].items()}
    f = FLOOR_Y
    if view == "top":
        x, w = s["x"], s["w"]
        if kind == "mat":
            return f'<rect x="{_n(x)}" y="4" width="{_n(w)}" height="56" rx="2"/>'
        out = f'<rect x="{_n(x)}" y="3" width="{_n(w)}" height="58" rx="3"/>'
        if s["headboard"] != "none":
            px = x + 3 if s["headboard"] == "left" else x + w - 15
            out += f'<rect x="{_n(px)}" y="20" width="12" height="24" rx="4"/>'
        return out
    if kind == "floor":
        return _line((2, f), (98, f))
    if kind == "mat":
        x, w = s["x"], s["w"]
        return f'<rect x="{_n(x)}" y="{_n(f - 2)}" width="{_n(w)}" height="2" rx="1"/>'
    if kind == "wall":
        return _line((s["x"], f), (s["x"], 2))
    if kind == "bed":
        x, w, y = s["x"], s["w"], s["y"]
        right = x + w
        out = f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="6" rx="2"/>'
        out += _line((x, y + 9), (right, y + 9))  # frame
        out += _line((x + 3, y + 9), (x + 3, f)) + _line((right - 3, y + 9), (right - 3, f))
        if s["headboard"] == "left":
            out += _line((x, f), (x, y - 10))
        elif s["headboard"] == "right":
            out += _line((right, f), (right, y - 10))
        return out
    # chair
    x, y, w = s["x"], s["y"], s["w"]
    if view == "front":
        half = w / 2
        return (
            _line((x - half, y), (x + half, y))
            + _line((x - half + 1, y), (x - half + 1, f))
            + _line((x + half - 1, y), (x + half - 1, f))
        )
    back, front = (x + w, x) if s["flip"] else (x, x + w)
    return (
        _line((back, y - s["back"]), (back, f))
        + _line((back, y), (front, y))
        + _line((front, y), (front, f))
    )


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _default_prefix(title: str) -> str:
    slug = _SLUG_RE.sub("-", title.lower()).strip("-")
    return f"fig-{slug or 'figure'}"


def render_figure(
    pose: dict,
    *,
    title: str,
    size_class: str = "figure",
    id_prefix: str | None = None,
) -> SafeString:
    """Draw ``pose`` as an inline ``<svg>`` element, labelled by ``title``.

    ``size_class`` becomes the svg's ``class`` (CSS sizes the figure).
    ``id_prefix`` makes the ``<title>`` id unique on a page; it defaults to a
    slug of the title, so pass distinct prefixes when one page shows the same
    figure twice. Output is deterministic. Raises ``ValueError`` listing the
    problems if the pose is invalid.
    """
    errors = validate_pose(pose)
    if errors:
        raise ValueError("invalid pose: " + "; ".join(errors))
    view = pose.get("view", "side")
    title_id = f"{id_prefix or _default_prefix(title)}-title"
    head, neck, hip = pose["head"], pose["neck"], pose["hip"]
    control = _torso_control(neck, hip, pose.get("spine_curve", 0))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{VIEWBOX}"'
        f' class="{escape(size_class)}" role="img" aria-labelledby="{escape(title_id)}"'
        ' fill="none" stroke="currentColor" stroke-linecap="round" stroke-linejoin="round">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
    ]
    if pose.get("props"):
        parts.append(
            f'<g class="fig-props" stroke-width="{PROP_WIDTH}" opacity="{PROP_OPACITY}">'
            + "".join(_prop(p, view) for p in pose["props"])
            + "</g>"
        )

    shoulder = _on_torso(neck, control, hip, 0.1)
    if view == "side":
        back_limbs = [pose["far"]] if "far" in pose else []
        front_limbs = [pose["near"]]
    else:
        back_limbs, front_limbs = [], [pose["left"], pose["right"]]
    if back_limbs:
        parts.append(
            f'<g class="fig-far" stroke-width="{FAR_WIDTH}" opacity="{FAR_OPACITY}">'
            + "".join(_limb_paths(back_limbs[0], shoulder, hip))
            + "</g>"
        )

    body = [
        _line(neck, head),
        f'<path d="M{_pt(neck)}Q{_pt(control)} {_pt(hip)}" stroke-width="{TORSO_WIDTH}"/>',
    ]
    if view != "side":
        left, right = pose["left"], pose["right"]
        body.append(_polyline([left["shoulder"], neck, right["shoulder"]]))
        if "hip" in left and "hip" in right:
            body.append(_polyline([left["hip"], hip, right["hip"]]))
    body.append(
        f'<circle cx="{_n(head[0])}" cy="{_n(head[1])}" r="{HEAD_RADIUS}"'
        ' fill="currentColor" stroke="none"/>'
    )
    for limb in front_limbs:
        body.extend(_limb_paths(limb, shoulder, hip))
    parts.append(f'<g class="fig-body" stroke-width="{LIMB_WIDTH}">' + "".join(body) + "</g>")

    if pose.get("arrows"):
        parts.append(
            f'<g class="fig-arrows" stroke-width="{ARROW_WIDTH}" opacity="{ARROW_OPACITY}">'
            + "".join(_arrow(a) for a in pose["arrows"])
            + "</g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def figure_markup(pose: object, *, title: str, id_prefix: str) -> SafeString | None:
    """``render_figure`` for a page, remembered: a pose is drawn once per process and
    title, then served from memory (drawing every card of the catalogue on every request
    was most of its time). None when the pose is invalid."""
    try:
        key = json.dumps(pose, sort_keys=True)
    except (TypeError, ValueError):
        return None
    markup = _drawn(key, title, id_prefix)
    return mark_safe(markup) if markup is not None else None


@lru_cache(maxsize=1024)
def _drawn(pose_json: str, title: str, id_prefix: str) -> str | None:
    pose = json.loads(pose_json)
    if validate_pose(pose):
        return None
    return str(render_figure(pose, title=title, id_prefix=id_prefix))
