"""The player on a phone at 7 a.m.: in view whatever was scrolled, resumable, and left in
one press of Back once it is over."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journal.models import Session
from routines.models import Routine
from tests.browser.conftest import sign_in
from tests.browser.test_player import go, one_stretch_routine, phase, start_with_fake_time

pytestmark = pytest.mark.usefixtures("live_catalogue")

SIZES = {
    "360x600 touch": {
        "viewport": {"width": 360, "height": 600},
        "is_mobile": True,
        "has_touch": True,
    },
    "375x667 touch": {
        "viewport": {"width": 375, "height": 667},
        "is_mobile": True,
        "has_touch": True,
    },
    "1280x800": {"viewport": {"width": 1280, "height": 800}},
}

IN_VIEW = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
}"""
MAIN = "#player [data-action=done], #player [data-action=next]"


@pytest.mark.parametrize("size", SIZES)
def test_the_countdown_and_main_controls_are_in_view_on_every_step_whatever_was_scrolled(
    live_server, browser, size
):
    """Signed out, the longest-titled starter: scroll down before each press."""
    context = browser.new_context(**SIZES[size])
    page = context.new_page()
    routine = Routine.objects.get(starter_key="hips-and-hamstrings")
    start_with_fake_time(page, live_server, routine)
    height = SIZES[size]["viewport"]["height"]
    seen = []
    for _ in range(10):
        assert page.evaluate("() => scrollY") == 0, f"step {len(seen)} did not start at the top"
        clock = "#player [data-clock]" if page.locator("[data-clock]").count() else "#player .clock"
        assert page.evaluate(IN_VIEW, clock), f"{phase(page)}: the countdown is off-screen"
        assert page.evaluate(IN_VIEW, MAIN), f"{phase(page)}: the main control is off-screen"
        digits = page.locator(clock).bounding_box()["height"]
        assert digits >= 0.12 * height, f"{phase(page)}: digits {digits} px high"
        seen.append(phase(page))
        page.mouse.wheel(0, 900)
        page.wait_for_function("() => scrollY > 0 || document.body.scrollHeight <= innerHeight")
        go(page, lambda: page.locator(MAIN).click())

    assert {"get-ready", "work", "switch", "rest"} <= set(seen)
    context.close()


def test_a_reload_mid_step_resumes_the_time_that_was_left(live_server, page, person):
    """Real time: the clock is kept in the tab across the reload."""
    routine = one_stretch_routine(
        person, "Long hold", "childs-pose", get_ready_seconds=0, hold_seconds=60, sets=1
    )
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-clock]")).to_have_text("0:57", timeout=6000)

    page.reload()

    left = page.evaluate(
        """() => { const [m, s] = document.querySelector('[data-clock]').textContent.split(':');
                   return Number(m) * 60 + Number(s); }"""
    )
    saved = page.evaluate(
        """() => { const key = Object.keys(sessionStorage).find(k => k.includes(':step:'));
                   return (JSON.parse(sessionStorage[key]).endsAt - Date.now()) / 1000; }"""
    )
    assert 54 <= left <= 57, f"the reload showed {left} s left"
    assert abs(left - saved) <= 1
    expect(page.locator("[data-clock]")).not_to_have_text(re.compile("^1:00$"))


def test_a_reload_of_a_paused_step_stays_paused_with_its_time(live_server, page, person):
    routine = one_stretch_routine(
        person, "Long hold", "childs-pose", get_ready_seconds=0, hold_seconds=60, sets=1
    )
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    page.get_by_role("button", name="Start").click()
    expect(page.locator("[data-clock]")).to_have_text("0:58", timeout=5000)
    page.get_by_role("button", name="Pause").click()
    shown = page.locator("[data-clock]").inner_text()

    page.reload()
    page.wait_for_timeout(1500)

    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.locator("[data-clock]")).to_have_text(shown)


def test_back_after_finishing_leaves_the_summary_in_one_press(live_server, page, person):
    routine = one_stretch_routine(
        person, "Short", "knees-to-chest", get_ready_seconds=3, hold_seconds=10, sets=1
    )
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-detail", args=[routine.pk]))
    page.clock.install()
    page.locator(f"a[href='{reverse('journal:player-start', args=[routine.pk])}']").first.click()
    start_with_fake_time(page, live_server, routine)
    go(page, lambda: page.clock.run_for(3050))
    go(page, lambda: page.clock.run_for(10_050))
    page.wait_for_url(re.compile(r"/after/$"))
    page.locator("label[for=id_pain_after_2]").click()
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_role("heading", name="You finished Short")).to_be_visible()

    page.go_back()

    expect(page).to_have_url(live_server.url + routine.get_absolute_url())
    assert Session.objects.get(user=person).status == "completed"
