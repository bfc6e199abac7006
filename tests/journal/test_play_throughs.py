"""Issue 11 through HTTP: rushed sessions, play-throughs not kept or deleted, resuming, and a
signed-out play kept on sign-up."""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal import carry
from journal.exchange.export import export_data
from journal.exchange.writer import import_data
from journal.models import Session, SessionStep
from journal.selectors import (
    resume_offer,
    routine_changes,
    session_day_counts,
    session_stretches,
    sessions_of,
)
from routines.plan import Sides, plan_signature
from routines.services import routine_add_item
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    SessionFactory,
    SessionStepFactory,
    StretchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def routine(person):
    """Get ready (0), twist left (1), switch (2), twist right (3), rest (4), knee hug (5)."""
    routine = RoutineFactory(owner=person, name="Wake-up in bed", get_ready_seconds=5)
    RoutineItemFactory(
        routine=routine,
        position=1,
        stretch=StretchFactory(name="Twist", per_side=True),
        sides=Sides.LEFT_RIGHT,
        sets=1,
        hold_seconds=30,
    )
    RoutineItemFactory(
        routine=routine,
        position=2,
        stretch=StretchFactory(name="Knee hug", repetitions_kind=True, seconds_per_repetition=3),
        repetitions=10,
        sets=1,
    )
    return routine


def start(client, routine, pain=4) -> uuid.UUID:
    key = uuid.uuid4()
    client.post(
        reverse("journal:player-start", args=[routine.pk]), {"play_key": key, "pain_before": pain}
    )
    return key


def record(client, routine, key, index, actual=None, outcome="done"):
    data = {"outcome": outcome}
    if actual is not None:
        data["actual_seconds"] = actual
    return client.post(reverse("journal:player-record", args=[routine.pk, key, index]), data)


def after(routine, key) -> str:
    return reverse("journal:player-after", args=[routine.pk, key])


def summary(routine, key) -> str:
    return reverse("journal:player-summary", args=[routine.pk, key])


# --- 1. Honest completion ---------------------------------------------------------------------


def test_a_play_through_pressed_through_is_kept_as_such_and_the_summary_says_why(
    client, person, routine
):
    client.force_login(person)
    key = start(client, routine)
    record(client, routine, key, 1, actual=2)
    record(client, routine, key, 3, actual=1)
    record(client, routine, key, 5, actual=30)  # ten repetitions at their pace
    client.post(after(routine, key), {"pain_after": 3})

    page = client.get(summary(routine, key))

    assert Session.objects.get().status == Session.Status.RUSHED
    assert "2 of 3 sets were done in a few seconds" in page.content.decode()
    assert b"kept as pressed through and not counted in what seems to help" in page.content


