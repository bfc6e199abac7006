"""The player's rules: what it shows and says at each step, where its start leads, what a
finish needs and what its summary says. Pure functions over the step plan and plain values;
the views in journal/views/player.py parse, call these, and draw."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from routines.plan import PlanStep, StepKind, previous_index, progress, work_step_count

SIDE_LABELS = {"left": "Left side", "right": "Right side", "": ""}
NEXT_SIDE_LABELS = {"left": "your left side", "right": "your right side"}


@dataclass(frozen=True, kw_only=True)
class StepScreen:
    index: int
    kind: str
    seconds: int
    title: str  # the big line: the stretch, or "Switch sides", "Rest", "Get ready"
    item_index: int  # the stretch shown (for a rest: the next one)
    side: str  # "Left side", "Right side" or ""
    set_label: str  # "Set 2 of 3" or ""
    next_up: str  # on a pause: what comes next ("Now your right side"); "" on a stretch
    position_label: str  # "Stretch 4 of 7"
    repetitions: int  # count to do, for repetition steps; 0 for timed steps
    timed: bool  # counted down and moves on by itself at zero
    announcement: str  # for screen readers and the spoken cue
    progress: int  # percent of the routine before this step
    back_index: int | None  # where "Back" goes; None on the very first step

    @property
    def is_work(self) -> bool:
        return self.kind == StepKind.WORK


def _seconds(seconds: int) -> str:
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def step_screen(steps: Sequence[PlanStep], names: Sequence[str], index: int) -> StepScreen:
    """The screen for step `index` of a plan whose items have these stretch names."""
    step = steps[index]
    name = names[step.item_index]
    side = SIDE_LABELS[step.side]
    set_label = f"Set {step.set_number} of {step.set_count}" if step.set_count > 1 else ""
    next_up = ""
    if step.kind == StepKind.WORK:
        title = name
        what = f"{step.repetitions} times" if step.repetitions else f"Hold {_seconds(step.seconds)}"
        announcement = ". ".join(part for part in (name, side, set_label, what) if part) + "."
    elif step.kind == StepKind.SWITCH:
        title = "Switch sides"
        next_side = NEXT_SIDE_LABELS.get(_next_work(steps, index).side, "")
        next_up = f"Now {next_side}" if next_side else ""
        announcement = f"Switch sides. Now {next_side}." if next_side else "Switch sides."
    elif step.kind == StepKind.RELAX:
        title = "Relax"
        following = _next_work(steps, index)
        again = f"set {following.set_number} of {following.set_count}"
        next_up = f"Next: {again}"
        announcement = f"Relax. Then {name} again, {again}."
    elif step.kind == StepKind.REST:
        title = "Rest"
        next_up = f"Next: {name}"
        announcement = f"Rest. Next: {name}."
    else:
        title = "Get ready"
        next_up = f"First: {name}"
        announcement = f"Get ready. First: {name}."
    return StepScreen(
        index=index,
        kind=step.kind.value,
        seconds=step.seconds,
        title=title,
        item_index=step.item_index,
        side=side,
        set_label=set_label,
        next_up=next_up,
        position_label=f"Stretch {step.item_index + 1} of {len(names)}",
        repetitions=step.repetitions,
        timed=not step.repetitions,
        announcement=announcement,
        progress=progress(steps, index),
        back_index=previous_index(steps, index) if index > 0 else None,
    )


def _next_work(steps: Sequence[PlanStep], index: int) -> PlanStep:
    """The stretch step that a pause leads to (a pause is always followed by one)."""
    return next(step for step in steps[index + 1 :] if step.kind == StepKind.WORK)


PAIN_RISE_TO_MENTION = 2
# Pain this strong before starting brings a calm check (the urgent signs, a gentler routine,
# or not today) before any countdown.
PAIN_TO_CHECK = 8


def pain_needs_check(before: int | None) -> bool:
    return before is not None and before >= PAIN_TO_CHECK


def pain_score(raw: str | None) -> int | None:
    """A pain score carried in the address (someone signed out), or None if it is not one."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 <= value <= 10 else None


class StartNext(StrEnum):
    """Where a button of the "how is your pain" page leads."""

    NOT_TODAY = "not-today"  # no stretching today: the pain goes in the journal, no session
    CHECK = "check"  # the calm check (urgent signs, a gentler routine) before any countdown
    PLAY = "play"  # the play-through begins: its first step


