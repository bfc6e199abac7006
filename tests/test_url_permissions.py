"""Every URL of the site, asked for by three people: nobody signed in, the owner of the
objects in the address, and someone else. Each answer is written down below; a new URL
without a row fails `test_every_url_has_a_row`, so nothing is added without deciding who
may see it.

The statuses: "login" is a redirect to the sign-in page; "302" another redirect; 405 a
method the URL does not take; 422 a form sent back with its errors (the posts here are
empty). Whatever the answer, nobody else's data may change and nothing may fail with a 500.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

from config.shared.converters import ID_MAX, IdConverter
from journal.models import PainEntry, Session
from journal.services import profile_for
from routines.models import Routine
from tests.factories import (
    PainEntryFactory,
    RoutineFactory,
    SessionFactory,
    StretchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "other")
M, N, L = 405, 404, "login"  # method not allowed, not found, sign in first


def _routine(w):
    return [w["routine"].pk]


def _item(w):
    return [w["routine"].pk, w["item"].pk]


def _play(w):
    return [w["routine"].pk, w["session"].play_key]


# name: (address arguments, (GET as anonymous, owner, other), (POST as anonymous, owner, other))
TABLE = {
    "home": (None, (200, 200, 200), (M, M, M)),
    "safety": (None, (200, 200, 200), (M, M, M)),
    # The colour theme is the device's, signed in or not; an empty post is refused.
    "theme": (None, (200, 200, 200), (400, 400, 400)),
    "/favicon.ico": (None, (301, 301, 301), (M, M, M)),
    # Installable and offline: the same for everyone.
    "manifest": (None, (200, 200, 200), (M, M, M)),
    "service-worker": (None, (200, 200, 200), (M, M, M)),
    "offline": (None, (200, 200, 200), (M, M, M)),
    "sign-up": (None, (200, "302", "302"), (422, "302", "302")),
    "welcome": (None, (L, 200, 200), (M, M, M)),
    "login": (None, (200, 200, 200), (200, 200, 200)),
    "logout": (None, (M, M, M), ("302", "302", "302")),
    "account": (None, (L, 200, 200), (M, M, M)),
    "account-delete": (None, (L, 200, 200), (L, 422, 422)),
    "password_change": (None, (L, 200, 200), (L, 200, 200)),
    "password_change_done": (None, (L, 200, 200), (L, M, M)),
    "password_reset": (None, (200, 200, 200), (200, 200, 200)),
    "password_reset_done": (None, (200, 200, 200), (M, M, M)),
    "password_reset_confirm": (
        lambda w: ["MQ", "set-password"],
        (200, 200, 200),
        (200, 200, 200),
    ),
    "password_reset_complete": (None, (200, 200, 200), (M, M, M)),
    # The catalogue: public.
    "stretches:stretch-list": (None, (200, 200, 200), (M, M, M)),
    "stretches:stretch-detail": (lambda w: [w["stretch"].slug], (200, 200, 200), (M, M, M)),
    "stretches:preferences": (None, (L, 200, 200), (L, "302", "302")),
    # Routines: the list is public; a routine is its owner's alone.
    "routines:routine-list": (None, (200, 200, 200), (M, M, M)),
    "routines:routine-create": (None, (L, 200, 200), (L, 422, 422)),
    "routines:routine-detail": (_routine, (N, 200, N), (M, M, M)),
    "routines:routine-edit": (_routine, (L, 200, N), (L, M, M)),
    "routines:routine-update": (_routine, (L, M, M), (L, 422, N)),
    "routines:routine-copy": (_routine, (L, M, M), (L, "302", N)),
    "routines:routine-pin": (_routine, (L, M, M), (L, "302", N)),
    "routines:routine-unpin": (_routine, (L, M, M), (L, "302", N)),
    "routines:routine-delete": (_routine, (L, 200, N), (L, "302", N)),
    "routines:routine-picker": (_routine, (L, 200, N), (L, M, M)),
    "routines:item-add": (_routine, (L, M, M), (L, 422, N)),
    "routines:item-restore": (_routine, (L, M, M), (L, 422, N)),
    "routines:item-update": (_item, (L, M, M), (L, 422, N)),
    "routines:item-move": (_item, (L, M, M), (L, 422, N)),
    "routines:item-remove": (_item, (L, M, M), (L, "302", N)),
    # Add a stretch from the catalogue: to one's own routine (another's is a 404, in
    # tests/routines/test_add_from_catalogue.py); an empty post is a form error.
    "routines:stretch-add": (lambda w: [w["stretch"].slug], (L, 200, 200), (L, 422, 422)),
    # The player: a private routine plays for its owner only.
    "journal:play-today": (None, ("302", "302", "302"), (M, M, M)),
    "journal:player-start": (_routine, (N, 200, N), (N, 422, N)),
    "journal:player-step": (lambda w: [*_play(w), 1], (N, 200, N), (M, M, M)),
    "journal:player-record": (lambda w: [*_play(w), 1], (M, M, M), (N, 422, N)),
    "journal:player-after": (_play, (N, 200, N), (N, "302", N)),
    "journal:player-summary": (_play, (N, "302", N), (M, M, M)),
    "journal:player-plan": (_play, (N, 200, N), (M, M, M)),
    # Try it now: any stretch, for anyone, on to the player.
    "journal:stretch-try": (lambda w: [w["stretch"].slug], ("302", "302", "302"), (M, M, M)),
    # The journal: signed in, and one's own entries and sessions only.
    "journal:dashboard": (None, (L, 200, 200), (L, M, M)),
    "journal:pain-list": (None, (L, 200, 200), (L, M, M)),
    "journal:pain-quick": (None, (L, M, M), (L, 422, 422)),
    "journal:pain-create": (None, (L, 200, 200), (L, 422, 422)),
    "journal:pain-edit": (lambda w: [w["entry"].pk], (L, 200, N), (L, 422, N)),
    "journal:pain-delete": (lambda w: [w["entry"].pk], (L, 200, N), (L, "302", N)),
    "journal:session-list": (None, (L, 200, 200), (L, M, M)),
    "journal:session-create": (None, (L, 200, 200), (L, 422, 422)),
    "journal:session-detail": (lambda w: [w["session"].pk], (L, 200, N), (L, M, M)),
    "journal:session-note": (lambda w: [w["session"].pk], (L, M, M), (L, "302", N)),
    "journal:session-delete": (lambda w: [w["session"].pk], (L, 200, N), (L, "302", N)),
    "journal:settings": (None, (L, 200, 200), (L, 422, 422)),
    "journal:feed-reset": (None, (L, M, M), (L, "302", "302")),
    # The reminders feed is found by its secret token alone, by a calendar app.
    "journal:reminders-feed": (lambda w: [w["profile"].feed_token], (200, 200, 200), (M, M, M)),
    "journal:export": (None, (L, 200, 200), (L, M, M)),
    "journal:export-json": (None, (L, 200, 200), (L, M, M)),
    "journal:export-csv": (lambda w: ["pain-entries"], (L, 200, 200), (L, M, M)),
    "journal:import": (None, (L, 200, 200), (L, 422, 422)),
    "journal:report": (None, (L, 200, 200), (L, M, M)),
}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every URL of the project by name (by its path when it has none), the admin aside:
    Django's own admin checks staff status on every page."""
    found = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                inner = f"{pattern.namespace}:" if pattern.namespace else namespace
                found |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            found.add(namespace + pattern.name if pattern.name else f"/{pattern.pattern}")
    return found


