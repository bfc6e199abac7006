import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from routines.models import Routine
from tests.browser.conftest import DESKTOP, axe_violations, sign_in

pytestmark = pytest.mark.usefixtures("live_catalogue")


def press(page, locator, key: str = "Enter") -> None:
    """Move keyboard focus to the control and press a key, as a keyboard user would."""
    settled(page)
    locator.focus()
    page.keyboard.press(key)


def settled(page) -> None:
    """Wait until htmx has finished swapping and wired up the new content."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def item_names(page) -> list[str]:
    return page.locator(".composer-item h3").all_inner_texts()


def test_build_a_routine_from_scratch_by_keyboard(live_server, page, person, console_errors):
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-list"))
    press(page, page.get_by_role("link", name="New routine", exact=True))
    page.get_by_label("Name").focus()
    page.keyboard.type("My mornings")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Edit “My mornings”")
    # On a phone the picker opens above the list, by its summary.
    press(page, page.locator("#picker > summary"))
    expect(page.locator("#picker-results").get_by_role("button").first).to_be_visible()

    picker = page.locator("#picker-results")
    for name in ["Knees to chest", "Pelvic tilt", "Child's pose"]:
        press(page, picker.get_by_role("button", name=f"Add {name}", exact=True))
        expect(page.locator(".composer-item h3").last).to_have_text(name)
    assert item_names(page) == ["Knees to chest", "Pelvic tilt", "Child's pose"]
    expect(page.locator("#composer-status")).to_contain_text("Added Child's pose")

    press(page, page.get_by_role("button", name="Move Child's pose up"))
    expect(page.locator(".composer-item h3").nth(1)).to_have_text("Child's pose")
    # Focus stays on the button just pressed, so pressing again keeps moving it.
    expect(page.get_by_role("button", name="Move Child's pose up")).to_be_focused()
    settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(".composer-item h3").first).to_have_text("Child's pose")
    assert item_names(page) == ["Child's pose", "Knees to chest", "Pelvic tilt"]
    # At the top its Up button is gone: focus moves to its Down button, not the page.
    expect(page.get_by_role("button", name="Move Child's pose down")).to_be_focused()

    total = page.locator("#items .total strong")
    before = total.inner_text()
    hold = page.locator(".composer-item").first.get_by_label("Hold (seconds)")
    hold.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("180")
    page.keyboard.press("Tab")
    expect(total).not_to_have_text(before)
    expect(page.locator(".composer-item").first.get_by_label("Hold (seconds)")).to_have_value("180")

    routine = Routine.objects.get(owner=person)
    assert [i.stretch.name for i in routine.items.order_by("position")] == [
        "Child's pose",
        "Knees to chest",
        "Pelvic tilt",
    ]
    assert routine.items.get(position=1).hold_seconds == 180
    assert console_errors == []


def test_a_bad_number_shows_its_error_next_to_the_item(live_server, page, person):
    sign_in(page, live_server, person)
    starter = Routine.objects.get(starter_key="gentle-floor-routine")
    page.goto(live_server.url + starter.get_absolute_url())
    page.get_by_role("button", name="Make it mine").click()
    expect(page.locator(".composer-item")).to_have_count(4)

    sets = page.locator(".composer-item").first.get_by_label("Sets")
    sets.fill("99")
    sets.press("Tab")

    expect(page.locator(".composer-item").first.get_by_role("alert")).to_contain_text("Not saved")
    copy = Routine.objects.get(owner=person)
    assert copy.items.get(position=1).sets == 3


def test_copy_a_starter_routine(live_server, page, person, console_errors):
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-list"))

    page.get_by_role("link", name="Desk break").click()
    page.get_by_role("button", name="Make it mine").click()

    expect(page.locator("h1")).to_have_text("Edit “Desk break (mine)”")
    expect(page.locator(".composer-item")).to_have_count(6)
    assert Routine.objects.filter(owner=person, name="Desk break (mine)").exists()
    assert console_errors == []


def test_picker_filters_the_stretches(live_server, page, person):
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-create"))
    page.get_by_label("Name").fill("Desk")
    page.get_by_label("Name").press("Enter")
    page.get_by_text("Add a stretch", exact=True).click()
    picker = page.locator("#picker-results")
    expect(picker.get_by_role("button").first).to_be_visible()
    everything = picker.get_by_role("button").count()

    page.locator(".picker summary", has_text="Filters").click()
    page.locator(".picker").get_by_label("Can be done at a desk").check()

    expect(picker.get_by_role("button")).not_to_have_count(everything)
    expect(picker.get_by_role("button", name="Add Head turns")).to_be_visible()


def routine_pages(person) -> dict[str, str]:
    from routines.services import routine_copy

    starter = Routine.objects.get(starter_key="wake-up-in-bed")
    mine = routine_copy(routine=starter, owner=person)
    return {
        "list": reverse("routines:routine-list"),
        "starter": starter.get_absolute_url(),
        "mine": mine.get_absolute_url(),
        "composer": reverse("routines:routine-edit", args=[mine.pk]),
        "picker": reverse("routines:routine-picker", args=[mine.pk]) + "?q=knee",
        "create": reverse("routines:routine-create"),
        "delete": reverse("routines:routine-delete", args=[mine.pk]),
        "preferences": reverse("stretches:preferences"),
    }


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_no_violations_on_routine_pages(live_server, page, person, viewport):
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, person)
    found = {}
    for name, url in routine_pages(person).items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        if violations := axe_violations(page):
            found[name] = violations

    assert found == {}


def test_routine_pages_are_valid_html(client, person, html_validator):
    client.force_login(person)
    pages = routine_pages(person)
    documents = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        documents[name] = response.content.decode()
    fragment = client.get(pages["composer"], headers={"HX-Request": "true"}).content.decode()
    documents["composer fragment"] = (
        f"<!doctype html><html lang=en><head><title>f</title></head><body>{fragment}</body></html>"
    )

    assert html_validator.errors(documents) == {}


def test_signed_out_people_see_starters_and_an_invitation(live_server, page):
    page.goto(live_server.url + reverse("routines:routine-list"))

    expect(page.get_by_role("link", name="Wake-up in bed")).to_be_visible()
    page.get_by_role("link", name="Wake-up in bed").click()
    expect(page.get_by_role("link", name="Sign in to make it yours")).to_be_visible()
    expect(page.locator(".plan li")).to_have_count(5)
    assert re.search(r"about \d+ min", page.locator(".total-line").inner_text())