def start_next(choice: str, pain_before: int | None) -> StartNext:
    """`choice` is the button pressed (journal.forms.StartForm.Choice): "Not today" ends
    there; "Start" with strong pain brings the check first; "Continue anyway", the check's
    own button, goes on whatever the pain."""
    if choice == "not-today":
        return StartNext.NOT_TODAY
    if choice == "start" and pain_needs_check(pain_before):
        return StartNext.CHECK
    return StartNext.PLAY


def work_steps_to_finish(steps: Sequence[PlanStep], *, changed: bool) -> int:
    """The stretch steps a finished session must hold to count as completed. After the
    routine was edited mid-play, the plan is not the one played: one more than it has, so
    that the session is partly done at most."""
    return len(steps) + 1 if changed else work_step_count(steps)


@dataclass(frozen=True)
class RoutineOption:
    """A routine that could be offered instead, as the choice needs it."""

    pk: int
    seconds: int
    all_gentle: bool  # every stretch in it is of gentle intensity


def gentler_option(options: Sequence[RoutineOption], *, instead_of: int) -> int | None:
    """The routine to offer on a bad day: the shortest one made only of gentle stretches,
    other than the one about to be played; None if there is none."""
    gentle = [option for option in options if option.all_gentle and option.pk != instead_of]
    if not gentle:
        return None
    return min(gentle, key=lambda option: (option.seconds, option.pk)).pk


def pain_rose(before: int | None, after: int | None) -> bool:
    """True when pain after is at least two points above pain before."""
    return before is not None and after is not None and after - before >= PAIN_RISE_TO_MENTION


@dataclass(frozen=True, kw_only=True)
class Summary:
    seconds: int | None  # wall time from start to finish; None when not known
    done: int  # steps (each set and side) done
    skipped: int  # steps skipped
    stretches_done: int  # stretches with at least one step done
    stretches_skipped: int  # stretches with every step played skipped
    pain_before: int | None
    pain_after: int | None
    pressed_through: int = 0  # done steps pressed through in seconds (see `honesty`)

    @property
    def pain_rose(self) -> bool:
        return pain_rose(self.pain_before, self.pain_after)

    @property
    def pain_eased(self) -> int:
        """How many points lower the pain is after than before (0 if not lower)."""
        change = self.pain_change
        return -change if change is not None and change < 0 else 0

    @property
    def pain_change(self) -> int | None:
        if self.pain_before is None or self.pain_after is None:
            return None
        return self.pain_after - self.pain_before


def summarise(
    *,
    steps: Sequence[tuple[str, str]],
    seconds: int | None,
    pain_before: int | None,
    pain_after: int | None,
    honesty: "Honesty | None" = None,
) -> Summary:
    """`steps` are the (stretch name, outcome) of each step played; `honesty` says how many
    of the done ones were pressed through."""
    done = {name for name, outcome in steps if outcome == "done"}
    played = {name for name, _outcome in steps}
    return Summary(
        seconds=seconds,
        done=sum(1 for _name, outcome in steps if outcome == "done"),
        skipped=sum(1 for _name, outcome in steps if outcome == "skipped"),
        stretches_done=len(done),
        stretches_skipped=len(played - done),
        pain_before=pain_before,
        pain_after=pain_after,
        pressed_through=honesty.pressed_through if honesty else 0,
    )


# --- Honest completion -----------------------------------------------------------------------

# A done step counts as really done once at least this share of its planned time passed: a
# 30-second hold after 10 s, ten repetitions at 3 s each after 10 s (about 1 s a repetition).
DONE_SHARE = 1 / 3


@dataclass(frozen=True)
class StepRecord:
    """One stretch step as the journal recorded it."""

    outcome: str  # "done" or "skipped"
    planned_seconds: int
    actual_seconds: int


def pressed_through(step: StepRecord) -> bool:
    """A step marked done before a third of its planned time had passed."""
    return step.outcome == "done" and step.actual_seconds < step.planned_seconds * DONE_SHARE


@dataclass(frozen=True)
class Honesty:
    done: int  # steps marked done
    pressed_through: int  # of those, pressed through in seconds

    @property
    def rushed(self) -> bool:
        """More than half of the done steps were pressed through."""
        return self.done > 0 and self.pressed_through * 2 > self.done


def honesty(steps: Iterable[StepRecord]) -> Honesty:
    steps = list(steps)
    return Honesty(
        done=sum(1 for step in steps if step.outcome == "done"),
        pressed_through=sum(1 for step in steps if pressed_through(step)),
    )
