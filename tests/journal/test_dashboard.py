import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import PainEntry, Session, SessionStep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def fill(user, *, days: int) -> None:
    """A pain entry every day, and a session with steps every other day."""
    today = timezone.localdate()
    entries, sessions = [], []
    for back in range(days):
        day = today - dt.timedelta(days=back)
        entries.append(PainEntry(user=user, level=back % 8, recorded_at=at(day)))
        if back % 2 == 0:
            sessions.append(
                Session(
                    user=user,
                    routine_name="Gentle floor routine" if back % 4 else "Desk break",
                    play_key=uuid.uuid4(),
                    started_at=at(day, 9),
                    finished_at=at(day, 10),
                    status="completed",
                    pain_before=5,
                    pain_after=3 if back % 4 else 5,
                )
            )
    PainEntry.objects.bulk_create(entries)
    Session.objects.bulk_create(sessions)
    SessionStep.objects.bulk_create(
        SessionStep(
            session=session,
            step_index=index,
            stretch_name=f"Stretch {index}",
            set_number=1,
            planned_seconds=30,
            actual_seconds=30,
            outcome="done",
        )
        for session in Session.objects.filter(user=user)
        for index in range(3)
    )


@pytest.mark.parametrize("days", [1, 3 * 365])
def test_dashboard_costs_the_same_few_queries_with_a_day_or_three_years(
    client, django_assert_num_queries, days
):
    person = UserFactory()
    fill(person, days=days)
    client.force_login(person)
    client.get(reverse("journal:dashboard"))  # the journal settings are made on first visit

    with django_assert_num_queries(7):
        response = client.get(reverse("journal:dashboard"), {"period": "all"})

    assert response.status_code == 200


def test_dashboard_shows_chart_summary_calendar_and_insights(client):
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)

    response = client.get(reverse("journal:dashboard"))

    content = response.content.decode()
    assert "<svg" in content
    assert "This month your average pain was" in content
    assert "On days you stretched" in content
    assert "Gentle floor routine" in content
    assert 'class="month"' in content


def test_a_new_journal_is_kind_about_having_no_data(client):
    client.force_login(UserFactory())

    response = client.get(reverse("journal:dashboard"))

    assert response.status_code == 200
    assert b"not logged your pain this month" in response.content


@pytest.mark.parametrize("period", ["4w", "3m", "1y", "all", "bogus", ""])
def test_every_period_shows_and_a_bad_one_falls_back(client, period):
    person = UserFactory()
    fill(person, days=20)
    client.force_login(person)

    page = client.get(reverse("journal:dashboard"), {"period": period})
    fragment = client.get(
        reverse("journal:dashboard"), {"period": period}, headers={"HX-Request": "true"}
    )

    assert page.status_code == 200
    assert fragment.templates[0].name == "journal/_dashboard_chart.html"
    assert fragment.content.lstrip().startswith(b'<section id="pain-chart"')


@pytest.mark.parametrize(
    "month", ["2026-02", "1999-01", "2026-13", "x", "2026-1-1", "99999999999999999999-1", "-5-3"]
)
def test_the_calendar_month_can_be_chosen_and_odd_values_are_ignored(client, month):
    client.force_login(UserFactory())

    assert client.get(reverse("journal:dashboard"), {"month": month}).status_code == 200


def test_the_journal_needs_sign_in(client):
    response = client.get(reverse("journal:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_home_page_offers_the_quick_log_when_signed_in(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert b'id="quick-log"' in response.content
    assert reverse("journal:pain-quick").encode() in response.content
