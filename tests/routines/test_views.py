import re

import pytest
from django.test import Client
from django.urls import reverse

from routines.models import MAX_ITEMS, Routine
from routines.plan import Sides
from stretches.services import movement_avoid_set
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    StretchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def routine(owner):
    routine = RoutineFactory(owner=owner, name="Morning")
    RoutineItemFactory(routine=routine, position=1, stretch=StretchFactory(name="Knee hug"))
    RoutineItemFactory(
        routine=routine,
        position=2,
        stretch=StretchFactory(name="Twist", per_side=True),
        sides=Sides.LEFT_RIGHT,
    )
    return routine


def as_(client: Client, who: str, owner) -> Client:
    if who == "owner":
        client.force_login(owner)
    elif who == "other":
        client.force_login(UserFactory())
    return client


def routine_urls(routine) -> list[tuple[str, str, dict, dict]]:
    """(method, url, data, expected status for anonymous / owner / another person)."""
    item = routine.items.first()
    pk = routine.pk
    return [
        ("get", reverse("routines:routine-detail", args=[pk]), {}, (404, 200, 404)),
        ("get", reverse("routines:routine-edit", args=[pk]), {}, (302, 200, 404)),
        ("get", reverse("routines:routine-picker", args=[pk]), {}, (302, 200, 404)),
        ("get", reverse("routines:routine-delete", args=[pk]), {}, (302, 200, 404)),
        (
            "post",
            reverse("routines:routine-update", args=[pk]),
            {"name": "Renamed", "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5},
            (302, 302, 404),
        ),
        ("post", reverse("routines:routine-copy", args=[pk]), {}, (302, 302, 404)),
        (
            "post",
            reverse("routines:item-add", args=[pk]),
            {"stretch": item.stretch.slug},
            (302, 302, 404),
        ),
        (
            "post",
            reverse("routines:item-update", args=[pk, item.pk]),
            {
                f"item-{item.pk}-hold_seconds": 40,
                f"item-{item.pk}-sets": 1,
                f"item-{item.pk}-rest_seconds": 5,
            },
            (302, 302, 404),
        ),
        (
            "post",
            reverse("routines:item-move", args=[pk, item.pk]),
            {"position": 2},
            (302, 302, 404),
        ),
        ("post", reverse("routines:item-remove", args=[pk, item.pk]), {}, (302, 302, 404)),
        ("post", reverse("routines:routine-delete", args=[pk]), {}, (302, 302, 404)),
    ]


@pytest.mark.parametrize("who", ["anonymous", "owner", "other"])
def test_permission_matrix_for_every_routine_url(client, routine, owner, who):
    as_(client, who, owner)
    column = ["anonymous", "owner", "other"].index(who)
    before = list(routine.items.values_list("pk", "position", "hold_seconds"))
    for method, url, data, expected in routine_urls(routine):
        response = getattr(client, method)(url, data)
        assert response.status_code == expected[column], (who, method, url)
        if who == "anonymous" and expected[column] == 302:
            assert response["Location"].startswith(reverse("login"))
            assert "next=/" in response["Location"]
        if who != "owner":
            assert Routine.objects.filter(pk=routine.pk, name="Morning").exists()
            assert list(routine.items.values_list("pk", "position", "hold_seconds")) == before


def starter_urls(starter) -> list[tuple[str, str, dict]]:
    item = starter.items.first()
    pk = starter.pk
    return [
        ("get", reverse("routines:routine-edit", args=[pk]), {}),
        ("get", reverse("routines:routine-picker", args=[pk]), {}),
        ("get", reverse("routines:routine-delete", args=[pk]), {}),
        ("post", reverse("routines:routine-update", args=[pk]), {"name": "Mine now"}),
        ("post", reverse("routines:item-add", args=[pk]), {"stretch": item.stretch.slug}),
        ("post", reverse("routines:item-update", args=[pk, item.pk]), {}),
        ("post", reverse("routines:item-move", args=[pk, item.pk]), {"position": 2}),
        ("post", reverse("routines:item-remove", args=[pk, item.pk]), {}),
        ("post", reverse("routines:routine-delete", args=[pk]), {}),
    ]


def test_nobody_can_change_a_starter_routine_through_the_site(client, starter):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    before = list(starter.items.values_list("pk", "position", "hold_seconds"))

    for method, url, data in starter_urls(starter):
        assert getattr(client, method)(url, data).status_code == 404, url

    assert Routine.objects.filter(pk=starter.pk, name="Wake-up in bed").exists()
    assert list(starter.items.values_list("pk", "position", "hold_seconds")) == before


def test_anyone_can_view_a_starter_routine(client, starter):
    response = client.get(starter.get_absolute_url())

    assert response.status_code == 200
    assert b"Sign in to make it yours" in response.content


def test_list_shows_my_routines_and_the_starters_but_not_other_peoples(client, routine, starter):
    RoutineFactory(name="Someone else's")
    client.force_login(routine.owner)

    response = client.get(reverse("routines:routine-list"))

    assert b"Morning" in response.content
    assert b"Wake-up in bed" in response.content
    assert b"Someone else" not in response.content


def test_signed_out_list_invites_to_sign_in(client, starter):
    response = client.get(reverse("routines:routine-list"))

    assert response.status_code == 200
    assert b"Sign in" in response.content
    assert b"Wake-up in bed" in response.content


@pytest.mark.parametrize("rows", [1, 30])
def test_list_costs_the_same_queries_however_many_routines(
    client, owner, django_assert_num_queries, rows
):
    for _ in range(rows):
        RoutineFactory(owner=owner, stretches=StretchFactory.create_batch(2))
    RoutineFactory(starter=True, stretches=StretchFactory.create_batch(2))
    client.force_login(owner)

    # The session and the person, the routines (the person's and the starters) and their
    # items with what their totals need.
    with django_assert_num_queries(4):
        response = client.get(reverse("routines:routine-list"))

    assert len(response.context["mine"]) == rows
    assert len(response.context["starters"]) == 1


def test_create_makes_a_routine_and_opens_the_composer(client, owner):
    client.force_login(owner)

    response = client.post(
        reverse("routines:routine-create"),
        {"name": "Evening", "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5},
    )

    routine = Routine.objects.get(owner=owner, name="Evening")
    assert response["Location"] == reverse("routines:routine-edit", args=[routine.pk])


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5},
        {"name": "   ", "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5},
        {"name": "x" * 101, "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5},
        {"name": "Ok", "get_ready_seconds": 5, "rest_seconds": 301, "switch_seconds": 5},
        {"name": "Ok", "get_ready_seconds": "soon", "rest_seconds": 10, "switch_seconds": 5},
    ],
)
def test_create_with_bad_input_shows_errors_and_saves_nothing(client, owner, data):
    client.force_login(owner)

    response = client.post(reverse("routines:routine-create"), data)

    assert response.status_code == 422
    assert b"errorlist" in response.content
    assert not Routine.objects.exists()


def test_routine_page_shows_the_plan_and_total(client, routine):
    client.force_login(routine.owner)

    response = client.get(routine.get_absolute_url())

    assert b"Knee hug" in response.content
    assert b"Twist" in response.content
    assert routine.total_label.encode() in response.content
    assert b"left, then right" in response.content


@pytest.mark.parametrize("items", [1, MAX_ITEMS])
def test_composer_costs_the_same_queries_with_one_item_or_forty(
    client, owner, django_assert_num_queries, items
):
    routine = RoutineFactory(owner=owner)
    stretches = StretchFactory.create_batch(3, movements=["forward-bending"])
    for position in range(1, items + 1):
        RoutineItemFactory(routine=routine, position=position, stretch=stretches[position % 3])
    client.force_login(owner)
    url = reverse("routines:routine-edit", args=[routine.pk])

    # The session, the user, the routine with the catalogue's version, the avoided
    # movements, then the items with their stretches and the stretches' movements...
    with django_assert_num_queries(6):
        response = client.get(url)
    # ...which come from the cache while nothing changed.
    with django_assert_num_queries(4):
        again = client.get(url)

    assert response.status_code == again.status_code == 200
    assert again.content.count(b'<li id="item-') == items


def tokens(response) -> list[bytes]:
    return re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)


