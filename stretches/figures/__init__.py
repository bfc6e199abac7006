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

from stretches.figures.checks import FRAMES, pose_frames, validate_pose
from stretches.figures.drawing import VIEWBOX, figure_markup, mirrored_text, render_figure
from stretches.figures.skeleton import BONES, skeleton

__all__ = [
    "BONES",
    "FRAMES",
    "VIEWBOX",
    "figure_markup",
    "mirrored_text",
    "pose_frames",
    "render_figure",
    "skeleton",
    "validate_pose",
]
