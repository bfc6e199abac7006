"""The composer's notices and saving: Add once per tap with a visible notice, Remove with
an Undo that puts the stretch back at its place, the name and pauses saved as they change,
and a starter's copy named apart from the starter."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from routines.models import MAX_ITEMS, Routine
from routines.plan import Sides
from tests.factories import RoutineFactory, RoutineItemFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def routine():
    routine = RoutineFactory(owner=UserFactory(), name="Morning")
    RoutineItemFactory(routine=routine, position=1, stretch=StretchFactory(name="Knee hug"))
    RoutineItemFactory(
        routine=routine,
        position=2,
        stretch=StretchFactory(name="Twist", per_side=True),
        sides=Sides.LEFT_RIGHT,
        hold_seconds=45,
    )
    RoutineItemFactory(routine=routine, position=3, stretch=StretchFactory(name="Cat-cow"))
    return routine


@pytest.fixture
def client_of(client, routine) -> Client:
    client.force_login(routine.owner)
    return client


def names(routine) -> list[str]:
    return [item.stretch.name for item in routine.items.order_by("position")]


def hidden_inputs(html: bytes, form_action: str) -> dict[str, str]:
    """The hidden fields of the form in `html` that posts to `form_action`."""
    form = re.search(
        rb'<form method="post" action="' + re.escape(form_action.encode()) + rb'".*?</form>',
        html,
        re.S,
    )
    assert form, f"no form to {form_action}"
    return {
        name.decode(): value.decode()
        for name, value in re.findall(rb'name="([^"]+)" value="([^"]*)"', form.group(0))
        if name != b"csrfmiddlewaretoken"
    }


def notice(html: bytes) -> str:
    match = re.search(rb'<div id="composer-notice".*?</div>', html, re.S)
    assert match, "no notice"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0).decode())).strip()


# --- Add -----------------------------------------------------------------------------


def test_adding_shows_a_visible_notice_whose_undo_removes_the_new_item(client_of, routine):
    stretch = StretchFactory(name="Lying hamstring stretch")
    url = reverse("routines:item-add", args=[routine.pk])

    response = client_of.post(url, {"stretch": stretch.slug, "token": uuid.uuid4()}, headers=HTMX)

    added = routine.items.get(position=4)
    assert response.status_code == 200
    assert notice(response.content) == "Added Lying hamstring stretch Undo"
    assert b'hx-swap-oob="true"' in response.content
    undo = reverse("routines:item-remove", args=[routine.pk, added.pk])
    assert f'action="{undo}"'.encode() in response.content


def test_the_same_add_form_sent_twice_adds_once_and_says_so(client_of, routine):
    stretch = StretchFactory(name="Lying hamstring stretch")
    url = reverse("routines:item-add", args=[routine.pk])
    data = {"stretch": stretch.slug, "token": str(uuid.uuid4())}

    first = client_of.post(url, data, headers=HTMX)
    second = client_of.post(url, data, headers=HTMX)

    assert first.status_code == second.status_code == 200
    assert routine.items.count() == 4
    assert notice(second.content) == (
        "Lying hamstring stretch is in the routine already Add it again"
    )
    # "Add it again" carries a token of its own, so that it does add.
    again = hidden_inputs(second.content, url)
    assert again["stretch"] == stretch.slug
    assert again["token"] != data["token"]
    client_of.post(url, again, headers=HTMX)
    assert names(routine)[-2:] == ["Lying hamstring stretch", "Lying hamstring stretch"]


def test_a_double_tap_without_javascript_adds_once_and_the_page_says_so_once(client_of, routine):
    stretch = StretchFactory(name="Lying hamstring stretch")
    url = reverse("routines:item-add", args=[routine.pk])
    data = {"stretch": stretch.slug, "token": str(uuid.uuid4())}
    edit = reverse("routines:routine-edit", args=[routine.pk])

    assert client_of.post(url, data)["Location"] == edit + "#items"
    client_of.post(url, data)
    page = client_of.get(edit)
    later = client_of.get(edit)

    assert routine.items.count() == 4
    assert notice(page.content).startswith("Lying hamstring stretch is in the routine already")
    assert b'id="composer-notice" class="composer-notice" hidden' in later.content


def test_every_add_form_of_the_picker_has_its_own_token(client_of, routine):
    StretchFactory.create_batch(3)

    response = client_of.get(reverse("routines:routine-picker", args=[routine.pk]), headers=HTMX)

    found = re.findall(rb'name="token" value="([0-9a-f-]{36})"', response.content)
    assert len(found) == 6  # the routine's three stretches and three more
    assert len(set(found)) == len(found)


def test_a_token_that_is_not_one_is_a_form_error(client_of, routine):
    url = reverse("routines:item-add", args=[routine.pk])
    stretch = StretchFactory()

    response = client_of.post(url, {"stretch": stretch.slug, "token": "again"}, headers=HTMX)

    assert response.status_code == 422
    assert b"Enter a valid UUID." in response.content
    assert routine.items.count() == 3


# --- Remove and Undo ------------------------------------------------------------------


def test_removing_offers_an_undo_that_puts_the_stretch_back_at_its_place(client_of, routine):
    twist = routine.items.get(position=2)
    remove = reverse("routines:item-remove", args=[routine.pk, twist.pk])
    restore = reverse("routines:item-restore", args=[routine.pk])

    removed = client_of.post(remove, headers=HTMX)

    assert names(routine) == ["Knee hug", "Cat-cow"]
    assert notice(removed.content) == "Removed Twist Undo"
    undo = hidden_inputs(removed.content, restore)
    assert undo["position"] == "2"
    assert (undo["hold_seconds"], undo["sides"]) == ("45", Sides.LEFT_RIGHT)

    restored = client_of.post(restore, undo, headers=HTMX)
    again = client_of.post(restore, undo, headers=HTMX)  # a double tap on Undo

    assert restored.status_code == again.status_code == 200
    assert names(routine) == ["Knee hug", "Twist", "Cat-cow"]
    back = routine.items.get(position=2)
    assert (back.hold_seconds, back.sides) == (45, Sides.LEFT_RIGHT)
    # Focus goes to the stretch that came back, and the notice is gone.
    assert f'href="{back.stretch.get_absolute_url()}" autofocus'.encode() in restored.content
    assert b'id="composer-notice" class="composer-notice" hx-swap-oob="true" hidden' in (
        restored.content
    )
    assert b"Put Twist back at place 2." in restored.content


def test_undo_works_without_javascript(client_of, routine):
    first = routine.items.get(position=1)
    edit = reverse("routines:routine-edit", args=[routine.pk])
    restore = reverse("routines:item-restore", args=[routine.pk])

    response = client_of.post(reverse("routines:item-remove", args=[routine.pk, first.pk]))
    page = client_of.get(response["Location"].split("#")[0])
    undone = client_of.post(restore, hidden_inputs(page.content, restore))

    assert notice(page.content) == "Removed Knee hug Undo"
    assert undone["Location"] == edit + "#items"
    assert names(routine) == ["Knee hug", "Twist", "Cat-cow"]


def test_undo_after_the_routine_changed_puts_it_back_as_near_its_place_as_it_can(
    client_of, routine
):
    last = routine.items.get(position=3)
    restore = reverse("routines:item-restore", args=[routine.pk])
    removed = client_of.post(
        reverse("routines:item-remove", args=[routine.pk, last.pk]), headers=HTMX
    )
    client_of.post(
        reverse("routines:item-remove", args=[routine.pk, routine.items.get(position=2).pk])
    )

    client_of.post(restore, hidden_inputs(removed.content, restore), headers=HTMX)

    assert names(routine) == ["Knee hug", "Cat-cow"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"stretch": "no-such-stretch"}, b"That stretch is not in the catalogue."),
        ({"hold_seconds": "9000"}, b"Hold for 5 to 300 seconds."),
        ({"sides": Sides.LEFT}, b"Those sides do not fit this stretch."),
        ({"position": "0"}, b"That could not be undone"),
        ({"token": "x"}, b"Enter a valid UUID."),
    ],
)
def test_an_undo_with_bad_data_is_a_clear_error_and_changes_nothing(
    client_of, routine, change, message
):
    stretch = StretchFactory(name="Symmetric")
    data = {
        "stretch": stretch.slug,
        "position": 1,
        "hold_seconds": 30,
        "repetitions": 1,
        "sets": 1,
        "sides": Sides.BOTH,
        "rest_seconds": 10,
        **change,
    }

    response = client_of.post(
        reverse("routines:item-restore", args=[routine.pk]), data, headers=HTMX
    )

    assert response.status_code == 422
    assert message in response.content
    assert names(routine) == ["Knee hug", "Twist", "Cat-cow"]


def test_undo_into_a_full_routine_is_refused(client):
    routine = RoutineFactory(owner=UserFactory(), stretches=StretchFactory.create_batch(MAX_ITEMS))
    client.force_login(routine.owner)
    data = {
        "stretch": StretchFactory().slug,
        "position": 1,
        "hold_seconds": 30,
        "repetitions": 1,
        "sets": 1,
        "sides": Sides.BOTH,
        "rest_seconds": 10,
    }

    response = client.post(reverse("routines:item-restore", args=[routine.pk]), data, headers=HTMX)

    assert response.status_code == 422
    assert b"40 stretches at most" in response.content
    assert routine.items.count() == MAX_ITEMS


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_nobody_else_can_undo_into_a_routine(client, routine, who):
    if who == "other":
        client.force_login(UserFactory())
    data = {
        "stretch": StretchFactory().slug,
        "position": 1,
        "hold_seconds": 30,
        "repetitions": 1,
        "sets": 1,
        "sides": Sides.BOTH,
        "rest_seconds": 10,
    }

    response = client.post(reverse("routines:item-restore", args=[routine.pk]), data)

    assert response.status_code == (404 if who == "other" else 302)
    assert routine.items.count() == 3


def many(routine, count: int) -> None:
    stretch = StretchFactory()
    for position in range(4, count + 1):
        RoutineItemFactory(routine=routine, position=position, stretch=stretch)


@pytest.mark.parametrize("items", [3, MAX_ITEMS - 1])
def test_remove_and_undo_cost_the_same_queries_with_few_items_or_many(
    client_of, routine, django_assert_num_queries, items
):
    many(routine, items)
    first = routine.items.get(position=1)
    restore = reverse("routines:item-restore", args=[routine.pk])

    # Session, user, the routine, the item; in one transaction (2) the lock, delete, item
    # ids, renumber (2) and touch; then the routine, its items with their stretches, their
    # movements and the avoided movements.
    with django_assert_num_queries(16):
        removed = client_of.post(
            reverse("routines:item-remove", args=[routine.pk, first.pk]), headers=HTMX
        )
    undo = hidden_inputs(removed.content, restore)
    # Session, user, the routine, the stretch; in one transaction (2) the lock, token,
    # item ids, insert, renumber (2), touch and the new position; then the composer as
    # above (the routine, items, movements, avoided movements).
    with django_assert_num_queries(18):
        client_of.post(restore, undo, headers=HTMX)

    assert routine.items.count() == items


@pytest.mark.parametrize("items", [3, MAX_ITEMS - 1])
def test_adding_costs_the_same_queries_with_few_items_or_many(
    client_of, routine, django_assert_num_queries, items
):
    many(routine, items)
    stretch = StretchFactory()

    # Session, user, the routine, the stretch; in one transaction (2) the lock, token,
    # count, touch, last position and insert; then the composer as above.
    with django_assert_num_queries(16):
        client_of.post(
            reverse("routines:item-add", args=[routine.pk]),
            {"stretch": stretch.slug, "token": uuid.uuid4()},
            headers=HTMX,
        )

    assert routine.items.count() == items + 1


# --- Name and pauses ---------------------------------------------------------------------


def details(routine, **changes) -> dict:
    return {
        "name": routine.name,
        "description": routine.description,
        "get_ready_seconds": routine.get_ready_seconds,
        "rest_seconds": routine.rest_seconds,
        "switch_seconds": routine.switch_seconds,
        **changes,
    }


def test_a_new_name_saves_on_its_own_and_shows_saved_and_the_new_heading(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    response = client_of.post(url, details(routine, name="Evenings"), headers=HTMX)

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#details-status"
    assert response["HX-Reswap"] == "innerHTML"
    assert response.content.lstrip().startswith(b"Name and pauses saved.")
    assert b'<h1 id="composer-title" hx-swap-oob="true">' in response.content
    assert b"Evenings" in response.content
    assert b'id="items"' not in response.content  # no pause changed: the list stays
    assert Routine.objects.get(pk=routine.pk).name == "Evenings"


def test_a_new_pause_also_sends_the_items_with_their_new_rests(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    response = client_of.post(url, details(routine, rest_seconds=25), headers=HTMX)

    assert b'<section id="items" class="composer-items-section"' in response.content
    assert b'hx-swap-oob="true"' in response.content
    assert response.content.count(b'value="25"') == 2  # the items but the last one
    assert set(routine.items.values_list("rest_seconds", flat=True)) == {25}


def test_a_bad_name_comes_back_with_its_error_and_the_next_save_clears_it(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    bad = client_of.post(url, details(routine, name="  "), headers=HTMX)
    fixed = client_of.post(
        url, {**details(routine, name="Evenings"), "had_errors": "1"}, headers=HTMX
    )

    assert bad.status_code == 422
    assert bad.content.lstrip().startswith(b'<div id="details-fields"')
    assert b"Give your routine a name." in bad.content
    assert b'name="had_errors"' in bad.content
    assert Routine.objects.get(pk=routine.pk).name == "Evenings"
    assert fixed.content.lstrip().startswith(b'<div id="details-fields"')
    assert b"Give your routine a name." not in fixed.content
    assert b"Name and pauses saved." in fixed.content
    assert b'<h1 id="composer-title" hx-swap-oob="true">Edit' in fixed.content


def test_a_save_sent_as_the_page_is_left_answers_no_content(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    response = client_of.post(url, {**details(routine, name="Left"), "then": "left"})

    assert response.status_code == 204
    assert Routine.objects.get(pk=routine.pk).name == "Left"
    page = client_of.get(reverse("routines:routine-edit", args=[routine.pk]))
    assert b"Name and pauses saved." not in page.content  # no message for a page not seen


def test_done_saves_what_was_typed_and_goes_to_the_routine(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    response = client_of.post(url, {**details(routine, name="Typed, then Done"), "then": "done"})

    assert response["Location"] == routine.get_absolute_url()
    assert Routine.objects.get(pk=routine.pk).name == "Typed, then Done"


def test_done_with_a_bad_name_stays_with_the_error(client_of, routine):
    url = reverse("routines:routine-update", args=[routine.pk])

    response = client_of.post(url, {**details(routine, name=""), "then": "done"})

    assert response.status_code == 422
    assert b"Give your routine a name." in response.content


def test_the_composer_saves_name_and_pauses_as_they_change_and_done_submits_them(
    client_of, routine
):
    update = reverse("routines:routine-update", args=[routine.pk])

    page = client_of.get(reverse("routines:routine-edit", args=[routine.pk])).content

    assert f'<div id="details-fields" hx-post="{update}" hx-trigger="change"'.encode() in page
    assert b'<form id="details" method="post"' in page
    assert b'<button type="submit" form="details" name="then" value="done">Done</button>' in page


@pytest.mark.parametrize("items", [3, MAX_ITEMS - 1])
def test_saving_a_pause_costs_the_same_queries_with_few_items_or_many(
    client_of, routine, django_assert_num_queries, items
):
    many(routine, items)
    url = reverse("routines:routine-update", args=[routine.pk])

    # Session, user, the routine with its items, stretches and movements; the form's
    # checks of the database constraints (4); lock, rests, save; the routine as saved
    # with its items, their movements, the avoided movements.
    with django_assert_num_queries(26):
        client_of.post(url, details(routine, rest_seconds=25), headers=HTMX)


# --- Copies ------------------------------------------------------------------------------


def test_copies_of_a_starter_are_told_apart_on_the_list(client):
    starter = RoutineFactory(starter=True, name="Wake-up in bed", stretches=[StretchFactory()])
    person = UserFactory()
    client.force_login(person)

    for _ in range(2):
        client.post(reverse("routines:routine-copy", args=[starter.pk]))
    page = client.get(reverse("routines:routine-list")).content

    assert b"Wake-up in bed (mine)</a>" in page
    assert b"Wake-up in bed (mine 2)</a>" in page
    assert page.count(b"Your copy of the starter routine") == 2
