"""How long things take, and how we say it.

Shared by the catalogue (a stretch's own duration) and the routines built on
it, so that a stretch shows the same time wherever it appears.
"""


def describe_duration(seconds: int) -> str:
    """Say a duration the way a person would: "45 s", "about 2 min", "about 1 h 5 min"."""
    if seconds < 60:
        return f"{max(seconds, 0)} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"about {minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"about {hours} h {minutes} min" if minutes else f"about {hours} h"


def describe_dose(
    *,
    timed: bool,
    hold_seconds: int,
    repetitions: int,
    sets: int,
    sides: str = "",
    each_way: bool = False,
) -> str:
    """What one does, in a few words: "Hold 30 s · 2 times · each side", or "10 each way"
    for two sets of repetitions done one in each direction."""
    if each_way and not timed and sets == 2:
        return " · ".join(part for part in (f"{repetitions} each way", sides) if part)
    parts = [f"Hold {hold_seconds} s" if timed else f"{repetitions} times"]
    if sets > 1:
        parts.append(f"{sets} times" if timed else f"{sets} sets")
    if sides:
        parts.append(sides)
    return " · ".join(parts)
