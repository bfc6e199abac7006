"""The journal's record of sessions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest
from journal import services
from journal.forms import ManualSessionForm, SessionNoteForm
from journal.selectors import sessions_of
from routines.selectors import routines_listed

PAGE_SIZE = 20


@login_required
@require_GET
def session_list(request: HtmxHttpRequest) -> HttpResponse:
    page = Paginator(sessions_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "journal/session_list.html", {"page": page})


@login_required
@require_GET
def session_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(sessions_of(request.user).prefetch_related("steps"), pk=pk)
    form = SessionNoteForm(initial={"note": session.note})
    return render(request, "journal/session_detail.html", {"session": session, "form": form})


@login_required
@require_POST
def session_note(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(sessions_of(request.user).prefetch_related("steps"), pk=pk)
    form = SessionNoteForm(request.POST)
    if not form.is_valid():
        context = {"session": session, "form": form}
        return render(request, "journal/session_detail.html", context, status=422)
    services.session_note_set(session=session, note=form.cleaned_data["note"])
    messages.success(request, "Note saved.")
    return redirect(session)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HtmxHttpRequest) -> HttpResponse:
    """A routine done without the app, entered by hand."""
    form = ManualSessionForm(
        request.POST if request.method == "POST" else None,
        routines=routines_listed(request.user).order_by("owner_id", "name"),
    )
    if request.method == "POST" and form.is_valid():
        session = services.session_create_manual(user=request.user, **form.cleaned_data)
        messages.success(request, "The session is in your journal.")
        return redirect(session)
    status = 422 if form.errors else 200
    return render(request, "journal/session_form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Ask, then delete one of the person's sessions with its steps."""
    session = get_object_or_404(sessions_of(request.user), pk=pk)
    if request.method == "POST":
        services.session_delete(session=session)
        messages.success(request, f"The session of {session.routine_name} was deleted.")
        return redirect("journal:session-list")
    return render(request, "journal/session_confirm_delete.html", {"session": session})
