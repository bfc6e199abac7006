"""Limits on password-reset e-mails and sign-ups, wrong passwords behind a session counted
with wrong sign-ins, and the client's address taken only from the proxies the deployment
declares."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from config.shared import throttle
from config.shared.auth import client_ip
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
HERE = "203.0.113.7"
PAUSED = b"Signing in is paused for a while"
WAIT = b"Please wait a while"


def without_token(content: bytes) -> bytes:
    """The page without its CSRF token, which differs on every page."""
    return re.sub(rb'"X-CSRFToken": "[^"]*"', b"", content)


def reset(client, email: str, address: str = HERE, **extra):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, **extra)


def sign_up(client, n: int, email: str = "", address: str = HERE):
    email = email or f"new{n}@example.org"  # an e-mail is asked for at sign-up
    data = {"username": f"new{n}", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("sign-up"), data, REMOTE_ADDR=address)


# --- The counting itself, without HTTP ------------------------------------------------------


def test_a_limit_allows_so_many_in_a_window_then_refuses_until_the_next():
    limit = throttle.Limit("test", times=3, seconds=3600)
    start = 7200.0

    answers = [throttle.throttle_count(limit=limit, value="a@x.org", now=start) for _ in range(4)]

    assert answers == [False, False, False, True]
    assert not throttle.throttle_count(limit=limit, value="b@x.org", now=start)
    assert not throttle.throttle_count(limit=limit, value="a@x.org", now=start + 3600)


def test_the_same_e_mail_in_capitals_or_with_spaces_counts_as_one():
    limit = throttle.Limit("test", times=1, seconds=3600)

    assert not throttle.throttle_count(limit=limit, value="Sam@Example.org", now=0)
    assert throttle.throttle_count(limit=limit, value=" sam@example.org ", now=0)


def test_nothing_to_count_by_is_never_over_the_limit():
    limit = throttle.Limit("test", times=0, seconds=60)

    assert not throttle.throttle_count(limit=limit, value=None)
    assert not throttle.throttle_count(limit=limit, value="")


def test_the_cache_key_never_holds_the_address_or_e_mail(monkeypatch):
    keys = []
    monkeypatch.setattr(throttle, "count_in_window", lambda key, **kw: keys.append(key) or 1)
    throttle.throttle_count(limit=throttle.RESET_PER_EMAIL, value="sam@example.org")

    assert "sam" not in keys[0]
    assert keys[0].startswith("throttle:reset-email:")


# --- Password resets ------------------------------------------------------------------------


@pytest.mark.parametrize("has_account", [True, False])
def test_three_reset_e_mails_an_hour_for_one_address_then_a_kind_429(client, has_account):
    if has_account:
        UserFactory(email="sam@example.org")

    statuses = [reset(client, "sam@example.org").status_code for _ in range(3)]
    fourth = reset(client, "sam@example.org", address="198.51.100.9")  # from anywhere

    assert statuses == [302, 302, 302]
    assert len(mail.outbox) == (3 if has_account else 0)
    assert fourth.status_code == 429
    assert WAIT in fourth.content
    assert b"may already be on its way" in fourth.content
    assert b"paused them for up to an hour" in fourth.content
    assert fourth["Retry-After"] == "3600"
    assert len(mail.outbox) == (3 if has_account else 0)


def test_the_refusal_does_not_say_whether_an_account_exists(client):
    UserFactory(email="known@example.org")
    for _ in range(3):
        reset(client, "known@example.org")
        reset(client, "unknown@example.org")

    known = reset(client, "known@example.org")
    unknown = reset(client, "unknown@example.org")

    assert known.status_code == unknown.status_code == 429
    assert without_token(known.content) == without_token(unknown.content)


def test_ten_reset_requests_an_hour_from_one_address(client):
    statuses = [reset(client, f"person{n}@example.org").status_code for n in range(11)]

    assert statuses == [302] * 10 + [429]
    assert reset(client, "another@example.org", address="198.51.100.9").status_code == 302


def test_a_reset_form_with_a_mistake_is_not_counted(client):
    for _ in range(12):
        assert reset(client, "not an e-mail").status_code == 200

    assert reset(client, "sam@example.org").status_code == 302


# --- Sign-ups -------------------------------------------------------------------------------


def test_ten_sign_up_forms_an_hour_from_one_address_then_a_kind_429(client):
    statuses = []
    for n in range(11):
        statuses.append(sign_up(client, n).status_code)
        client.logout()

    assert statuses == [302] * 10 + [429]
    assert get_user_model().objects.count() == 10
    assert sign_up(client, 99, address="198.51.100.9").status_code == 302


def test_three_sign_ups_an_hour_with_one_e_mail_from_anywhere(client):
    statuses = []
    for n in range(4):
        statuses.append(sign_up(client, n, "sam@example.org", f"198.51.100.{n}").status_code)
        client.logout()

    assert statuses == [302, 302, 302, 429]


# --- Wrong passwords behind a session ---------------------------------------------------------


def change_password(client, old: str):
    data = {
        "old_password": old,
        "new_password1": "a new long phrase",
        "new_password2": "a new long phrase",
    }
    return client.post(reverse("password_change"), data, REMOTE_ADDR=HERE)


def delete_account(client, password: str):
    return client.post(reverse("account-delete"), {"password": password}, REMOTE_ADDR=HERE)


def sign_in(client, username: str, password: str, address: str = HERE, **extra):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address, **extra)


def test_wrong_passwords_on_the_change_form_pause_it_and_signing_in(client):
    person = UserFactory()
    client.force_login(person)
    for _ in range(4):
        assert change_password(client, "wrong").status_code == 200

    fifth = change_password(client, "wrong")
    even_right = change_password(client, PASSWORD)

    assert fifth.status_code == even_right.status_code == 429
    assert PAUSED in even_right.content
    assert b"Wrong passwords typed to change a password" in even_right.content
    person.refresh_from_db()
    assert person.check_password(PASSWORD)  # unchanged
    client.logout()
    paused = sign_in(client, person.username, PASSWORD)
    assert paused.status_code == 429
    assert b"Wrong passwords typed to change" not in paused.content  # on the sign-in page


def test_wrong_passwords_on_the_delete_form_count_with_wrong_sign_ins(client):
    person = UserFactory()
    for _ in range(3):
        sign_in(client, person.username, "wrong")
    client.force_login(person)

    assert delete_account(client, "wrong").status_code == 422
    assert delete_account(client, "wrong").status_code == 429  # the fifth
    assert delete_account(client, PASSWORD).status_code == 429
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_the_right_password_still_deletes_the_account_before_the_limit(client):
    person = UserFactory()
    client.force_login(person)
    delete_account(client, "wrong")

    assert delete_account(client, PASSWORD).status_code == 302
    assert not get_user_model().objects.filter(pk=person.pk).exists()


# --- The client's address behind proxies ------------------------------------------------------


def address(settings, proxies: int, forwarded: str | None, remote: str = "10.0.0.2") -> str:
    settings.PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_with_no_proxy_declared_the_header_is_ignored(settings):
    assert address(settings, 0, "6.6.6.6", remote=HERE) == HERE


def test_the_address_is_taken_as_many_places_from_the_end_as_there_are_proxies(settings):
    forwarded = "6.6.6.6, 203.0.113.7, 10.0.0.1"  # the client's word, the client, proxy 1

    assert address(settings, 1, forwarded) == "10.0.0.1"
    assert address(settings, 2, forwarded) == HERE
    assert address(settings, 2, "6.6.6.6,203.0.113.7,10.0.0.1") == HERE


@pytest.mark.parametrize("forwarded", [None, "", "10.0.0.1", "not-an-address, 10.0.0.1"])
def test_a_header_that_did_not_come_through_every_proxy_is_not_trusted(settings, forwarded):
    assert address(settings, 2, forwarded, remote="10.0.0.2") == "10.0.0.2"


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_rotating_x_forwarded_for_does_not_escape_the_sign_in_pause(settings, client, proxies):
    """An attacker writes whatever it likes at the start of the header; the proxies add the
    real address after it (none here: the attacker connects from HERE itself)."""
    settings.PROXY_COUNT = proxies
    person = UserFactory()
    chain = {0: "", 1: "", 2: ", 10.0.0.1"}[proxies]
    remote = HERE if proxies == 0 else "10.0.0.2"
    real = "" if proxies == 0 else f", {HERE}"
    statuses = []
    for n in range(6):
        spoofed = f"198.51.100.{n}{real}{chain}"
        response = sign_in(
            client, person.username, "wrong", address=remote, HTTP_X_FORWARDED_FOR=spoofed
        )
        statuses.append(response.status_code)

    assert statuses == [200] * 4 + [429] * 2


def test_rotating_x_forwarded_for_does_not_escape_the_reset_limit(settings, client):
    settings.PROXY_COUNT = 1
    statuses = [
        reset(
            client,
            f"p{n}@example.org",
            address="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {HERE}",
        ).status_code
        for n in range(11)
    ]

    assert statuses[-1] == 429
