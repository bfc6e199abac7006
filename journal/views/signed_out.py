"""Signed out, the player saves nothing; what it recorded is noted for a sign-up to keep."""

import uuid
from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse

from config.typing import HtmxHttpRequest
from journal import carry
from journal.forms import StepForm


def keeps_signed_out_steps(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps the player's step record: when someone signed out had a step accepted (the
    player answered it without an error, so the step and its numbers passed the player's
    own checks), the step is noted in their session's carried play-through
    (journal.carry), to be kept if they create an account from the summary."""

    @wraps(view)
    def wrapper(
        request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID, index: int
    ) -> HttpResponse:
        response = view(request, routine_pk, key, index)
        if request.user.is_authenticated or response.status_code >= 400:
            return response
        form = StepForm(request.POST)
        if form.is_valid():
            carry.carry_step(
                request.session,
                play_key=key,
                index=index,
                outcome=form.cleaned_data["outcome"],
                actual_seconds=form.cleaned_data["actual_seconds"],
            )
        return response

    return wrapper
