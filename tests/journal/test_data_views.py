import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from journal.feeds import reminders_calendar, webcal_url
from journal.forms import ImportForm
from journal.models import JournalProfile, KeptImport, PainEntry, Session
from journal.services import profile_for
from routines.models import Routine
from tests.factories import (
    JournalProfileFactory,
    RoutineFactory,
    SessionFactory,
    StretchFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_settings_save_the_goal_and_reminder_days(client, person):
    client.force_login(person)

    response = client.post(
        reverse("journal:settings"),
        {"weekly_goal": 4, "reminder_days": ["MO", "TH"], "reminder_time": "07:15"},
    )

    assert response.status_code == 302
    profile = JournalProfile.objects.get(user=person)
    assert (profile.weekly_goal, profile.reminder_days) == (4, ["MO", "TH"])
    assert profile.reminder_time == dt.time(7, 15)


@pytest.mark.parametrize(
    "data",
    [
        {"weekly_goal": 0},
        {"weekly_goal": 99},
        {"weekly_goal": 3, "reminder_days": ["XX"]},
        {"weekly_goal": 3, "reminder_days": ["MO"]},  # no time
        {"weekly_goal": 3, "reminder_time": "25:00"},
    ],
)
def test_bad_settings_are_refused(client, person, data):
    client.force_login(person)

    response = client.post(reverse("journal:settings"), data)

    assert response.status_code == 422
    assert JournalProfile.objects.get(user=person).weekly_goal == 3


def test_the_reminders_feed_is_found_by_its_secret_token_alone(client, person):
    profile = JournalProfileFactory(
        user=person, reminder_days=["MO", "FR"], reminder_time=dt.time(7, 0)
    )

    response = client.get(reverse("journal:reminders-feed", args=[profile.feed_token]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,FR" in body
    assert "T070000" in body
    assert body.endswith("END:VCALENDAR\r\n")


def test_a_wrong_feed_token_is_a_404(client, person):
    profile_for(person)

    assert client.get(reverse("journal:reminders-feed", args=["nope"])).status_code == 404


def test_a_new_feed_address_retires_the_old_one(client, person):
    old = profile_for(person).feed_token
    client.force_login(person)

    client.post(reverse("journal:feed-reset"))

    new = JournalProfile.objects.get(user=person).feed_token
    assert new != old
    assert client.get(reverse("journal:reminders-feed", args=[old])).status_code == 404
    assert client.get(reverse("journal:reminders-feed", args=[new])).status_code == 200


def calendar(**overrides) -> str:
    values = {
        "uid": "x",
        "days": ["MO"],
        "at": dt.time(7, 0),
        "since": dt.date(2026, 11, 21),  # a Saturday
        "stamp": dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC),
        "url": "https://example.org/routines/",
    }
    return reminders_calendar(**(values | overrides))


def test_the_calendar_without_days_is_empty_but_valid():
    body = calendar(days=[], at=None)

    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "VEVENT" not in body


def test_long_calendar_lines_are_folded():
    body = calendar(url="https://example.org/" + "a" * 120)

    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_event_starts_on_the_first_chosen_day_at_a_floating_local_time():
    body = calendar(days=["TH", "MO"])

    # From Saturday 21 November, Monday the 23rd comes first; no time zone, no VTIMEZONE.
    assert "DTSTART:20261123T070000\r\n" in body
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO,TH\r\n" in body
    assert "DTSTAMP:20261121T093000Z\r\n" in body
    assert "TZID" not in body


def test_the_feed_is_the_same_from_one_fetch_to_the_next(client, person):
    client.force_login(person)
    client.post(
        reverse("journal:settings"),
        {"weekly_goal": 3, "reminder_days": ["WE"], "reminder_time": "18:15"},
    )
    url = reverse("journal:reminders-feed", args=[profile_for(person).feed_token])

    first, second = client.get(url).content, client.get(url).content

    assert first == second
    assert b"BYDAY=WE" in first
    assert b"T181500" in first


def test_a_session_done_without_the_app_can_be_added(client, person):
    routine = RoutineFactory(owner=person, name="Evening", stretches=[StretchFactory()])
    client.force_login(person)

    response = client.post(
        reverse("journal:session-create"),
        {
            "routine": routine.pk,
            "day": "2026-01-05",
            "minutes": 12,
            "pain_before": 5,
            "pain_after": 3,
        },
    )

    session = Session.objects.get(user=person)
    assert response["Location"] == session.get_absolute_url()
    assert (session.routine, session.routine_name, session.manual) == (routine, "Evening", True)
    assert session.finished_at - session.started_at == dt.timedelta(minutes=12)
    assert (session.status, session.pain_before, session.pain_after) == ("completed", 5, 3)


@pytest.mark.parametrize(
    "data",
    [
        {"routine_name": "", "day": "2026-01-05", "minutes": 10},
        {"routine_name": "Yoga", "day": "2099-01-05", "minutes": 10},
        {"routine_name": "Yoga", "day": "2026-01-05", "minutes": 0},
        {"routine_name": "Yoga", "day": "2026-01-05", "minutes": 10, "pain_before": 11},
    ],
)
def test_a_bad_manual_session_is_refused(client, person, data):
    client.force_login(person)

    response = client.post(reverse("journal:session-create"), data)

    assert response.status_code == 422
    assert not Session.objects.exists()


def test_someone_elses_routine_cannot_be_chosen_for_a_manual_session(client, person):
    theirs = RoutineFactory(name="Theirs")
    client.force_login(person)

    response = client.post(
        reverse("journal:session-create"),
        {"routine": theirs.pk, "day": "2026-01-05", "minutes": 10},
    )

    assert response.status_code == 422
    assert not Session.objects.exists()


def test_deleting_the_account_needs_the_password_and_removes_everything(client, person):
    PainEntry.objects.create(user=person, level=3, recorded_at=timezone.now())
    RoutineFactory(owner=person)
    client.force_login(person)

    wrong = client.post(reverse("account-delete"), {"password": "not it"})
    assert wrong.status_code == 422
    assert get_user_model().objects.filter(pk=person.pk).exists()

    right = client.post(reverse("account-delete"), {"password": "correct horse battery staple"})
    assert right["Location"] == reverse("home")
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    assert not PainEntry.objects.exists()
    assert not Routine.objects.filter(owner__isnull=False).exists()
    assert client.get(reverse("account")).status_code == 302


def test_the_report_shows_the_chosen_period(client, person):
    PainEntry.objects.create(
        user=person, level=6, recorded_at=timezone.make_aware(dt.datetime(2026, 1, 10, 9))
    )
    PainEntry.objects.create(
        user=person, level=2, recorded_at=timezone.make_aware(dt.datetime(2025, 6, 10, 9))
    )
    client.force_login(person)

    response = client.get(reverse("journal:report"), {"start": "2026-01-01", "end": "2026-01-31"})

    assert response.status_code == 200
    assert b"1 January 2026 to 31 January 2026" in response.content
    assert response.context["average"] == 6
    assert b"<svg" in response.content


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        ("2099-01-01", "2099-12-31", "That day is still to come."),
        ("0001-01-01", "2026-01-01", "Choose a day from 1 January 2000 on."),
    ],
)
def test_a_report_of_odd_days_explains_instead_of_failing(client, person, start, end, error):
    client.force_login(person)

    response = client.get(reverse("journal:report"), {"start": start, "end": end})

    assert response.status_code == 422
    assert error.encode() in response.content


