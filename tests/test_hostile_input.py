"""Property-based tests: random and hostile input to every form and write endpoint.

Whatever is sent (huge or negative numbers, unicode, very long text, missing fields, lists
where one value is expected), the answer is never a 500. A refused request (4xx) changes
nothing the person owns; an accepted one leaves the rules whole: positions 1..n, at most
40 stretches, pain from 0 to 10. Each endpoint is tried with hypothesis's `max_examples`
inputs (tests/conftest.py: 60, the same on every run; 600 new ones with
HYPOTHESIS_PROFILE=explore); the total is printed at the end of the run (`pytest -s`).
Every form is also sent in charsets and encodings Django does not read, and every address
with an id in it given an id past 2^63, a few inputs each (eight and four), to keep the run short.
"""

import codecs
import string
import uuid
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.shared.converters import ID_MAX, IdConverter
from journal.models import PainEntry, Session, SessionStep
from journal.services import profile_for, session_start
from routines.models import MAX_ITEMS, Routine, RoutineItem
from tests.factories import (
    PainEntryFactory,
    RoutineFactory,
    RoutineItemFactory,
    StretchFactory,
    UserFactory,
)
from tests.test_url_permissions import routes as url_routes

pytestmark = pytest.mark.django_db

TRIED: dict[str, int] = {}

# Text a browser can send (no lone surrogates: they cannot be encoded in a request).
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
NUMBERISH = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e9", "NaN", "inf", "٣", "²", "0x10", "3.5", "+4"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
LONG = st.integers(min_value=1_000, max_value=20_000).map(lambda n: "x" * n)
DATEISH = st.one_of(
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(["0001-01-01", "9999-12-31T23:59", "2026-02-30", "yesterday", ""]),
)
VALUE = st.one_of(TEXT, NUMBERISH, LONG, DATEISH)
# A field sent once, several times (a list), or not at all.
FIELD = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=4), st.none())


def form(*names: str) -> st.SearchStrategy[dict]:
    """Values for these fields, any of them missing, plus an unexpected one now and then."""
    return st.fixed_dictionaries(dict.fromkeys(names, FIELD), optional={"unexpected": VALUE}).map(
        lambda data: {key: value for key, value in data.items() if value is not None}
    )


@pytest.fixture
def world():
    owner = UserFactory()
    stretches = [*StretchFactory.create_batch(3), StretchFactory(per_side=True)]
    routine = RoutineFactory(owner=owner, name="Mine")
    for position, stretch in enumerate(stretches, start=1):
        RoutineItemFactory(routine=routine, stretch=stretch, position=position)
    starter = RoutineFactory(starter=True, name="Starter", stretches=stretches[:2])
    session = session_start(user=owner, routine=routine, play_key=uuid.uuid4(), pain_before=3)
    client = Client()
    client.force_login(owner)
    return {
        "owner": owner,
        "client": client,
        "routine": routine,
        "starter": starter,
        "stretch": stretches[0],
        "entry": PainEntryFactory(user=owner),
        "session": session,
        "profile": profile_for(owner),
    }


def snapshot(user) -> tuple:
    routines = Routine.objects.filter(owner=user)
    return (
        sorted(routines.values_list("pk", "name", "description", "rest_seconds")),
        sorted(
            RoutineItem.objects.filter(routine__owner=user).values_list(
                "pk", "position", "hold_seconds", "repetitions", "sets", "sides", "rest_seconds"
            )
        ),
        sorted(PainEntry.objects.filter(user=user).values_list("pk", "level", "note", "areas")),
        sorted(
            Session.objects.filter(user=user).values_list(
                "pk", "status", "note", "pain_after", "finished_at"
            )
        ),
        sorted(SessionStep.objects.filter(session__user=user).values_list("pk", "outcome")),
        profile_for(user).feed_token,
    )


def rules_hold(user) -> None:
    for routine in Routine.objects.filter(owner=user):
        positions = list(routine.items.order_by("position").values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1)), routine
        assert len(positions) <= MAX_ITEMS
    assert not PainEntry.objects.filter(user=user).exclude(level__range=(0, 10)).exists()


