"""HEAD answers wherever GET does (calendar apps and monitors use it), and a signed-in
person's pages and exports are sent `Cache-Control: private, no-store`."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_permissions import TABLE, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

# Addresses with a caching rule of their own: the app's manifest and service worker (the
# same for everyone), the favicon's redirect, and the calendar feed (no pain records, and
# calendar apps ask often).
OWN_RULES = {"manifest", "service-worker", "/favicon.ico", "journal:reminders-feed"}


def path_of(name: str, world) -> str:  # noqa: F811
    arguments = TABLE[name][0]
    return (
        name if name.startswith("/") else reverse(name, args=arguments(world) if arguments else [])
    )


@pytest.mark.parametrize("name", sorted(TABLE))
def test_head_answers_as_get_does_without_a_body(world, name):  # noqa: F811
    path = path_of(name, world)
    for role in ("anonymous", "owner"):
        client = Client()
        if role == "owner":
            client.force_login(world["owner"])
        get, head = client.get(path), client.head(path)

        assert head.status_code == get.status_code, (role, path)
        assert head.content == b""
        if get.status_code == 200 and not get.streaming:
            assert int(head["Content-Length"]) == pytest.approx(len(get.content), abs=64)


def test_the_calendar_feed_answers_head_for_calendar_apps(world):  # noqa: F811
    url = reverse("journal:reminders-feed", args=[world["profile"].feed_token])

    response = Client().head(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert int(response["Content-Length"]) == len(Client().get(url).content)


@pytest.mark.parametrize("name", sorted(set(TABLE) - OWN_RULES))
def test_every_page_a_signed_in_person_gets_is_private_and_not_stored(world, name):  # noqa: F811
    client = Client()
    client.force_login(world["owner"])

    response = client.get(path_of(name, world))

    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, (name, response.status_code)


@pytest.mark.parametrize(
    ("name", "args"),
    [("journal:export-json", []), ("journal:export-csv", ["pain-entries"]), ("journal:report", [])],
)
def test_the_exports_are_not_stored(world, name, args):  # noqa: F811
    client = Client()
    client.force_login(world["owner"])

    response = client.get(reverse(name, args=args))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_for_someone_signed_out_may_be_cached(client):
    assert "Cache-Control" not in client.get(reverse("stretches:stretch-list"))
