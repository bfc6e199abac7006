"""Installable and offline: the web app manifest, the service worker and the offline page.

The service worker is served from the site's root (so that its scope is the whole site)
by `service_worker`, from `static/js/sw.js` with its settings written in at the top: the
version, which names its caches, and the app shell it precaches. The version is a hash of
the worker and of every file of the shell, so a deploy that changes any of them installs a
new worker, which deletes the caches of the old one: old and new files never mix.
"""

import hashlib
import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from config.shared.theme import COOKIE, DARK, LIGHT, THEME_COLOURS, theme_from_cookie

# The page's background in each theme (--paper in static/css/app.css), for the splash screen.
BACKGROUNDS = {LIGHT: "#fbfaf7", DARK: "#0d1315"}

# The app shell: what every page needs, precached when the worker installs.
SHELL = [
    "css/app.css",
    "js/app.js",
    "js/player.js",
    "js/clock.js",
    "js/queue.js",
    "django_htmx/htmx-2.min.js",
    "django_htmx/django-htmx.js",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/apple-touch-icon.png",
]
WORKER = "js/sw.js"


@cache
def worker_source() -> tuple[str, str]:
    """The worker's code and its version; read once a process (a deploy restarts it)."""
    digest = hashlib.sha256()
    for name in [WORKER, *SHELL]:
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"The service worker needs the static file {name}")
        with open(path, "rb") as file:
            digest.update(name.encode() + b"\0" + file.read())
    with open(finders.find(WORKER), encoding="utf-8") as file:
        return file.read(), digest.hexdigest()[:16]


def worker_settings() -> dict:
    _, version = worker_source()
    return {
        "version": version,
        "shell": [static(name) for name in SHELL] + [reverse("offline")],
        "offline": reverse("offline"),
        "queue": static("js/queue.js"),
    }


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    code, _ = worker_source()
    settings = worker_settings()
    head = (
        f"import {{ flush }} from {json.dumps(settings.pop('queue'))};\n"
        f"const SETTINGS = {json.dumps(settings)};\n"
    )
    return HttpResponse(head + code, content_type="text/javascript; charset=utf-8")


@require_GET
@vary_on_cookie
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest, in the colours of the theme this device chose (a manifest has one
    pair: the light one when following the system)."""
    dark = theme_from_cookie(request.COOKIES.get(COOKIE)).choice == DARK
    colours = BACKGROUNDS[DARK if dark else LIGHT], THEME_COLOURS[DARK if dark else LIGHT]
    data = {
        "id": "/",
        "name": "Backstretch",
        "short_name": "Backstretch",
        "description": (
            "Gentle stretches for lower-back pain: build your routine, follow it with "
            "timers, and keep a pain journal."
        ),
        "lang": "en-GB",
        "start_url": reverse("home") + "?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": colours[0],
        "theme_color": colours[1],
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {
                "name": "Play my routine",
                "short_name": "Play",
                "url": reverse("journal:play-today"),
                "icons": [{"src": static("icons/icon-192.png"), "sizes": "192x192"}],
            },
            {
                "name": "Log pain",
                "short_name": "Log pain",
                "url": reverse("journal:pain-create"),
                "icons": [{"src": static("icons/icon-192.png"), "sizes": "192x192"}],
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows for a page that is neither on the network nor on the device."""
    return render(request, "offline.html")