def test_every_url_has_a_row():
    assert url_names() == set(TABLE)


@pytest.fixture
def world():
    owner = UserFactory()
    routine = RoutineFactory(owner=owner, stretches=[StretchFactory(), StretchFactory()])
    return {
        "owner": owner,
        "other": UserFactory(),
        "stretch": StretchFactory(),
        "routine": routine,
        "item": routine.items.first(),
        "entry": PainEntryFactory(user=owner, level=4, note="Stiff after sleep"),
        "session": SessionFactory(user=owner, routine=routine, left_open=True, steps=1),
        "profile": profile_for(owner),
    }


def owned_by(user) -> dict:
    """Everything a person owns, as plain values, to compare before and after."""
    return {
        "routines": list(
            Routine.objects.filter(owner=user).values_list("pk", "name", "updated_at")
        ),
        "items": list(
            Routine.objects.filter(owner=user).values_list(
                "items__pk", "items__position", "items__hold_seconds"
            )
        ),
        "entries": list(PainEntry.objects.filter(user=user).values_list("pk", "level", "note")),
        "sessions": list(
            Session.objects.filter(user=user).values_list("pk", "note", "finished_at", "status")
        ),
        "steps": list(Session.objects.filter(user=user).values_list("steps__pk", "steps__outcome")),
        "feed": profile_for(user).feed_token,
    }