def test_every_small_form_of_the_composer_carries_a_fresh_token(routine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(routine.owner)
    url = reverse("routines:routine-edit", args=[routine.pk])

    first, second = tokens(client.get(url)), tokens(client.get(url))  # the second cached

    # Per item: numbers, up or down, remove; and the name and pauses form.
    assert len(first) == len(second) == 2 * 3 + 1
    assert not set(first) & set(second)  # masked anew for each response
    assert b"csrf-token" not in client.get(url).content
    item = routine.items.last()
    remove = reverse("routines:item-remove", args=[routine.pk, item.pk])
    assert client.post(remove, {"csrfmiddlewaretoken": second[-2].decode()}).status_code == 302
    assert routine.items.count() == 1


@pytest.mark.parametrize(
    "change",
    ["numbers", "move", "rename stretch", "avoid bending", "routine pauses", "remove"],
)
def test_the_cached_composer_shows_every_change_at_once(client, routine, change):
    client.force_login(routine.owner)
    url = reverse("routines:routine-edit", args=[routine.pk])
    client.get(url)  # drawn and cached
    first, second = routine.items.order_by("position")
    if change == "numbers":
        client.post(
            reverse("routines:item-update", args=[routine.pk, first.pk]),
            {
                f"item-{first.pk}-hold_seconds": 77,
                f"item-{first.pk}-sets": 1,
                f"item-{first.pk}-rest_seconds": 5,
            },
        )
        expected = b'value="77"'
    elif change == "move":
        client.post(reverse("routines:item-move", args=[routine.pk, second.pk]), {"position": 1})
        expected = re.compile(rb"Twist.*Knee hug", re.S)
    elif change == "rename stretch":
        first.stretch.name = "Knees to chest"
        first.stretch.save()
        expected = b"Knees to chest"
    elif change == "avoid bending":
        first.stretch.spine_movements.add("forward-bending")
        first.stretch.save()
        movement_avoid_set(user=routine.owner, movement="forward-bending", avoid=True)
        expected = b"you said this can hurt"
    elif change == "routine pauses":
        client.post(
            reverse("routines:routine-update", args=[routine.pk]),
            {"name": "Morning", "get_ready_seconds": 5, "rest_seconds": 50, "switch_seconds": 5},
        )
        expected = b'value="50"'
    else:
        client.post(reverse("routines:item-remove", args=[routine.pk, first.pk]))
        # Gone from the list (the notice below it still names it, with its Undo).
        expected = re.compile(rb"\A(?!.*Knee hug</a></h3>)", re.S)

    page = client.get(url).content

    assert expected.search(page) if isinstance(expected, re.Pattern) else expected in page


def test_the_cached_composer_follows_a_change_of_mind_about_bending_forward(client, owner):
    """Only the person's setting changes here, not the routine nor the catalogue."""
    routine = RoutineFactory(owner=owner, stretches=[StretchFactory(movements=["forward-bending"])])
    client.force_login(owner)
    url = reverse("routines:routine-edit", args=[routine.pk])
    assert b"you said this can hurt" not in client.get(url).content  # drawn and cached

    movement_avoid_set(user=owner, movement="forward-bending", avoid=True)
    avoided = client.get(url).content
    movement_avoid_set(user=owner, movement="forward-bending", avoid=False)
    not_avoided = client.get(url).content

    assert b"you said this can hurt" in avoided
    assert b"you said this can hurt" not in not_avoided


def test_composer_full_page_and_fragment_for_htmx(client, routine):
    client.force_login(routine.owner)
    url = reverse("routines:routine-edit", args=[routine.pk])

    page = client.get(url)
    fragment = client.get(url, headers=HTMX)

    assert page.templates[0].name == "routines/routine_edit.html"
    assert fragment.templates[0].name == "routines/_items.html"
    assert fragment.content.lstrip().startswith(b'<section id="items"')


def test_adding_through_htmx_returns_the_items_with_the_new_total(client, routine):
    client.force_login(routine.owner)
    stretch = StretchFactory(name="Cat-cow", hold_seconds=30, sets=1)

    response = client.post(
        reverse("routines:item-add", args=[routine.pk]), {"stretch": stretch.slug}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.templates[0].name == "routines/_items.html"
    assert b"Cat-cow" in response.content
    assert b"Added Cat-cow" in response.content
    routine.refresh_from_db()
    assert routine.total_label.encode() in response.content
    assert routine.items.count() == 3


def test_adding_without_javascript_redirects_back_to_the_composer(client, routine):
    client.force_login(routine.owner)

    response = client.post(
        reverse("routines:item-add", args=[routine.pk]), {"stretch": StretchFactory().slug}
    )

    assert response["Location"] == reverse("routines:routine-edit", args=[routine.pk]) + "#items"


@pytest.mark.parametrize("htmx", [True, False])
def test_adding_an_unknown_stretch_is_a_clear_error(client, routine, htmx):
    client.force_login(routine.owner)

    response = client.post(
        reverse("routines:item-add", args=[routine.pk]),
        {"stretch": "no-such-stretch"},
        headers=HTMX if htmx else {},
    )

    assert response.status_code == 422
    assert b"That stretch is not in the catalogue." in response.content
    assert routine.items.count() == 2


def test_adding_a_41st_stretch_is_refused(client, owner):
    routine = RoutineFactory(owner=owner)
    stretch = StretchFactory()
    for position in range(1, MAX_ITEMS + 1):
        RoutineItemFactory(routine=routine, position=position, stretch=stretch)
    client.force_login(owner)

    response = client.post(
        reverse("routines:item-add", args=[routine.pk]), {"stretch": stretch.slug}, headers=HTMX
    )

    assert response.status_code == 422
    assert b"40 stretches at most" in response.content
    assert routine.items.count() == MAX_ITEMS


def test_updating_an_item_saves_and_changes_the_total(client, routine):
    client.force_login(routine.owner)
    item = routine.items.get(position=1)
    before = routine.total_seconds

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, item.pk]),
        {
            f"item-{item.pk}-hold_seconds": 120,
            f"item-{item.pk}-sets": 2,
            f"item-{item.pk}-rest_seconds": 10,
        },
        headers=HTMX,
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.hold_seconds, item.sets) == (120, 2)
    routine = Routine.objects.get(pk=routine.pk)
    assert routine.total_seconds > before
    assert routine.total_label.encode() in response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("hold_seconds", 301),
        ("hold_seconds", 4),
        ("sets", 0),
        ("sets", 11),
        ("rest_seconds", -1),
        ("hold_seconds", "long"),
        ("hold_seconds", ""),
    ],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_out_of_range_numbers_show_an_error_next_to_the_item_and_change_nothing(
    client, routine, field, value, htmx
):
    client.force_login(routine.owner)
    item = routine.items.get(position=1)
    data = {
        f"item-{item.pk}-hold_seconds": 30,
        f"item-{item.pk}-sets": 2,
        f"item-{item.pk}-rest_seconds": 10,
        f"item-{item.pk}-{field}": value,
    }

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, item.pk]),
        data,
        headers=HTMX if htmx else {},
    )

    assert response.status_code == 422
    assert b"Not saved" in response.content
    saved = type(item).objects.get(pk=item.pk)
    assert (saved.hold_seconds, saved.sets, saved.rest_seconds) == (
        item.hold_seconds,
        item.sets,
        item.rest_seconds,
    )


