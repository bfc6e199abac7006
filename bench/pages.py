"""Each main page, in-process: the median server time over many requests with debug off,
its queries and its size, and the same for the bare view, so that each page is also a
ratio to the cheapest page Django serves through the same middleware."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.seed import World, signed_in_client
from journal.services import journal_changed

HTMX = {"HX-Request": "true"}


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    headers: dict
    budget: float | None  # times the bare view's median, at most; None: no time budget
    before: Callable[[], None] | None = None  # done before each request, outside the timing


@dataclass(frozen=True)
class Timing:
    page: Page
    median_ms: float
    p90_ms: float
    queries: int
    size: int
    status: int
    bare_ms: float  # the bare view's median over the same stretch of time

    @property
    def ratio(self) -> float:
        """Times the bare view, both measured over the same stretch of time."""
        return self.median_ms / self.bare_ms


def step_url(world: World) -> str:
    return reverse("journal:player-step", args=[world.routine_pk, world.play_key, world.step_index])


def pages(world: World) -> list[Page]:
    step = step_url(world)
    return [
        Page("bare view", reverse("bench-bare"), {}, None),
        Page("bare view, signed in", reverse("bench-bare-signed-in"), {}, None),
        Page("home", reverse("home"), {}, None),
        Page("catalogue", reverse("stretches:stretch-list"), {}, 20),
        Page(  # as the filters ask for it: the results only
            "catalogue, filtered",
            reverse("stretches:stretch-list")
            + "?area=lower-back&position=lying-back&max_minutes=2",
            HTMX,
            20,
        ),
        Page("stretch detail", reverse("stretches:stretch-detail", args=["childs-pose"]), {}, 20),
        Page("my routines (40)", reverse("routines:routine-list"), {}, None),
        Page("composer", reverse("routines:routine-edit", args=[world.routine_pk]), {}, 20),
        Page("player step (htmx)", step, HTMX, 20),
        Page("journal dashboard", reverse("journal:dashboard"), {}, 60),
        Page(  # the first look after logging pain: the sessions' insights stay cached
            "journal dashboard, just after logging pain",
            reverse("journal:dashboard"),
            {},
            60,
            before=lambda: journal_changed(world.user_pk, sessions=False),
        ),
        Page(  # the first look after playing: nothing of it is cached
            "journal dashboard, just after a session",
            reverse("journal:dashboard"),
            {},
            None,
            before=lambda: journal_changed(world.user_pk),
        ),
        Page("sessions list", reverse("journal:session-list"), {}, None),
        Page("export (JSON)", reverse("journal:export-json"), {}, None),
    ]


def _queries_and_response(client: Client, page: Page):
    counted = []

    def count(execute, sql, params, many, context):
        counted.append(sql)
        return execute(sql, params, many, context)

    if page.before is not None:
        page.before()
    # Around the cursor: the test client's request_started signal empties the list that
    # CaptureQueriesContext reads.
    with connection.execute_wrapper(count):
        response = client.get(page.url, headers=page.headers)
    return len(counted), response


def _time(client: Client, page: Page) -> float:
    """One request, as a busy server would serve it (warm); milliseconds."""
    if page.before is not None:
        page.before()
    started = time.perf_counter()
    response = client.get(page.url, headers=page.headers)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (page.url, response.status_code)
    return elapsed


def _timing(page: Page, times: list[float], bare_times: list[float], client: Client) -> Timing:
    queries, response = _queries_and_response(client, page)
    return Timing(
        page=page,
        median_ms=statistics.median(times),
        p90_ms=statistics.quantiles(times, n=10)[-1],
        queries=queries,
        size=len(response.content),
        status=response.status_code,
        bare_ms=statistics.median(bare_times),
    )


#: Requests in a row of one page before the other's turn: few enough that both see the
#: machine at the same speed, enough that each is served warm (one for one, the page's work
#: leaves the bare view's caches cold and slows it by half).
BLOCK = 10


def measure_all(world: World, *, requests: int) -> list[Timing]:
    """Each page's requests alternate with the bare view's, ten by ten. A shared machine's
    speed swings (here, 2.5x from one second to the next): alternating, both see the same
    speeds, and each page's ratio is to the bare view's median over the same stretch of
    time. The bare view's own row is the median of all its requests."""
    client = signed_in_client(world)
    bare, *others = pages(world)
    every_bare: list[float] = []
    results = []
    for page in others:
        for _ in range(5):  # warm up: templates, connections, caches
            client.get(page.url, headers=page.headers)
        times, bare_times = [], []
        for _ in range(max(requests // BLOCK, 2)):
            bare_times += [_time(client, bare) for _ in range(BLOCK)]
            times += [_time(client, page) for _ in range(BLOCK)]
        every_bare += bare_times
        results.append(_timing(page, times, bare_times, client))
    return [_timing(bare, every_bare, every_bare, client), *results]
