import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import PainEntry
from tests.factories import PainEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def entry(user, **fields) -> PainEntry:
    values = {"recorded_at": timezone.now() - dt.timedelta(hours=1), "level": 4}
    return PainEntry.objects.create(user=user, **(values | fields))


def test_quick_log_saves_a_level_in_one_post(client, person):
    client.force_login(person)

    response = client.post(reverse("journal:pain-quick"), {"level": 3}, headers=HTMX)

    assert response.status_code == 200
    assert response.templates[0].name == "journal/_quick_log.html"
    assert b"Saved: pain 3 out of 10" in response.content
    assert json.loads(response["HX-Trigger"]) == {"pain-logged": {}}  # the chart redraws
    saved = PainEntry.objects.get(user=person)
    assert saved.level == 3
    assert abs(saved.recorded_at - timezone.now()) < dt.timedelta(minutes=1)


def test_quick_log_without_javascript_goes_back_to_the_page(client, person):
    client.force_login(person)

    response = client.post(reverse("journal:pain-quick"), {"level": 5, "next": "/"})

    assert response["Location"] == "/"
    assert PainEntry.objects.get().level == 5


@pytest.mark.parametrize("level", ["", "11", "-1", "high"])
def test_quick_log_refuses_a_level_outside_the_scale(client, person, level):
    client.force_login(person)

    response = client.post(reverse("journal:pain-quick"), {"level": level}, headers=HTMX)

    assert response.status_code == 422
    assert b"Choose a number from 0" in response.content
    assert not PainEntry.objects.exists()


def test_quick_log_without_javascript_shows_only_the_levels_error(client, person):
    client.force_login(person)

    response = client.post(reverse("journal:pain-quick"), {"level": 12})

    assert response.status_code == 422
    assert b"Choose a number from 0 (no pain) to 10." in response.content
    assert b"This field is required" not in response.content
    assert not PainEntry.objects.exists()


def test_raising_an_entry_to_ten_when_editing_shows_the_urgent_signs(client, person):
    entry = PainEntryFactory(user=person, level=3)
    client.force_login(person)

    response = client.post(
        reverse("journal:pain-edit", args=[entry.pk]),
        {"level": 10, "recorded_at": "2026-01-05T08:00"},
        follow=True,
    )

    assert b"can need a doctor soon" in response.content
    assert b"weakness or numbness in both legs" in response.content  # the signs themselves


def test_a_level_of_nine_shows_the_urgent_signs_once(client, person):
    client.force_login(person)

    response = client.post(reverse("journal:pain-quick"), {"level": 9}, headers=HTMX)
    calm = client.post(reverse("journal:pain-quick"), {"level": 2}, headers=HTMX)

    assert b"can need a doctor soon" in response.content
    assert b"can need a doctor soon" not in calm.content


def test_tingling_in_both_legs_shows_the_urgent_signs(client, person):
    client.force_login(person)

    response = client.post(
        reverse("journal:pain-create"),
        {
            "level": 4,
            "recorded_at": "2026-01-05T08:00",
            "areas": ["left-leg", "right-leg"],
            "qualities": ["tingling"],
        },
        follow=True,
    )

    assert b"can need a doctor soon" in response.content
    assert PainEntry.objects.get().areas == ["left-leg", "right-leg"]


def test_full_entry_keeps_every_detail(client, person):
    client.force_login(person)

    client.post(
        reverse("journal:pain-create"),
        {
            "level": 6,
            "recorded_at": "2026-01-05T08:30",
            "areas": ["lower-back", "left-hip"],
            "qualities": ["aching", "stiff"],
            "worse": ["sitting"],
            "better": ["walking", "stretching"],
            "factors_note": "Long drive",
            "note": "Stiff on waking.",
        },
    )

    saved = PainEntry.objects.get()
    assert (saved.level, saved.areas, saved.qualities) == (
        6,
        ["lower-back", "left-hip"],
        ["aching", "stiff"],
    )
    assert (saved.worse, saved.better, saved.factors_note, saved.note) == (
        ["sitting"],
        ["walking", "stretching"],
        "Long drive",
        "Stiff on waking.",
    )
    assert timezone.localtime(saved.recorded_at).strftime("%Y-%m-%d %H:%M") == "2026-01-05 08:30"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"level": 4, "recorded_at": "2099-01-01T08:00"}, b"still to come"),
        ({"level": 4, "recorded_at": "yesterday"}, b"Enter a date and time"),
        ({"level": 4, "recorded_at": "2026-01-05T08:00", "areas": ["elbow"]}, b"valid choice"),
        ({"level": 4, "recorded_at": "2026-01-05T08:00", "note": "x" * 2001}, b"at most 2000"),
        ({"level": 12, "recorded_at": "2026-01-05T08:00"}, b"Choose a number from 0"),
    ],
)
def test_bad_entries_get_a_clear_error_and_nothing_is_saved(client, person, data, message):
    client.force_login(person)

    response = client.post(reverse("journal:pain-create"), data)

    assert response.status_code == 422
    assert message in response.content
    assert not PainEntry.objects.exists()


def test_an_entry_can_be_edited_and_deleted(client, person):
    mine = entry(person, level=4)
    client.force_login(person)

    client.post(
        reverse("journal:pain-edit", args=[mine.pk]),
        {"level": 2, "recorded_at": "2026-01-05T08:00"},
    )
    mine.refresh_from_db()
    assert mine.level == 2

    client.post(reverse("journal:pain-delete", args=[mine.pk]))
    assert not PainEntry.objects.exists()


@pytest.mark.parametrize("rows", [1, 60])
def test_pain_list_costs_the_same_queries_however_many(
    client, person, django_assert_num_queries, rows
):
    for _ in range(rows):
        entry(person)
    client.force_login(person)

    with django_assert_num_queries(4):
        client.get(reverse("journal:pain-list"))


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_someone_elses_entry_is_a_404_and_unchanged(client, person, who):
    theirs = entry(person, level=7, note="private")
    if who == "other":
        client.force_login(UserFactory())
    expected = 302 if who == "anonymous" else 404

    for method, name in [
        ("get", "journal:pain-edit"),
        ("post", "journal:pain-edit"),
        ("get", "journal:pain-delete"),
        ("post", "journal:pain-delete"),
    ]:
        response = getattr(client, method)(reverse(name, args=[theirs.pk]), {"level": 0})
        assert response.status_code == expected, name
    theirs.refresh_from_db()
    assert (theirs.level, theirs.note) == (7, "private")
