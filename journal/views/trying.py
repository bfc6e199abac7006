"""A stretch's "Try it now": that one stretch played as a short session, signed out too."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from config.shared.typing import HtmxHttpRequest
from routines.services import routine_try
from stretches.models import Stretch


@require_GET
def stretch_try(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """To the player, with the stretch's one-stretch routine: it plays for anyone, as the
    starter routines do (and, signed in, lands in the journal as they do)."""
    stretch = Stretch.objects.filter(slug=slug).first()
    if stretch is None:
        raise Http404
    return redirect("journal:player-start", routine_try(stretch=stretch).pk)
