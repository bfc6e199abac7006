import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget

from config.shared import caching
from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest
from routines import selectors, services
from routines.forms import (
    ItemAddForm,
    ItemMoveForm,
    ItemRestoreForm,
    RoutineForm,
    RoutineItemForm,
)
from routines.models import MAX_ITEMS, Routine, RoutineItem
from stretches.forms import StretchFilterForm
from stretches.selectors import (
    annotated_catalogue_version,
    avoided_movements,
    stretch_search,
)

PICKER_LIMIT = 60


@require_GET
def routine_list(request: HtmxHttpRequest) -> HttpResponse:
    mine, starters = selectors.routines_to_list(request.user)
    context = {"mine": mine, "starters": starters}
    return render(request, "routines/routine_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def routine_create(request: HtmxHttpRequest) -> HttpResponse:
    form = RoutineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        routine = services.routine_create(owner=request.user, **form.cleaned_data)
        return redirect("routines:routine-edit", routine.pk)
    status = 422 if form.errors else 200
    return render(request, "routines/routine_create.html", {"form": form}, status=status)


@require_GET
def routine_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = get_object_or_404(selectors.routines_visible(request.user), pk=pk)
    if routine.is_try:  # a stretch's "Try it now": the stretch's page is its page
        return redirect(routine.try_stretch)
    context = {"routine": routine, "avoided": avoided_movements(request.user)}
    return render(request, "routines/routine_detail.html", context)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def routine_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The composer; for htmx, just its list of items and total."""
    routine = get_object_or_404(selectors.routines_to_compose(request.user), pk=pk)
    if request.htmx and not request.htmx.history_restore_request:
        template = "routines/_items.html"
    else:
        template = "routines/routine_edit.html"
    context = _composer(request, routine)
    if template == "routines/routine_edit.html":
        context["notice"] = _notice_left(request, routine.pk)
    context["catalogue"] = annotated_catalogue_version(routine)
    context["routine_version"] = selectors.routine_version(routine, catalogue=context["catalogue"])
    context["avoided_part"] = caching.avoided_part(context["avoided"])
    return _render(request, template, context)


#: The routine-wide pauses: changing one changes the items' total (and rest, their rests).
PAUSES = ("get_ready_seconds", "rest_seconds", "switch_seconds")


@login_required
@require_POST
def routine_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Name, description and pauses. With htmx each change saves on its own and answers
    with a short "Saved"; as a plain form (Save, or Done, which saves and leaves) it goes
    back to the composer, or on to the routine's page."""
    routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)
    form = RoutineForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            context = {"routine": routine, "details_form": form}
            return render(request, "routines/_details_fields.html", context, status=422)
        context = _composer(request, routine, details_form=form)
        return _render(request, "routines/routine_edit.html", context, status=422)
    pauses_changed = any(getattr(routine, name) != form.cleaned_data[name] for name in PAUSES)
    services.routine_update(routine=routine, values=form.cleaned_data)
    if request.htmx:
        routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)  # as saved
        return _details_saved(request, routine, pauses_changed=pauses_changed)
    if request.POST.get("then") == "done":
        return redirect(routine)
    if request.POST.get("then") == "left":  # sent as the page was left: nobody to tell
        return HttpResponse(status=204)
    messages.success(request, "Name and pauses saved.")
    return redirect("routines:routine-edit", pk)


def _details_saved(request: HtmxHttpRequest, routine: Routine, *, pauses_changed: bool):
    """A visible "Saved" where the form is, the new name in the heading and, when a pause
    changed, the items with their new rests and total. The fields themselves are swapped
    only to clear errors they showed: otherwise what is being typed in the next field stays."""
    had_errors = bool(request.POST.get("had_errors"))
    context = _composer(request, routine) if pauses_changed else {"routine": routine}
    context.update(details_form=RoutineForm(instance=routine), items_oob=pauses_changed, saved=True)
    if had_errors:
        return _render(request, "routines/_details_fields_saved.html", context)
    response = _render(request, "routines/_details_status.html", context)
    return reswap(retarget(response, "#details-status"), "innerHTML")


