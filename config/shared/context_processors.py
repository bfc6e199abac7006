from django.conf import settings

from config.shared.theme import CHOICES, COOKIE, theme_from_cookie


def cache_seconds(request) -> dict[str, int]:
    """How long a {% cache %} fragment is kept: the cache's own timeout, so that one figure
    in settings.CACHES governs all that is cached (300 s, Django's default, if it says none)."""
    return {"cache_seconds": settings.CACHES["default"].get("TIMEOUT", 300)}


def theme(request) -> dict:
    """The colour theme this device chose (config.shared.theme), for <html data-theme> and the
    theme-color metas; and where the theme form returns to after a plain post (the page it
    is on, when that page was a GET)."""
    return {
        "theme": theme_from_cookie(request.COOKIES.get(COOKIE)),
        "theme_choices": CHOICES,
        "theme_next": request.get_full_path() if request.method == "GET" else "",
    }