def send(world, name: str, method: str, url: str, data: dict, **extra) -> None:
    """One request: never a 500; refused, nothing changes; accepted, the rules hold."""
    TRIED[name] = TRIED.get(name, 0) + 1
    before = snapshot(world["owner"])
    response = getattr(world["client"], method)(url, data, **extra)
    assert response.status_code < 500, (name, data, response.status_code)
    if 400 <= response.status_code < 500:
        assert snapshot(world["owner"]) == before, (name, data)
    rules_hold(world["owner"])


def hostile(**strategies):
    """@given these strategies. The fixtures are not made anew for each input, on purpose:
    the person's data grows as the inputs go by, as it would."""

    def decorate(test):
        return settings(
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )(given(**strategies)(test))

    return decorate


# --- Accounts --------------------------------------------------------------------------


@hostile(data=form("username", "email", "password1", "password2"))
def test_sign_up(client, data):
    TRIED["sign-up"] = TRIED.get("sign-up", 0) + 1
    assert client.post(reverse("sign-up"), data).status_code < 500


@hostile(
    data=form("theme", "next"),
    htmx=st.booleans(),
    cookie=st.one_of(
        st.sampled_from(["light", "dark", "system", ""]),
        st.text(alphabet=string.printable, max_size=40),
    ),
)
def test_theme(client, data, htmx, cookie):
    TRIED["theme"] = TRIED.get("theme", 0) + 1
    client.cookies["theme"] = cookie
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    assert client.post(reverse("theme"), data, **extra).status_code < 500
    assert client.get(reverse("theme"), data).status_code == 200


@hostile(data=form("username", "password"))
def test_sign_in(client, data):
    TRIED["sign-in"] = TRIED.get("sign-in", 0) + 1
    assert client.post(reverse("login"), data).status_code < 500


@hostile(data=form("old_password", "new_password1", "new_password2"))
def test_password_change(world, data):
    send(world, "password change", "post", reverse("password_change"), data)


@hostile(data=form("password"))
def test_account_delete(world, data):
    send(world, "account delete", "post", reverse("account-delete"), data)


@hostile(data=form("avoid_forward_bending", "next"))
def test_preferences(world, data):
    send(world, "preferences", "post", reverse("stretches:preferences"), data)


# --- Routines --------------------------------------------------------------------------

ROUTINE_FIELDS = ("name", "description", "get_ready_seconds", "rest_seconds", "switch_seconds")


@hostile(data=form(*ROUTINE_FIELDS))
def test_routine_create(world, data):
    send(world, "routine create", "post", reverse("routines:routine-create"), data)


@hostile(data=form(*ROUTINE_FIELDS))
def test_routine_update(world, data):
    url = reverse("routines:routine-update", args=[world["routine"].pk])
    send(world, "routine update", "post", url, data)


@hostile(data=form("stretch", "token"), htmx=st.booleans())
def test_item_add(world, data, htmx):
    url = reverse("routines:item-add", args=[world["routine"].pk])
    send(world, "item add", "post", url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))


@hostile(data=form("routine"))
def test_stretch_add_from_the_catalogue(world, data):
    url = reverse("routines:stretch-add", args=[world["stretch"].slug])
    send(world, "stretch add from the catalogue", "post", url, data)


RESTORE_FIELDS = ("position", "token", "hold_seconds", "repetitions", "sets", "sides")


@hostile(data=form("stretch", "rest_seconds", *RESTORE_FIELDS), real=st.booleans())
def test_item_restore(world, data, real):
    if real:  # a stretch of the catalogue, so that the numbers are what is tried
        data["stretch"] = world["stretch"].slug
    url = reverse("routines:item-restore", args=[world["routine"].pk])
    send(world, "item restore", "post", url, data, HTTP_HX_REQUEST="true")


