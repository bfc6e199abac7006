"""The player: before, each step, after and the summary of one play-through.

Each step has its own URL, so a reload resumes there. With htmx the next step
is swapped in and the address follows; without JavaScript every button is a
plain form and every link a plain link. Signed-out people can play a starter
routine: nothing is saved, their pain scores ride along in the address.
"""

import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, push_url

from config.shared.typing import HtmxHttpRequest
from journal import carry, services
from journal.forms import FinishForm, StartForm, StepForm
from journal.models import Session
from journal.playback import (
    StartNext,
    pain_score,
    start_next,
    step_screen,
    summarise,
    work_steps_to_finish,
)
from journal.selectors import (
    gentler_starter,
    morning_starter,
    play_throughs_of,
    session_summary,
    today_for,
)
from journal.services import Recorded
from routines.models import Routine, RoutineItem
from routines.plan import PlanStep, next_index, plan_seconds, plan_signature
from routines.selectors import items_to_play, routines_visible
from stretches.selectors import annotated_catalogue_version


@dataclass
class PlayThrough:
    routine: Routine
    items: list[RoutineItem]
    steps: list[PlanStep]
    key: uuid.UUID
    session: Session | None  # None for someone signed out: nothing is saved
    pain_before: int | None
    # Their journal settings say forward bending hurts: the player says so on such stretches.
    avoids_forward_bending: bool = False

    @property
    def changed(self) -> bool:
        """The routine was edited since this play-through began, so step N of the plan is
        no longer the step N the session recorded."""
        if self.session is None or not self.session.plan_signature:
            return False
        signature = plan_signature(self.steps, [item.stretch_id for item in self.items])
        return signature != self.session.plan_signature

    def url(self, name: str, *args, **query) -> str:
        address = reverse(f"journal:{name}", args=[self.routine.pk, self.key, *args])
        if self.session is None:
            query = {"before": self.pain_before, **query}
        query = {key: value for key, value in query.items() if value is not None}
        return f"{address}?{urlencode(query)}" if query else address

    def step_url(self, index: int) -> str:
        return self.url("player-step", index)


def _routine(request: HtmxHttpRequest, routine_pk: int) -> Routine:
    return get_object_or_404(routines_visible(request.user), pk=routine_pk)


def _play(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID) -> PlayThrough:
    session, catalogue = None, None
    if request.user.is_authenticated:
        # Their own play-through of this routine, with the routine, the catalogue's version
        # (the key of its cached items) and whether they avoid bending forward, in one query.
        session = get_object_or_404(
            play_throughs_of(request.user), play_key=key, routine_id=routine_pk
        )
        routine, pain_before = session.routine, session.pain_before
        catalogue = annotated_catalogue_version(session)
    else:  # only starter routines play without an account
        routine = get_object_or_404(Routine, pk=routine_pk, owner__isnull=True)
        pain_before = pain_score(request.GET.get("before"))
    if routine.owner_id not in (None, request.user.pk):
        raise Http404  # not theirs to play
    items = items_to_play(routine, catalogue=catalogue)
    if not items:
        raise Http404  # nothing in it
    return PlayThrough(
        routine,
        items,
        routine.plan(items),
        key,
        session,
        pain_before,
        avoids_forward_bending=session is not None and session.avoids_forward_bending,
    )


def _step_response(
    request: HtmxHttpRequest, play: PlayThrough, index: int, *, status: int = 200, form=None
) -> HttpResponse:
    screen = step_screen(play.steps, [item.stretch.name for item in play.items], index)
    following = next_index(play.steps, index)
    context = {
        "play": play,
        "routine": play.routine,
        "screen": screen,
        "item": play.items[screen.item_index],
        "form": form,
        "done_url": play.url("player-record", index),
        "back_url": play.step_url(screen.back_index) if screen.back_index is not None else "",
        "after_url": play.url("player-after"),
        # Before the first stretch, End asks whether to end with nothing kept.
        "end_url": play.url("player-after", early=1)
        if play.session and screen.kind == "get-ready"
        else play.url("player-after"),
        # Where the step leads, for the page to go on by itself while its record waits in
        # the device's queue: the next step, or after the last the "how do you feel" page.
        "next_step_url": play.step_url(following) if following is not None else "",
        "plan_url": play.url("player-plan"),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "journal/_player_step.html", context, status=status)
    return render(request, "journal/player_step.html", context, status=status)


