import datetime as dt
import json
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from config.shared.caching import cache_clear
from journal import selectors, services
from journal.exchange.export import export_data
from journal.exchange.writer import import_data
from journal.forms import ProfileForm
from journal.models import JournalProfile, PainEntry, Session, SessionStep
from tests.factories import RoutineFactory, StretchFactory, UserFactory

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
    services.journal_changed(person)

    # After a change: the session, the person, their settings, the play-through to
    # continue (none) and four aggregates.
    with django_assert_num_queries(8):
        first = client.get(reverse("journal:dashboard"), {"period": "all"})
    # Until the next change: the aggregates and the drawn parts come from the cache.
    with django_assert_num_queries(4):
        again = client.get(reverse("journal:dashboard"), {"period": "all"})

    assert first.status_code == again.status_code == 200


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


def _page(client, **query) -> str:
    """The dashboard's HTML, less its CSRF tokens (they differ on every response)."""
    html = client.get(reverse("journal:dashboard"), query).content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", html)


def _today_entry(person) -> PainEntry:
    return PainEntry.objects.get(user=person, day=timezone.localdate())


def _played(client, person) -> None:
    routine = RoutineFactory(owner=person, stretches=[StretchFactory(name="Knee hug")])
    item = routine.items.select_related("stretch").get()
    steps = routine.plan()
    session = services.session_start(
        user=person, routine=routine, play_key=uuid.uuid4(), pain_before=6
    )
    for step in (step for step in steps if step.is_work):
        services.session_record_step(
            session=session, step=step, item=item, outcome="done", actual_seconds=step.seconds
        )
    services.session_finish(session=session, pain_after=2, note="", work_steps=len(steps))


def _imported(client, person) -> None:
    other = UserFactory()
    for back in range(1, 4):
        services.pain_entry_create(
            user=other, level=7, recorded_at=timezone.now() - dt.timedelta(back)
        )
    import_data(user=person, data=json.dumps(export_data(user=other)).encode())