def test_a_session_added_by_hand_for_this_morning_is_not_in_the_future(client, person):
    client.force_login(person)

    client.post(
        reverse("journal:session-create"),
        {"routine_name": "Physio", "day": timezone.localdate().isoformat(), "minutes": 20},
    )

    session = Session.objects.get(user=person)
    assert session.finished_at <= timezone.now()
    assert session.seconds_spent == 20 * 60


def test_a_pain_entry_from_year_one_is_refused(client, person):
    client.force_login(person)

    response = client.post(
        reverse("journal:pain-create"), {"level": 3, "recorded_at": "0001-01-01T00:30"}
    )

    assert response.status_code == 422
    assert b"Choose a day from 1 January 2000 on." in response.content
    assert not PainEntry.objects.exists()


def test_a_report_with_the_days_the_wrong_way_round_explains(client, person):
    client.force_login(person)

    response = client.get(reverse("journal:report"), {"start": "2026-02-01", "end": "2026-01-01"})

    assert response.status_code == 422
    assert b"The first day must come before the last." in response.content


def test_exports_download_as_files(client, person):
    PainEntry.objects.create(user=person, level=3, recorded_at=timezone.now())
    client.force_login(person)

    csv = client.get(reverse("journal:export-csv", args=["pain-entries"]))
    everything = client.get(reverse("journal:export-json"))

    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.startswith("\ufeff".encode())  # spreadsheets then read it as UTF-8
    assert "attachment" in csv["Content-Disposition"]
    assert json.loads(everything.content)["pain_entries"][0]["level"] == 3
    assert client.get(reverse("journal:export-csv", args=["secrets"])).status_code == 404


