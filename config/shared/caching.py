"""The server's cache, in one place: every key is built here, every read and write goes
through here (`cached`, `count_in_window` and the `{% cached %}` template tag), and nothing
else reaches Django's cache API (a test scans the code for it).

Whatever is cached is keyed by a `Version` of what it was drawn from, so a change is seen at
once by every process, and no key holds raw request input: the catalogue's filters come
cleaned (choices, a page from 1 to 100), a search with words of its own is not cached at
all, and the throttle's counts hold a hash. Timeouts only bound how long an entry nobody
asks for again is kept (settings.CACHES).

This module imports no app: the apps build their versions (from their own rows) and pass
them in.

Each version, what it covers and what moves it:

    version    covers                              moved by
    ---------  ----------------------------------  -----------------------------------------
    catalogue  the catalogue's list and stretch    saving a stretch, a body area or a spine
               pages, the starters' lengths        movement (the loader, the admin: their
               (stretches.selectors.               updated_at); adding or deleting one
               catalogue_version)
    routine    a routine's items as the player     every change to the routine or its items
               plays them and as the composer      (the services touch its updated_at, the
               draws them (routines.selectors.     loader saves the starters); the catalogue
               routine_version)
    stretch    a stretch's steps in the player     saving the stretch (the admin saves it
               (Stretch.version)                   with its steps)
    journal    a person's dashboard: figures and   every write to the journal and a new weekly
               drawn parts (journal.selectors.     goal (journal.services.journal_changed); a
               journal_version)                    new profile; the day (a part of each key)
    sessions   the dashboard's routine and         every write to the person's sessions or
               stretch insights: drawn from the    their steps (journal.services.
               sessions alone (journal.selectors.  journal_changed, unless told the sessions
               sessions_version)                   are untouched: pain, the weekly goal); a
                                                   new profile
    home       home's Today and resume card        the journal's version; the person's
               (journal.selectors.home_today)      routines and the starters (pinned, count,
                                                   latest change); the catalogue's; a
                                                   10-minute slot
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django import template
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.utils.safestring import mark_safe

T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    """What something cached was drawn from: which version (`name`, from the table above)
    and its state (`parts`, plain values or other versions). Equal versions draw the same."""

    name: str
    parts: tuple

    def __str__(self) -> str:
        return f"{self.name}({','.join(str(part) for part in self.parts)})"


# The fragments templates cache with {% cached %}, and the version each is keyed by.
FRAGMENTS = {
    "catalogue-page": "catalogue",
    "catalogue-results": "catalogue",
    "stretch-page": "catalogue",
    "composer-picker": "catalogue",
    "composer-items": "routine",
    "composer-details": "routine",
    "player-steps": "stretch",
    "dashboard-summary": "journal",
    "dashboard-insights": "journal",
    "dashboard-effects": "sessions",
    "dashboard-side": "journal",
    "dashboard-chart": "journal",
}


def _key(name: str, version: Version, *parts: object) -> str:
    return ":".join([name, str(version), *(str(part) for part in parts)])


def fragment_key(name: str, version: Version, *parts: object) -> str:
    """A drawn fragment's key: its name, the version it is keyed by, and bounded values
    the page chose among (a period, a month, a page number)."""
    expected = FRAGMENTS.get(name)
    if expected is None:
        raise ValueError(f"no cached fragment is called {name!r}")
    if not isinstance(version, Version) or version.name != expected:
        raise ValueError(f"the fragment {name!r} is keyed by a {expected} version, not {version!r}")
    return _key(f"fragment:{name}", version, *parts)


def avoided_part(avoided: Iterable[str]) -> str:
    """The movements a person avoids, as part of a key: the same in every process."""
    return ",".join(sorted(avoided))


def filters_part(filters: Mapping[str, object]) -> str:
    """The catalogue's cleaned filters, as part of a key: those in use, by name. The values
    must be the form's cleaned ones (choices, booleans, numbers), never raw input."""
    return "&".join(f"{name}={value}" for name, value in sorted(filters.items()) if value)


def catalogue_part(*, filters: Mapping[str, object], page: int, avoided: Iterable[str]) -> str:
    """What, besides the catalogue's version, settles the catalogue list's page and results
    ("catalogue-page", "catalogue-results"): the cleaned filters, the page number (the view
    bounds it) and the movements the person avoids."""
    return f"{filters_part(filters)}|{page}|{avoided_part(avoided)}"


def play_items_key(routine: Version) -> str:
    """A routine's items as the player plays them."""
    return _key("play-items", routine)


def journal_figures_key(journal: Version) -> str:
    """A person's journal aggregates, whatever the period or month the dashboard shows."""
    return _key("journal-figures", journal)


def session_figures_key(sessions: Version) -> str:
    """A person's aggregates of their sessions alone (per routine, per stretch)."""
    return _key("session-figures", sessions)


def home_today_key(home: Version) -> str:
    """Home's Today and its resume card."""
    return _key("home-today", home)


def throttle_key(limit: str, window: int, digest: str) -> str:
    """One limit's count in one window, for a hashed value (config.throttle)."""
    return f"throttle:{limit}:{window}:{digest}"


_MISSING = object()


def cached(key: str, compute: Callable[[], T], *, timeout: float | None = DEFAULT_TIMEOUT) -> T:
    """What is cached under the key; computed and kept there the first time (and after it
    was dropped). None is kept too: it is an answer like any other."""
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, timeout=timeout)
    return found


def count_in_window(key: str, *, seconds: int) -> int:
    """Count one more under the key, kept for `seconds` from the first count: how many now."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # gone between add and incr: the window just turned
        cache.set(key, 1, timeout=seconds)
        return 1


def cache_clear() -> None:
    """Empty the cache: for tests and the bench, never for a page (the versions do that)."""
    cache.clear()


def cache_held() -> tuple[int, int]:
    """Entries and bytes held by this process's local-memory cache (the bench sizes it)."""
    kept = cache._cache  # LocMemCache: key -> pickled value
    return len(kept), sum(len(value) for value in kept.values())


register = template.Library()


class CachedNode(template.Node):
    def __init__(self, nodelist, name: str, version, parts: list) -> None:
        self.nodelist, self.name, self.version, self.parts = nodelist, name, version, parts

    def render(self, context) -> str:
        version = self.version.resolve(context)
        if not version:  # nothing to key by (None, or not given): drawn every time
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        key = fragment_key(self.name, version, *parts)
        return mark_safe(cached(key, lambda: self.nodelist.render(context)))


@register.tag("cached")
def do_cached(parser, token) -> CachedNode:
    """{% cached "name" version [part …] %}…{% endcached %}: the block drawn once, then from
    the cache while the version (a `Version`) and the parts stay as they were. The name is one
    of FRAGMENTS and the version must be of the kind it names; the parts are bounded values
    the view chose. Without a version (None, or none given) the block is drawn every time."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a fragment name and a version")
    name = bits[1].strip("\"'")
    if name not in FRAGMENTS:
        raise template.TemplateSyntaxError(f"no cached fragment is called {name!r}")
    nodelist = parser.parse(("endcached",))
    parser.delete_first_token()
    version, *parts = (parser.compile_filter(bit) for bit in bits[2:])
    return CachedNode(nodelist, name, version, parts)
