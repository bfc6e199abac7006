"""Pain entries: the quick log, the full form, the list, edit and delete."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest, safe_next
from journal import services
from journal.forms import PainEntryForm, QuickPainForm
from journal.selectors import pain_entries_of

PAGE_SIZE = 30


@login_required
@require_POST
def pain_quick(request: HtmxHttpRequest) -> HttpResponse:
    """The two-tap log on the home page and the journal: a level, then Save."""
    form = QuickPainForm(request.POST)
    entry = None
    if form.is_valid():
        entry = services.pain_entry_create(user=request.user, level=form.cleaned_data["level"])
        form = QuickPainForm()
    status = 422 if form.errors else 200
    if request.htmx:
        context = {"quick_form": form, "saved": entry}
        response = render(request, "journal/_quick_log.html", context, status=status)
        if entry is not None:
            trigger_client_event(response, "pain-logged")  # the dashboard's chart redraws
        return response
    if entry is None:
        # Without JavaScript: the full form, with the level's error and nothing else.
        full = PainEntryForm(initial={"level": None})
        full.errors["level"] = form.errors["level"]
        return render(request, "journal/pain_form.html", {"form": full}, status=422)
    _saved(request, entry)
    return redirect(safe_next(request, default="/journal/"))


@login_required
@require_GET
def pain_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(pain_entries_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/pain_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def pain_create(request: HtmxHttpRequest) -> HttpResponse:
    form = PainEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        entry = services.pain_entry_save(user=request.user, form=form)
        _saved(request, entry)
        return redirect("journal:pain-list")
    status = 422 if form.errors else 200
    return render(request, "journal/pain_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pain_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(pain_entries_of(request.user), pk=pk)
    form = PainEntryForm(request.POST if request.method == "POST" else None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = services.pain_entry_save(user=request.user, form=form)
        _saved(request, entry)
        return redirect("journal:pain-list")
    context = {"form": form, "entry": entry}
    return render(request, "journal/pain_form.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pain_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(pain_entries_of(request.user), pk=pk)
    if request.method == "POST":
        services.pain_entry_delete(entry=entry)
        messages.success(request, "The entry was deleted.")
        return redirect("journal:pain-list")
    return render(request, "journal/pain_confirm_delete.html", {"entry": entry})


URGENT = (
    "Pain this strong, or tingling or numbness in both legs, can need a doctor soon. "
    "Please look at the signs that need urgent help."
)


def _saved(request: HtmxHttpRequest, entry) -> None:
    """Say it is saved; and, once per save that calls for them, the urgent signs (the page
    shows them in full; the text here is what a message-only view would read)."""
    messages.success(request, f"Saved: pain {entry.level} out of 10.")
    if entry.calls_for_urgent_signs:
        messages.warning(request, URGENT, extra_tags="urgent")