@require_GET
def play_today(request: HtmxHttpRequest) -> HttpResponse:
    """The home-screen shortcut "Play my routine": the player's start for today's routine
    (the one Home offers), or the morning starter for someone signed out or with none."""
    routine = None
    if request.user.is_authenticated:
        profile = services.profile_for(request.user)
        routine = today_for(request.user, profile, now=timezone.now()).routine
    routine = routine or morning_starter()
    if routine is None:
        return redirect("routines:routine-list")
    return redirect("journal:player-start", routine.pk)


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def player_start(request: HtmxHttpRequest, routine_pk: int) -> HttpResponse:
    """Before: how is your pain? Then the first step; strong pain brings a check first."""
    routine = _routine(request, routine_pk)
    if not routine.items.all():
        messages.info(request, "Add a stretch to this routine first, then press Play.")
        return redirect(routine)
    form = StartForm(
        request.POST if request.method == "POST" else None, initial={"play_key": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        key, pain_before = form.cleaned_data["play_key"], form.cleaned_data["pain_before"]
        next_up = start_next(form.cleaned_data["choice"], pain_before)
        if next_up == StartNext.NOT_TODAY:
            return _not_today(request, pain_before)
        if next_up == StartNext.CHECK:
            return _check(request, routine, form, pain_before)
        return _first_step(request, routine, key, pain_before)
    context = {
        "routine": routine,
        "form": form,
        "total_seconds": plan_seconds(routine.plan()),
        "item_count": len(routine.items.all()),
    }
    status = 422 if form.errors else 200
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "journal/_player_start.html", context, status=status)
    return render(request, "journal/player_start.html", context, status=status)


def _check(
    request: HtmxHttpRequest, routine: Routine, form: StartForm, pain_before: int
) -> HttpResponse:
    """Strong pain before starting: the urgent signs, a gentler routine, or not today."""
    context = {
        "routine": routine,
        "form": form,
        "check": True,
        "pain": pain_before,
        "gentler": gentler_starter(routine),
        "gentler_key": uuid.uuid4(),
    }
    template = "_player_check.html" if request.htmx else "player_start.html"
    return render(request, f"journal/{template}", context)


def _first_step(
    request: HtmxHttpRequest, routine: Routine, key: uuid.UUID, pain_before: int | None
) -> HttpResponse:
    try:
        services.play_start(
            user=request.user,
            store=request.session,
            routine=routine,
            play_key=key,
            pain_before=pain_before,
            now=timezone.now(),
        )
    except services.PlayKeyTaken:
        raise Http404 from None  # that play-through is someone else's
    return _to_step(request, _play_from_start(request, routine, key, pain_before), 0)


def _not_today(request: HtmxHttpRequest, pain_before: int | None) -> HttpResponse:
    """No stretching today: the pain goes in the journal (signed in), no session is made."""
    if request.user.is_authenticated and pain_before is not None:
        services.pain_entry_create(
            user=request.user, level=pain_before, note="Chose not to stretch today."
        )
        messages.info(
            request,
            f"Your pain of {pain_before} is in your journal. Rest as you need to, and ask a "
            "doctor or physiotherapist if it does not ease.",
        )
    else:
        messages.info(
            request, "Rest as you need to, and ask a doctor or physiotherapist if it does not ease."
        )
    return _go(request, reverse("home"))


def _play_from_start(request, routine, key, pain_before) -> PlayThrough:
    if request.user.is_authenticated:
        return _play(request, routine.pk, key)
    items = list(routine.items.all())
    if not items:
        raise Http404
    return PlayThrough(routine, items, routine.plan(), key, None, pain_before)


@require_GET
@never_cache
@vary_on_headers("HX-Request")
def player_step(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID, index: int):
    play = _play(request, routine_pk, key)
    if not 0 <= index < len(play.steps):
        raise Http404
    if _is_over(request, play):
        return _to_start_point(request, play)
    if play.changed:
        return _to_after(request, play)
    return _step_response(request, play, index)


@require_POST
def player_record(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID, index: int):
    """A step was done or skipped: keep it (signed in) and move on."""
    play = _play(request, routine_pk, key)
    if not 0 <= index < len(play.steps):
        raise Http404
    queued = _queued(request)
    if play.changed:
        return _refused("changed") if queued else _to_after(request, play)
    form = StepForm(request.POST)
    if not form.is_valid():
        if queued:
            return _refused("invalid", status=422)
        return _step_response(request, play, index, status=422, form=form)
    step = play.steps[index]
    recorded = services.play_record_step(
        session=play.session,
        store=request.session,
        play_key=key,
        step=step,
        item=play.items[step.item_index],
        **form.cleaned_data,
    )
    if queued:  # kept, or kept before the finish (a repeat); or too late
        return _refused("finished") if recorded == Recorded.CLOSED else HttpResponse(status=204)
    if recorded != Recorded.KEPT:
        return _closed(request, play)
    return _to_step(request, play, next_index(play.steps, index))


def _to_step(request: HtmxHttpRequest, play: PlayThrough, index: int | None) -> HttpResponse:
    """On to step `index`, its address followed; after the last (None) to "how do you feel"."""
    if index is None:
        return _go(request, play.url("player-after"))
    if request.htmx:
        return push_url(_step_response(request, play, index), play.step_url(index))
    return redirect(play.step_url(index))


@require_http_methods(["GET", "POST"])
@never_cache
def player_after(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID) -> HttpResponse:
    """After: how is your pain now, and a note; then the summary."""
    play = _play(request, routine_pk, key)
    posted = request.method == "POST"
    queued = posted and _queued(request)
    if _is_over(request, play):
        return _after_over(request, play, posted=posted, queued=queued)
    if play.session and not play.session.steps.exists():
        # Ended before the first stretch was recorded: nothing is kept. (The page itself
        # is the same as ever, because the device keeps it from the start of the play.)
        if posted:
            return _discard(request, play, queued=queued)
        if request.GET.get("early"):
            return _unstarted(request, play)
    form = FinishForm(request.POST if posted else None)
    if posted and form.is_valid():
        return _finish(request, play, queued=queued, **form.cleaned_data)
    if queued:
        return _refused("invalid", status=422)
    context = {
        "play": play,
        "routine": play.routine,
        "form": form,
        "after_url": play.url("player-after"),
        "summary_url": play.url("player-summary"),
    }
    return render(request, "journal/player_after.html", context, status=422 if form.errors else 200)


def _after_over(
    request: HtmxHttpRequest, play: PlayThrough, *, posted: bool, queued: bool
) -> HttpResponse:
    """The "how do you feel" page of a play-through that is over: a finish the device's queue
    sends again was kept once; one posted from a page is told so; a visit leads away."""
    if queued:
        return HttpResponse(status=204)
    if posted and play.session is not None:
        return _closed(request, play)
    return _to_start_point(request, play)


def _finish(
    request: HtmxHttpRequest, play: PlayThrough, *, queued: bool, pain_after: int | None, note: str
) -> HttpResponse:
    """The finish, kept once (signed in); signed out, the pain after rides to the summary."""
    if play.session is None:
        return redirect(play.url("player-summary", after=pain_after))
    try:
        services.session_finish(
            session=play.session,
            pain_after=pain_after,
            note=note,
            work_steps=work_steps_to_finish(play.steps, changed=play.changed),
        )
    except services.SessionClosed:
        return HttpResponse(status=204) if queued else _closed(request, play)
    if queued:
        return HttpResponse(status=204)
    return redirect(play.url("player-summary"))


def _unstarted(request: HtmxHttpRequest, play: PlayThrough) -> HttpResponse:
    """End, pressed before the first stretch: the page says nothing will be kept, and its
    button (a POST to the after page) deletes the play-through."""
    context = {
        "play": play,
        "routine": play.routine,
        "after_url": play.url("player-after"),
        "first_url": play.step_url(0),
    }
    return render(request, "journal/player_unstarted.html", context)


def _discard(request: HtmxHttpRequest, play: PlayThrough, *, queued: bool) -> HttpResponse:
    """A finish with no stretch recorded: the play-through is deleted, nothing is kept."""
    discarded = services.session_discard(session=play.session)
    if queued:
        return HttpResponse(status=204)
    if not discarded:  # a step was recorded meanwhile: there is something to keep
        return redirect(play.url("player-after"))
    messages.info(request, "Nothing was saved: you ended before the first stretch.")
    return _go(request, play.routine.get_absolute_url())


@require_GET
@never_cache
def player_summary(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID) -> HttpResponse:
    play = _play(request, routine_pk, key)
    session, carried = play.session, False
    if session is None:
        summary, carried = _signed_out_summary(request, play)
    elif not session.is_finished:
        return redirect(play.url("player-after"))
    else:
        summary = session_summary(session)
    context = {
        "play": play,
        "routine": play.routine,
        "session": session,
        "summary": summary,
        "planned_seconds": plan_seconds(play.steps),
        "carried": carried,
    }
    return render(request, "journal/player_summary.html", context)


def _signed_out_summary(request: HtmxHttpRequest, play: PlayThrough):
    """Signed out, the summary has only the pains; reaching it ends the play-through in this
    browser, and finishes what is carried for a sign-up (True when something is)."""
    carry.remember_over(request.session, play_key=play.key)
    pain_after = pain_score(request.GET.get("after"))
    summary = summarise(steps=[], seconds=None, pain_before=play.pain_before, pain_after=pain_after)
    carried = carry.carry_finish(
        request.session, play_key=play.key, pain_after=pain_after, now=timezone.now()
    )
    return summary, carried


@require_GET
@never_cache
def player_plan(request: HtmxHttpRequest, routine_pk: int, key: uuid.UUID) -> JsonResponse:
    """Every address this play-through will show, for the device to keep at its start: each
    step (whose page also serves its fragment) and the "how do you feel" page."""
    play = _play(request, routine_pk, key)
    urls = [play.step_url(step.index) for step in play.steps] + [play.url("player-after")]
    return JsonResponse({"urls": urls, "saves": play.session is not None})


# Records the device's queue sends (static/js/queue.js) say so in a header. They are
# answered briefly: 204 when kept (or kept already), or a refusal the queue keeps and shows.
QUEUED_HEADER = "X-Backstretch-Queue"


def _queued(request: HtmxHttpRequest) -> bool:
    return request.headers.get(QUEUED_HEADER) == "1"


def _refused(reason: str, *, status: int = 409) -> JsonResponse:
    return JsonResponse({"refused": reason}, status=status)


CHANGED = (
    "This routine was changed while you were playing it, so the steps no longer line up. "
    "What you did is saved: say how you feel now to finish, then start it again."
)


def _to_after(request: HtmxHttpRequest, play: PlayThrough) -> HttpResponse:
    messages.info(request, CHANGED)
    return _go(request, play.url("player-after"))


def _is_over(request: HtmxHttpRequest, play: PlayThrough) -> bool:
    """Finished; or, signed out, its summary was reached in this browser (journal.carry)."""
    if play.session is not None:
        return play.session.is_finished
    return carry.is_over(request.session, play_key=play.key)


def _to_start_point(request: HtmxHttpRequest, play: PlayThrough) -> HttpResponse:
    """A finished play-through's steps and its "how do you feel" page lead back to where it
    was started from, the routine's page: one press of Back leaves the summary."""
    return _go(request, play.routine.get_absolute_url())


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    """To `url` as a whole page: htmx would otherwise swap it into the player."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _closed(request: HtmxHttpRequest, play: PlayThrough) -> HttpResponse:
    """A write to a session already finished (in another tab, or a second click)."""
    if request.htmx:
        return _go(request, play.url("player-summary"))
    context = {"play": play, "routine": play.routine, "summary_url": play.url("player-summary")}
    return render(request, "journal/player_closed.html", context, status=409)
