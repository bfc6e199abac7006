"""The project's URLs and one more: the bare view, the cheapest page Django can serve
through the same middleware (sessions, CSRF, auth, messages, htmx, WhiteNoise)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401 (the site's own)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def bare_signed_in(request: HttpRequest) -> HttpResponse:
    """The bare view, plus what every signed-in page pays before its own work: the session
    and the person, read from the database. The floor under the signed-in pages."""
    return HttpResponse("ok" if request.user.is_authenticated else "no", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare/signed-in/", bare_signed_in, name="bench-bare-signed-in"),
    path("", include("config.urls")),
]
