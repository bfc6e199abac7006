import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, axe_violations, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")


def result_count(page) -> int:
    text = page.locator(".results-status").inner_text()
    return int(re.match(r"\d+", text).group())


def test_filtering_by_clicking_updates_results_and_url_and_back_restores(
    live_server, page, console_errors
):
    page.goto(live_server.url + reverse("stretches:stretch-list"))
    everything = result_count(page)

    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Can be done in bed").check()
    expect(page).to_have_url(re.compile(r"in_bed=on"))
    expect(page.locator(".results-status")).not_to_have_text(re.compile(rf"^{everything} "))
    in_bed = result_count(page)
    assert 0 < in_bed < everything

    page.get_by_label("Body area").select_option("neck")
    expect(page).to_have_url(re.compile(r"area=neck"))
    expect(page.locator(".results-status")).not_to_have_text(re.compile(rf"^{in_bed} "))
    for card in page.locator(".card h3").all_inner_texts():
        assert card

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"area=neck"))
    expect(page.locator(".results-status")).to_have_text(re.compile(rf"^{in_bed} "))
    expect(page.get_by_label("Can be done in bed")).to_be_checked()
    expect(page.get_by_label("Body area")).to_have_value("")

    page.go_back()
    expect(page.locator(".results-status")).to_have_text(re.compile(rf"^{everything} "))
    expect(page.get_by_label("Can be done in bed")).not_to_be_checked()
    expect(page.get_by_label("Search")).to_be_visible()
    assert console_errors == []


def test_typing_a_search_updates_the_results(live_server, page, console_errors):
    page.goto(live_server.url + reverse("stretches:stretch-list"))

    page.get_by_label("Search").fill("cat")

    expect(page).to_have_url(re.compile(r"q=cat"))
    expect(page.locator(".card h3")).to_contain_text(["Cat"])
    page.get_by_label("Search").fill("zzzz nothing like this")
    expect(page.get_by_text("Nothing matches “zzzz nothing like this”.")).to_be_visible()
    assert console_errors == []


def test_a_card_opens_the_stretch_by_keyboard(live_server, page):
    page.goto(live_server.url + reverse("stretches:stretch-list") + "?q=child")

    page.locator(".card h3 a").first.focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text(re.compile("Child"))
    expect(page.locator("ol.steps li").first).to_be_visible()


def public_pages() -> dict[str, str]:
    return {
        "home": reverse("home"),
        "list": reverse("stretches:stretch-list"),
        "filtered list": reverse("stretches:stretch-list") + "?in_bed=on&area=elbows",
        "empty list": reverse("stretches:stretch-list") + "?q=nothing+matches+this",
        "detail": reverse("stretches:stretch-detail", args=["knees-to-chest"]),
        "sign-up": reverse("sign-up"),
        "sign-in": reverse("login"),
        "safety": reverse("safety"),
        "password reset": reverse("password_reset"),
        "not found": "/stretches/no-such-stretch/",
    }


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_no_violations_on_public_pages(live_server, page, viewport, console_errors):
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    found = {}
    for name, url in public_pages().items():
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[name] = violations

    assert found == {}
    assert [e for e in console_errors if "404" not in e] == []


def test_pages_for_a_signed_in_person_pass_axe(live_server, page):
    sign_in(page, live_server, UserFactory())

    found = {}
    for url in [
        reverse("account"),
        reverse("password_change"),
        reverse("home"),
        reverse("welcome"),
    ]:
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[url] = violations

    assert found == {}


def test_public_pages_are_valid_html(client, html_validator):
    documents = {}
    for name, url in public_pages().items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        documents[name] = response.content.decode()
    client.force_login(UserFactory())
    for name in ["account", "password_change", "welcome"]:
        documents[name] = client.get(reverse(name)).content.decode()

    assert html_validator.errors(documents) == {}


def test_sciatica_on_a_phone_finds_a_stretch_to_try_at_once(live_server, page, console_errors):
    page.goto(live_server.url + reverse("stretches:stretch-list"))

    page.get_by_label("Search").fill("sciatica")

    expect(page).to_have_url(re.compile(r"/stretches/\?q=sciatica$"))  # no empty parameters
    expect(page.get_by_text("Searching for “sciatica” also shows stretches")).to_be_visible()
    page.get_by_role("link", name="Lying figure-four stretch").click()
    expect(page.locator("h1")).to_have_text("Lying figure-four stretch")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []

    page.get_by_role("link", name="Try it now").click()
    expect(page.locator("h1")).to_have_text("Before you start")
    expect(page.locator(".player-routine")).to_contain_text("Lying figure-four stretch · 1 stretch")
    page.get_by_role("button", name="Start").click()
    expect(page).to_have_url(re.compile(r"/play/\d+/[0-9a-f-]{36}/0/$"))
    assert console_errors == []


def test_add_to_a_routine_from_a_stretch_lands_on_the_composer(live_server, page, console_errors):
    from routines.services import routine_create

    person = UserFactory()
    routine_create(owner=person, name="Evening")
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("stretches:stretch-detail", args=["knees-to-chest"]))

    page.get_by_role("link", name="Add to a routine").click()

    heading = page.get_by_role("heading", name="Add Knees to chest to a routine")
    expect(heading).to_be_focused()
    assert page.url.endswith("/stretches/knees-to-chest/")  # in the page, with htmx
    expect(page.get_by_label("Evening")).to_be_checked()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to the routine").click()

    expect(page).to_have_url(re.compile(r"/routines/\d+/edit/#item-\d+$"))
    expect(page.get_by_text("Added Knees to chest to “Evening”.")).to_be_in_viewport()
    expect(page.locator(".composer-item:target h3")).to_be_in_viewport()
    expect(page.locator(".composer-item:target h3")).to_have_text("Knees to chest")
    assert console_errors == []
