"""A signed-out play-through carried in the browser's session: pure functions over a dict."""

import uuid
from datetime import UTC, datetime, timedelta

from journal import carry

NOW = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
KEY = uuid.UUID("12345678-1234-5678-1234-567812345678")


def started(store=None) -> dict:
    store = {} if store is None else store
    carry.carry_start(
        store,
        routine_id=3,
        play_key=KEY,
        pain_before=5,
        signature="abc",
        now=NOW - timedelta(minutes=10),
    )
    return store


def test_a_finished_play_through_is_taken_once_with_its_steps_in_order():
    store = started()
    carry.carry_step(store, play_key=KEY, index=3, outcome="done", actual_seconds=25)
    carry.carry_step(store, play_key=KEY, index=1, outcome="skipped", actual_seconds=None)
    assert carry.carry_finish(store, play_key=KEY, pain_after=2, now=NOW)

    carried = carry.take(store, now=NOW)

    assert carried.routine_id == 3
    assert (carried.pain_before, carried.pain_after) == (5, 2)
    assert carried.finished_at == NOW
    assert [(s.index, s.outcome, s.actual_seconds) for s in carried.steps] == [
        (1, "skipped", None),
        (3, "done", 25),
    ]
    assert carry.take(store, now=NOW) is None


def test_steps_of_another_play_through_or_after_the_finish_are_not_noted():
    store = started()
    carry.carry_step(store, play_key=uuid.uuid4(), index=1, outcome="done", actual_seconds=20)
    carry.carry_finish(store, play_key=KEY, pain_after=None, now=NOW)
    carry.carry_step(store, play_key=KEY, index=3, outcome="done", actual_seconds=20)

    assert carry.take(store, now=NOW).steps == []


def test_a_play_through_that_never_reached_the_summary_is_not_taken():
    store = started()
    carry.carry_step(store, play_key=KEY, index=1, outcome="done", actual_seconds=20)

    assert carry.take(store, now=NOW) is None


def test_the_summary_of_another_play_through_is_not_carried():
    assert not carry.carry_finish(started(), play_key=uuid.uuid4(), pain_after=1, now=NOW)


def test_a_play_through_finished_over_twelve_hours_ago_is_not_taken():
    store = started()
    carry.carry_finish(store, play_key=KEY, pain_after=1, now=NOW)

    assert carry.take(store, now=NOW + timedelta(hours=13)) is None


def test_values_that_do_not_fit_are_refused_not_trusted():
    for change in (
        {"pain_after": 11},
        {"pain_before": "5"},
        {"steps": {"1": ["hopped", 20]}},
        {"steps": {"1": ["done", 99999]}},
        {"steps": {"-1": ["done", 20]}},
        {"steps": {"x": ["done", 20]}},
        {"key": "not-a-key"},
        {"started_at": "yesterday"},
    ):
        store = started()
        carry.carry_finish(store, play_key=KEY, pain_after=1, now=NOW)
        store[carry.KEY].update(change)

        assert carry.take(store, now=NOW) is None, change
    assert carry.read("garbage", now=NOW) is None