def test_sides_are_limited_to_what_the_stretch_allows(client, routine):
    client.force_login(routine.owner)
    symmetric = routine.items.get(position=1)
    one_sided = routine.items.get(position=2)

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, one_sided.pk]),
        {
            f"item-{one_sided.pk}-hold_seconds": 30,
            f"item-{one_sided.pk}-sets": 1,
            f"item-{one_sided.pk}-sides": "left",
            f"item-{one_sided.pk}-rest_seconds": 10,
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    one_sided.refresh_from_db()
    assert one_sided.sides == Sides.LEFT

    client.post(
        reverse("routines:item-update", args=[routine.pk, symmetric.pk]),
        {
            f"item-{symmetric.pk}-hold_seconds": 30,
            f"item-{symmetric.pk}-sets": 1,
            f"item-{symmetric.pk}-sides": "left",
            f"item-{symmetric.pk}-rest_seconds": 10,
        },
        headers=HTMX,
    )
    symmetric.refresh_from_db()
    assert symmetric.sides == Sides.BOTH


def test_moving_and_removing_through_htmx_return_the_new_order(client, routine):
    client.force_login(routine.owner)
    second = routine.items.get(position=2)

    moved = client.post(
        reverse("routines:item-move", args=[routine.pk, second.pk]), {"position": 1}, headers=HTMX
    )
    assert moved.status_code == 200
    assert moved.content.index(b"Twist") < moved.content.index(b"Knee hug")
    assert b"Moved Twist" in moved.content

    removed = client.post(
        reverse("routines:item-remove", args=[routine.pk, second.pk]), headers=HTMX
    )
    assert removed.status_code == 200
    assert b"Removed Twist" in removed.content
    assert list(routine.items.values_list("position", flat=True)) == [1]


@pytest.mark.parametrize("position", ["0", "3", "top", ""])
def test_moving_outside_the_routine_is_a_clear_error(client, routine, position):
    client.force_login(routine.owner)
    item = routine.items.get(position=1)

    response = client.post(
        reverse("routines:item-move", args=[routine.pk, item.pk]),
        {"position": position},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert b"Choose a position from 1 to 2." in response.content
    assert routine.items.get(position=1).pk == item.pk


def test_an_item_not_in_the_routine_is_explained_and_nothing_changes(client, routine):
    other_routine = RoutineFactory(owner=routine.owner)
    client.force_login(routine.owner)
    item = routine.items.first()

    response = client.post(
        reverse("routines:item-remove", args=[other_routine.pk, item.pk]), headers=HTMX
    )

    assert response.status_code == 422
    assert b"already removed" in response.content
    assert routine.items.count() == 2


def test_saving_numbers_of_a_removed_item_does_not_bring_it_back(client, routine):
    client.force_login(routine.owner)
    item = routine.items.get(position=1)
    client.post(reverse("routines:item-remove", args=[routine.pk, item.pk]), headers=HTMX)

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, item.pk]),
        {f"item-{item.pk}-hold_seconds": 40, f"item-{item.pk}-sets": 1},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert list(routine.items.values_list("position", flat=True)) == [1]