def test_an_import_replaces_the_journal_with_the_file(client, person):
    PainEntry.objects.create(user=person, level=3, recorded_at=timezone.now())
    client.force_login(person)
    exported = client.get(reverse("journal:export-json")).content
    PainEntry.objects.create(user=person, level=9, recorded_at=timezone.now())

    response = client.post(
        reverse("journal:import"),
        {"file": SimpleUploadedFile("b.json", exported), "mode": "replace", "confirm": "on"},
    )

    assert response.status_code == 302
    assert list(PainEntry.objects.filter(user=person).values_list("level", flat=True)) == [3]


@pytest.mark.parametrize(
    "content", [b"not json", b'{"format": "something else"}', b'{"pain_entries": [{"level": 99}]}']
)
def test_a_bad_import_says_what_is_wrong_and_changes_nothing(client, person, content):
    PainEntry.objects.create(user=person, level=3, recorded_at=timezone.now())
    client.force_login(person)

    response = client.post(
        reverse("journal:import"),
        {"file": SimpleUploadedFile("b.json", content), "confirm": "on"},
    )

    assert response.status_code == 422
    assert b"nothing changed" in response.content
    assert list(PainEntry.objects.values_list("level", flat=True)) == [3]


def test_an_oversized_import_is_refused_before_reading(client, person):
    client.force_login(person)
    big = SimpleUploadedFile("b.json", b" " * (ImportForm.MAX_BYTES + 1))

    response = client.post(reverse("journal:import"), {"file": big, "confirm": "on"})

    assert response.status_code == 422
    assert b"larger than 16 MB" in response.content


def test_a_much_larger_upload_is_refused_by_its_declared_size(client, person):
    client.force_login(person)
    big = SimpleUploadedFile("b.json", b" " * (ImportForm.MAX_BYTES + 1024 * 1024))

    response = client.post(reverse("journal:import"), {"file": big, "confirm": "on"})

    assert response.status_code == 413
    assert b"larger than 16 MB" in response.content


# --- Import: add or replace, problems in plain words, the file kept ------------------------


def _export(client, person, *levels: int) -> bytes:
    for back, level in enumerate(levels):
        PainEntry.objects.create(
            user=person, level=level, recorded_at=timezone.now() - dt.timedelta(days=back + 1)
        )
    client.force_login(person)
    return client.get(reverse("journal:export-json")).content


def _post(client, content: bytes | None = None, name: str = "backstretch.json", **fields):
    data = dict(fields)
    if content is not None:
        data["file"] = SimpleUploadedFile(name, content)
    return client.post(reverse("journal:import"), data)


@pytest.mark.parametrize("kept", [False, True])
def test_the_import_page_costs_the_same_few_queries_with_a_kept_file_or_none(
    client, person, django_assert_num_queries, kept
):
    exported = _export(client, person, *range(10))
    if kept:
        _post(client, exported, mode="replace")  # no confirm: kept
    # The session, the person and the kept file.
    with django_assert_num_queries(3):
        response = client.get(reverse("journal:import"))

    assert response.status_code == 200
    assert (b"is checked and ready" in response.content) is kept