@hostile(data=form("hold_seconds", "repetitions", "sets", "sides", "rest_seconds"))
def test_item_update(world, data):
    item = world["routine"].items.order_by("position").last()
    if item is None:
        return
    prefixed = {f"item-{item.pk}-{key}": value for key, value in data.items()}
    url = reverse("routines:item-update", args=[world["routine"].pk, item.pk])
    send(world, "item update", "post", url, prefixed)


@hostile(data=form("position"), which=st.integers(min_value=0, max_value=3))
def test_item_move(world, data, which):
    items = list(world["routine"].items.order_by("position"))
    if not items:
        return
    item = items[which % len(items)]
    url = reverse("routines:item-move", args=[world["routine"].pk, item.pk])
    send(world, "item move", "post", url, data)


@hostile(pk=st.integers(min_value=-5, max_value=10**12))
def test_item_remove_of_any_number(world, pk):
    url = reverse("routines:item-remove", args=[world["routine"].pk, max(pk, 0)])
    send(world, "item remove", "post", url, {})


@hostile(data=form("play_key", "pain_before"))
def test_player_start(world, data):
    url = reverse("journal:player-start", args=[world["routine"].pk])
    send(world, "player start", "post", url, data)


@hostile(data=form("outcome", "actual_seconds"), index=st.integers(min_value=0, max_value=40))
def test_player_record(world, data, index):
    routine, key = world["routine"], world["session"].play_key
    url = reverse("journal:player-record", args=[routine.pk, key, index])
    send(world, "player record", "post", url, data)


@hostile(data=form("pain_after", "note"))
def test_player_after(world, data):
    routine, key = world["routine"], world["session"].play_key
    url = reverse("journal:player-after", args=[routine.pk, key])
    send(world, "player finish", "post", url, data)


@hostile(before=VALUE, after=VALUE, index=st.integers(min_value=0, max_value=40))
def test_signed_out_player_addresses(client, world, before, after, index):
    starter, key = world["starter"], uuid.uuid4()
    TRIED["player, signed out"] = TRIED.get("player, signed out", 0) + 1
    query = {"before": before, "after": after}
    for url in (
        reverse("journal:player-step", args=[starter.pk, key, index]),
        reverse("journal:player-summary", args=[starter.pk, key]),
    ):
        assert client.get(url, query).status_code < 500


# --- Journal ---------------------------------------------------------------------------

PAIN_FIELDS = (
    "level",
    "recorded_at",
    "areas",
    "qualities",
    "worse",
    "better",
    "factors_note",
    "note",
)


@hostile(data=form("level", "next"), htmx=st.booleans())
def test_pain_quick(world, data, htmx):
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    send(world, "pain quick log", "post", reverse("journal:pain-quick"), data, **extra)


@hostile(data=form(*PAIN_FIELDS))
def test_pain_create(world, data):
    send(world, "pain create", "post", reverse("journal:pain-create"), data)


@hostile(data=form(*PAIN_FIELDS))
def test_pain_edit(world, data):
    url = reverse("journal:pain-edit", args=[world["entry"].pk])
    send(world, "pain edit", "post", url, data)


@hostile(
    data=form("routine", "routine_name", "day", "minutes", "pain_before", "pain_after", "note")
)
def test_session_create(world, data):
    send(world, "session create", "post", reverse("journal:session-create"), data)


@hostile(data=form("note"))
def test_session_note(world, data):
    url = reverse("journal:session-note", args=[world["session"].pk])
    send(world, "session note", "post", url, data)


@hostile(data=form("weekly_goal", "reminder_days", "reminder_time"))
def test_settings(world, data):
    send(world, "journal settings", "post", reverse("journal:settings"), data)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from([*list(string.ascii_lowercase[:6]), "format"]), children)
    ),
    max_leaves=20,
)


@hostile(
    content=st.one_of(
        st.binary(max_size=2000),
        JSONISH.map(lambda value: repr(value).encode()),
        st.just(b'{"format": "backstretch-export", "version": 1, "pain_entries": [1, {}]}'),
    ),
    confirm=st.sampled_from(["on", "", None]),
    mode=st.sampled_from(["add", "replace", "", "merge", None]),
)
def test_import(world, content, confirm, mode):
    data = {"file": SimpleUploadedFile("file.json", content)}
    if confirm is not None:
        data["confirm"] = confirm
    if mode is not None:
        data["mode"] = mode
    send(world, "import", "post", reverse("journal:import"), data)


