"""Several requests at once, each in its own thread with its own database connection, as a
server with several workers would serve them. Written for PostgreSQL, where requests do run
at the same time (CI runs them there); on SQLite they run too, one write after another."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from journal.models import PainEntry, Session, SessionStep
from journal.services import session_start
from routines.services import routine_move_item
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    SessionStepFactory,
    StretchFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(*actions, repeat: int = 1) -> list:
    """Run each action in its own thread, all released together; their results in order.
    Each thread closes its own database connection when done."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = [action() for _ in range(repeat)]
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, Exception):
            raise result
    return results


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_finishes_of_one_play_through_at_once_finish_it_once(person):
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(2))
    session = session_start(user=person, routine=routine, play_key=uuid.uuid4(), pain_before=5)
    SessionStepFactory(session=session, step_index=1)  # a stretch done: there is something to keep
    after = reverse("journal:player-after", args=[routine.pk, session.play_key])
    tabs = [signed_in(person), signed_in(person)]

    (first,), (second,) = at_once(
        lambda: tabs[0].post(after, {"pain_after": 2, "note": "first tab"}).status_code,
        lambda: tabs[1].post(after, {"pain_after": 7, "note": "second tab"}).status_code,
    )

    assert sorted([first, second]) == [302, 409]  # one saved it, the other was told so
    finished = Session.objects.get(pk=session.pk)
    assert (finished.pain_after, finished.note) in [(2, "first tab"), (7, "second tab")]
    assert Session.objects.filter(user=person).count() == 1


def test_two_starts_with_one_key_at_once_make_one_session(person):
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(2))
    key = uuid.uuid4()
    start = reverse("journal:player-start", args=[routine.pk])
    tabs = [signed_in(person), signed_in(person)]

    results = at_once(
        *(
            lambda tab=tab: tab.post(start, {"play_key": key, "pain_before": 4}).status_code
            for tab in tabs
        )
    )

    assert [codes[0] for codes in results] == [302, 302]
    assert Session.objects.filter(play_key=key).count() == 1


def test_reordering_from_two_tabs_at_once_keeps_positions_one_to_n(person):
    routine = RoutineFactory(owner=person)
    items = [RoutineItemFactory(routine=routine, position=n) for n in range(1, 9)]

    def shuffle(item, targets):
        def run():
            for target in targets:
                routine_move_item(item=item, to_position=target)

        return run

    at_once(
        shuffle(items[0], [8, 3, 5, 1]),
        shuffle(items[7], [1, 6, 2, 8]),
        shuffle(items[3], [2, 7, 4, 6]),
        repeat=5,
    )

    positions = sorted(routine.items.values_list("position", flat=True))
    assert positions == list(range(1, 9))
    assert routine.items.count() == 8


def test_moves_sent_through_the_site_at_once_keep_positions_one_to_n(person):
    routine = RoutineFactory(owner=person)
    items = [RoutineItemFactory(routine=routine, position=n) for n in range(1, 6)]
    tabs = [signed_in(person), signed_in(person)]

    def move(tab, item, position):
        url = reverse("routines:item-move", args=[routine.pk, item.pk])
        return lambda: tab.post(url, {"position": position}).status_code

    results = at_once(move(tabs[0], items[0], 5), move(tabs[1], items[4], 1), repeat=4)

    assert all(code in (302, 422) for codes in results for code in codes)
    assert sorted(routine.items.values_list("position", flat=True)) == [1, 2, 3, 4, 5]


def test_pain_logged_from_many_places_at_once_loses_nothing(person):
    phones = [signed_in(person) for _ in range(4)]
    quick = reverse("journal:pain-quick")

    results = at_once(
        *(
            lambda phone=phone, n=n: phone.post(quick, {"level": n}).status_code
            for n, phone in enumerate(phones)
        ),
        repeat=10,
    )

    assert all(code == 302 for codes in results for code in codes)
    assert PainEntry.objects.filter(user=person).count() == 40
    levels = sorted(PainEntry.objects.filter(user=person).values_list("level", flat=True))
    assert levels == sorted([0, 1, 2, 3] * 10)


def test_steps_recorded_from_two_tabs_at_once_are_kept_once_each(person):
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(3))
    session = session_start(user=person, routine=routine, play_key=uuid.uuid4(), pain_before=3)
    tabs = [signed_in(person), signed_in(person)]
    steps = [step.index for step in routine.plan() if step.is_work]

    def record(tab):
        def run():
            for index in steps:
                url = reverse("journal:player-record", args=[routine.pk, session.play_key, index])
                assert tab.post(url, {"outcome": "done"}).status_code == 302

        return run

    at_once(record(tabs[0]), record(tabs[1]))

    recorded = SessionStep.objects.filter(session=session)
    assert sorted(recorded.values_list("step_index", flat=True)) == steps


def test_a_queue_replayed_from_two_places_at_once_keeps_each_step_once(person):
    """The page and the service worker may both send the device's queue after a lost reply:
    each (play-through, step) is kept once, and every repeat is answered with success."""
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(3))
    session = session_start(user=person, routine=routine, play_key=uuid.uuid4(), pain_before=3)
    steps = [step.index for step in routine.plan() if step.is_work]
    queued = {"X-Backstretch-Queue": "1"}

    def replay(tab, outcome):
        def run():
            codes = []
            for index in steps:
                url = reverse("journal:player-record", args=[routine.pk, session.play_key, index])
                codes.append(tab.post(url, {"outcome": outcome}, headers=queued).status_code)
            return codes

        return run

    results = at_once(
        replay(signed_in(person), "done"), replay(signed_in(person), "done"), repeat=2
    )

    assert {code for runs in results for codes in runs for code in codes} == {204}
    recorded = SessionStep.objects.filter(session=session)
    assert sorted(recorded.values_list("step_index", flat=True)) == steps
