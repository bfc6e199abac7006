import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Session, SessionStep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_session(user, *, steps=2, **fields) -> Session:
    values = {
        "routine_name": "Morning",
        "play_key": __import__("uuid").uuid4(),
        "started_at": timezone.now(),
        "status": "partial",
    }
    session = Session.objects.create(user=user, **(values | fields))
    SessionStep.objects.bulk_create(
        SessionStep(
            session=session,
            step_index=index,
            stretch_name=f"Stretch {index}",
            set_number=1,
            planned_seconds=30,
            actual_seconds=28,
            outcome="done" if index % 2 == 0 else "skipped",
        )
        for index in range(steps)
    )
    return session


def test_sessions_list_shows_only_my_sessions_with_their_counts(client):
    me = UserFactory()
    make_session(me, steps=3, routine_name="Mine")
    make_session(UserFactory(), routine_name="Theirs")
    client.force_login(me)

    response = client.get(reverse("journal:session-list"))

    assert b"Mine" in response.content
    assert b"Theirs" not in response.content
    assert b"2 done, 1 skipped" in response.content


def test_a_session_left_open_shows_as_partly_done(client):
    me = UserFactory()
    session = make_session(me, finished_at=None)
    client.force_login(me)

    response = client.get(session.get_absolute_url())

    assert b"Partly done (left before the end)" in response.content


@pytest.mark.parametrize("rows", [1, 50])
def test_sessions_list_costs_the_same_queries_however_many(client, django_assert_num_queries, rows):
    me = UserFactory()
    for _ in range(rows):
        make_session(me, steps=3)
    client.force_login(me)

    with django_assert_num_queries(4):
        client.get(reverse("journal:session-list"))


def test_session_detail_lists_its_steps(client):
    me = UserFactory()
    session = make_session(me, steps=2)
    client.force_login(me)

    response = client.get(session.get_absolute_url())

    assert b"Stretch 0" in response.content
    assert b"Skipped" in response.content


def test_the_note_can_be_edited_and_too_long_a_note_is_refused(client):
    me = UserFactory()
    session = make_session(me, note="old")
    client.force_login(me)
    url = reverse("journal:session-note", args=[session.pk])

    too_long = client.post(url, {"note": "x" * 2001})
    assert too_long.status_code == 422
    assert Session.objects.get(pk=session.pk).note == "old"

    client.post(url, {"note": "Felt looser."})
    assert Session.objects.get(pk=session.pk).note == "Felt looser."


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_someone_elses_session_is_a_404_and_unchanged(client, who):
    session = make_session(UserFactory(), note="private")
    if who == "other":
        client.force_login(UserFactory())
    expected = 302 if who == "anonymous" else 404

    assert client.get(session.get_absolute_url()).status_code == expected
    post = client.post(reverse("journal:session-note", args=[session.pk]), {"note": "hacked"})
    assert post.status_code == expected
    assert Session.objects.get(pk=session.pk).note == "private"
    assert client.get(reverse("journal:session-list")).status_code == (
        302 if who == "anonymous" else 200
    )
