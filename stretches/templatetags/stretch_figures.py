from django import template
from django.utils.safestring import SafeString

from stretches.models import Stretch

register = template.Library()


@register.simple_tag
def stretch_figure(stretch: Stretch, side: str = "") -> SafeString:
    """`{% stretch_figure stretch side %}`: the stretch's figure for a side of the body.

    ``side`` is "left" or "right", or the player's label ("Right side"); a stretch done on
    both sides at once, or no side, shows the figure as drawn (the left side first)."""
    word = str(side or "").strip().lower()
    return stretch.figure_svg(side="right" if word.startswith("right") else "left")