# --- Addresses with query strings --------------------------------------------------------


@hostile(
    query=form(
        "q",
        "area",
        "position",
        "equipment",
        "kind",
        "intensity",
        "max_minutes",
        "no_forward_bending",
        "in_bed",
        "at_desk",
        "page",
    ),
    htmx=st.booleans(),
)
def test_catalogue_filters(world, query, htmx):
    TRIED["catalogue filters"] = TRIED.get("catalogue filters", 0) + 1
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    assert world["client"].get(reverse("stretches:stretch-list"), query, **extra).status_code < 500


@hostile(query=form("period", "month", "start", "end", "page"))
def test_journal_addresses(world, query):
    TRIED["journal addresses"] = TRIED.get("journal addresses", 0) + 1
    for name in (
        "journal:dashboard",
        "journal:report",
        "journal:pain-list",
        "journal:session-list",
    ):
        assert world["client"].get(reverse(name), query).status_code < 500


# --- Charsets and encodings on every form -------------------------------------------------

# What a body may say it is written in: charsets Python knows, and some it does not.
CHARSETS = st.sampled_from(
    [
        "utf-8",
        "UTF8",
        "latin-1",
        "iso-8859-1",
        "cp1252",
        "ascii",
        "utf-16",
        "utf-16-be",
        "utf-32",
        "utf-7",
        "shift_jis",
        "koi8-r",
        "gb18030",
        "x-no-such-charset",
        "",
    ]
)
TOKEN = "h" * 32
BOUNDARY = "hostile-boundary"
# Every form, by URL name: its address's arguments, its fields, whether it is for someone
# signed in. Deleting and signing out are left out: they take no fields.
FORMS = {
    "login": (None, ("username", "password"), False),
    "sign-up": (None, ("username", "email", "password1", "password2"), False),
    "password_reset": (None, ("email",), False),
    "password_change": (None, ("old_password", "new_password1", "new_password2"), True),
    "account-delete": (None, ("password",), True),
    "stretches:preferences": (None, ("avoid_forward_bending", "next"), True),
    "routines:routine-create": (None, ROUTINE_FIELDS, True),
    "routines:routine-update": (lambda w: [w["routine"].pk], ROUTINE_FIELDS, True),
    "routines:item-add": (lambda w: [w["routine"].pk], ("stretch",), True),
    "routines:item-move": (
        lambda w: [w["routine"].pk, w["routine"].items.first().pk],
        ("position",),
        True,
    ),
    "journal:player-start": (lambda w: [w["routine"].pk], ("play_key", "pain_before"), True),
    "journal:player-record": (
        lambda w: [w["routine"].pk, w["session"].play_key, 1],
        ("outcome", "actual_seconds"),
        True,
    ),
    "journal:player-after": (
        lambda w: [w["routine"].pk, w["session"].play_key],
        ("pain_after", "note"),
        True,
    ),
    "journal:pain-quick": (None, ("level", "next"), True),
    "journal:pain-create": (None, PAIN_FIELDS, True),
    "journal:pain-edit": (lambda w: [w["entry"].pk], PAIN_FIELDS, True),
    "journal:session-create": (None, ("routine", "routine_name", "day", "minutes"), True),
    "journal:session-note": (lambda w: [w["session"].pk], ("note",), True),
    "journal:settings": (None, ("weekly_goal", "reminder_days", "reminder_time"), True),
    "journal:import": (None, ("file", "confirm"), True),
}


def _codec(charset: str) -> str:
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return "latin-1"


