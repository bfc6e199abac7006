"""The project's URLs and one more: the bare view, the cheapest page Django can serve
through the same middleware (sessions, CSRF, auth, messages, htmx, WhiteNoise)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("config.urls")),
]
