"""Small middleware of the site's own: HEAD answered wherever GET is, and pages for a
signed-in person kept out of shared and browser caches."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class HeadAsGetMiddleware:
    """HEAD is GET without the body (RFC 9110), and calendar apps and uptime monitors use it:
    the views are written with require_GET, so a HEAD request is handed to them as a GET,
    and the body dropped on the way out. Content-Length stays that of the GET (set by
    CommonMiddleware, inside this one)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response.content = b""
        return response


class PrivatePagesMiddleware:
    """A page sent to someone with a session (signed in: their journal, their exports, their
    routines) is theirs alone: `Cache-Control: private, no-store`, so that neither a shared
    cache nor the browser's disk keeps pain records. A view that sets its own Cache-Control
    keeps it. Whether there is a session is read from the cookie, not the database, so an
    error page is drawn the same when the database is down."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