CHANGES = {
    "pain logged": lambda client, person: client.post(reverse("journal:pain-quick"), {"level": 9}),
    "pain entry added": lambda client, person: client.post(
        reverse("journal:pain-create"),
        {"level": 10, "recorded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    ),
    "pain entry edited": lambda client, person: client.post(
        reverse("journal:pain-edit", args=[_today_entry(person).pk]),
        {"level": 10, "recorded_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    ),
    "pain entry deleted": lambda client, person: client.post(
        reverse("journal:pain-delete", args=[_today_entry(person).pk])
    ),
    "session added by hand": lambda client, person: client.post(
        reverse("journal:session-create"),
        {
            "routine_name": "Walk and stretch",
            "day": timezone.localdate().isoformat(),
            "minutes": 10,
            "pain_before": 6,
            "pain_after": 1,
        },
    ),
    "routine played": _played,
    "journal imported": _imported,
    "weekly goal changed": lambda client, person: client.post(
        reverse("journal:settings"), {"weekly_goal": 1}
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_cached_dashboard_follows_every_change_to_the_journal(client, change):
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)
    before = _page(client)
    assert _page(client) == before  # drawn from the cache

    response = CHANGES[change](client, person)

    assert response is None or response.status_code == 302
    _page(client)  # with the change's message, shown once
    after = _page(client)
    cache_clear()
    assert after != before
    assert after == _page(client)  # the same as drawn afresh


def _insights(client) -> str:
    """The dashboard's "What seems to help", as drawn."""
    return re.search(r"<section[^>]*dashboard-insights.*?</section>", _page(client), re.S)[0]


def _versions(person) -> tuple[int, int]:
    profile = JournalProfile.objects.get(user=person)
    return profile.journal_version, profile.sessions_version


def _session_deleted(client, person):
    session = Session.objects.filter(user=person, routine_name="Desk break").first()
    return client.post(reverse("journal:session-delete", args=[session.pk]))


NOT_SESSIONS = [
    "pain logged",
    "pain entry added",
    "pain entry edited",
    "pain entry deleted",
    "weekly goal changed",
]
SESSIONS_CHANGED = {
    "session added by hand": CHANGES["session added by hand"],
    "routine played": CHANGES["routine played"],
    "session deleted": _session_deleted,
}


@pytest.mark.parametrize("change", NOT_SESSIONS)
def test_logging_pain_leaves_the_per_stretch_insights_cached_and_right(
    client, django_assert_num_queries, monkeypatch, change
):
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)
    _page(client)
    journal, sessions = _versions(person)

    CHANGES[change](client, person)

    assert _versions(person) == (journal + 1, sessions)
    _page(client)  # with the change's message, shown once

    def recomputed(user):
        raise AssertionError("the sessions' aggregates were worked out again")

    monkeypatch.setattr(selectors, "session_stretches", recomputed)
    monkeypatch.setattr(selectors, "routine_changes", recomputed)
    services.journal_changed(person, sessions=False)
    # The session, the person, their settings, the play-through to continue (none), pain
    # by day and sessions by day: the per-routine and per-stretch parts from the cache.
    with django_assert_num_queries(6):
        after = _page(client)
    monkeypatch.undo()
    cache_clear()
    assert after == _page(client)  # the same as drawn afresh


@pytest.mark.parametrize("change", SESSIONS_CHANGED)
def test_a_new_or_deleted_session_moves_the_per_stretch_insights(client, change):
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)
    before = _insights(client)
    journal, sessions = _versions(person)

    response = SESSIONS_CHANGED[change](client, person)

    assert response is None or response.status_code == 302
    moved_journal, moved_sessions = _versions(person)
    assert moved_journal > journal
    assert moved_sessions > sessions
    _page(client)  # with the change's message, shown once
    after = _insights(client)
    cache_clear()
    assert after != before
    assert after == _insights(client)  # the same as drawn afresh


def test_an_edited_session_moves_the_per_stretch_insights(client):
    """A session's pains edited where the sessions' version is not moved by hand: the
    service moves it, and the insights follow."""
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)
    before = _insights(client)
    Session.objects.filter(user=person, routine_name="Desk break").update(pain_after=0)
    services.session_note_set(
        session=Session.objects.filter(user=person).first(), note="Edited afterwards"
    )

    after = _insights(client)
    cache_clear()
    assert after != before
    assert after == _insights(client)


def test_saving_the_settings_keeps_a_change_made_since_they_were_read():
    """A player in another tab records a step while the settings page is open: saving the
    settings must not wind the journal's version (or the feed's address) back to what the
    page read, or the dashboard drawn before that step would be shown again."""
    person = UserFactory()
    profile = services.profile_for(person)
    form = ProfileForm(
        {"weekly_goal": 2, "reminder_days": ["MO"], "reminder_time": "07:30"}, instance=profile
    )
    assert form.is_valid()
    services.pain_entry_create(user=person, level=4)  # meanwhile, in another tab
    services.profile_feed_reset(profile=services.profile_for(person))
    changed = services.profile_for(person)

    services.profile_update(profile=profile, form=form)

    saved = services.profile_for(person)
    # Moved on from what was changed meanwhile (the new weekly goal moves it once more).
    assert (changed.journal_version, saved.journal_version) == (1, 2)
    assert saved.feed_token == changed.feed_token
    assert (saved.weekly_goal, saved.reminder_days, saved.reminders_changed_at is not None) == (
        2,
        ["MO"],
        True,
    )


def test_a_write_and_its_new_version_land_together_or_not_at_all(monkeypatch):
    """Were the version not moved on after a write that stays, the dashboard would show the
    journal as it was until the next write."""
    person = UserFactory()
    services.profile_for(person)

    def fails(user, *, sessions=True):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(services, "journal_changed", fails)
    with pytest.raises(RuntimeError):
        services.pain_entry_create(user=person, level=4)
    with pytest.raises(RuntimeError):
        services.session_start(
            user=person, routine=RoutineFactory(owner=person), play_key=uuid.uuid4(), pain_before=3
        )

    assert not PainEntry.objects.filter(user=person).exists()
    assert not Session.objects.filter(user=person).exists()


def test_the_cached_dashboard_moves_on_at_midnight(client, monkeypatch):
    person = UserFactory()
    fill(person, days=40)
    client.force_login(person)
    today = _page(client)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    next_day = _page(client)
    cache_clear()

    assert next_day != today
    assert next_day == _page(client)


def test_each_period_and_month_is_drawn_for_itself(client):
    person = UserFactory()
    fill(person, days=400)
    client.force_login(person)
    pages = {
        (period, month): _page(client, period=period, month=month)
        for period in ("4w", "1y")
        for month in ("2026-01", "2026-02")
    }
    cache_clear()

    assert len(set(pages.values())) == 4
    for (period, month), page in pages.items():
        assert page == _page(client, period=period, month=month)


def test_stretches_always_done_together_make_one_line_not_one_each(client):
    person = UserFactory()
    fill(person, days=40)  # every session plays Stretch 0, 1 and 2
    client.force_login(person)

    content = client.get(reverse("journal:dashboard")).content.decode()

    assert content.count("were always done together") == 1
    assert "Stretch 0, Stretch 1 and Stretch 2 were always done together" in content
    assert "With Stretch 0," not in content


def test_with_nothing_logged_this_month_the_summary_and_calendar_show_the_last_month(client):
    person = UserFactory()
    first = timezone.localdate().replace(day=1)
    last_month = (first - dt.timedelta(days=1)).replace(day=1)
    for offset in range(3):
        PainEntry.objects.create(
            user=person, level=4, recorded_at=at(last_month + dt.timedelta(days=offset))
        )
    client.force_login(person)

    content = client.get(reverse("journal:dashboard")).content.decode()
    chosen = client.get(reverse("journal:dashboard"), {"month": first.strftime("%Y-%m")})

    name = last_month.strftime("%B %Y")
    assert f"Nothing logged yet this month. In {name} your average pain was 4.0" in content
    assert f'<h2 id="calendar-title">{name}</h2>' in content
    assert "your last month with notes" in content
    # Asked for, this month is shown as it is.
    assert f'<h2 id="calendar-title">{first.strftime("%B %Y")}</h2>' in chosen.content.decode()
    assert "your last month with notes" not in chosen.content.decode()


def test_pain_rising_over_the_period_is_said_with_a_pointer_to_safety(client):
    person = UserFactory()
    today = timezone.localdate()
    PainEntry.objects.bulk_create(
        PainEntry(
            user=person,
            level=6 if back < 30 else 3,
            recorded_at=at(today - dt.timedelta(days=back)),
        )
        for back in range(91)
    )
    client.force_login(person)

    fragment = client.get(
        reverse("journal:dashboard"), {"period": "3m"}, headers={"HX-Request": "true"}
    ).content.decode()

    assert "Your pain has risen from about 3 to about 6 over the last three months." in fragment
    assert f'href="{reverse("safety")}"' in fragment