def test_a_play_through_given_its_time_is_completed(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    for index, seconds in ((1, 30), (3, 12), (5, 10)):
        record(client, routine, key, index, actual=seconds)
    client.post(after(routine, key), {"pain_after": 3})

    page = client.get(summary(routine, key))

    assert Session.objects.get().status == Session.Status.COMPLETED
    assert b"pressed through" not in page.content


def test_rushed_sessions_are_listed_but_left_out_of_the_counts_and_insights(client, person):
    SessionFactory(user=person, status=Session.Status.RUSHED, routine_name="Quick one", steps=2)
    SessionFactory(user=person, status=Session.Status.COMPLETED, steps=2)
    client.force_login(person)

    listing = client.get(reverse("journal:session-list"))

    assert b"Pressed through" in listing.content
    assert sum(session_day_counts(person).values()) == 1


def test_a_rushed_session_says_so_on_its_page(client, person):
    session = SessionFactory(user=person, status=Session.Status.RUSHED, steps=2)
    client.force_login(person)

    page = client.get(session.get_absolute_url())

    assert b"Pressed through" in page.content
    assert b"not counted in what seems to help" in page.content


def test_an_export_keeps_a_rushed_session_and_an_import_takes_it_back(person):
    SessionFactory(user=person, status=Session.Status.RUSHED, steps=2)
    exported = export_data(user=person)
    newcomer = UserFactory()

    import_data(user=newcomer, data=exported)

    assert exported["sessions"][0]["status"] == "rushed"
    assert Session.objects.get(user=newcomer).status == Session.Status.RUSHED


# --- 2. Not kept, and deletable ---------------------------------------------------------------


def test_ending_before_the_first_stretch_asks_and_then_keeps_nothing(client, person, routine):
    client.force_login(person)
    key = start(client, routine)

    ask = client.get(after(routine, key) + "?early=1")  # End, pressed while getting ready
    assert ask.status_code == 200
    assert b"You have not started a stretch yet" in ask.content
    assert Session.objects.count() == 1  # looking is not deleting

    ended = client.post(after(routine, key), {"pain_after": 2})

    assert ended.status_code == 302
    assert ended["Location"] == routine.get_absolute_url()
    assert not Session.objects.exists()
    assert b"Nothing was saved" in client.get(ended["Location"]).content


def test_a_new_start_removes_only_earlier_play_throughs_with_nothing_recorded(
    client, person, routine
):
    client.force_login(person)
    peeked = start(client, routine)
    stretched = start(client, routine)
    record(client, routine, stretched, 1, actual=30)
    someone_elses = SessionFactory(left_open=True, status=Session.Status.ABANDONED)

    latest = start(client, routine)

    keys = set(Session.objects.values_list("play_key", flat=True))
    assert keys == {stretched, latest, someone_elses.play_key}
    assert peeked not in keys


def test_journal_pages_and_exports_never_show_an_open_play_through_without_steps(
    client, person, routine
):
    client.force_login(person)
    start(client, routine)  # on "Get ready" right now
    kept = SessionFactory(user=person, routine_name="Kept", steps=1)

    listing = client.get(reverse("journal:session-list"))

    assert list(sessions_of(person)) == [kept]
    assert listing.context["page"].object_list[0] == kept
    assert len(listing.context["page"].object_list) == 1
    assert [s["routine_name"] for s in export_data(user=person)["sessions"]] == ["Kept"]
    open_one = Session.objects.get(finished_at__isnull=True)
    assert client.get(open_one.get_absolute_url()).status_code == 404


def test_a_session_left_part_way_shows_as_partly_done_and_its_owner_may_delete_it(
    client, person, routine
):
    client.force_login(person)
    key = start(client, routine)
    record(client, routine, key, 1, actual=30)
    session = Session.objects.get(play_key=key)
    delete_url = reverse("journal:session-delete", args=[session.pk])

    detail = client.get(session.get_absolute_url())
    confirm = client.get(delete_url)
    deleted = client.post(delete_url)

    assert b"Partly done" in detail.content
    assert delete_url.encode() in detail.content
    assert confirm.status_code == 200
    assert b"Delete this session?" in confirm.content
    assert deleted.status_code == 302
    assert deleted["Location"] == reverse("journal:session-list")
    assert not Session.objects.exists()
    assert not SessionStep.objects.exists()


def test_another_persons_session_cannot_be_deleted(client, person):
    theirs = SessionFactory(steps=1)
    client.force_login(person)
    url = reverse("journal:session-delete", args=[theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Session.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("rows", [1, 40])
def test_the_session_list_costs_the_same_with_open_play_throughs(
    client, django_assert_num_queries, person, rows
):
    for _ in range(rows):
        SessionFactory(user=person, steps=2)
        SessionFactory(user=person, left_open=True, status=Session.Status.ABANDONED)
    client.force_login(person)

    with django_assert_num_queries(4):
        response = client.get(reverse("journal:session-list"))

    assert len(response.context["page"].object_list) == min(rows, 20)


# --- 3. Resumable -----------------------------------------------------------------------------


def left_at(person, routine, *, last_index: int, hours_ago: float = 1, signature=None):
    items = list(routine.items.select_related("stretch"))
    session = SessionFactory(
        user=person,
        routine=routine,
        routine_name=routine.name,
        left_open=True,
        started_at=timezone.now() - timedelta(hours=hours_ago),
        plan_signature=signature
        if signature is not None
        else plan_signature(routine.plan(items), [item.stretch_id for item in items]),
    )
    SessionStepFactory(session=session, step_index=last_index)
    return session


def test_the_routine_page_offers_to_continue_on_the_step_after_the_last_one(
    client, person, routine
):
    session = left_at(person, routine, last_index=3)
    client.force_login(person)

    page = client.get(routine.get_absolute_url()).content.decode()

    landing = reverse("journal:player-step", args=[routine.pk, session.play_key, 4])
    assert "Continue Wake-up in bed: stretch 2 of 2" in page
    assert f'href="{landing}"' in page
    assert "Start afresh" in page
    assert client.get(landing).status_code == 200


def test_the_journal_dashboard_and_home_offer_it_too(client, person, routine):
    left_at(person, routine, last_index=1)
    client.force_login(person)

    for url in (reverse("journal:dashboard"), reverse("home")):
        assert "Continue Wake-up in bed: stretch 1 of 2" in client.get(url).content.decode()


def test_nothing_is_offered_after_twelve_hours_after_a_change_or_to_someone_else(
    client, person, routine
):
    left_at(person, routine, last_index=1, hours_ago=12.5)
    left_at(person, routine, last_index=1, signature="an older plan")
    other = UserFactory()
    client.force_login(other)

    assert resume_offer(person, now=timezone.now()) is None
    assert b"Pick up where you stopped" not in client.get(reverse("home")).content


def test_an_edit_to_the_routine_withdraws_the_offer(person, routine):
    left_at(person, routine, last_index=1)
    assert resume_offer(person, now=timezone.now()) is not None

    routine_add_item(routine=routine, stretch=StretchFactory())

    assert resume_offer(person, now=timezone.now()) is None


@pytest.mark.parametrize("rows", [1, 30])
def test_finding_what_to_continue_costs_two_queries_however_many_sessions(
    django_assert_num_queries, person, routine, rows
):
    for _ in range(rows):
        SessionFactory(user=person, routine=routine, steps=3)
        left_at(person, routine, last_index=1, hours_ago=2)
    left_at(person, routine, last_index=3, hours_ago=0.5)

    with django_assert_num_queries(2):
        offer = resume_offer(person, now=timezone.now(), routine=routine)

    assert (offer.index, offer.stretch_number) == (4, 2)


# --- 5. Played signed out, kept on sign-up ----------------------------------------------------


@pytest.fixture
def rock_and_tilt():
    """A starter routine of two named stretches, two sets each."""
    routine = RoutineFactory(starter=True, name="Wake-up in bed", get_ready_seconds=5)
    RoutineItemFactory(routine=routine, position=1, stretch=StretchFactory(name="Knee rock"))
    RoutineItemFactory(routine=routine, position=2, stretch=StretchFactory(name="Pelvic tilt"))
    return routine  # get ready (0), rock sets 1 and 2 (1, 3), rest (4), tilt sets 1 and 2 (5, 7)


def sign_up(client, name="newcomer"):
    return client.post(
        reverse("sign-up"),
        {
            "username": name,
            "email": f"{name}@example.org",
            "password1": "a long walk by the sea",
            "password2": "a long walk by the sea",
        },
    )


def test_a_starter_played_signed_out_goes_into_the_journal_made_from_its_summary(
    client, rock_and_tilt
):
    key = uuid.uuid4()
    client.post(
        reverse("journal:player-start", args=[rock_and_tilt.pk]),
        {"play_key": key, "pain_before": 6},
    )
    record(client, rock_and_tilt, key, 1, actual=30)
    record(client, rock_and_tilt, key, 2)  # the pause between sets
    record(client, rock_and_tilt, key, 3, outcome="skipped", actual=2)
    record(client, rock_and_tilt, key, 5, actual=28)
    record(client, rock_and_tilt, key, 7)  # no clock: the planned time, as the player takes it
    finish = client.post(after(rock_and_tilt, key) + "?before=6", {"pain_after": 3})
    page = client.get(finish["Location"])
    assert b"Create one now and this session will be the first in it" in page.content

    signed_up = sign_up(client)

    session = Session.objects.get(play_key=key)
    assert signed_up.status_code == 302
    assert session.user.username == "newcomer"
    assert (session.routine, session.pain_before, session.pain_after) == (rock_and_tilt, 6, 3)
    assert session.finished_at is not None
    assert session.started_at <= session.finished_at
    assert session.status == Session.Status.COMPLETED
    assert list(
        session.steps.values_list("step_index", "stretch_name", "set_number", "outcome")
    ) == [
        (1, "Knee rock", 1, "done"),
        (3, "Knee rock", 2, "skipped"),
        (5, "Pelvic tilt", 1, "done"),
        (7, "Pelvic tilt", 2, "done"),
    ]
    assert list(session.steps.values_list("planned_seconds", "actual_seconds")) == [
        (30, 30),
        (30, 2),
        (30, 28),
        (30, 30),
    ]
    assert (
        b"The session you just played is in your journal"
        in client.get(signed_up["Location"]).content
    )
    assert carry.KEY not in client.session


def test_a_signed_out_play_that_never_reached_the_summary_is_not_kept(client, rock_and_tilt):
    key = uuid.uuid4()
    client.post(reverse("journal:player-start", args=[rock_and_tilt.pk]), {"play_key": key})
    record(client, rock_and_tilt, key, 1, actual=30)

    sign_up(client)

    assert not Session.objects.exists()


def test_a_signed_out_play_left_before_the_first_stretch_is_not_kept(client, rock_and_tilt):
    key = uuid.uuid4()
    client.post(reverse("journal:player-start", args=[rock_and_tilt.pk]), {"play_key": key})
    client.get(summary(rock_and_tilt, key))

    sign_up(client)

    assert not Session.objects.exists()


def test_a_step_the_player_refused_is_not_carried(client, rock_and_tilt):
    key = uuid.uuid4()
    client.post(reverse("journal:player-start", args=[rock_and_tilt.pk]), {"play_key": key})
    refused = record(client, rock_and_tilt, key, 1, actual=99999)
    record(client, rock_and_tilt, key, 3, actual=30)
    client.get(summary(rock_and_tilt, key) + "?after=2")

    sign_up(client)

    assert refused.status_code == 422
    assert list(Session.objects.get().steps.values_list("step_index", flat=True)) == [3]


def test_a_carried_play_through_is_not_kept_if_the_starter_changed_since(client, rock_and_tilt):
    key = uuid.uuid4()
    client.post(reverse("journal:player-start", args=[rock_and_tilt.pk]), {"play_key": key})
    record(client, rock_and_tilt, key, 1, actual=30)
    client.get(summary(rock_and_tilt, key))
    RoutineItemFactory(routine=rock_and_tilt, position=3)

    sign_up(client)

    assert not Session.objects.exists()


def test_signing_in_elsewhere_carries_nothing_across_browsers(rock_and_tilt):
    first, second = Client(), Client()
    key = uuid.uuid4()
    first.post(reverse("journal:player-start", args=[rock_and_tilt.pk]), {"play_key": key})
    record(first, rock_and_tilt, key, 1, actual=30)
    first.get(summary(rock_and_tilt, key))

    sign_up(second)

    assert not Session.objects.exists()


def test_pressed_through_sessions_are_left_out_of_what_seems_to_help(person):
    honest = SessionFactory(user=person, routine_name="Honest", pain_before=6, pain_after=3)
    rushed = SessionFactory(
        user=person,
        routine_name="Rushed",
        pain_before=6,
        pain_after=1,
        status=Session.Status.RUSHED,
    )
    SessionStepFactory(session=honest, step_index=1, stretch_name="Twist")
    SessionStepFactory(session=rushed, step_index=1, stretch_name="Twist", actual_seconds=1)

    assert [(row.name, row.sessions) for row in routine_changes(person)] == [("Honest", 1)]
    assert [
        (row.stretches, row.pain_after - row.pain_before) for row in session_stretches(person)
    ] == [(frozenset({"Twist"}), -3)]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_routine_page_with_its_resume_card_costs_the_same_however_many_sessions(
    client, django_assert_num_queries, person, routine, rows
):
    for _ in range(rows):
        SessionFactory(user=person, routine=routine, steps=3)
        left_at(person, routine, last_index=1, hours_ago=3)
    left_at(person, routine, last_index=3, hours_ago=0.5)
    client.force_login(person)

    # The session and the person, the routine, its items and their movements, what the
    # person avoids; the play-through to continue and its routine's items.
    with django_assert_num_queries(8):
        page = client.get(routine.get_absolute_url())

    assert "stretch 2 of 2" in page.content.decode()