def test_saving_numbers_after_a_move_keeps_the_new_order(client, routine):
    client.force_login(routine.owner)
    first = routine.items.get(position=1)
    stale_form = {
        f"item-{first.pk}-hold_seconds": 45,
        f"item-{first.pk}-sets": 1,
        f"item-{first.pk}-rest_seconds": 10,
    }
    client.post(
        reverse("routines:item-move", args=[routine.pk, first.pk]), {"position": 2}, headers=HTMX
    )

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, first.pk]), stale_form, headers=HTMX
    )

    assert response.status_code == 200
    first.refresh_from_db()
    assert (first.position, first.hold_seconds) == (2, 45)


def test_keyboard_focus_stays_on_an_arrow_after_moving_to_the_top(client, routine):
    client.force_login(routine.owner)
    last = routine.items.get(position=2)

    response = client.post(
        reverse("routines:item-move", args=[routine.pk, last.pk]), {"position": 1}, headers=HTMX
    )

    button = f'id="down-{last.pk}" class="secondary small" aria-label="Move Twist down" autofocus'
    assert button.encode() in response.content


def test_keyboard_focus_goes_to_the_next_remove_button_after_a_removal(client, routine):
    client.force_login(routine.owner)
    first, second = routine.items.order_by("position")

    response = client.post(
        reverse("routines:item-remove", args=[routine.pk, first.pk]), headers=HTMX
    )

    assert f'id="remove-{second.pk}"'.encode() in response.content
    assert b"autofocus>Remove" in response.content


