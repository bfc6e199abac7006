"""A name must show something: one made only of invisible characters (a zero-width space,
a joiner, a byte order mark, a Hangul filler) is refused, and invisible characters around
a name are dropped."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.shared.text import visible_text
from journal.models import Session
from routines.models import Routine
from tests.factories import UserFactory

INVISIBLE = ["\u200b", "\u200b\u200c\u200d\u2060", "\ufeff", "\u3164", "\u2800", " \u00a0\t\u200e"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_text_of_invisible_characters_alone_is_nothing(text):
    assert visible_text(text) == ""


def test_invisible_characters_around_a_name_are_dropped_and_inside_kept():
    assert visible_text("\u200bMorning\u00a0stretch\ufeff ") == "Morning\u00a0stretch"
    assert visible_text("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # joiners inside a family


ROUTINE = {"description": "", "get_ready_seconds": 5, "rest_seconds": 10, "switch_seconds": 5}


@pytest.mark.django_db
@pytest.mark.parametrize("name", INVISIBLE)
def test_a_routine_named_with_invisible_characters_alone_is_refused(client, name):
    client.force_login(UserFactory())

    response = client.post(reverse("routines:routine-create"), {**ROUTINE, "name": name})

    assert response.status_code == 422
    assert b"Give your routine a name." in response.content
    assert not Routine.objects.exists()


@pytest.mark.django_db
def test_a_routine_name_keeps_what_shows(client):
    client.force_login(UserFactory())

    client.post(reverse("routines:routine-create"), {**ROUTINE, "name": "\u200bEvening\u200b"})

    assert Routine.objects.get().name == "Evening"


@pytest.mark.django_db
def test_a_session_named_with_invisible_characters_alone_is_refused(client):
    client.force_login(UserFactory())
    data = {"routine_name": "\u200b\u2060", "day": "2026-11-20", "minutes": 10}

    response = client.post(reverse("journal:session-create"), data)

    assert response.status_code == 422
    assert b"Choose a routine or write its name." in response.content
    assert not Session.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", INVISIBLE)
def test_a_sign_in_name_of_invisible_characters_is_refused(client, name):
    data = {"username": name, "password1": "a long pass phrase", "password2": "a long pass phrase"}

    response = client.post(reverse("sign-up"), data)

    assert response.status_code == 422
    assert not get_user_model().objects.exists()
