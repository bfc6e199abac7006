"""Every view that answers htmx with a fragment answers three ways: the whole page, the
fragment for `HX-Request`, and the whole page again for a history restore (htmx asks for
the address anew, with `HX-History-Restore-Request`, when its snapshot of a page is gone:
a fragment there would become the whole page)."""

import uuid

import pytest
from django.urls import reverse

from tests.factories import RoutineFactory, StretchFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def started_step(client, routine) -> str:
    key = uuid.uuid4()
    client.post(reverse("journal:player-start", args=[routine.pk]), {"play_key": key})
    return reverse("journal:player-step", args=[routine.pk, key, 1])


# Each fragment view, as the address of one of its pages for a person with a routine.
PAGES = {
    "catalogue": lambda client, routine: reverse("stretches:stretch-list") + "?in_bed=on",
    "add a stretch": lambda client, routine: reverse(
        "routines:stretch-add", args=[routine.items.first().stretch.slug]
    ),
    "composer": lambda client, routine: reverse("routines:routine-edit", args=[routine.pk]),
    "picker": lambda client, routine: reverse("routines:routine-picker", args=[routine.pk]),
    "journal": lambda client, routine: reverse("journal:dashboard") + "?period=month",
    "before playing": lambda client, routine: reverse("journal:player-start", args=[routine.pk]),
    "a step": started_step,
}


@pytest.mark.parametrize("name", PAGES)
def test_a_history_restore_gets_the_whole_page_not_the_fragment(client, person, name):
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(2))
    client.force_login(person)
    url = PAGES[name](client, routine)

    page = client.get(url)
    fragment = client.get(url, headers=HTMX)
    restore = client.get(url, headers=RESTORE)

    assert (page.status_code, fragment.status_code, restore.status_code) == (200, 200, 200)
    assert b"<html" in page.content
    assert b"<html" not in fragment.content  # the control: htmx alone gets the fragment
    assert fragment.templates[0].name.rsplit("/", 1)[-1].startswith("_")
    assert b"<html" in restore.content
    assert restore.templates[0].name == page.templates[0].name


@pytest.mark.parametrize("name", PAGES)
def test_a_page_that_answers_htmx_with_a_fragment_says_it_varies_on_hx_request(
    client, person, name
):
    """Without `Vary: HX-Request` a browser's cache may give the fragment for the page."""
    routine = RoutineFactory(owner=person, stretches=StretchFactory.create_batch(2))
    client.force_login(person)

    page = client.get(PAGES[name](client, routine))

    assert "HX-Request" in page.headers.get("Vary", "")