def test_the_last_stretch_has_no_rest_after_it(client, routine):
    client.force_login(routine.owner)

    response = client.get(reverse("routines:routine-edit", args=[routine.pk]))

    first, last = routine.items.order_by("position")
    assert f"item-{first.pk}-rest_seconds".encode() in response.content
    assert f"item-{last.pk}-rest_seconds".encode() not in response.content


def test_a_new_rest_between_stretches_applies_to_every_stretch(client, routine):
    client.force_login(routine.owner)

    client.post(
        reverse("routines:routine-update", args=[routine.pk]),
        {"name": "Morning", "get_ready_seconds": 5, "rest_seconds": 30, "switch_seconds": 5},
    )

    assert set(routine.items.values_list("rest_seconds", flat=True)) == {30}


def test_number_fields_carry_their_limits_and_plain_errors(client, routine):
    client.force_login(routine.owner)
    item = routine.items.get(position=1)

    response = client.post(
        reverse("routines:item-update", args=[routine.pk, item.pk]),
        {
            f"item-{item.pk}-hold_seconds": 900,
            f"item-{item.pk}-sets": 1,
            f"item-{item.pk}-rest_seconds": 10,
        },
        headers=HTMX,
    )

    assert b"Hold for 5 to 300 seconds." in response.content
    assert f'id="id_item-{item.pk}-hold_seconds_error"'.encode() in response.content
    assert b'max="300"' in response.content