@st.composite
def encoded_body(draw, fields: tuple[str, ...]) -> tuple[bytes, str]:
    """The form's fields (and the CSRF token), written in a charset the body declares or not,
    percent-encoded, raw, or as multipart parts; now and then bytes of any kind."""
    data = draw(form(*fields))
    charset = draw(CHARSETS)
    codec = _codec(charset)
    pairs = [("csrfmiddlewaretoken", TOKEN)] + [
        (key, item)
        for key, value in data.items()
        for item in (value if isinstance(value, list) else [value])
    ]
    kind = draw(st.sampled_from(["urlencoded", "raw", "multipart", "bytes"]))
    if kind == "multipart":
        body = (
            b"".join(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'.encode(
                    codec, "replace"
                )
                + value.encode(codec, "replace")
                + b"\r\n"
                for key, value in pairs
            )
            + f"--{BOUNDARY}--\r\n".encode()
        )
        content_type = f"multipart/form-data; boundary={BOUNDARY}"
    elif kind == "bytes":
        body = draw(st.binary(max_size=500))
        content_type = "application/x-www-form-urlencoded"
    elif kind == "raw":
        body = "&".join(f"{key}={value}" for key, value in pairs).encode(codec, "replace")
        content_type = "application/x-www-form-urlencoded"
    else:
        body = urlencode(pairs, encoding=codec, errors="replace").encode("ascii")
        content_type = "application/x-www-form-urlencoded"
    return body, f"{content_type}; charset={charset}" if charset else content_type


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_in_any_charset(world, name):
    """Each form, sent as a browser would (a CSRF cookie and its token), in charsets and
    encodings Django does not read: a 4xx (our own 400 page for a form not in UTF-8),
    never a 500, and nothing changes."""
    arguments, fields, signed_in = FORMS[name]
    url = reverse(name, args=arguments(world) if arguments else [])
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if signed_in:
        client.force_login(world["owner"])
    client.cookies["csrftoken"] = TOKEN

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(sent=encoded_body(fields))
    def check(sent):
        body, content_type = sent
        TRIED["forms in any charset"] = TRIED.get("forms in any charset", 0) + 1
        before = snapshot(world["owner"])
        response = client.generic("POST", url, body, content_type=content_type)
        assert response.status_code < 500, (name, content_type, body[:200])
        if 400 <= response.status_code < 500:
            assert snapshot(world["owner"]) == before, (name, content_type)
        rules_hold(world["owner"])

    check()


# --- Huge ids in every address ---------------------------------------------------------------


def _id_patterns() -> dict[str, dict]:
    """Every named address with an id in it, and its converters by argument."""
    return {
        name: pattern.pattern.converters
        for name, (pattern, route) in url_routes().items()
        if "<id:" in route
    }


@pytest.mark.parametrize("name", sorted(_id_patterns()))
def test_a_huge_id_in_any_address(world, name):
    """Each id, in turn, past 2^63 (the others real or not): a 404, never a 500."""
    converters = _id_patterns()[name]
    ids = [key for key, converter in converters.items() if isinstance(converter, IdConverter)]

    @settings(
        max_examples=4,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        key=st.sampled_from(ids),
        huge=st.integers(min_value=ID_MAX + 1, max_value=10**40),
        others=st.integers(min_value=0, max_value=ID_MAX),
        method=st.sampled_from(["get", "post", "head"]),
    )
    def check(key, huge, others, method):
        TRIED["huge ids in addresses"] = TRIED.get("huge ids in addresses", 0) + 1
        kwargs = {
            argument: (
                huge
                if argument == key
                else others
                if isinstance(converter, IdConverter)
                else uuid.uuid4()
            )
            for argument, converter in converters.items()
        }
        for client in (world["client"], Client()):
            assert getattr(client, method)(reverse(name, kwargs=kwargs)).status_code == 404

    check()


def test_zz_report_how_many_inputs_were_tried(capsys):
    """Runs last in this file (by name): the count of inputs, for the record."""
    if not TRIED:
        pytest.skip("run with the rest of the file")
    with capsys.disabled():
        total = sum(TRIED.values())
        print(f"\nhostile inputs tried: {total:,} over {len(TRIED)} endpoints")
        for name, count in sorted(TRIED.items()):
            print(f"  {name}: {count}")
    assert total >= settings.default.max_examples * len(TRIED) * 0.9
