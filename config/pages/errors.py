"""The site's own error pages (400, 403, 404, 500), sent with the same security headers as
every page, and drawn even when the database is down.

Django's default error views are decorated to check the CSRF token, which reads the request
body again: a body Django had refused to read (a form that declares another charset) then
failed a second time, inside the error view, with a 500. These views never read the body. Each
page is drawn as a whole page first (the person's name in the menu, their messages); if that
fails, the database being down for instance, it is drawn without the request, which needs
nothing but the templates; and if even that fails, a few fixed lines.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

LAST_RESORT = (
    '<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Something went wrong · Backstretch</title></head><body><main>"
    "<h1>Something went wrong on our side</h1><p>Sorry. Nothing you have saved is lost. "
    'Please try again in a moment, or go to the <a href="/">home page</a>.</p>'
    "</main></body></html>"
)


def error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        content = loader.render_to_string(template, request=request)
    except Exception:
        logger.warning("The %s page was drawn without the request", status, exc_info=True)
        try:
            content = loader.render_to_string(template)
        except Exception:
            logger.exception("The %s page could not be drawn", status)
            content = LAST_RESORT
    return HttpResponse(content, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, "500.html", 500)
