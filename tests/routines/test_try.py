"""Try it now: a stretch played on its own, through a one-stretch routine nobody owns."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.urls import reverse

from journal.exchange.reader import Reader
from routines import selectors, services
from routines.models import Routine
from tests.factories import RoutineFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db


def try_url(stretch) -> str:
    return reverse("journal:stretch-try", args=[stretch.slug])


def test_trying_a_stretch_makes_its_one_stretch_routine_once():
    stretch = StretchFactory(name="Knee hug", hold_seconds=25, sets=3, per_side=True)

    routine = services.routine_try(stretch=stretch)
    again = services.routine_try(stretch=stretch)

    assert again == routine
    assert routine.owner is None
    assert routine.starter_key is None
    assert routine.try_stretch == stretch
    assert routine.is_try
    assert not routine.is_starter
    assert routine.name == "Knee hug"
    [item] = routine.items.all()
    assert (item.stretch, item.position, item.hold_seconds, item.sets, item.sides) == (
        stretch,
        1,
        25,
        3,
        "left-right",
    )
    assert Routine.objects.count() == 1


def test_trying_an_unchanged_stretch_only_reads(django_assert_num_queries):
    stretch = StretchFactory()
    services.routine_try(stretch=stretch)

    with django_assert_num_queries(1):
        services.routine_try(stretch=stretch)


def test_the_try_routine_follows_changes_to_its_stretch():
    stretch = StretchFactory(name="Knee hug", hold_seconds=20)
    routine = services.routine_try(stretch=stretch)
    before = routine.updated_at

    stretch.name, stretch.hold_seconds = "Gentle knee hug", 40
    stretch.save()
    updated = services.routine_try(stretch=stretch)

    assert updated.pk == routine.pk
    assert updated.name == "Gentle knee hug"
    assert updated.updated_at > before  # what the player keeps of it is drawn anew
    assert [item.hold_seconds for item in updated.items.all()] == [40]


def test_a_try_routine_has_no_owner_and_no_starter_key():
    stretch = StretchFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Routine.objects.create(name="Both", starter_key="both", try_stretch=stretch)
    with pytest.raises(IntegrityError), transaction.atomic():
        Routine.objects.create(name="Mine", owner=UserFactory(), try_stretch=stretch)


def test_deleting_a_stretch_takes_its_try_routine_with_it():
    stretch = StretchFactory()
    services.routine_try(stretch=stretch)

    stretch.delete()

    assert not Routine.objects.exists()


def test_a_stretch_in_someones_routine_still_cannot_be_deleted():
    stretch = StretchFactory()
    services.routine_try(stretch=stretch)
    RoutineFactory(stretches=[stretch])

    with pytest.raises(RestrictedError), transaction.atomic():
        stretch.delete()

    assert Routine.objects.count() == 2


def test_try_routines_are_kept_out_of_every_list():
    person = UserFactory()
    mine = RoutineFactory(owner=person)
    starter = RoutineFactory(starter=True)
    tried = services.routine_try(stretch=StretchFactory())

    assert list(selectors.routines_starter()) == [starter]
    assert set(selectors.routines_listed(person)) == {mine, starter}
    assert tried not in selectors.routines_owned(person)
    assert tried not in selectors.routines_to_add_to(person)
    assert tried in selectors.routines_visible(person)  # the player plays it


def test_the_loader_makes_every_stretch_ready_to_try(db, capsys):
    call_command("load_catalogue")
    call_command("load_catalogue")

    tries = Routine.objects.filter(try_stretch__isnull=False)
    assert tries.count() == 21
    assert all(routine.items.count() == 1 for routine in tries)
    assert "21 stretches ready to try" in capsys.readouterr().out


def test_try_it_now_leads_to_the_player_signed_out(client):
    stretch = StretchFactory(name="Knee hug")

    response = client.get(try_url(stretch))

    routine = Routine.objects.get(try_stretch=stretch)
    assert response.status_code == 302
    assert response["Location"] == reverse("journal:player-start", args=[routine.pk])
    start = client.get(response["Location"])
    assert start.status_code == 200
    assert b"Knee hug" in start.content
    assert b"1 stretch," in start.content


def test_try_it_now_plays_through_to_the_summary_signed_out(client):
    stretch = StretchFactory(name="Knee hug", sets=1)
    start = client.get(try_url(stretch))["Location"]

    first_step = client.post(start, {"play_key": "0b8b3c1e-4b0e-4d16-9a3e-0e6c1c6f1b11"})

    assert first_step.status_code == 302
    assert client.get(first_step["Location"]).status_code == 200


def test_try_it_now_signed_in_lands_in_the_journal(client):
    person = UserFactory()
    client.force_login(person)
    stretch = StretchFactory(name="Knee hug", sets=1)
    start = client.get(try_url(stretch))["Location"]

    client.post(start, {"play_key": "0b8b3c1e-4b0e-4d16-9a3e-0e6c1c6f1b12", "pain_before": 4})

    session = person.sessions.get()
    assert session.routine.try_stretch == stretch
    assert session.routine_name == "Knee hug"


def test_try_it_now_for_an_unknown_stretch_is_a_404(client):
    response = client.get(reverse("journal:stretch-try", args=["no-such-stretch"]))

    assert response.status_code == 404


def test_try_it_now_only_answers_get(client):
    assert client.post(try_url(StretchFactory())).status_code == 405


@pytest.mark.parametrize("rows", [1, 100])
def test_try_it_now_costs_the_same_queries_however_big_the_catalogue(
    client, django_assert_num_queries, rows
):
    stretches = StretchFactory.create_batch(rows)
    for stretch in stretches:
        services.routine_try(stretch=stretch)

    # The stretch, then its try routine with its item.
    with django_assert_num_queries(2):
        response = client.get(try_url(stretches[-1]))

    assert response.status_code == 302


def test_the_try_routines_page_is_its_stretchs_page(client):
    stretch = StretchFactory()
    routine = services.routine_try(stretch=stretch)

    response = client.get(routine.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == stretch.get_absolute_url()


def test_a_session_entered_by_hand_cannot_name_a_try_routine(client):
    person = UserFactory()
    client.force_login(person)
    tried = services.routine_try(stretch=StretchFactory(name="Knee hug"))
    starter = RoutineFactory(starter=True, name="Wake-up")

    response = client.get(reverse("journal:session-create"))

    choices = list(response.context["form"].fields["routine"].queryset)
    assert starter in choices
    assert tried not in choices


def test_an_imported_session_without_a_starter_is_not_linked_to_a_try_routine():
    from django.utils import timezone

    services.routine_try(stretch=StretchFactory())
    starter = RoutineFactory(starter=True)

    reader = Reader(now=timezone.now())

    assert reader.starters == {starter.starter_key: starter.pk}
