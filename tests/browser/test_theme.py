"""The dark theme in a real browser: every main page in the system's light and dark, a chosen
theme over the system's (right from the first paint, without JavaScript), the setting applied
at once with JavaScript, and the phone header at 320 px."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from routines.models import Routine
from stretches.models import Stretch
from tests.browser.conftest import axe_violations, sign_in
from tests.browser.test_player import go, start_with_fake_time
from tests.factories import PainEntryFactory, RoutineFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

DIM = 0.05  # the most a dark page's background may shine (relative luminance)

# The luminance of an element's background, or of the nearest ancestor that has one.
LUMINANCE = """(element) => {
  const linear = (c) => (c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  for (let el = element; el; el = el.parentElement) {
    const [r, g, b, a = 1] = getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (a > 0) return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  }
  return 1;  // nothing painted: the browser's white canvas
}"""

# Every element taking a twentieth of the screen or more whose own background is bright.
BRIGHT_AREAS = (
    """(limit) => {
  const luminance = """
    + LUMINANCE
    + """;
  const screen = innerWidth * innerHeight;
  return [...document.querySelectorAll("body *")].filter((el) => {
    const box = el.getBoundingClientRect();
    const painted = !/rgba\\(.*, 0\\)$|transparent/.test(getComputedStyle(el).backgroundColor);
    return painted && box.width * box.height >= screen / 20 && luminance(el) >= limit;
  }).map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
}"""
)


@pytest.fixture
def person_with_a_history():
    """Someone with a routine of their own, a few weeks of pain entries and sessions."""
    person = UserFactory()
    routine = RoutineFactory(
        owner=person, name="Mornings", stretches=list(Stretch.objects.filter(in_bed=True)[:3])
    )
    now = timezone.now()
    for days, level in enumerate([7, 5, 6, 3, 2, 9, 4, 0, 1, 5]):
        PainEntryFactory(user=person, level=level, recorded_at=now - dt.timedelta(days=days))
    for days in (0, 1, 3):
        SessionFactory(
            user=person, routine=routine, started_at=now - dt.timedelta(days=days, hours=2)
        )
    return person


def site_pages(person) -> dict[str, str]:
    stretch = Stretch.objects.filter(in_bed=True).first()
    return {
        "home": reverse("home"),
        "catalogue": reverse("stretches:stretch-list"),
        "stretch": reverse("stretches:stretch-detail", args=[stretch.slug]),
        "composer": reverse("routines:routine-edit", args=[Routine.objects.get(owner=person).pk]),
        "journal": reverse("journal:dashboard"),
        "pain entries": reverse("journal:pain-list"),
        "account": reverse("account"),
        "safety": reverse("safety"),
    }


def luminance(page, selector: str = "body") -> float:
    return page.locator(selector).first.evaluate(LUMINANCE)


def luminance_of_page(page) -> float:
    return page.evaluate(f"() => ({LUMINANCE})(document.body)")


@pytest.fixture(params=["light", "dark"])
def scheme(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, request):
    """The system's colour scheme of the test's `scheme`, and JavaScript as `javascript` says."""
    args = dict(browser_context_args)
    if "scheme" in request.fixturenames:
        args["color_scheme"] = request.getfixturevalue("scheme")
    if "no_javascript" in request.fixturenames:
        args["java_script_enabled"] = False
    return args


@pytest.fixture
def no_javascript():
    """Ask for it to browse with JavaScript off."""


def test_every_main_page_passes_axe_and_the_dark_stays_dim(
    live_server, page, person_with_a_history, scheme
):
    sign_in(page, live_server, person_with_a_history)
    found, shine, bright = {}, {}, {}
    for name, url in site_pages(person_with_a_history).items():
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[name] = violations
        shine[name] = luminance_of_page(page)
        if scheme == "dark" and (areas := page.evaluate(BRIGHT_AREAS, DIM)):
            bright[name] = areas

    assert found == {}
    if scheme == "dark":
        assert {name: value for name, value in shine.items() if value >= DIM} == {}
        assert bright == {}
    else:
        assert min(shine.values()) > 0.9


def test_the_player_passes_axe_and_the_dark_stays_dim(live_server, page, scheme):
    starter = Routine.objects.get(starter_key="wake-up-in-bed")
    start_with_fake_time(page, live_server, starter)
    found, shine, backdrop, bright = {}, {}, {}, {}
    for name in ("get ready", "hold"):
        if name == "hold":
            go(page, lambda: page.get_by_role("button", name=re.compile("Start now")).click())
            expect(page.locator(".player-phase")).to_have_text(re.compile("Hold", re.I))
        if violations := axe_violations(page, fake_clock=True):
            found[name] = violations
        shine[name] = luminance(page, "#player")
        backdrop[name] = luminance(page, "#player .figure")
        if scheme == "dark":
            bright[name] = page.evaluate(BRIGHT_AREAS, DIM)

    assert found == {}
    if scheme == "dark":
        assert max(shine.values()) < DIM
        assert max(backdrop.values()) < DIM
        assert bright == {"get ready": [], "hold": []}
    else:
        assert min(shine.values()) > 0.9


@pytest.mark.parametrize(
    ("scheme", "cookie", "shown"), [("dark", "light", "light"), ("light", "dark", "dark")]
)
def test_a_chosen_theme_wins_over_the_system_from_the_first_paint(
    live_server, page, scheme, cookie, shown, no_javascript
):
    page.context.add_cookies([{"name": "theme", "value": cookie, "url": live_server.url}])

    page.goto(live_server.url + reverse("home"))

    assert page.evaluate("() => document.documentElement.dataset.theme") == shown
    assert page.evaluate("() => getComputedStyle(document.documentElement).colorScheme") == shown
    assert (luminance_of_page(page) < DIM) == (shown == "dark")
    colours = page.locator('meta[name="theme-color"]')
    assert colours.count() == 1
    assert colours.get_attribute("content") == {"light": "#0f5e5a", "dark": "#141c1f"}[shown]


@pytest.mark.parametrize("scheme", ["dark"])
def test_without_a_choice_the_system_scheme_is_followed_without_javascript(
    live_server, page, scheme, no_javascript
):
    page.goto(live_server.url + reverse("stretches:stretch-list"))

    assert page.evaluate("() => document.documentElement.dataset.theme") is None
    assert luminance_of_page(page) < DIM


@pytest.mark.parametrize("scheme", ["light"])
def test_without_javascript_the_theme_page_sets_dark_and_goes_back(
    live_server, page, scheme, no_javascript
):
    page.goto(live_server.url + reverse("stretches:stretch-list") + "?in_bed=on")
    page.get_by_role("link", name="Light or dark screen").click()
    page.get_by_role("radio", name="Dark", exact=True).check()
    page.get_by_role("button", name="Use this").click()

    expect(page).to_have_url(live_server.url + reverse("stretches:stretch-list") + "?in_bed=on")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    assert luminance_of_page(page) < DIM


@pytest.mark.parametrize("scheme", ["light"])
def test_on_the_account_page_a_choice_applies_at_once_and_stays(
    live_server, page, person_with_a_history, scheme, console_errors
):
    sign_in(page, live_server, person_with_a_history)
    page.goto(live_server.url + reverse("account"))
    expect(page.get_by_role("button", name="Use this")).to_be_hidden()  # JavaScript applies it
    page.evaluate("() => { window.stillHere = true; }")

    with page.expect_response(lambda response: "/theme/" in response.url):
        page.get_by_role("radio", name="Dark", exact=True).check()

    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("() => window.stillHere") is True  # no new page
    assert page.locator('meta[name="color-scheme"]').get_attribute("content") == "dark"
    assert page.locator('meta[name="theme-color"]').count() == 1
    assert page.locator('meta[name="theme-color"]').get_attribute("content") == "#141c1f"
    assert luminance_of_page(page) < DIM

    page.goto(live_server.url + reverse("journal:dashboard"))
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"

    page.goto(live_server.url + reverse("account"))
    with page.expect_response(lambda response: "/theme/" in response.url):
        page.get_by_role("radio", name="System", exact=True).check()
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert page.locator('meta[name="theme-color"]').count() == 2
    assert luminance_of_page(page) > 0.9
    assert console_errors == []


@pytest.mark.parametrize("scheme", ["light"])
def test_the_player_goes_dark_without_losing_its_place(live_server, page, scheme, console_errors):
    starter = Routine.objects.get(starter_key="wake-up-in-bed")
    start_with_fake_time(page, live_server, starter)
    go(page, lambda: page.get_by_role("button", name=re.compile("Start now")).click())
    url = page.url
    page.clock.run_for(3000)
    clock = page.locator("[data-clock]").inner_text()

    options = page.locator("#player [data-options]")
    expect(options.get_by_role("button", name="Use this")).to_be_hidden()
    with page.expect_response(lambda response: "/theme/" in response.url):
        options.get_by_role("radio", name="Dark", exact=True).check()
    page.clock.run_for(100)

    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.url == url
    assert page.locator("[data-clock]").inner_text() == clock
    assert page.locator("#player").get_attribute("data-step-kind") == "work"
    assert luminance(page, "#player") < DIM
    assert console_errors == []


@pytest.mark.parametrize("scheme", ["dark"])
def test_at_320_px_nothing_scrolls_sideways_and_sign_up_is_in_the_header(
    live_server, browser, person_with_a_history, scheme
):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("home"))
    header = page.locator(".site-header")
    sign_up = header.get_by_role("link", name="Sign up")
    expect(sign_up).to_be_visible()
    targets = header.get_by_role("link").all()
    small = [link.inner_text() for link in targets if link.bounding_box()["height"] < 44]
    too_wide = {}
    if (width := page.evaluate("() => document.documentElement.scrollWidth")) > 320:
        too_wide["home, signed out"] = width

    sign_in(page, live_server, person_with_a_history)
    pages = site_pages(person_with_a_history)
    starter = Routine.objects.get(starter_key="wake-up-in-bed")
    for name, url in pages.items():
        page.goto(live_server.url + url)
        if (width := page.evaluate("() => document.documentElement.scrollWidth")) > 320:
            too_wide[name] = width
    start_with_fake_time(page, live_server, starter)
    go(page, lambda: page.get_by_role("button", name=re.compile("Start now")).click())
    if (width := page.evaluate("() => document.documentElement.scrollWidth")) > 320:
        too_wide["player"] = width
    context.close()

    assert small == []
    assert len(targets) == 6  # the brand, three sections, sign in and sign up
    assert too_wide == {}


def test_the_theme_in_every_state_is_valid_html(client, person_with_a_history, html_validator):
    documents = {}
    for choice in ("system", "light", "dark"):
        client.cookies["theme"] = choice
        documents[f"home, {choice}"] = client.get(reverse("home")).content.decode()
    documents["theme page"] = client.get(reverse("theme"), {"next": "/"}).content.decode()
    refused = client.post(reverse("theme"), {"theme": "blue"})
    documents["theme refused"] = refused.content.decode()
    client.force_login(person_with_a_history)
    documents["account"] = client.get(reverse("account")).content.decode()

    assert refused.status_code == 400
    assert html_validator.errors(documents) == {}
