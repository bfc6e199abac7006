"""A routine's step plan: the ordered, timed steps the player follows.

Pure functions over plain data, so the composer's total, the routine page and
the player all agree, and all of it is tested without a database.

For each item, each set, each side there is one `work` step. Between the two
sides of a set comes a `switch` pause; between sets on the same side, a short
`relax` pause (the same length); after each item but the last, a `rest` that
shows what comes next. A `get-ready` countdown opens the routine. Pauses of
0 seconds are left out.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Sides(StrEnum):
    """How an item treats the sides of the body."""

    BOTH = "both"  # a symmetric stretch: both sides at once
    LEFT_RIGHT = "left-right"  # left side, then right side, each set
    LEFT = "left"  # one side only
    RIGHT = "right"

    @property
    def label(self) -> str:
        return SIDES_LABELS[self]

    @property
    def sequence(self) -> tuple[str, ...]:
        """The sides of one set, in order; "" for both at once."""
        return {
            "both": ("",),
            "left-right": ("left", "right"),
            "left": ("left",),
            "right": ("right",),
        }[self]


SIDES_LABELS = {
    Sides.BOTH: "Both sides together",
    Sides.LEFT_RIGHT: "Left, then right",
    Sides.LEFT: "Left side only",
    Sides.RIGHT: "Right side only",
}


class StepKind(StrEnum):
    GET_READY = "get-ready"
    WORK = "work"
    SWITCH = "switch"
    RELAX = "relax"
    REST = "rest"


@dataclass(frozen=True, kw_only=True)
class PlanItem:
    """One item of a routine, as the plan needs it."""

    stretch_id: int
    name: str
    timed: bool  # a hold counted down; otherwise repetitions with a "Done" button
    hold_seconds: int
    repetitions: int
    seconds_per_repetition: int
    sets: int
    sides: Sides
    rest_seconds: int

    @property
    def work_seconds(self) -> int:
        """One set on one side: the hold, or the repetitions at their pace."""
        if self.timed:
            return self.hold_seconds
        return self.repetitions * self.seconds_per_repetition


@dataclass(frozen=True, kw_only=True)
class PlanSettings:
    get_ready_seconds: int
    switch_seconds: int


@dataclass(frozen=True, kw_only=True)
class PlanStep:
    """One step of a play-through as the player shows it: get ready, a stretch (one set on
    one side), a switch of sides, a relax between sets or a rest. Not to be confused with
    a stretch's written steps (stretches.models.Step) or a step the journal recorded
    (journal.models.SessionStep)."""

    index: int
    kind: StepKind
    seconds: int
    item_index: int  # position of the item (0-based) the step belongs to or leads to
    set_number: int = 0  # 1-based, for work steps
    set_count: int = 0  # how many sets the item has, for work steps
    side: str = ""  # "left", "right" or "" for both
    repetitions: int = 0  # for work steps of repetition items; 0 for holds
    starts_at: int = 0  # planned seconds of all the steps before this one

    @property
    def is_work(self) -> bool:
        return self.kind == StepKind.WORK


def step_plan(items: Sequence[PlanItem], settings: PlanSettings) -> list[PlanStep]:
    steps: list[PlanStep] = []

    def add(kind: StepKind, seconds: int, item_index: int, **extra) -> None:
        if seconds > 0 or kind == StepKind.WORK:
            starts_at = steps[-1].starts_at + steps[-1].seconds if steps else 0
            steps.append(
                PlanStep(
                    index=len(steps),
                    kind=kind,
                    seconds=seconds,
                    item_index=item_index,
                    starts_at=starts_at,
                    **extra,
                )
            )

    if items:
        add(StepKind.GET_READY, settings.get_ready_seconds, 0)
    for item_index, item in enumerate(items):
        sides = item.sides.sequence
        for set_number in range(1, item.sets + 1):
            for side_number, side in enumerate(sides):
                if side_number > 0:
                    add(StepKind.SWITCH, settings.switch_seconds, item_index)
                elif set_number > 1:
                    add(StepKind.RELAX, settings.switch_seconds, item_index)
                add(
                    StepKind.WORK,
                    item.work_seconds,
                    item_index,
                    set_number=set_number,
                    set_count=item.sets,
                    side=side,
                    repetitions=0 if item.timed else item.repetitions,
                )
        if item_index < len(items) - 1:
            add(StepKind.REST, item.rest_seconds, item_index + 1)
    return steps


def plan_seconds(steps: Sequence[PlanStep]) -> int:
    """The whole routine's length: every step, repetitions at their estimated pace."""
    return sum(step.seconds for step in steps)


def next_index(steps: Sequence[PlanStep], index: int) -> int | None:
    """The step after `index`, or None when `index` is the last: the routine is over."""
    return index + 1 if index + 1 < len(steps) else None


def previous_index(steps: Sequence[PlanStep], index: int) -> int:
    """Where "back" goes: the start of the previous stretch (work step), passing over
    pauses; from the first stretch, the start of the routine."""
    for candidate in range(index - 1, -1, -1):
        if steps[candidate].is_work:
            return candidate
    return 0


def work_step_count(steps: Sequence[PlanStep]) -> int:
    return sum(1 for step in steps if step.is_work)


def progress(steps: Sequence[PlanStep], index: int) -> int:
    """How far into the routine the start of a step is, in whole percent."""
    total = plan_seconds(steps)
    return round(100 * steps[index].starts_at / total) if total else 0


def plan_signature(steps: Sequence[PlanStep], stretch_ids: Sequence[int]) -> str:
    """What a play-through's step numbers stand for: each step's kind, item, set and side,
    and each item's stretch. The same signature means step N is the same step; timings may
    differ (a hold made longer changes no step's place)."""
    shape = [(s.kind.value, s.item_index, s.set_number, s.side) for s in steps]
    return hashlib.sha256(repr((shape, list(stretch_ids))).encode()).hexdigest()
