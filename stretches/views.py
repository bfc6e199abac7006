from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from config.shared import caching
from config.shared.auth import login_required
from config.shared.typing import HtmxHttpRequest, safe_next
from stretches import selectors, services, vocabulary
from stretches.forms import PreferencesForm, StretchFilterForm

PAGE_SIZE = 24


@require_GET
@vary_on_headers("HX-Request")
def stretch_list(request: HtmxHttpRequest) -> HttpResponse:
    clean = without_empty(request.GET)
    address = reverse("stretches:stretch-list") + (f"?{clean.urlencode()}" if clean else "")
    if len(clean) != len(request.GET) and not request.htmx:
        # A form sent without JavaScript sends every field: the short address instead.
        return redirect(address)
    form = StretchFilterForm(clean or None)
    number = page_number(clean.get("page"))
    avoided = selectors.avoided_movements(request.user)
    context = {
        "form": form,
        # Drawn only when the results are, not when they come from the cache.
        "page": SimpleLazyObject(
            lambda: Paginator(selectors.stretch_search(form.filters()), PAGE_SIZE).get_page(number)
        ),
        "query": form.query(),
        "avoided": avoided,
        # The drawn parts are cached under the catalogue's version and the cleaned filters,
        # never the raw address; a search with words, or filters not understood (their
        # errors repeat what was sent), is drawn each time.
        "catalogue": selectors.catalogue_version() if form.cacheable else None,
        "catalogue_part": caching.catalogue_part(
            filters=form.cleaned_filters(), page=number, avoided=avoided
        ),
    }
    if request.htmx and not request.htmx.history_restore_request:
        # The results, and out of band the count of filters on, in the form; the address
        # bar shows the short address (htmx would push every field of the form).
        response = render(request, "stretches/_results.html", {**context, "fragment": True})
        return push_url(response, address)
    return render(request, "stretches/stretch_list.html", context)


def without_empty(query: QueryDict) -> QueryDict:
    """The query without its empty parameters (blank fields of a form sent as it is)."""
    clean = QueryDict(mutable=True)
    for name, values in query.lists():
        if kept := [value for value in values if value.strip()]:
            clean.setlist(name, kept)
    return clean


# Pages beyond this are the last page, as are those past the end (Paginator.get_page).
MAX_PAGE = 100


def page_number(raw: str | None) -> int:
    """The page asked for, as a number from 1 to MAX_PAGE: with the filters and the
    catalogue's version, it settles what page is drawn, so it can be part of a cache key."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HtmxHttpRequest) -> HttpResponse:
    avoided = selectors.avoided_movements(request.user)
    form = PreferencesForm.for_person(avoided, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.movement_avoid_set(
            user=request.user,
            movement=vocabulary.SpineMovement.FORWARD_BENDING,
            avoid=form.cleaned_data["avoid_forward_bending"],
        )
        messages.success(request, "Your preferences are saved.")
        return redirect(safe_next(request, default=reverse("account")))
    return render(request, "stretches/preferences.html", {"form": form})


@require_GET
def stretch_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    stretch = selectors.stretch_page(slug)
    if stretch is None:
        raise Http404
    avoided = selectors.avoided_movements(request.user)
    details = SimpleLazyObject(lambda: selectors.stretch_details(stretch))
    context = {
        "stretch": stretch,
        # Both asked for only when the page's body is drawn, not when it comes from the cache.
        "details": details,
        "related": SimpleLazyObject(lambda: list(selectors.stretch_related(details))),
        "avoided": avoided,
        "catalogue": stretch.catalogue_version,
        "avoided_part": caching.avoided_part(avoided),
    }
    return render(request, "stretches/stretch_detail.html", context)