def matches(response, expected) -> bool:
    if expected == L:
        return response.status_code == 302 and response["Location"].startswith(
            f"{reverse('login')}?next="
        )
    if expected == "302":
        return response.status_code == 302 and not response["Location"].startswith(reverse("login"))
    return response.status_code == expected


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_url_answers_each_person_as_the_table_says(world, name):
    """Nobody signed in, then someone else, then the owner (whose posts may change things),
    each with GET and POST."""
    arguments, on_get, on_post = TABLE[name]
    if name.startswith("/"):
        path = name
    else:
        path = reverse(name, args=arguments(world) if arguments else [])
    wrong = []
    for role in ("anonymous", "other", "owner"):
        client = Client()
        if role != "anonymous":
            client.force_login(world[role])
        for method, expected_by_role in (("get", on_get), ("post", on_post)):
            before = owned_by(world["owner"])
            response = getattr(client, method)(path)
            expected = expected_by_role[ROLES.index(role)]
            if not matches(response, expected):
                wrong.append(
                    f"{method.upper()} as {role}: {response.status_code} "
                    f"{response.get('Location', '')} (expected {expected})"
                )
            if role != "owner" and owned_by(world["owner"]) != before:
                wrong.append(f"{method.upper()} as {role} changed the owner's data")

    assert wrong == [], path


# --- Huge ids ------------------------------------------------------------------------------

HUGE_IDS = (ID_MAX + 1, 2**64, 10**30)


def routes(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> dict:
    """Every named URL pattern's whole route (its converters written out), the admin aside."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                inner = f"{pattern.namespace}:" if pattern.namespace else namespace
                found |= routes(pattern, inner, route)
        else:
            found[namespace + pattern.name if pattern.name else f"/{route}"] = (pattern, route)
    return found


def test_no_url_pattern_takes_a_number_of_any_size():
    """Whole numbers in addresses are written <id:…> (config/shared/converters.py), never <int:…>:
    Django's `int` takes a number past what the database holds, and the query fails."""
    converters = {
        route: [type(c) for c in pattern.pattern.converters.values()]
        for pattern, route in routes().values()
    }

    assert [route for route, types in converters.items() if IntConverter in types] == []
    assert sum(IdConverter in types for types in converters.values()) >= 20


ROWS_WITH_IDS = sorted(name for name, (_, route) in routes().items() if "<id:" in route)


@pytest.mark.parametrize("name", ROWS_WITH_IDS)
def test_a_huge_id_anywhere_in_an_address_is_not_found(world, name):
    """Each id of each address in turn, past the largest the database holds (2^63 - 1),
    the others real: a 404 for everyone, with GET and POST, and nothing changes."""
    arguments = TABLE[name][0]
    match = resolve(reverse(name, args=arguments(world) if arguments else []))
    keys = re.findall(r"<id:(\w+)>", match.route)
    assert keys, match.route
    wrong = []
    for role in ("anonymous", "owner"):
        client = Client()
        if role == "owner":
            client.force_login(world["owner"])
        for key in keys:
            for huge in HUGE_IDS:
                path = reverse(name, kwargs={**match.kwargs, key: huge})
                before = owned_by(world["owner"])
                for method in ("get", "post", "head"):
                    status = getattr(client, method)(path).status_code
                    if status != 404:
                        wrong.append(f"{method.upper()} {path} as {role}: {status}")
                if owned_by(world["owner"]) != before:
                    wrong.append(f"{path} as {role} changed the owner's data")

    assert wrong == []
