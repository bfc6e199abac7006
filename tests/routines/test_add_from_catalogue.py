"""Add to a routine, from a stretch's page: one of your routines, or a new one."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from routines import services
from routines.models import MAX_ITEMS, Routine
from tests.factories import RoutineFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stretch():
    return StretchFactory(name="Knee hug", slug="knee-hug")


@pytest.fixture
def signed_in_person(client):
    person = UserFactory()
    client.force_login(person)
    return person


def add_url(stretch) -> str:
    return reverse("routines:stretch-add", args=[stretch.slug])


def test_signed_out_it_leads_to_sign_in_and_back(client, stretch):
    response = client.get(add_url(stretch))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={add_url(stretch)}"


def test_signed_out_from_the_stretch_page_htmx_goes_to_sign_in_and_back_to_the_page(
    client, stretch
):
    response = client.get(
        add_url(stretch),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/stretches/knee-hug/"},
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/stretches/knee-hug/"


def test_it_offers_my_routines_the_last_changed_first_and_a_new_one(
    client, signed_in_person, stretch
):
    older = RoutineFactory(owner=signed_in_person, name="Evening")
    newer = RoutineFactory(owner=signed_in_person, name="Morning", stretches=[StretchFactory()])
    RoutineFactory(name="Someone else's")
    services.routine_try(stretch=stretch)

    response = client.get(add_url(stretch))

    content = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "routines/stretch_add.html"
    assert content.index("Morning") < content.index("Evening")
    assert f'value="{newer.pk}" checked' in content
    assert f'value="{older.pk}">' in content
    assert "1 stretch<" in content
    assert "named “Knee hug”" in content
    assert "Someone else" not in content
    assert content.count('type="radio"') == 3  # two routines and a new one: not the try one


def test_with_no_routines_a_new_one_is_chosen(client, signed_in_person, stretch):
    response = client.get(add_url(stretch))

    assert b'value="new" checked' in response.content
    assert b"You have no routines yet" in response.content


def test_a_full_routine_cannot_be_chosen(client, signed_in_person, stretch):
    full = RoutineFactory(owner=signed_in_person, stretches=StretchFactory.create_batch(MAX_ITEMS))

    response = client.get(add_url(stretch))

    assert f'value="{full.pk}" disabled'.encode() in response.content
    assert b'value="new" checked' in response.content


def test_htmx_gets_the_chooser_alone(client, signed_in_person, stretch):
    response = client.get(add_url(stretch), headers={"HX-Request": "true"})

    assert response.templates[0].name == "routines/_stretch_add.html"
    assert response.content.lstrip().startswith(b"{# ") is False
    assert b'<section id="add-to-routine"' in response.content
    assert b"<html" not in response.content
    assert b"autofocus" in response.content
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_whole_page(client, signed_in_person, stretch):
    response = client.get(
        add_url(stretch), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert response.templates[0].name == "routines/stretch_add.html"


def test_adding_to_my_routine_lands_on_the_composer_with_it_in_view(
    client, signed_in_person, stretch
):
    routine = RoutineFactory(owner=signed_in_person, name="Morning", stretches=[StretchFactory()])

    response = client.post(add_url(stretch), {"routine": routine.pk})

    item = routine.items.get(stretch=stretch)
    assert item.position == 2
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("routines:routine-edit", args=[routine.pk]) + f"#item-{item.pk}"
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Added Knee hug to “Morning”."]
    page = client.get(response["Location"])
    assert "Added Knee hug to “Morning”." in page.content.decode()
    assert f'id="item-{item.pk}"'.encode() in page.content


def test_adding_to_a_new_routine_names_it_after_the_stretch(client, signed_in_person, stretch):
    response = client.post(add_url(stretch), {"routine": "new"})

    routine = Routine.objects.get(owner=signed_in_person)
    assert routine.name == "Knee hug"
    assert [item.stretch for item in routine.items.all()] == [stretch]
    assert response["Location"].startswith(reverse("routines:routine-edit", args=[routine.pk]))


def test_another_persons_routine_is_a_404_and_stays_as_it_was(client, signed_in_person, stretch):
    theirs = RoutineFactory(name="Theirs")

    response = client.post(add_url(stretch), {"routine": theirs.pk})

    assert response.status_code == 404
    assert not theirs.items.exists()


def test_a_try_routine_is_a_404(client, signed_in_person, stretch):
    tried = services.routine_try(stretch=StretchFactory())

    response = client.post(add_url(stretch), {"routine": tried.pk})

    assert response.status_code == 404
    assert tried.items.count() == 1


@pytest.mark.parametrize("value", ["", "seven", "-1", "1.5", "٣", "9" * 40])
def test_a_choice_that_is_no_routine_is_a_form_error(client, signed_in_person, stretch, value):
    response = client.post(add_url(stretch), {"routine": value})

    assert response.status_code == 422
    assert b"Choose one of your routines, or a new one." in response.content
    assert not Routine.objects.filter(owner=signed_in_person).exists()


def test_nothing_chosen_is_a_form_error(client, signed_in_person, stretch):
    response = client.post(add_url(stretch), {})

    assert response.status_code == 422
    assert b'role="alert"' in response.content


def test_a_full_routine_is_refused_with_the_reason(client, signed_in_person, stretch):
    full = RoutineFactory(owner=signed_in_person, stretches=StretchFactory.create_batch(MAX_ITEMS))

    response = client.post(add_url(stretch), {"routine": full.pk})

    assert response.status_code == 422
    assert f"A routine can hold {MAX_ITEMS} stretches at most.".encode() in response.content
    assert full.items.count() == MAX_ITEMS


def test_an_unknown_stretch_is_a_404(client, signed_in_person):
    response = client.get(reverse("routines:stretch-add", args=["no-such-stretch"]))

    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_chooser_costs_the_same_queries_however_many_routines(
    client, signed_in_person, stretch, django_assert_num_queries, rows
):
    for _ in range(rows):
        RoutineFactory(owner=signed_in_person, stretches=[StretchFactory()])

    # session, user, the stretch, the routines with their counts
    with django_assert_num_queries(4):
        response = client.get(add_url(stretch))

    assert response.content.count(b'type="radio"') == rows + 1


def test_the_stretch_page_offers_try_it_now_and_add_to_a_routine(client, stretch):
    response = client.get(stretch.get_absolute_url())

    content = response.content.decode()
    assert f'href="{reverse("journal:stretch-try", args=["knee-hug"])}">Try it now</a>' in content
    assert f'hx-get="{add_url(stretch)}"' in content
    assert f'href="{add_url(stretch)}"' in content
