"""The composer on a phone (360 by 780) and a small desktop (1024 by 768): the place and the focus
kept across swaps, Add and Remove with a visible notice and Undo, nothing typed lost, and
no page that scrolls sideways with an 85-character word in a routine's name."""

import time
import uuid

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journal.services import session_start
from routines.models import Routine
from stretches.models import Stretch
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import RoutineFactory, SessionFactory, SessionStepFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

SIZES = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1024, "height": 768}}
LONG_WORD = "Stretchesforthemorningbeforegettingupandagainintheeveningbeforebedwithoutanyspaces185"


@pytest.fixture
def long_routine(person):
    """Twelve stretches: a page of several screens on a phone."""
    return RoutineFactory(
        owner=person, name="Long mornings", stretches=list(Stretch.objects.order_by("pk")[:12])
    )


def settled(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def open_composer(page, live_server, person, routine, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-edit", args=[routine.pk]))
    page.wait_for_load_state("networkidle")


def open_picker(page) -> None:
    """On a phone the picker is closed above the list; on a wide screen it is open."""
    picker = page.locator("#picker")
    if not picker.evaluate("details => details.open"):
        page.get_by_text("Add a stretch", exact=True).click()
    expect(page.locator("#picker-results").get_by_role("button").first).to_be_visible()


def assert_in_view(page, locator) -> None:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= height, (box, height)


def names(routine) -> list[str]:
    return [item.stretch.name for item in routine.items.order_by("position")]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_moved_item_keeps_focus_and_stays_in_view(live_server, page, person, long_routine, size):
    open_composer(page, live_server, person, long_routine, size)
    eighth = long_routine.items.get(position=8)
    name = eighth.stretch.name

    for key_name, position in (("up", 7), ("up", 6), ("down", 7)):
        button = page.get_by_role("button", name=f"Move {name} {key_name}")
        button.scroll_into_view_if_needed()
        settled(page)
        button.focus()
        before = page.evaluate("scrollY")
        page.keyboard.press("Enter")
        expect(page.locator(".composer-item h3").nth(position - 1)).to_have_text(name)
        settled(page)

        moved = page.get_by_role("button", name=f"Move {name} {key_name}")
        expect(moved).to_be_focused()
        assert_in_view(page, moved)
        # The page moved with the item, by about one item at most: never thousands of pixels.
        assert abs(page.evaluate("scrollY") - before) < 700
    assert names(long_routine).index(name) == 6


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("key", ["Enter", "Tab"])
def test_a_number_saved_by_enter_or_tab_keeps_focus_in_view(
    live_server, page, person, long_routine, size, key
):
    open_composer(page, live_server, person, long_routine, size)
    ninth = long_routine.items.get(position=9)
    sets = page.locator(f"#id_item-{ninth.pk}-sets")
    sets.scroll_into_view_if_needed()
    sets.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    before = page.evaluate("scrollY")

    with page.expect_response(lambda r: "/items/" in r.url):
        page.keyboard.press(key)
    settled(page)

    focused = page.locator(":focus")
    if key == "Enter":
        expect(sets).to_be_focused()
    else:  # on to the item's next field, kept across the swap
        assert focused.evaluate("e => e.id") != f"id_item-{ninth.pk}-sets"
    assert focused.evaluate(f"e => !!e.closest('#item-{ninth.pk}')")
    assert_in_view(page, focused)
    assert abs(page.evaluate("scrollY") - before) < 400
    ninth.refresh_from_db()
    assert ninth.sets == 3


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_add_shows_a_notice_and_a_double_tap_adds_once(
    live_server, page, person, long_routine, size
):
    open_composer(page, live_server, person, long_routine, size)
    if size == "phone":
        # The picker sits above the list, near the top of the page, not below every item.
        picker, items = page.locator("#picker"), page.locator("#items")
        assert picker.bounding_box()["y"] < min(items.bounding_box()["y"], 700)
    open_picker(page)
    add = page.locator("#picker-results").get_by_role("button", name="Add Knees to chest")
    add.scroll_into_view_if_needed()

    add.dblclick()

    notice = page.locator("#composer-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Added Knees to chest")
    assert_in_view(page, notice)
    expect(page.locator(".composer-item")).to_have_count(13)
    time.sleep(0.5)  # a second add would have landed by now
    assert long_routine.items.count() == 13
    assert names(long_routine)[-1] == "Knees to chest"
    assert axe_violations(page) == []

    # Its Undo takes the new stretch away again.
    notice.get_by_role("button", name="Undo").click()
    expect(page.locator(".composer-item")).to_have_count(12)
    expect(notice).to_contain_text("Removed Knees to chest")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_undo_brings_a_removed_item_back_at_its_place(
    live_server, page, person, long_routine, size
):
    open_composer(page, live_server, person, long_routine, size)
    before = names(long_routine)
    third = long_routine.items.get(position=3)
    page.locator(f"#item-{third.pk} .item-numbers input[type=number]").first.fill("44")
    page.locator(f"#item-{third.pk} .item-numbers input[type=number]").first.press("Enter")
    settled(page)

    page.get_by_role("button", name=f"Remove {third.stretch.name}").click()
    notice = page.locator("#composer-notice")
    expect(notice).to_contain_text(f"Removed {third.stretch.name}")
    expect(page.locator(".composer-item")).to_have_count(11)
    assert_in_view(page, notice)

    notice.get_by_role("button", name="Undo").click()

    expect(page.locator(".composer-item")).to_have_count(12)
    expect(page.locator(".composer-item h3").nth(2)).to_have_text(third.stretch.name)
    expect(notice).to_be_hidden()
    assert names(long_routine) == before
    back = long_routine.items.get(position=3)
    assert 44 in (back.hold_seconds, back.repetitions)
    expect(page.locator(f"#item-{back.pk} h3 a")).to_be_focused()


def test_undo_without_javascript_is_a_plain_form(live_server, browser, person, long_routine):
    context = browser.new_context(java_script_enabled=False, viewport=SIZES["phone"])
    page = context.new_page()
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("routines:routine-edit", args=[long_routine.pk]))
    before = names(long_routine)
    second = long_routine.items.get(position=2)

    page.get_by_role("button", name=f"Remove {second.stretch.name}").click()
    expect(page.locator("#composer-notice")).to_contain_text(f"Removed {second.stretch.name}")
    page.locator("#composer-notice").get_by_role("button", name="Undo").click()

    expect(page.locator(".composer-item h3").nth(1)).to_have_text(second.stretch.name)
    assert names(long_routine) == before
    context.close()


def wait_for_name(routine: Routine, name: str) -> str:
    for _ in range(50):
        routine.refresh_from_db()
        if routine.name == name:
            break
        time.sleep(0.1)
    return routine.name


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_name_typed_then_done_is_kept(live_server, page, person, long_routine, size):
    open_composer(page, live_server, person, long_routine, size)

    page.locator("#id_name").fill("Typed, then Done")
    page.get_by_role("button", name="Done", exact=True).click()

    expect(page.locator("h1")).to_have_text("Typed, then Done")
    assert wait_for_name(long_routine, "Typed, then Done") == "Typed, then Done"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_name_typed_then_left_by_a_link_is_kept(live_server, page, person, long_routine, size):
    open_composer(page, live_server, person, long_routine, size)

    page.locator("#id_name").fill("Typed, then left")
    page.get_by_role("link", name="Stretches", exact=True).first.click()
    page.wait_for_load_state("networkidle")

    assert wait_for_name(long_routine, "Typed, then left") == "Typed, then left"


def test_a_name_saves_as_it_changes_and_the_heading_follows(
    live_server, page, person, long_routine
):
    open_composer(page, live_server, person, long_routine, "phone")

    page.locator("#id_name").fill("Evenings")
    page.locator("#id_name").press("Tab")

    expect(page.locator("#details-status")).to_have_text("Name and pauses saved.")
    expect(page.locator("h1")).to_have_text("Edit “Evenings”")
    expect(page).to_have_title("Edit Evenings · Backstretch")
    expect(page.locator("#id_description")).to_be_focused()
    assert wait_for_name(long_routine, "Evenings") == "Evenings"


def long_word_pages(person) -> dict[str, str]:
    routine = RoutineFactory(
        owner=person, name=LONG_WORD, stretches=list(Stretch.objects.order_by("pk")[:3])
    )
    session = SessionFactory(user=person, routine=routine, routine_name=LONG_WORD)
    # A stretch's name is kept to 80 characters (its column): the longest one there can be.
    SessionStepFactory(session=session, step_index=0, stretch_name=LONG_WORD[:80])
    playing = session_start(user=person, routine=routine, play_key=uuid.uuid4(), pain_before=3)
    return {
        "composer": reverse("routines:routine-edit", args=[routine.pk]),
        "routine page": routine.get_absolute_url(),
        "routine list": reverse("routines:routine-list"),
        "player start": reverse("journal:player-start", args=[routine.pk]),
        "player step": reverse("journal:player-step", args=[routine.pk, playing.play_key, 1]),
        "sessions": reverse("journal:session-list"),
        "session": reverse("journal:session-detail", args=[session.pk]),
        "journal": reverse("journal:dashboard"),
        "report": reverse("journal:report"),
    }


@pytest.mark.parametrize("width", [320, 1024])
def test_no_page_scrolls_sideways_with_an_85_character_word(live_server, page, person, width):
    assert len(LONG_WORD) == 85
    page.set_viewport_size({"width": width, "height": 700})
    sign_in(page, live_server, person)
    wide = {}
    for name, url in long_word_pages(person).items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        if (scroll_width := page.evaluate("document.documentElement.scrollWidth")) > width:
            wide[name] = scroll_width

    assert wide == {}


def test_tables_become_stacked_rows_on_a_phone(live_server, page, person):
    session = SessionFactory(user=person, routine_name="Morning", steps=3)
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:session-detail", args=[session.pk]))

    cell = page.locator("table.stacked tbody td").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "grid"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Stretch"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.set_viewport_size({"width": 1024, "height": 768})
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"


@pytest.mark.parametrize("width", [320, 360, 768, 800, 900, 1024, 1280, 1440])
def test_the_pain_scale_fits_its_card_at_every_width(live_server, page, person, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:dashboard"))

    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.pain-scale')].map(scale => {
             const card = scale.closest('.section-card, .form-card, main');
             const rights = [...scale.children].map(o => o.getBoundingClientRect().right);
             const right = Math.max(...rights);
             return right - card.getBoundingClientRect().right;
           })"""
    )
    assert overflow
    assert max(overflow) <= 0, overflow
