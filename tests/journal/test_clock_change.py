"""A pain entry at a time read off the clock, in the hours the clocks change (Europe/London:
back an hour at 02:00 on 25 October 2026, forward at 01:00 on 29 March 2026)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from journal.forms import wall_clock_moment
from journal.models import PainEntry
from tests.factories import UserFactory

LONDON = ZoneInfo("Europe/London")
TWICE = datetime(2026, 10, 25, 1, 30)  # 00:30 UTC (summer time), then 01:30 UTC


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_time_that_came_twice_is_the_later_one_once_that_has_come():
    moment = wall_clock_moment(TWICE, zone=LONDON, now=utc(2026, 10, 25, 1, 40))

    assert moment == utc(2026, 10, 25, 1, 30)


def test_a_time_that_came_twice_is_the_earlier_one_while_the_later_is_to_come():
    moment = wall_clock_moment(TWICE, zone=LONDON, now=utc(2026, 10, 25, 0, 40))

    assert moment == utc(2026, 10, 25, 0, 30)


def test_an_ordinary_time_is_itself():
    moment = wall_clock_moment(datetime(2026, 7, 1, 7, 0), zone=LONDON, now=utc(2026, 12, 1))

    assert moment == utc(2026, 7, 1, 6, 0)


def test_a_time_skipped_when_the_clocks_went_forward_is_none():
    assert (
        wall_clock_moment(datetime(2026, 3, 29, 1, 30), zone=LONDON, now=utc(2026, 12, 1)) is None
    )


@pytest.mark.django_db
def test_pain_can_be_logged_in_the_hour_the_clocks_go_back(client, settings):
    settings.TIME_ZONE = "Europe/London"
    person = UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("journal:pain-create"), {"level": "4", "recorded_at": "2026-10-25T01:30"}
    )

    assert response.status_code == 302
    entry = PainEntry.objects.get(user=person)
    assert entry.recorded_at in (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30))
    assert entry.recorded_at.astimezone(LONDON).strftime("%H:%M") == "01:30"


@pytest.mark.django_db
def test_a_time_the_clocks_skipped_is_a_kind_form_error(client, settings):
    settings.TIME_ZONE = "Europe/London"
    person = UserFactory()
    client.force_login(person)

    response = client.post(
        reverse("journal:pain-create"), {"level": "4", "recorded_at": "2026-03-29T01:30"}
    )

    assert response.status_code == 422
    assert b"The clocks went forward then" in response.content
    assert not PainEntry.objects.filter(user=person).exists()