def test_an_htmx_request_after_the_session_expired_is_sent_to_sign_in(client, routine):
    item = routine.items.first()

    response = client.post(
        reverse("routines:item-move", args=[routine.pk, item.pk]),
        {"position": 2},
        headers={**HTMX, "HX-Current-URL": f"http://testserver/routines/{routine.pk}/edit/"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/accounts/login/?next=/routines/{routine.pk}/edit/"


def test_a_plain_post_after_the_session_expired_comes_back_to_its_page(client, starter):
    response = client.post(
        reverse("routines:routine-copy", args=[starter.pk]),
        headers={"Referer": f"http://testserver{starter.get_absolute_url()}"},
    )

    assert response["Location"] == f"/accounts/login/?next={starter.get_absolute_url()}"


def test_writes_without_a_csrf_token_are_refused(routine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(routine.owner)
    item = routine.items.first()

    response = client.post(reverse("routines:item-remove", args=[routine.pk, item.pk]))

    assert response.status_code == 403
    assert routine.items.count() == 2


def test_make_it_mine_copies_a_starter_and_opens_it(client, starter):
    person = UserFactory()
    client.force_login(person)

    response = client.post(reverse("routines:routine-copy", args=[starter.pk]))

    copy = Routine.objects.get(owner=person)
    assert response["Location"] == reverse("routines:routine-edit", args=[copy.pk])
    assert copy.items.count() == 2


def test_delete_asks_first_then_deletes(client, routine):
    client.force_login(routine.owner)
    url = reverse("routines:routine-delete", args=[routine.pk])

    assert b"Delete routine" in client.get(url).content
    assert Routine.objects.filter(pk=routine.pk).exists()
    client.post(url)
    assert not Routine.objects.filter(pk=routine.pk).exists()


def test_update_renames_and_bad_input_keeps_the_old_name(client, routine):
    client.force_login(routine.owner)
    url = reverse("routines:routine-update", args=[routine.pk])
    data = {"get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5}

    bad = client.post(url, {**data, "name": ""})
    assert bad.status_code == 422
    assert Routine.objects.get(pk=routine.pk).name == "Morning"

    client.post(url, {**data, "name": "Evening"})
    assert Routine.objects.get(pk=routine.pk).name == "Evening"


def test_picker_lists_stretches_filtered_like_the_catalogue(client, routine):
    StretchFactory(name="Desk lean", at_desk=True)
    StretchFactory(name="Bed twist", in_bed=True)
    client.force_login(routine.owner)
    url = reverse("routines:routine-picker", args=[routine.pk])

    fragment = client.get(url, {"at_desk": "on"}, headers=HTMX)
    page = client.get(url, {"at_desk": "on"})

    assert fragment.templates[0].name == "routines/_picker_results.html"
    assert b"Desk lean" in fragment.content
    assert b"Bed twist" not in fragment.content
    assert page.templates[0].name == "routines/routine_picker.html"


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"equipment": "wall"}, "Wall lean", "Floor hug"),
        ({"kind": "repetitions"}, "Floor hug", "Wall lean"),
        ({"intensity": "moderate"}, "Wall lean", "Floor hug"),
        ({"max_minutes": "1"}, "Floor hug", "Wall lean"),
    ],
)
def test_the_picker_has_every_filter_of_the_catalogue(client, routine, query, shown, hidden):
    StretchFactory(
        name="Wall lean", equipment="wall", intensity="moderate", hold_seconds=60, sets=3
    )
    StretchFactory(name="Floor hug", repetitions_kind=True, repetitions=5, sets=1)
    client.force_login(routine.owner)

    response = client.get(
        reverse("routines:routine-picker", args=[routine.pk]), query, headers=HTMX
    )

    assert shown.encode() in response.content
    assert hidden.encode() not in response.content


