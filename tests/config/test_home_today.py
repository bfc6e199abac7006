"""Home starts with Today: the routine for today, one Play, the week and what to continue."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from config.shared.caching import cache_clear
from journal.insights import week_start
from journal.models import Session
from routines.models import Routine
from routines.services import routine_pin, routine_unpin
from tests.factories import (
    JournalProfileFactory,
    RoutineFactory,
    SessionFactory,
    SessionStepFactory,
    StretchFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def starters():
    """The morning starter is not the first made: Home looks for it by its key."""
    desk = RoutineFactory(starter=True, name="Desk break", stretches=[StretchFactory()])
    morning = RoutineFactory(
        starter=True,
        starter_key="wake-up-in-bed",
        name="Wake-up in bed",
        stretches=[StretchFactory(), StretchFactory()],
    )
    return desk, morning


def play_url(routine) -> str:
    return reverse("journal:player-start", args=[routine.pk])


def test_signed_out_home_offers_the_morning_starter_in_one_tap(client, starters):
    _desk, morning = starters

    page = client.get(reverse("home")).content.decode()

    assert f'href="{play_url(morning)}"' in page
    assert "▶ Play Wake-up in bed" in page
    assert page.index("▶ Play Wake-up in bed") < page.index("Backstretch helps you find")


def test_signed_in_home_offers_a_starter_when_nothing_was_played(client, starters, person):
    client.force_login(person)

    response = client.get(reverse("home"))

    assert response.context["today"].routine == starters[1]
    assert response.context["today"].reason == "starter"
    assert f'href="{play_url(starters[1])}"' in response.content.decode()


def test_signed_in_home_offers_the_routine_played_most_in_two_weeks(client, starters, person):
    often = RoutineFactory(owner=person, name="Often", stretches=[StretchFactory()])
    once = RoutineFactory(owner=person, name="Once", stretches=[StretchFactory()])
    long_ago = RoutineFactory(owner=person, name="Long ago", stretches=[StretchFactory()])
    for _ in range(2):
        SessionFactory(user=person, routine=often, steps=1)
    SessionFactory(user=person, routine=once, steps=1)
    for _ in range(3):
        SessionFactory(
            user=person, routine=long_ago, started_at=timezone.now() - timedelta(days=20)
        )
    for _ in range(3):  # pressed through: does not count
        SessionFactory(user=person, routine=once, status=Session.Status.RUSHED)
    client.force_login(person)

    response = client.get(reverse("home"))

    assert response.context["today"].routine == often
    assert b"Your most played in the last two weeks" in response.content


def test_the_pinned_routine_comes_before_the_one_played_most(client, starters, person):
    pinned = RoutineFactory(owner=person, name="Pinned", stretches=[StretchFactory()])
    SessionFactory(user=person, routine=starters[0], steps=1)
    routine_pin(routine=pinned)
    client.force_login(person)

    response = client.get(reverse("home"))

    assert response.context["today"].routine == pinned
    assert f'href="{play_url(pinned)}"' in response.content.decode()
    assert b"Pinned to Home" in response.content


def test_another_persons_pinned_routine_is_never_today(client, starters, person):
    theirs = RoutineFactory(name="Theirs", stretches=[StretchFactory()])
    routine_pin(routine=theirs)
    client.force_login(person)

    assert client.get(reverse("home")).context["today"].routine == starters[1]


def test_home_shows_this_weeks_sessions_against_the_weekly_goal(client, starters, person):
    JournalProfileFactory(user=person, weekly_goal=4)
    SessionFactory(user=person, started_at=timezone.now() - timedelta(minutes=30), steps=1)
    SessionFactory(user=person, started_at=timezone.now() - timedelta(days=8), steps=1)
    client.force_login(person)

    today = client.get(reverse("home")).context["today"]

    # Just after midnight on a Monday, half an hour ago was last week.
    half_an_hour_ago = timezone.localtime(timezone.now() - timedelta(minutes=30)).date()
    expected = 1 if half_an_hour_ago >= week_start(timezone.localdate()) else 0
    assert (today.this_week, today.weekly_goal) == (expected, 4)


@pytest.mark.parametrize("rows", [1, 60])
def test_home_costs_the_same_queries_with_one_or_many_sessions_and_routines(
    client, django_assert_num_queries, starters, person, rows
):
    stretch = StretchFactory()
    for number in range(rows):
        routine = RoutineFactory(owner=person, stretches=[stretch])
        SessionFactory(user=person, routine=routine, steps=2)
        SessionFactory(
            user=person,
            routine=routine,
            left_open=True,
            started_at=timezone.now() - timedelta(minutes=number + 1),
            steps=1,
        )
    client.force_login(person)
    client.get(reverse("home"))  # the journal settings are made on the first visit
    cache_clear()

    # The session and the person (2); the movements they avoid and the featured stretches
    # (2); the journal settings; what keys Today in the cache: the person's routines and
    # the catalogue (2); then, not cached yet, today's candidates, recent plays, the routine
    # and its items (4); the week; the play-through to continue and its routine's items (2).
    with django_assert_num_queries(14):
        response = client.get(reverse("home"))
    # Then from the cache while nothing it shows changes: within the budget of 8.
    with django_assert_num_queries(7):
        again = client.get(reverse("home"))

    assert response.context["offer"] is not None
    assert again.content == response.content or again.context["offer"] is not None


def test_home_today_is_drawn_again_after_a_pin_a_step_or_a_rename(client, starters, person):
    mine = RoutineFactory(owner=person, name="Evening", stretches=[StretchFactory()])
    client.force_login(person)
    assert "Evening" not in client.get(reverse("home")).content.decode()

    routine_pin(routine=mine)
    assert "Evening" in client.get(reverse("home")).content.decode()

    Routine.objects.filter(pk=mine.pk).update(name="Late evening", updated_at=timezone.now())
    assert "Late evening" in client.get(reverse("home")).content.decode()


def test_home_today_is_drawn_again_after_a_new_weekly_goal(client, starters, person):
    client.force_login(person)
    assert client.get(reverse("home")).context["today"].weekly_goal == 3

    response = client.post(reverse("journal:settings"), {"weekly_goal": 5})

    assert response.status_code == 302
    today = client.get(reverse("home")).context["today"]
    assert today.weekly_goal == 5


def test_home_today_is_drawn_again_after_the_loader_changes_a_starter(client, starters, person):
    _desk, morning = starters
    client.force_login(person)
    assert "Wake-up in bed" in client.get(reverse("home")).content.decode()

    morning.name = "Gently out of bed"
    morning.save()  # as the loader saves each starter

    assert "Gently out of bed" in client.get(reverse("home")).content.decode()


def test_the_routine_page_has_a_pin_button_for_its_owner_only(client, starters, person):
    mine = RoutineFactory(owner=person, stretches=[StretchFactory()])
    client.force_login(person)

    own = client.get(mine.get_absolute_url()).content.decode()
    starter = client.get(starters[1].get_absolute_url()).content.decode()

    assert reverse("routines:routine-pin", args=[mine.pk]) in own
    assert "Pin to Home" in own
    assert "Pin to Home" not in starter


def test_pinning_moves_the_pin_and_unpinning_removes_it(client, person):
    first = RoutineFactory(owner=person)
    second = RoutineFactory(owner=person)
    client.force_login(person)

    client.post(reverse("routines:routine-pin", args=[first.pk]))
    moved = client.post(reverse("routines:routine-pin", args=[second.pk]))
    assert moved["Location"] == second.get_absolute_url()
    assert list(Routine.objects.filter(pinned=True)) == [second]
    assert b"Unpin from Home" in client.get(second.get_absolute_url()).content

    client.post(reverse("routines:routine-unpin", args=[second.pk]))
    assert not Routine.objects.filter(pinned=True).exists()


def test_pinning_someone_elses_routine_or_a_starter_is_a_404(client, starters, person):
    theirs = RoutineFactory()
    client.force_login(person)

    for routine in (theirs, starters[0]):
        for name in ("routines:routine-pin", "routines:routine-unpin"):
            assert client.post(reverse(name, args=[routine.pk])).status_code == 404
    assert not Routine.objects.filter(pinned=True).exists()


def test_the_database_holds_one_pinned_routine_per_person(person):
    first = RoutineFactory(owner=person, pinned=True)
    routine_pin(routine=RoutineFactory(owner=person))
    routine_unpin(routine=first)

    with pytest.raises(IntegrityError):
        RoutineFactory(owner=person, pinned=True)


def test_continuing_todays_routine_shows_one_card_not_two(client, starters, person):
    morning = starters[1]
    session = SessionFactory(
        user=person, routine=morning, routine_name=morning.name, left_open=True, steps=0
    )
    SessionStepFactory(session=session, step_index=1)
    client.force_login(person)

    page = client.get(reverse("home")).content.decode()

    assert "Continue Wake-up in bed" in page
    assert "Start afresh" in page
    assert "▶ Play" not in page
