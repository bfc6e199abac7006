"""Stretch figures: the pose schema and the drawing are in `stretches.figures.drawing`."""

from __future__ import annotations

from stretches.figures.drawing import (
    BONES,
    FRAMES,
    VIEWBOX,
    figure_markup,
    mirrored_text,
    pose_frames,
    render_figure,
    skeleton,
    validate_pose,
)

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