def test_adding_from_the_pickers_own_page_is_a_plain_form(client, routine):
    """On its own page there is no list of items for htmx to swap into."""
    client.force_login(routine.owner)
    url = reverse("routines:routine-picker", args=[routine.pk])

    page = client.get(url).content.decode()
    fragment = client.get(url, headers=HTMX).content.decode()

    add = reverse("routines:item-add", args=[routine.pk])
    assert f'action="{add}"' in page
    assert "hx-post" not in page.split('id="picker-results"')[1]
    assert f'hx-post="{add}"' in fragment


def test_flexion_sensitive_people_see_a_caution_in_picker_and_composer(client, owner):
    bend = StretchFactory(name="Fold", movements=["forward-bending"])
    routine = RoutineFactory(owner=owner, stretches=[bend])
    movement_avoid_set(user=owner, movement="forward-bending", avoid=True)
    client.force_login(owner)

    composer = client.get(reverse("routines:routine-edit", args=[routine.pk]))
    picker = client.get(reverse("routines:routine-picker", args=[routine.pk]), headers=HTMX)

    assert b"you said this can hurt" in composer.content
    assert b"you said this can hurt" in picker.content


def test_people_who_do_not_avoid_forward_bending_see_no_such_caution(client, owner):
    routine = RoutineFactory(owner=owner, stretches=[StretchFactory(movements=["forward-bending"])])
    client.force_login(owner)

    composer = client.get(reverse("routines:routine-edit", args=[routine.pk]))

    assert composer.status_code == 200
    assert b"you said this can hurt" not in composer.content
    # The control: the same composer, once they say forward bending hurts, cautions them.
    movement_avoid_set(user=owner, movement="forward-bending", avoid=True)
    again = client.get(reverse("routines:routine-edit", args=[routine.pk]))
    assert b"you said this can hurt" in again.content


def test_the_admin_can_swap_two_stretches_and_positions_stay_one_to_n(client, starter):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    first, second = starter.items.order_by("position")
    data = {
        "name": starter.name,
        "starter_key": starter.starter_key,
        "description": "",
        "get_ready_seconds": 5,
        "rest_seconds": 10,
        "switch_seconds": 5,
        "items-TOTAL_FORMS": 2,
        "items-INITIAL_FORMS": 2,
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for number, (item, position) in enumerate([(first, 7), (second, 1)]):
        data |= {
            f"items-{number}-id": item.pk,
            f"items-{number}-routine": starter.pk,
            f"items-{number}-stretch": item.stretch_id,
            f"items-{number}-position": position,
            f"items-{number}-hold_seconds": item.hold_seconds,
            f"items-{number}-repetitions": item.repetitions,
            f"items-{number}-sets": item.sets,
            f"items-{number}-sides": item.sides,
            f"items-{number}-rest_seconds": item.rest_seconds,
        }

    response = client.post(reverse("admin:routines_routine_change", args=[starter.pk]), data)

    assert response.status_code == 302, response.content[:2000]
    assert list(starter.items.order_by("position").values_list("pk", "position")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]