@login_required
@require_POST
def routine_copy(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = get_object_or_404(selectors.routines_visible(request.user), pk=pk)
    copy = services.routine_copy(routine=routine, owner=request.user)
    messages.success(request, f"“{copy.name}” is now one of your routines. Make it your own.")
    return redirect("routines:routine-edit", copy.pk)


@login_required
@require_POST
def routine_pin(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Show this routine on Home as today's."""
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    services.routine_pin(routine=routine)
    messages.success(request, f"“{routine.name}” is on Home now, ready to play.")
    return redirect(routine)


@login_required
@require_POST
def routine_unpin(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    services.routine_unpin(routine=routine)
    messages.success(request, f"“{routine.name}” is no longer pinned to Home.")
    return redirect(routine)


@login_required
@require_http_methods(["GET", "POST"])
def routine_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)
    if request.method == "POST":
        routine.delete()
        messages.success(request, f"“{routine.name}” was deleted.")
        return redirect("routines:routine-list")
    return render(request, "routines/routine_confirm_delete.html", {"routine": routine})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def routine_picker(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Stretches to add, filtered like the catalogue; a fragment for the composer."""
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    form = StretchFilterForm(request.GET or None)
    stretches = stretch_search(form.filters())[:PICKER_LIMIT]
    context = {
        "routine": routine,
        "filter_form": form,
        "limit": PICKER_LIMIT,
        # Each Add form with a token of its own: a double tap on it adds the stretch once.
        "picks": [(stretch, uuid.uuid4()) for stretch in stretches],
        "avoided": avoided_movements(request.user),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "routines/_picker_results.html", context)
    # On a page of its own there is no list of items to swap: Add is a plain form there.
    return render(request, "routines/routine_picker.html", {**context, "standalone": True})


@login_required
@require_POST
def item_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add a stretch at the end. The same form sent twice (a double tap) adds it once, and
    the second answer says it is there already, with a way to add it again on purpose."""
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return _composer_error(request, pk, message)
    stretch, token = form.cleaned_data["stretch"], form.cleaned_data["token"]
    try:
        item = services.routine_add_item(routine=routine, stretch=stretch, token=token)
    except services.AlreadyDone:
        notice = {"kind": "already", "name": stretch.name, "stretch": stretch.slug}
        return _composer_response(request, pk, notice=_notice(pk, notice))
    except services.RoutineError as error:
        return _composer_error(request, pk, str(error))
    notice = {"kind": "added", "name": stretch.name, "item": item.pk}
    return _composer_response(request, pk, added=stretch, notice=_notice(pk, notice))


@login_required
@require_POST
def item_restore(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo a removal: the stretch back at its place, with its numbers."""
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    form = ItemRestoreForm(request.POST)
    if not form.is_valid():
        return _composer_error(request, pk, "That could not be undone: " + _first_error(form))
    try:
        item = services.routine_restore_item(
            routine=routine,
            stretch=form.cleaned_data["stretch"],
            position=form.cleaned_data["position"],
            values=form.values(),
            token=form.cleaned_data["token"],
        )
    except services.AlreadyDone as done:
        item = done.item
    except services.RoutineError as error:
        return _composer_error(request, pk, f"That could not be undone: {error}")
    return _composer_response(request, pk, restored=item)


def _first_error(form: ItemRestoreForm) -> str:
    return next(iter(form.errors.values()))[0]


def _notice(pk: int, notice: dict) -> dict:
    """What the visible notice under the composer says after an add or a removal, with
    what its Undo (or Add again) form sends; plain data, so that it can wait in the
    session for the page that a plain form post is sent back to."""
    if notice["kind"] in ("already", "removed"):
        notice["token"] = str(uuid.uuid4())
    return {**notice, "routine": pk}


def _notice_left(request: HtmxHttpRequest, pk: int) -> dict | None:
    """The notice of the last change, left by a plain form post for this routine's page."""
    notice = request.session.get(NOTICE_KEY)
    if notice is None or notice.get("routine") != pk:
        return None
    del request.session[NOTICE_KEY]
    return notice


NOTICE_KEY = "composer-notice"


def _item(request: HtmxHttpRequest, pk: int, item_pk: int) -> RoutineItem | None:
    """The item of one's own routine; None when it has gone (removed in another window).

    Another person's routine is a 404 before any item is looked at."""
    get_object_or_404(Routine.objects.filter(owner=request.user), pk=pk)
    return selectors.items_owned(request.user, pk).filter(pk=item_pk).first()


GONE = (
    "That stretch was already removed, perhaps in another window. Here is the routine as it is now."
)


@login_required
@require_POST
def item_update(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    if item is None:
        return _composer_error(request, pk, GONE)
    is_last = not item.routine.items.filter(position__gt=item.position).exists()
    form = RoutineItemForm(request.POST, instance=item, prefix=f"item-{item.pk}", is_last=is_last)
    if not form.is_valid():
        routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)
        context = _composer(request, routine, failed_form=form)
        return _composer_response(request, pk, context=context, status=422)
    try:
        services.routine_item_update(item=item, values=form.cleaned_data)
    except services.RoutineError as error:
        return _composer_error(request, pk, str(error))
    return _composer_response(request, pk)


@login_required
@require_POST
def item_remove(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Remove at once, with a notice whose Undo puts it back at its place."""
    item = _item(request, pk, item_pk)
    if item is None:
        return _composer_error(request, pk, GONE)
    services.routine_remove_item(item=item)
    notice = {
        "kind": "removed",
        "name": item.stretch.name,
        "stretch": item.stretch.slug,
        "position": item.position,
        "values": {
            "hold_seconds": item.hold_seconds,
            "repetitions": item.repetitions,
            "sets": item.sets,
            "sides": item.sides,
            "rest_seconds": item.rest_seconds,
        },
    }
    return _composer_response(
        request,
        pk,
        removed=item,
        focus_after_remove=item.position,
        notice=_notice(pk, notice),
    )


@login_required
@require_POST
def item_move(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    if item is None:
        return _composer_error(request, pk, GONE)
    form = ItemMoveForm(request.POST)
    count = item.routine.items.count()
    try:
        if not form.is_valid():
            raise services.RoutineError(f"Choose a position from 1 to {count}.")
        services.routine_move_item(item=item, to_position=form.cleaned_data["position"])
    except services.RoutineError as error:
        return _composer_error(request, pk, str(error), item=item)
    return _composer_response(request, pk, moved=item, moved_position=form.cleaned_data["position"])


def _composer(
    request: HtmxHttpRequest,
    routine: Routine,
    *,
    failed_form: RoutineItemForm | None = None,
    details_form: RoutineForm | None = None,
) -> dict:
    """What the composer shows: each item with its form, the total and the details form.
    The items are fetched and their forms made only if the page draws them."""

    def rows() -> list[tuple[RoutineItem, RoutineItemForm]]:
        items = selectors.items_of(routine)
        rows = []
        for item in items:
            if failed_form is not None and failed_form.instance.pk == item.pk:
                rows.append((item, failed_form))
            else:
                form = RoutineItemForm(
                    instance=item, prefix=f"item-{item.pk}", is_last=item is items[-1]
                )
                rows.append((item, form))
        return rows

    def total() -> str:
        selectors.items_of(routine)  # fetched once, with the stretches its plan needs
        return routine.total_label

    return {
        "routine": routine,
        "rows": SimpleLazyObject(rows),
        "total": SimpleLazyObject(total),
        "max_items": MAX_ITEMS,
        "details_form": details_form or RoutineForm(instance=routine),
        # Drawn once and cached (it is the same for everyone): made only when drawn.
        "filter_form": SimpleLazyObject(StretchFilterForm),
        "avoided": avoided_movements(request.user),
        # The many small forms' token: put in by _render (their HTML may come from the cache).
        "csrf_input": TOKEN_SLOT,
    }


#: Where the composer's small forms take their CSRF token. The items may be drawn from the
#: cache (measured without it, the composer took 90 times the bare view against a budget of
#: 20), so the token is written into each response, masked anew, as {% csrf_token %} does.
TOKEN_SLOT = mark_safe("<!--csrf-token-->")


def _render(
    request: HtmxHttpRequest, template: str, context: dict, status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response.content = response.content.replace(
        TOKEN_SLOT.encode(), str(csrf_input(request)).encode()
    )
    return response


def _composer_response(
    request: HtmxHttpRequest,
    pk: int,
    *,
    context: dict | None = None,
    status: int = 200,
    **news,
) -> HttpResponse:
    """After a change: the fragment for htmx; otherwise back to the composer page."""
    if context is None:
        routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)
        context = _composer(request, routine)
    context.update(news)
    if request.htmx:
        context.update(oob=True, focus=_focus_after(context))
        return _render(request, "routines/_items.html", context, status=status)
    if status == 200:
        if notice := news.get("notice"):
            request.session[NOTICE_KEY] = notice
        return redirect(reverse("routines:routine-edit", args=[pk]) + "#items")
    return _render(request, "routines/routine_edit.html", context, status=status)


def _focus_after(context: dict) -> tuple[str, int | None]:
    """The id of the control that keeps keyboard focus after a change, when the one
    pressed is no longer there: a moved item's other arrow at the ends, the next
    Remove button after a removal."""
    rows = context["rows"]
    if restored := context.get("restored"):
        return ("item", restored.pk)
    if moved := context.get("moved"):
        ids = [item.pk for item, _ in rows]
        if moved.pk in ids and len(ids) > 1:
            if ids[0] == moved.pk:
                return ("down", moved.pk)
            if ids[-1] == moved.pk:
                return ("up", moved.pk)
    if (position := context.get("focus_after_remove")) is not None:
        if not rows:
            return ("heading", None)
        return ("remove", rows[min(position, len(rows)) - 1][0].pk)
    return ("", None)


def _composer_error(
    request: HtmxHttpRequest, pk: int, message: str, *, item: RoutineItem | None = None
) -> HttpResponse:
    routine = get_object_or_404(selectors.routines_owned(request.user), pk=pk)
    context = _composer(request, routine)
    context.update(error=message, error_item=item)
    return _composer_response(request, pk, context=context, status=422)
