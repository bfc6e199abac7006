"""Add to a routine, from a stretch's page in the catalogue: choose one of your routines,
or start a new one with the stretch, then on to the composer with the stretch in view.

Apart from the composer's views (views.py): the catalogue links here by the URL's name,
so that the catalogue itself knows nothing of routines."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest
from routines import selectors, services
from routines.forms import StretchAddForm
from routines.models import MAX_ITEMS, Routine
from stretches.models import Stretch


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def stretch_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    stretch = get_object_or_404(Stretch, slug=slug)
    if request.method == "POST":
        form = StretchAddForm(request.POST)
        if form.is_valid():
            try:
                item = _add(request, stretch, form.cleaned_data["routine"])
            except services.RoutineError as error:
                form.add_error("routine", str(error))
            else:
                messages.success(request, f"Added {stretch.name} to “{item.routine.name}”.")
                edit = reverse("routines:routine-edit", args=[item.routine_id])
                return redirect(f"{edit}#item-{item.pk}")
    else:
        form = StretchAddForm()
    routines = SimpleLazyObject(lambda: list(selectors.routines_to_add_to(request.user)))
    context = {
        "stretch": stretch,
        "form": form,
        "routines": routines,
        "chosen": SimpleLazyObject(lambda: _chosen(form, routines)),
        "max_items": MAX_ITEMS,
    }
    status = 422 if form.errors else 200
    if request.htmx and not request.htmx.history_restore_request:
        return render(
            request, "routines/_stretch_add.html", {**context, "fragment": True}, status=status
        )
    return render(request, "routines/stretch_add.html", context, status=status)


def _add(request: HtmxHttpRequest, stretch: Stretch, routine_pk: int | None):
    """Into one of the person's own routines (anyone else's is not found), or a new one."""
    if routine_pk is None:
        return services.routine_start_with(owner=request.user, stretch=stretch)
    routine = get_object_or_404(Routine.objects.filter(owner=request.user), pk=routine_pk)
    return services.routine_add_item(routine=routine, stretch=stretch)


def _chosen(form: StretchAddForm, routines: list[Routine]) -> str:
    """The choice shown as made: what was sent, else the routine changed last, else a new one."""
    if form.is_bound:
        return str(form.data.get("routine", ""))
    room = [routine for routine in routines if routine.item_count < MAX_ITEMS]
    return str(room[0].pk) if room else StretchAddForm.NEW
