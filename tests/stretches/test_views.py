import random
import string

import pytest
from django.http import QueryDict
from django.urls import reverse

from config.shared.caching import cache_held
from stretches.models import AvoidedMovement
from stretches.views import PAGE_SIZE, page_number, without_empty
from tests.factories import StretchFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("stretches:stretch-list")


def test_list_shows_stretches_as_a_full_page(client):
    StretchFactory(name="Knee hug")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.templates[0].name == "stretches/stretch_list.html"
    assert b"<html" in response.content
    assert b"Knee hug" in response.content
    assert "HX-Request" in response["Vary"]


def test_htmx_request_gets_only_the_results_fragment(client):
    StretchFactory(name="Knee hug", in_bed=True)
    StretchFactory(name="Desk lean", at_desk=True)

    response = client.get(LIST_URL, {"in_bed": "on"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.templates[0].name == "stretches/_results.html"
    assert b"<html" not in response.content
    assert response.content.lstrip().startswith(b'<section id="results"')
    assert b"Knee hug" in response.content
    assert b"Desk lean" not in response.content


def test_history_restore_gets_the_full_page(client):
    response = client.get(
        LIST_URL,
        {"in_bed": "on"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert response.templates[0].name == "stretches/stretch_list.html"
    assert response.content.count(b'id="filters-on"') == 1


def test_the_fragment_carries_the_filter_count_and_errors_with_it(client):
    """They sit outside the swapped results; the fragment brings them up to date."""
    response = client.get(
        LIST_URL, {"in_bed": "on", "area": "elbows"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert '<span id="filters-on" hx-swap-oob="true">(1 on)</span>' in content
    assert "Some filters were not understood" in content.split('id="filters-on"')[0]


def test_full_page_shows_the_chosen_filters_checked(client):
    response = client.get(LIST_URL, {"in_bed": "on", "area": "hips"})

    assert b'name="in_bed" id="id_in_bed" checked' in response.content
    assert b'<option value="hips" selected>' in response.content


def test_empty_result_names_the_search_and_blames_no_filter(client):
    StretchFactory(name="Knee hug")

    response = client.get(LIST_URL, {"q": "sciatca"})

    content = response.content.decode()
    assert "Nothing matches “sciatca”." in content
    assert "Try another word, or clear the search." in content
    assert "filter" not in content.split('id="results"')[1]
    assert f'href="{LIST_URL}">Clear the search</a>' in content


def test_empty_result_names_the_filters_when_filters_are_on(client):
    StretchFactory(name="Knee hug")

    response = client.get(LIST_URL, {"q": "sciatca", "in_bed": "on", "area": "neck"})

    content = response.content.decode()
    assert "Nothing matches “sciatca” with these filters on:" in content
    assert "<li>Body area: Neck</li><li>Can be done in bed</li>" in content
    assert f'href="{LIST_URL}?area=neck&amp;in_bed=on">Clear the search</a>' in content
    assert f'href="{LIST_URL}?q=sciatca">Clear the filters</a>' in content


def test_empty_result_of_filters_alone_names_them(client):
    StretchFactory(name="Knee hug")

    response = client.get(LIST_URL, {"max_minutes": "1", "position": "standing"})

    content = response.content.decode()
    assert "No stretch matches these filters:" in content
    assert "<li>Position: Standing</li><li>Time: Up to 1 minute</li>" in content
    assert "Try removing a filter or two." in content
    assert "Nothing matches" not in content


@pytest.mark.parametrize(
    "query",
    [
        {"area": "elbows"},
        {"max_minutes": "a lot"},
        {"page": "x"},
        {"page": "9999"},
        {"q": "x" * 500},
        {"in_bed": "maybe", "kind": ["hold", "flowing"]},
    ],
)
def test_malformed_filters_never_fail(client, query):
    StretchFactory()

    response = client.get(LIST_URL, query)

    assert response.status_code == 200


def test_unknown_filter_value_is_shown_as_an_error_and_left_out(client):
    StretchFactory(name="Knee hug")

    response = client.get(LIST_URL, {"area": "elbows"})

    assert b"were not understood" in response.content
    assert b"Knee hug" in response.content


def test_list_is_paginated_and_keeps_filters_in_page_links(client):
    StretchFactory.create_batch(PAGE_SIZE + 1, in_bed=True)

    response = client.get(LIST_URL, {"in_bed": "on"})

    assert response.context["page"].paginator.num_pages == 2
    assert b"?in_bed=on&amp;page=2" in response.content


@pytest.mark.parametrize("rows", [1, 200])
def test_list_costs_the_same_few_queries_however_many_stretches(
    client, django_assert_num_queries, rows
):
    StretchFactory.create_batch(rows, areas=["hips", "neck"], movements=["rotation"])
    query = {"area": "hips", "position": "lying-back"}

    # The catalogue's version, then the count and the page of cards.
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, query)
    # Drawn once, the list comes from the cache: only the version is asked for.
    with django_assert_num_queries(1):
        again = client.get(LIST_URL, query)

    assert response.status_code == again.status_code == 200
    catalogue = response.content.split(b'<div class="catalogue">')[1]
    assert again.content.split(b'<div class="catalogue">')[1] == catalogue


def test_detail_shows_everything_about_a_stretch(client):
    easier = StretchFactory(name="Small hug")
    stretch = StretchFactory(
        name="Knee hug",
        breathing="Breathe out as you hug.",
        feel="A stretch in the low back.",
        mistakes="Pulling hard.",
        cautions="Go gently after surgery.",
        movements=["forward-bending"],
        steps=["Lie down.", "Hug your knees."],
    )
    stretch.variations.create(direction="easier", number=1, text="One knee.", target=easier)

    response = client.get(stretch.get_absolute_url())

    assert response.status_code == 200
    for text in [
        b"Knee hug",
        b"Hug your knees.",
        b"Breathe out as you hug.",
        b"A stretch in the low back.",
        b"Pulling hard.",
        b"Go gently after surgery.",
        b"This stretch bends your back forward",
        b"sharp pain, numbness or tingling",
        easier.get_absolute_url().encode(),
    ]:
        assert text in response.content


def test_detail_suggests_related_stretches_for_the_same_areas(client):
    stretch = StretchFactory(areas=["neck"])
    neighbour = StretchFactory(name="Neck neighbour", areas=["neck"])
    StretchFactory(name="Hip stranger", areas=["hips"])

    response = client.get(stretch.get_absolute_url())

    assert list(response.context["related"]) == [neighbour]


@pytest.mark.parametrize("steps", [1, 12])
def test_detail_costs_the_same_queries_however_many_steps(client, django_assert_num_queries, steps):
    stretch = StretchFactory(steps=[f"Step {n}" for n in range(steps)])
    StretchFactory.create_batch(3)

    # The stretch with the catalogue's version, 4 for its details, 1 for related stretches.
    with django_assert_num_queries(6):
        client.get(stretch.get_absolute_url())
    with django_assert_num_queries(1):  # then from the cache
        client.get(stretch.get_absolute_url())


def test_a_change_to_the_catalogue_draws_its_pages_anew(client):
    stretch = StretchFactory(name="Knee hug", summary="Hug one knee.")
    client.get(LIST_URL)
    client.get(stretch.get_absolute_url())

    stretch.summary = "Hug one knee to your chest."
    stretch.save()

    assert b"Hug one knee to your chest." in client.get(LIST_URL).content
    assert b"Hug one knee to your chest." in client.get(stretch.get_absolute_url()).content


def test_the_cached_parts_differ_for_people_who_avoid_bending_forward(client):
    StretchFactory(name="Fold", movements=["forward-bending"])
    client.get(LIST_URL)  # drawn for someone signed out
    person = UserFactory()
    AvoidedMovement.objects.create(user=person, movement_id="forward-bending")
    client.force_login(person)

    assert b"Bends forward: take care" in client.get(LIST_URL).content


def test_unknown_stretch_is_a_friendly_404(client):
    response = client.get(reverse("stretches:stretch-detail", args=["no-such-stretch"]))

    assert response.status_code == 404
    assert b"could not find that page" in response.content


def test_catalogue_pages_are_read_only(client):
    response = client.post(LIST_URL)

    assert response.status_code == 405


def test_preferences_need_sign_in(client):
    response = client.get(reverse("stretches:preferences"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_saying_forward_bending_hurts_adds_cautions_in_the_catalogue(client):
    from stretches.models import AvoidedMovement

    user = UserFactory()
    client.force_login(user)
    stretch = StretchFactory(name="Fold", movements=["forward-bending"])

    response = client.post(reverse("stretches:preferences"), {"avoid_forward_bending": "on"})

    assert response["Location"] == reverse("account")
    assert AvoidedMovement.objects.filter(user=user, movement="forward-bending").exists()
    assert b"Bends forward: take care" in client.get(LIST_URL).content
    assert b"which you said makes your pain worse" in client.get(stretch.get_absolute_url()).content
    account = client.get(reverse("account")).content
    assert b'name="avoid_forward_bending" aria-describedby' in account
    assert b"checked" in account

    client.post(reverse("stretches:preferences"), {})
    assert not AvoidedMovement.objects.filter(user=user).exists()
    assert b"Bends forward: take care" not in client.get(LIST_URL).content


def test_preferences_return_only_to_pages_on_this_site(client):
    client.force_login(UserFactory())

    inside = client.post(reverse("stretches:preferences"), {"next": "/stretches/"})
    outside = client.post(reverse("stretches:preferences"), {"next": "https://evil.example/"})

    assert inside["Location"] == "/stretches/"
    assert outside["Location"] == reverse("account")


@pytest.mark.parametrize("rows", [1, 200])
def test_list_for_a_signed_in_person_costs_the_same_few_queries(
    client, django_assert_num_queries, rows
):
    client.force_login(UserFactory())
    StretchFactory.create_batch(rows, movements=["forward-bending"])

    # session, user, avoided movements, version, count, page
    with django_assert_num_queries(6):
        client.get(LIST_URL)


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("q=&area=&position=&equipment=&kind=&intensity=&max_minutes=", ""),
        ("q=knee&area=&position=standing&max_minutes=", "?q=knee&position=standing"),
        ("q=+++&in_bed=on", "?in_bed=on"),
        ("q=knee&page=", "?q=knee"),
    ],
)
def test_an_address_with_empty_parameters_goes_to_its_short_form(client, query, clean):
    """A form sent without JavaScript sends every field, empty or not."""
    response = client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 302
    assert response["Location"] == LIST_URL + clean


def test_a_short_address_is_not_redirected(client):
    assert client.get(LIST_URL, {"q": "knee", "in_bed": "on"}).status_code == 200


def test_htmx_gets_the_results_at_once_and_the_short_address_to_show(client):
    StretchFactory(name="Knee hug", in_bed=True)

    response = client.get(
        f"{LIST_URL}?q=knee&area=&position=&in_bed=on&max_minutes=",
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"Knee hug" in response.content
    assert response["HX-Push-Url"] == f"{LIST_URL}?q=knee&in_bed=on"


def test_a_search_says_what_its_words_mean(client):
    StretchFactory(name="Figure four", areas=["hips"])

    response = client.get(LIST_URL, {"q": "sciatica"})

    content = response.content.decode()
    assert "Figure four" in content
    assert "Searching for “sciatica” also shows stretches for the buttocks, hips and" in content
    assert "numbness or tingling" in content


def test_pagination_links_carry_the_valid_filters_only(client):
    StretchFactory.create_batch(PAGE_SIZE + 1, in_bed=True)

    response = client.get(LIST_URL, {"in_bed": "on", "utm_source": "x", "area": "elbows"})

    assert b'href="?in_bed=on&amp;page=2"' in response.content
    pagination = response.content.decode().split('class="pagination"', 1)[1].split("</nav>")[0]
    assert "utm_source" not in pagination


def test_the_cache_is_keyed_by_the_valid_filters_not_the_address(client, django_assert_num_queries):
    StretchFactory(name="Knee hug", areas=["hips"])
    client.get(LIST_URL, {"area": "hips"})

    # The same filters under other addresses: drawn from the cache, only the version asked.
    for query in (
        {"area": "hips", "utm_source": "x"},
        {"area": "hips", "page": "1"},
        {"area": "hips", "page": "0"},
    ):
        with django_assert_num_queries(1):
            response = client.get(LIST_URL, query)
        assert b"Knee hug" in response.content


def test_filters_that_were_not_understood_are_drawn_each_time_and_not_kept(client):
    StretchFactory(name="Knee hug")
    client.get(LIST_URL)
    held = cache_held()[0]

    first = client.get(LIST_URL, {"area": "elbows"})
    second = client.get(LIST_URL, {"area": "<b>knees</b>"})

    assert b"were not understood" in first.content
    assert b"elbows" in first.content
    assert b"elbows" not in second.content  # another's answer is never shown
    assert cache_held()[0] == held


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(12))


def test_random_query_strings_do_not_add_cache_entries(client):
    StretchFactory(name="Knee hug", areas=["hips"])
    for query in ({"area": "hips"}, {"area": "hips", "in_bed": "on"}):  # drawn and kept
        client.get(LIST_URL, query)
    held = cache_held()[0]
    rng = random.Random(16)
    names = ["area", "position", "kind", "intensity", "max_minutes", "q", "in_bed"]

    for _ in range(50):
        query = {_random_text(rng): _random_text(rng), rng.choice(names): _random_text(rng)}
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(LIST_URL, {**query, "area": "hips"}, headers=headers)
            assert response.status_code in (200, 302)

    assert held >= 4  # the pages with their results
    assert cache_held()[0] == held


@pytest.mark.parametrize(
    ("raw", "number"),
    [(None, 1), ("", 1), ("2", 2), ("0", 1), ("-3", 1), ("x", 1), ("1e9", 1), ("9999", 100)],
)
def test_page_number_is_a_bounded_number(raw, number):
    assert page_number(raw) == number


def test_without_empty_keeps_every_value_given():
    query = QueryDict("q=&kind=hold&kind=&in_bed=on&area=+")

    assert without_empty(query).urlencode() == "kind=hold&in_bed=on"


@pytest.mark.parametrize("rows", [1, 200])
def test_a_search_costs_the_same_few_queries_however_many_stretches(
    client, django_assert_num_queries, rows
):
    StretchFactory.create_batch(
        rows, areas=["hips"], in_bed=True, steps=["Lie down.", "Hug a knee."]
    )

    # Not cached (its words could be anything), so drawn each time: no version, the count
    # and the page of cards.
    for _ in range(2):
        with django_assert_num_queries(2):
            response = client.get(LIST_URL, {"q": "sciatica knee", "in_bed": "on"})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize(
    ("work", "key"),
    [
        (["left-leg"], b"the tinted limb is the one that works."),
        (["left-leg", "right-leg"], b"the tinted limbs are the ones that work."),
        ([], b"Paler limbs are on the far side.</figcaption>"),
    ],
)
def test_the_figure_key_names_one_tinted_limb_or_several(client, work, key):
    stretch = StretchFactory()
    stretch.figure = {**stretch.figure, "work": work}
    stretch.save()

    response = client.get(stretch.get_absolute_url())

    assert response.status_code == 200
    assert key in response.content
