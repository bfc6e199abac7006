"""{% resume_card %}: "Continue Wake-up in bed: stretch 3 of 5", where a page offers it.

The routine's page (routines cannot read the journal) and the journal's dashboard show the
card through this tag; Home finds the offer in its view and includes the same fragment.
"""

from django import template
from django.utils import timezone

from journal.selectors import resume_offer
from routines.models import Routine

register = template.Library()


@register.inclusion_tag("journal/_resume_card.html", takes_context=True)
def resume_card(context, routine: Routine | None = None) -> dict:
    """The person's play-through to continue (of this routine, if given), if any."""
    request = context["request"]
    return {"offer": resume_offer(request.user, now=timezone.now(), routine=routine)}