def test_adding_keeps_the_entries_logged_since_the_export(client, person):
    exported = _export(client, person, 3, 4)
    for minutes in range(4):  # logged a moment ago
        PainEntry.objects.create(
            user=person, level=6, recorded_at=timezone.now() - dt.timedelta(minutes=minutes)
        )

    response = _post(client, exported, mode="add")

    assert response.status_code == 302
    assert PainEntry.objects.filter(user=person).count() == 6
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        "Added 0 routines, 0 pain entries and 0 sessions to your journal. "
        "Already there, so left as they were: 2 pain entries."
    ]


def test_a_good_file_sent_without_a_way_chosen_is_kept_and_need_not_be_chosen_again(client, person):
    exported = _export(client, person, 3, 4)
    PainEntry.objects.create(user=person, level=9, recorded_at=timezone.now())

    first = _post(client, exported, name="backstretch-2026-11-30.json")
    second = _post(client, mode="replace")  # the box not ticked
    third = _post(client, mode="replace", confirm="on")  # no file chosen this time

    assert first.status_code == second.status_code == 422
    for response in (first, second):
        content = response.content.decode()
        assert "<strong>backstretch-2026-11-30.json</strong>" in content
        assert "is checked and ready: you need not choose it again" in content
        assert "Or choose another file" in content
    assert "Choose “Add to my journal” or “Replace everything”." in first.content.decode()
    assert "Tick this box to replace everything" in second.content.decode()
    assert third.status_code == 302
    assert sorted(PainEntry.objects.filter(user=person).values_list("level", flat=True)) == [3, 4]
    assert not KeptImport.objects.filter(user=person).exists()


def test_a_kept_file_is_its_owners_alone_and_only_for_a_while(client, person):
    exported = _export(client, person, 3)
    _post(client, exported, mode="replace")
    other = UserFactory()
    client.force_login(other)

    theirs = _post(client, mode="add")

    assert theirs.status_code == 422
    assert "Choose the file to import" in theirs.content.decode()
    assert not PainEntry.objects.filter(user=other).exists()

    KeptImport.objects.filter(user=person).update(
        kept_at=timezone.now() - KeptImport.KEEP_FOR - dt.timedelta(seconds=1)
    )
    client.force_login(person)
    stale = _post(client, mode="add")

    assert stale.status_code == 422
    assert "Choose the file to import" in stale.content.decode()


def test_a_file_with_problems_is_not_kept_and_they_are_said_plainly(client, person):
    exported = json.loads(_export(client, person, 3))
    _post(client, json.dumps(exported).encode(), mode="replace")  # kept
    exported["pain_entries"][0]["level"] = 12
    day = timezone.localtime(dt.datetime.fromisoformat(exported["pain_entries"][0]["recorded_at"]))

    response = _post(client, json.dumps(exported).encode(), mode="add")

    content = response.content.decode()
    assert response.status_code == 422
    assert f"Pain entry 1, {day.day} {day:%B %Y}: the level must be 0 to 10; it is 12" in content
    assert "pain_entries[0]" not in content
    assert "Put these right in the file" in content
    assert not KeptImport.objects.filter(user=person).exists()
    assert "is checked and ready" not in content


def test_a_table_from_export_is_answered_kindly(client, person):
    _export(client, person, 3)
    table = client.get(reverse("journal:export-csv", args=["pain-entries"])).content

    response = _post(client, table, name="backstretch-pain-entries.csv", mode="add")

    assert response.status_code == 422
    assert "This is a table from Export. Import reads the JSON file (backstretch.json)" in (
        response.content.decode()
    )
    assert "Expecting value" not in response.content.decode()
    assert "Put these right in the file" not in response.content.decode()


# --- Reminders: subscribe, copy, and events that open the person's own routine -----------


def _feed(client, person) -> str:
    profile = JournalProfileFactory(user=person, reminder_days=["MO"], reminder_time=dt.time(7, 0))
    body = client.get(reverse("journal:reminders-feed", args=[profile.feed_token])).content
    return body.decode().replace("\r\n ", "")  # unfolded


