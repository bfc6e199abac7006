"""Installable, and a play-through that never needs the network: Chromium runs the service
worker, and `context.set_offline` cuts the network for the page and the worker alike."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from config.pages import pwa
from journal.models import Session, SessionStep
from stretches.models import Stretch
from tests.browser.conftest import sign_in
from tests.factories import RoutineFactory, RoutineItemFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

START = dt.datetime(2026, 12, 1, 7, 0, tzinfo=dt.UTC)
QUEUE = """async () => await (await import('/static/js/queue.js')).records()"""
CACHES = "async () => await caches.keys()"


@pytest.fixture
def mixed_routine(person):
    """Get ready, a twist left, switch, right, rest, knees to chest held, rest, cat-cow
    repetitions: a side switch, rests and a repetitions step."""
    routine = RoutineFactory(owner=person, name="Offline morning", get_ready_seconds=3)
    for position, (slug, numbers) in enumerate(
        [
            ("lying-knee-across-twist", {"hold_seconds": 8, "sides": "left-right"}),
            ("knees-to-chest", {"hold_seconds": 8, "sides": "both"}),
            ("cat-cow", {"repetitions": 3, "sides": "both"}),
        ],
        start=1,
    ):
        RoutineItemFactory(
            routine=routine,
            position=position,
            stretch=Stretch.objects.get(slug=slug),
            sets=1,
            rest_seconds=3,
            **numbers,
        )
    return routine


def controlled(page) -> None:
    """Wait until the service worker controls the page."""
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=20_000)


def step_key(page) -> str:
    return page.locator("#player").get_attribute("data-step-key") or ""


def until(page, condition: str, *, ms: int = 8000) -> None:
    """Run the fake clock in small steps until `condition` (a JS expression) holds."""
    for _ in range(ms // 50):
        page.clock.run_for(50)
        try:
            if page.evaluate(f"() => {condition}"):
                return
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state()  # the player went on to a whole page
    raise AssertionError(f"{condition} did not come true within {ms} ms of fake time")


def next_step(page) -> None:
    """Let this step end as it would: the clock runs out, or Done after the repetitions."""
    before = step_key(page)
    if page.locator("#player").get_attribute("data-timed") == "true":
        page.clock.run_for(int(page.locator("#player").get_attribute("data-seconds")) * 1000)
    else:
        page.clock.run_for(9000)  # three repetitions at a slow pace
        page.locator("[data-action=done]").click()
    until(
        page,
        f"!document.querySelector('#player[data-step-key]') || "
        f"document.querySelector('#player').dataset.stepKey !== '{before}'",
    )


def start_playing(page, live_server, routine) -> None:
    page.clock.install(time=START)
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    controlled(page)
    page.locator("label[for=id_pain_before_4]").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#player[data-step-kind=get-ready]")).to_be_visible()
    # Everything the play-through shows is on the device before the network goes.
    # (The clock stands still meanwhile: the keeping is real work, not timers.)
    kept = "([name, value]) => name.includes('kept:') && /^[0-9]+$/.test(value)"
    for _ in range(200):
        if page.evaluate(f"() => Object.entries(sessionStorage).some({kept})"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the play-through was not kept on the device within 20 s")


def test_chromium_finds_the_app_installable(
    live_server, playwright, browser_type_launch_args, tmp_path
):
    """In a profile of its own: Chromium installs nothing from a private window."""
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile", **browser_type_launch_args
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("home"))
    controlled(page)
    session = context.new_cdp_session(page)

    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = session.send("Page.getAppManifest")
    context.close()

    assert errors == []
    assert manifest["url"].endswith(reverse("manifest"))
    assert manifest.get("errors", []) == []


def test_a_whole_play_through_offline_lands_once_when_the_network_returns(
    live_server, page, person, mixed_routine
):
    sign_in(page, live_server, person)
    start_playing(page, live_server, mixed_routine)
    page.context.set_offline(True)

    kinds = []
    while page.locator("#player[data-step-kind]").count():
        kinds.append(page.locator("#player").get_attribute("data-step-kind"))
        if len(kinds) == 5:  # mid-routine: a reload, offline, comes back at this step
            key = step_key(page)
            page.reload()
            expect(page.locator("#player")).to_have_attribute("data-step-key", key)
        next_step(page)
        if kinds[-1] == "work":
            expect(page.locator("#sync-status")).to_have_text("Saved on this phone, will sync")

    assert kinds == ["get-ready", "work", "switch", "work", "rest", "work", "rest", "work"]
    expect(page.get_by_role("heading", name="Well done. How do you feel?")).to_be_visible()
    page.locator("label[for=id_pain_after_2]").click()
    page.get_by_label("A note for your journal (optional)").fill("Offline, on the floor.")
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_text("Saved on this phone. It goes to your journal")).to_be_visible()
    queued = page.evaluate(QUEUE)
    session = Session.objects.get(user=person)
    # Four stretch steps and the finish wait on the device. (Background Sync may wake a
    # fresh worker that Playwright's offline emulation does not reach, and send some of
    # them early: what matters is below, that each lands once.)
    assert queued, "nothing waited on the device while offline"
    assert len(queued) <= 5

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_url(re.compile(r"/summary/$"), timeout=15_000)

    session.refresh_from_db()
    assert (session.status, session.pain_before, session.pain_after, session.note) == (
        "completed",
        4,
        2,
        "Offline, on the floor.",
    )
    assert sorted(session.steps.values_list("side", "outcome")) == [
        ("", "done"),
        ("", "done"),
        ("left", "done"),
        ("right", "done"),
    ]
    expect(page.locator("#sync-status")).to_be_hidden()
    assert page.evaluate(QUEUE) == []

    # The whole queue sent twice more changes nothing.
    kept = list(SessionStep.objects.values_list("pk", "outcome", "actual_seconds"))
    page.evaluate(
        """async (records) => { const queue = await import('/static/js/queue.js');
             for (const r of records) { const { id, state, ...rest } = r; await queue.add(rest); }
             await queue.flush();
             for (const r of records) { const { id, state, ...rest } = r; await queue.add(rest); }
             return queue.flush(); }""",
        queued,
    )
    assert page.evaluate(QUEUE) == []
    assert list(SessionStep.objects.values_list("pk", "outcome", "actual_seconds")) == kept
    session.refresh_from_db()
    assert (session.pain_after, session.note) == (2, "Offline, on the floor.")


def test_a_refused_record_is_kept_and_the_page_says_so(live_server, page, person, mixed_routine):
    sign_in(page, live_server, person)
    start_playing(page, live_server, mixed_routine)
    page.context.set_offline(True)
    next_step(page)  # get ready
    next_step(page)  # the left side: its record waits
    mixed_routine.items.last().delete()  # the routine is changed meanwhile
    mixed_routine.save()

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")

    expect(page.locator("#sync-status")).to_contain_text("could not be saved")
    refused = page.evaluate(QUEUE)
    assert [record["state"] for record in refused] == ["refused"]
    assert not SessionStep.objects.exists()


def test_a_new_static_version_replaces_the_worker_and_its_caches(live_server, page, monkeypatch):
    page.goto(live_server.url + reverse("home"))
    controlled(page)
    old = pwa.worker_source()[1]
    assert any(old in name for name in page.evaluate(CACHES))

    code, _ = pwa.worker_source()
    monkeypatch.setattr(pwa, "worker_source", lambda: (code, "0123456789abcdef"))
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    for _ in range(100):
        names = page.evaluate(CACHES)
        if names and all("0123456789abcdef" in name for name in names):
            break
        page.wait_for_timeout(200)

    assert names
    assert not any(old in name for name in names)
    assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL").endswith("/sw.js")


def test_signing_out_clears_the_pages_and_the_queue_from_the_device(
    live_server, page, person, mixed_routine
):
    sign_in(page, live_server, person)
    start_playing(page, live_server, mixed_routine)
    page.context.set_offline(True)
    next_step(page)
    next_step(page)
    assert len(page.evaluate(QUEUE)) == 1
    page.context.set_offline(False)
    page.goto(live_server.url + reverse("journal:dashboard"))
    page.goto(live_server.url + reverse("account"))

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    assert page.evaluate(QUEUE) == []
    kept = page.evaluate(
        """async () => { const urls = [];
             for (const name of await caches.keys()) {
               if (name.includes('shell')) continue;
               for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
             }
             return urls; }"""
    )
    assert not [url for url in kept if "/journal/" in url or "/play/" in url or "/accounts/" in url]
    assert SessionStep.objects.count() == 1  # sent before the device forgot it


def test_without_javascript_the_player_is_a_page_per_step(live_server, browser, person):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    page = context.new_page()
    sign_in(page, live_server, person)
    routine = RoutineFactory(owner=person, name="Plain", get_ready_seconds=3)
    RoutineItemFactory(
        routine=routine,
        position=1,
        stretch=Stretch.objects.get(slug="knees-to-chest"),
        hold_seconds=10,
        sets=1,
        sides="both",
    )
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#player[data-step-kind=get-ready]")).to_be_visible()
    page.get_by_role("button", name="Start now").click()
    expect(page.locator("#player[data-step-kind=work]")).to_be_visible()
    page.get_by_role("button", name="Done").click()

    expect(page.get_by_role("heading", name="Well done. How do you feel?")).to_be_visible()
    assert list(SessionStep.objects.values_list("outcome", flat=True)) == ["done"]
    context.close()
