"""The stretch figures in a browser: on the first screen of a phone, mirrored for the second
side in the player, still when motion is reduced, and clean for axe and the Nu validator in
both themes."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stretches.models import Stretch
from tests.browser.conftest import AXE, axe_violations, sign_in
from tests.browser.test_player import key, one_stretch_routine, start_with_fake_time
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

PHONE_360 = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
ON_FIRST_SCREEN = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight;
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_every_stretch_page_shows_its_name_figure_and_dose_on_a_phones_first_screen(
    live_server, browser, motion
):
    # With reduced motion a long body lying down shows its two frames one above the other.
    context = browser.new_context(**PHONE_360, reduced_motion=motion)
    page = context.new_page()
    off_screen = {}
    for stretch in Stretch.objects.all():
        page.goto(live_server.url + stretch.get_absolute_url())
        missing = [
            part
            for part in ("h1", ".stretch-figure .fig", ".stretch-dose")
            if not page.evaluate(ON_FIRST_SCREEN, part)
        ]
        if missing:
            off_screen[stretch.slug] = missing
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360

    assert off_screen == {}
    context.close()


def test_the_figure_moves_and_with_reduced_motion_shows_both_frames_still(live_server, browser):
    url = live_server.url + reverse("stretches:stretch-detail", args=["cat-cow"])
    moving = browser.new_context(**PHONE_360)
    page = moving.new_page()
    page.goto(url)
    expect(page.locator(".stretch-figure .fig-loop")).to_be_visible()
    expect(page.locator(".stretch-figure .fig-pair")).to_be_hidden()
    moving.close()

    still = browser.new_context(**PHONE_360, reduced_motion="reduce")
    page = still.new_page()
    page.goto(url)
    expect(page.locator(".stretch-figure .fig-loop")).to_be_hidden()
    expect(page.locator(".stretch-figure .fig-pair")).to_be_visible()
    still.close()


def test_a_one_side_step_in_the_player_shows_the_mirror_image_for_the_second_side(
    live_server, page
):
    person = UserFactory()
    routine = one_stretch_routine(
        person,
        "Hug each knee",
        "single-knee-to-chest",
        get_ready_seconds=3,
        hold_seconds=10,
        sets=1,
        sides="left-right",
    )
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, routine)
    figure = page.locator(".player-aside .fig")

    key(page, "ArrowRight")  # the left side
    expect(page.locator(".player-where")).to_contain_text("Left side")
    expect(figure).to_have_attribute("aria-label", "Single knee to chest: " + LEFT)
    assert page.locator(".player-aside .fig-loop .fig-frame[transform]").count() == 0

    key(page, "ArrowRight")  # switch sides
    key(page, "ArrowRight")  # the right side
    expect(page.locator(".player-where")).to_contain_text("Right side")
    expect(figure).to_have_attribute("aria-label", "Single knee to chest: " + RIGHT)
    frame = page.locator(".player-aside .fig-loop .fig-frame")
    expect(frame).to_have_attribute("transform", "matrix(-1 0 0 1 100 0)")
    # The working limb is tinted on the side that works.
    assert page.locator(".player-aside .fig-loop .fig-work").count() == 3


LEFT = (
    "Lying on your back with both knees bent and the feet flat, the hands draw the left knee "
    "in toward the chest while the right foot stays on the floor."
)
RIGHT = (
    "Lying on your back with both knees bent and the feet flat, the hands draw the right knee "
    "in toward the chest while the left foot stays on the floor."
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_stretch_pages_pass_axe_in_both_themes(live_server, browser, scheme):
    context = browser.new_context(**PHONE_360, color_scheme=scheme)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    found = {}
    for slug in ("lying-knee-across-twist", "cat-cow", "overhead-triceps-stretch"):
        page.goto(live_server.url + reverse("stretches:stretch-detail", args=[slug]))
        if violations := axe_violations(page):
            found[slug] = violations
    page.goto(live_server.url + reverse("stretches:stretch-list"))
    if violations := axe_violations(page):
        found["catalogue"] = violations

    assert found == {}
    context.close()


def test_every_stretch_page_is_valid_html(client, html_validator):
    documents = {
        stretch.slug: client.get(stretch.get_absolute_url()).content.decode()
        for stretch in Stretch.objects.all()
    }
    documents["catalogue"] = client.get(reverse("stretches:stretch-list")).content.decode()

    assert html_validator.errors(documents) == {}
