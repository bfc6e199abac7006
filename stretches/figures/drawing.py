"""The stretch figures drawn as inline SVG: the camera, the body's parts as capsules, the
props and arrows, the frames cut to the body, and `render_figure` and `figure_markup`."""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from stretches.figures.checks import (
    FLOOR_Y,
    FRAMES,
    HEIGHT,
    VIEWS,
    WIDTH,
    _boxes,
    _freeze,
    _posed,
    _prop_table,
    pose_frames,
    validate_pose,
)
from stretches.figures.skeleton import HEAD_R, LIMB_R, PARTS, TORSO_R, Skeleton

VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"
PAIR_GAP = 12


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
