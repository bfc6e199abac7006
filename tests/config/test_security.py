"""Headers that keep the pages safe, and sign-in throttling."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_pages_say_which_browser_features_they_may_use(client):
    response = client.get(reverse("home"))

    policy = response["Permissions-Policy"]
    assert "camera=()" in policy
    assert "geolocation=()" in policy
    assert "screen-wake-lock=(self)" in policy  # the player keeps the screen on
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_five_wrong_passwords_pause_signing_in_with_a_clear_message(client):
    person = UserFactory()
    for _ in range(4):
        assert sign_in(client, person.username, "wrong").status_code == 200

    fifth = sign_in(client, person.username, "wrong")
    even_right = sign_in(client, person.username, PASSWORD)

    assert fifth.status_code == even_right.status_code == 429
    assert b"Signing in is paused for a while" in even_right.content
    assert b"15 minutes" in even_right.content
    assert b"set a new one" in even_right.content  # the way out: a password reset
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_name_from_that_address_only(client):
    person, other = UserFactory(), UserFactory()
    for _ in range(5):
        sign_in(client, person.username, "wrong")

    assert sign_in(client, other.username, PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, person.username, PASSWORD, address="198.51.100.9").status_code == 302


def test_after_the_pause_signing_in_works_again_and_resets_the_count(client):
    person = UserFactory()
    for _ in range(5):
        sign_in(client, person.username, "wrong")
    AccessAttempt.objects.update(attempt_time=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))

    response = sign_in(client, person.username, PASSWORD)

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=person.username).exists()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, client):
    from django.test import RequestFactory

    from config.shared.auth import client_ip

    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the first one, which the client wrote


def test_a_very_long_name_is_a_wrong_sign_in_not_an_error(client):
    """The throttle stores the name it was given: one longer than any account can have
    must still be a plain failed sign-in (PostgreSQL refused a 1,000-character one)."""
    name = "x" * 1000
    for _ in range(4):
        assert sign_in(client, name, "wrong").status_code == 200

    assert sign_in(client, name, "wrong").status_code == 429  # and counted like any other
