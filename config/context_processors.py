from django.conf import settings


def cache_seconds(request) -> dict[str, int]:
    """How long a {% cache %} fragment is kept: the cache's own timeout, so that one figure
    in settings.CACHES governs all that is cached (300 s, Django's default, if it says none)."""
    return {"cache_seconds": settings.CACHES["default"].get("TIMEOUT", 300)}