def test_webcal_addresses_keep_everything_but_the_scheme():
    assert webcal_url("https://example.org/journal/reminders/abc.ics") == (
        "webcal://example.org/journal/reminders/abc.ics"
    )
    assert webcal_url("http://127.0.0.1:8105/x.ics") == "webcal://127.0.0.1:8105/x.ics"
    with pytest.raises(ValueError, match="absolute"):
        webcal_url("/journal/reminders/abc.ics")


def test_the_settings_offer_a_subscribe_link_and_a_copy_button(client, person):
    client.force_login(person)
    token = profile_for(person).feed_token

    content = client.get(reverse("journal:settings")).content.decode()

    address = f"http://testserver/journal/reminders/{token}.ics"
    assert f'href="webcal://testserver/journal/reminders/{token}.ics"' in content
    assert f'<input id="feed-url" type="text" readonly value="{address}"' in content
    # Hidden until the module shows it; without JavaScript the field is there to select.
    assert '<button type="button" class="secondary" data-copy="feed-url" hidden>Copy</button>' in (
        content
    )
    assert 'data-copy-status="feed-url" aria-live="polite"' in content
    assert '<script type="module" src="/static/js/copy.js"></script>' in content
    assert "<script>" not in content


def test_each_reminder_opens_the_routine_played_most_by_absolute_address(client, person):
    played = RoutineFactory(owner=person, name="Wake-up in bed")
    RoutineFactory(owner=person, name="Newer, never played")
    for _ in range(3):
        SessionFactory(user=person, routine=played)
    SessionFactory(user=person, routine=RoutineFactory(owner=person), status="abandoned")
    busiest_elsewhere = RoutineFactory(owner=UserFactory())
    for _ in range(5):
        SessionFactory(user=busiest_elsewhere.owner, routine=busiest_elsewhere)
    client.force_login(person)

    body = _feed(client, person)
    settings_page = client.get(reverse("journal:settings")).content.decode()

    assert f"URL:http://testserver/routines/{played.pk}/\r\n" in body
    assert f'<a href="/routines/{played.pk}/">Wake-up in bed</a>, the routine of yours' in (
        settings_page
    )


def test_without_a_routine_of_their_own_a_reminder_opens_the_routines(client, person):
    assert "URL:http://testserver/routines/\r\n" in _feed(client, person)


@pytest.mark.parametrize("routines", [1, 20])
def test_the_feed_and_the_settings_cost_the_same_queries_however_many_routines(
    client, person, django_assert_num_queries, routines
):
    for _ in range(routines):
        SessionFactory(user=person, routine=RoutineFactory(owner=person))
    token = profile_for(person).feed_token
    client.force_login(person)

    # The profile with its person, and the routine for the day.
    with django_assert_num_queries(2):
        feed = client.get(reverse("journal:reminders-feed", args=[token]))
    # The session, the person, the profile and the routine for the day.
    with django_assert_num_queries(4):
        page = client.get(reverse("journal:settings"))

    assert feed.status_code == page.status_code == 200


def test_imports_are_limited_per_person_with_a_kind_429(client, person):
    client.force_login(person)
    statuses = [
        client.post(
            reverse("journal:import"),
            {"file": SimpleUploadedFile("b.json", b"not json"), "mode": "add"},
        ).status_code
        for _ in range(11)
    ]

    assert statuses == [422] * 10 + [429]
    last = client.post(reverse("journal:import"), {"mode": "add"})
    assert last["Retry-After"] == "3600"
    assert b"Please wait a while before the next import" in last.content
    assert client.get(reverse("journal:import")).status_code == 200  # the page itself is fine


def test_the_import_limit_is_each_persons_own(client, person):
    client.force_login(person)
    for _ in range(10):
        client.post(reverse("journal:import"), {"mode": "add"})
    client.force_login(UserFactory())

    assert client.post(reverse("journal:import"), {"mode": "add"}).status_code == 422
