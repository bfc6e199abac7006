from django import template

from stretches.timing import describe_duration

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """`{{ 150|duration }}` → "about 3 min"."""
    return "" if seconds is None else describe_duration(int(seconds))


@register.filter
def clock(seconds: int | None) -> str:
    """`{{ 75|clock }}` → "1:15", as a countdown shows it."""
    if seconds is None:
        return ""
    minutes, rest = divmod(max(int(seconds), 0), 60)
    return f"{minutes}:{rest:02d}"
