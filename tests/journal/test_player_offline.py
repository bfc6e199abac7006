"""The player's server side of offline play: the plan of addresses a play-through keeps on
the device, and records sent from the device's queue, each kept exactly once."""

import json
import uuid
from unittest import mock

import pytest
from django.urls import reverse

from journal.models import Session, SessionStep
from journal.views import player
from routines.services import routine_add_item
from tests.factories import RoutineFactory, StretchFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUED = {"X-Backstretch-Queue": "1"}


@pytest.fixture
def routine(person):
    return RoutineFactory(owner=person, name="Morning", stretches=StretchFactory.create_batch(2))


def start(client, routine, pain=3) -> uuid.UUID:
    key = uuid.uuid4()
    client.post(
        reverse("journal:player-start", args=[routine.pk]), {"play_key": key, "pain_before": pain}
    )
    return key


def record_url(routine, key, index):
    return reverse("journal:player-record", args=[routine.pk, key, index])


def work_steps(routine) -> list[int]:
    return [step.index for step in routine.plan() if step.is_work]


def test_the_plan_lists_every_step_and_the_after_page(client, person, routine):
    client.force_login(person)
    key = start(client, routine)

    response = client.get(reverse("journal:player-plan", args=[routine.pk, key]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    steps = routine.plan()
    assert response.json() == {
        "urls": [reverse("journal:player-step", args=[routine.pk, key, s.index]) for s in steps]
        + [reverse("journal:player-after", args=[routine.pk, key])],
        "saves": True,
    }


def test_the_plan_of_a_signed_out_play_carries_the_pain_in_each_address(client):
    starter = RoutineFactory(starter=True, stretches=StretchFactory.create_batch(2))
    key = start(client, starter, pain=4)

    plan = client.get(reverse("journal:player-plan", args=[starter.pk, key]) + "?before=4").json()

    assert plan["saves"] is False
    assert all(url.endswith("?before=4") for url in plan["urls"])


def test_the_plan_is_no_one_elses(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    client.force_login(UserFactory())

    assert client.get(reverse("journal:player-plan", args=[routine.pk, key])).status_code == 404


def test_the_plan_costs_the_same_queries_for_a_long_routine(
    client, person, routine, django_assert_num_queries
):
    client.force_login(person)
    key = start(client, routine)
    url = reverse("journal:player-plan", args=[routine.pk, key])
    client.get(url)
    with django_assert_num_queries(3):
        client.get(url)
    long = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(30))
    long_key = start(client, long)
    client.get(reverse("journal:player-plan", args=[long.pk, long_key]))

    with django_assert_num_queries(3):
        client.get(reverse("journal:player-plan", args=[long.pk, long_key]))


def test_a_queued_record_is_kept_and_answered_briefly(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    first = work_steps(routine)[0]

    response = client.post(
        record_url(routine, key, first), {"outcome": "done", "actual_seconds": 30}, headers=QUEUED
    )

    assert (response.status_code, response.content) == (204, b"")
    assert list(SessionStep.objects.values_list("step_index", "outcome")) == [(first, "done")]


def test_a_record_sent_again_answers_success_and_changes_nothing(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    url = record_url(routine, key, work_steps(routine)[0])
    client.post(url, {"outcome": "done", "actual_seconds": 30}, headers=QUEUED)
    kept = list(SessionStep.objects.values_list("pk", "outcome", "actual_seconds", "recorded_at"))
    steps_before = SessionStep.objects.count()

    again = client.post(url, {"outcome": "skipped", "actual_seconds": 2}, headers=QUEUED)

    assert again.status_code == 204
    assert (
        list(SessionStep.objects.values_list("pk", "outcome", "actual_seconds", "recorded_at"))
        == kept
    )
    assert SessionStep.objects.count() == steps_before == 1


def test_a_record_for_a_routine_changed_meanwhile_is_refused_and_kept_out(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    routine_add_item(routine=routine, stretch=StretchFactory())

    response = client.post(record_url(routine, key, 1), {"outcome": "done"}, headers=QUEUED)

    assert response.status_code == 409
    assert json.loads(response.content) == {"refused": "changed"}
    assert not SessionStep.objects.exists()


def test_a_record_after_the_finish_is_refused(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    first, second = work_steps(routine)[:2]
    client.post(record_url(routine, key, first), {"outcome": "done"}, headers=QUEUED)
    client.post(reverse("journal:player-after", args=[routine.pk, key]), {"pain_after": 2})

    response = client.post(record_url(routine, key, second), {"outcome": "done"}, headers=QUEUED)

    assert (response.status_code, response.json()) == (409, {"refused": "finished"})
    assert list(SessionStep.objects.values_list("step_index", flat=True)) == [first]


def test_a_garbled_queued_record_is_refused_not_a_500(client, person, routine):
    client.force_login(person)
    key = start(client, routine)

    response = client.post(record_url(routine, key, 1), {"outcome": "\\ud800"}, headers=QUEUED)

    assert (response.status_code, response.json()) == (422, {"refused": "invalid"})


def test_a_queued_finish_lands_once(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    for index in work_steps(routine):
        client.post(record_url(routine, key, index), {"outcome": "done"}, headers=QUEUED)
    after = reverse("journal:player-after", args=[routine.pk, key])

    first = client.post(after, {"pain_after": 2, "note": "Looser"}, headers=QUEUED)
    again = client.post(after, {"pain_after": 7, "note": "Again"}, headers=QUEUED)

    assert (first.status_code, again.status_code) == (204, 204)
    session = Session.objects.get()
    assert (session.status, session.pain_after, session.note) == ("completed", 2, "Looser")


def test_a_queued_record_from_someone_signed_out_is_refused(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    client.logout()

    response = client.post(record_url(routine, key, 1), {"outcome": "done"}, headers=QUEUED)

    assert response.status_code == 404
    assert not SessionStep.objects.exists()


def test_a_step_sent_again_after_the_finish_is_still_a_success(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    first = work_steps(routine)[0]
    client.post(record_url(routine, key, first), {"outcome": "done"}, headers=QUEUED)
    client.post(reverse("journal:player-after", args=[routine.pk, key]), {"pain_after": 2})

    again = client.post(record_url(routine, key, first), {"outcome": "done"}, headers=QUEUED)

    assert again.status_code == 204
    assert SessionStep.objects.count() == 1


def test_a_record_for_a_deleted_session_is_refused_not_a_500(client, person, routine):
    client.force_login(person)
    key = start(client, routine)
    read = player._play

    def read_then_delete(request, routine_pk, play_key):
        """The play-through as the view reads it, its session deleted just after."""
        play = read(request, routine_pk, play_key)
        Session.objects.all().delete()
        return play

    with mock.patch.object(player, "_play", read_then_delete):
        response = client.post(record_url(routine, key, 1), {"outcome": "done"}, headers=QUEUED)

    assert response.status_code == 409


def test_the_after_page_is_the_same_before_any_step_so_the_device_can_keep_it(
    client, person, routine
):
    """Kept at the start of the play-through, it must be the "how do you feel" page then
    too; only End pressed while getting ready asks about ending with nothing kept."""
    client.force_login(person)
    key = start(client, routine)
    after = reverse("journal:player-after", args=[routine.pk, key])

    assert b"How do you feel?" in client.get(after).content
    assert b"You have not started a stretch yet" in client.get(after + "?early=1").content


def test_a_queued_finish_with_no_stretch_recorded_keeps_nothing(client, person, routine):
    client.force_login(person)
    key = start(client, routine)

    response = client.post(
        reverse("journal:player-after", args=[routine.pk, key]), {"pain_after": 2}, headers=QUEUED
    )

    assert response.status_code == 204
    assert not Session.objects.exists()


def test_the_play_shortcut_opens_todays_routine(client, person, routine):
    from routines.services import routine_pin

    starter = RoutineFactory(
        starter=True, starter_key="wake-up-in-bed", stretches=[StretchFactory()]
    )
    assert client.get(reverse("journal:play-today"))["Location"] == reverse(
        "journal:player-start", args=[starter.pk]
    )
    client.force_login(person)
    routine_pin(routine=routine)

    response = client.get(reverse("journal:play-today"))

    assert response["Location"] == reverse("journal:player-start", args=[routine.pk])
