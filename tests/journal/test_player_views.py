import uuid

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import PainEntry, Session, SessionStep
from routines.plan import Sides
from routines.services import routine_add_item
from stretches.models import AvoidedMovement
from tests.factories import (
    RoutineFactory,
    RoutineItemFactory,
    StretchFactory,
    UserFactory,
    spine_movement,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def routine(person):
    """Get ready, twist left, switch, twist right, rest, knee hug (8 times)."""
    routine = RoutineFactory(owner=person, name="Morning", get_ready_seconds=5)
    RoutineItemFactory(
        routine=routine,
        position=1,
        stretch=StretchFactory(name="Twist", per_side=True),
        sides=Sides.LEFT_RIGHT,
        sets=1,
        hold_seconds=20,
    )
    RoutineItemFactory(
        routine=routine,
        position=2,
        stretch=StretchFactory(name="Knee hug", repetitions_kind=True),
        repetitions=8,
        sets=1,
    )
    return routine


def start(client, routine, pain="", key=None) -> tuple[uuid.UUID, object]:
    key = key or uuid.uuid4()
    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": key, "pain_before": pain},
    )
    return key, response


def step_url(routine, key, index, name="player-step"):
    return reverse(f"journal:{name}", args=[routine.pk, key, index])


def start_and_stretch(client, routine, pain="") -> uuid.UUID:
    """Start, and do the first stretch (step 1): a play-through with something to keep."""
    key, _ = start(client, routine, pain=pain)
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})
    return key


def test_before_page_asks_about_pain_and_carries_a_fresh_key(client, person, routine):
    client.force_login(person)

    first = client.get(reverse("journal:player-start", args=[routine.pk]))
    second = client.get(reverse("journal:player-start", args=[routine.pk]))

    assert b"How is your pain right now?" in first.content
    assert first.context["form"]["play_key"].value() != second.context["form"]["play_key"].value()


def test_starting_creates_one_session_even_when_pressed_twice(client, person, routine):
    client.force_login(person)

    key, first = start(client, routine, pain=4)
    _, second = start(client, routine, pain=4, key=key)

    assert first["Location"] == step_url(routine, key, 0)
    assert second["Location"] == step_url(routine, key, 0)
    session = Session.objects.get(user=person)
    assert (session.routine_name, session.pain_before, session.status) == (
        "Morning",
        4,
        "abandoned",
    )


def test_pain_can_be_skipped(client, person, routine):
    client.force_login(person)

    start(client, routine)

    assert Session.objects.get().pain_before is None


@pytest.mark.parametrize("pain", ["11", "-1", "lots", "3.5"])
def test_pain_outside_the_scale_is_a_form_error_and_starts_nothing(client, person, routine, pain):
    client.force_login(person)

    _, response = start(client, routine, pain=pain)

    assert response.status_code == 422
    assert b"Choose a number from 0" in response.content
    assert not Session.objects.exists()


def test_someone_elses_play_key_cannot_be_taken_over(client, person, routine, starter):
    client.force_login(person)
    key, _ = start(client, starter)
    intruder = Client()
    intruder.force_login(UserFactory())

    _, response = start(intruder, starter, key=key)

    assert response.status_code == 404
    assert Session.objects.count() == 1


def test_an_empty_routine_sends_you_back_to_add_stretches(client, person):
    client.force_login(person)
    empty = RoutineFactory(owner=person)

    response = client.get(reverse("journal:player-start", args=[empty.pk]))

    assert response["Location"] == empty.get_absolute_url()


def test_each_step_has_its_own_page_and_fragment(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)

    page = client.get(step_url(routine, key, 1))
    fragment = client.get(step_url(routine, key, 1), headers=HTMX)
    restore = client.get(
        step_url(routine, key, 1), headers={**HTMX, "HX-History-Restore-Request": "true"}
    )

    assert page.templates[0].name == "journal/player_step.html"
    assert b"Twist" in page.content
    assert b"Left side" in page.content
    assert b"Stretch 1 of 2" in page.content
    assert b"Stop if you feel sharp pain, numbness or tingling" in page.content
    assert fragment.templates[0].name == "journal/_player_step.html"
    assert fragment.content.lstrip().startswith(b'<div id="player"')
    assert restore.templates[0].name == "journal/player_step.html"


@pytest.mark.parametrize("index", [-1, 6, 99])
def test_a_step_outside_the_plan_is_a_404(client, person, routine, index):
    client.force_login(person)
    key, _ = start(client, routine)

    url = f"/play/{routine.pk}/{key}/-1/" if index < 0 else step_url(routine, key, index)

    assert client.get(url).status_code == 404
    assert client.post(url + ("record/" if index < 0 else "")).status_code in (404, 405)


def test_recording_a_stretch_step_keeps_it_and_moves_on(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine, pain=5)

    response = client.post(
        step_url(routine, key, 1, "player-record"), {"outcome": "done", "actual_seconds": 19}
    )

    assert response["Location"] == step_url(routine, key, 2)
    step = SessionStep.objects.get()
    assert (step.stretch_name, step.side, step.set_number) == ("Twist", "left", 1)
    assert (step.planned_seconds, step.actual_seconds, step.outcome) == (20, 19, "done")
    assert Session.objects.get().status == "partial"


def test_pauses_are_not_recorded(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)

    get_ready = client.post(step_url(routine, key, 0, "player-record"), {"outcome": "done"})
    switch = client.post(step_url(routine, key, 2, "player-record"), {"outcome": "done"})

    # Both were taken (on to the next step), and neither left a record.
    assert (get_ready.status_code, get_ready["Location"]) == (302, step_url(routine, key, 1))
    assert (switch.status_code, switch["Location"]) == (302, step_url(routine, key, 3))
    assert not SessionStep.objects.exists()

    # The control: the same post for the stretch between them is recorded.
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})
    assert list(SessionStep.objects.values_list("step_index", flat=True)) == [1]


def test_recording_the_same_step_twice_keeps_one_record(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    url = step_url(routine, key, 1, "player-record")

    client.post(url, {"outcome": "done", "actual_seconds": 20})
    client.post(url, {"outcome": "skipped", "actual_seconds": 3})

    # The first record of a step stands: a repeat (a queue sent again) changes nothing.
    assert list(SessionStep.objects.values_list("outcome", "actual_seconds")) == [("done", 20)]


def test_htmx_gets_the_next_step_and_the_address_follows(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)

    response = client.post(
        step_url(routine, key, 1, "player-record"), {"outcome": "done"}, headers=HTMX
    )

    assert response.templates[0].name == "journal/_player_step.html"
    assert response["HX-Push-Url"] == step_url(routine, key, 2)
    assert b"Switch sides" in response.content


def test_the_last_step_leads_to_the_after_page(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    last = step_url(routine, key, 5, "player-record")

    plain = client.post(last, {"outcome": "done"})
    htmx = client.post(last, {"outcome": "done"}, headers=HTMX)

    after = reverse("journal:player-after", args=[routine.pk, key])
    assert plain["Location"] == after
    assert htmx["HX-Redirect"] == after


@pytest.mark.parametrize(
    "data", [{"outcome": "maybe"}, {}, {"outcome": "done", "actual_seconds": "-4"}]
)
def test_a_malformed_step_post_changes_nothing(client, person, routine, data):
    client.force_login(person)
    key, _ = start(client, routine)

    response = client.post(step_url(routine, key, 1, "player-record"), data)

    assert response.status_code == 422
    assert not SessionStep.objects.exists()


def play_through(client, routine, key):
    for index, outcome in [(1, "done"), (3, "skipped"), (5, "done")]:
        client.post(step_url(routine, key, index, "player-record"), {"outcome": outcome})


def test_finishing_saves_pain_after_and_a_note_and_shows_the_summary(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine, pain=6)
    play_through(client, routine, key)

    response = client.post(
        reverse("journal:player-after", args=[routine.pk, key]),
        {"pain_after": 3, "note": "Easier than yesterday."},
    )

    session = Session.objects.get()
    assert response["Location"] == reverse("journal:player-summary", args=[routine.pk, key])
    assert (session.status, session.pain_after, session.note) == (
        "completed",
        3,
        "Easier than yesterday.",
    )
    assert session.finished_at is not None
    summary = client.get(response["Location"])
    assert b"3 points lower" in summary.content
    assert b"<dt>Stretches</dt><dd>2 done</dd>" in summary.content  # twist and knee hug
    assert b"<dt>Sets and sides</dt><dd>2 done, 1 skipped</dd>" in summary.content


def test_finishing_twice_is_refused_and_changes_nothing(client, person, routine):
    client.force_login(person)
    key = start_and_stretch(client, routine)
    url = reverse("journal:player-after", args=[routine.pk, key])
    client.post(url, {"pain_after": 2, "note": "first"})

    again = client.post(url, {"pain_after": 9, "note": "second"})

    assert again.status_code == 409
    assert b"already saved" in again.content
    session = Session.objects.get()
    assert (session.pain_after, session.note) == (2, "first")


def test_a_finished_session_takes_no_more_steps(client, person, routine):
    client.force_login(person)
    key = start_and_stretch(client, routine)
    client.post(reverse("journal:player-after", args=[routine.pk, key]), {})

    response = client.post(step_url(routine, key, 3, "player-record"), {"outcome": "done"})

    assert response.status_code == 409
    assert list(SessionStep.objects.values_list("step_index", flat=True)) == [1]


def test_a_finished_session_sends_htmx_away_as_a_whole_page(client, person, routine):
    client.force_login(person)
    key = start_and_stretch(client, routine)
    client.post(reverse("journal:player-after", args=[routine.pk, key]), {})
    summary = reverse("journal:player-summary", args=[routine.pk, key])

    step = client.get(step_url(routine, key, 3), headers=HTMX)
    record = client.post(
        step_url(routine, key, 3, "player-record"), {"outcome": "done"}, headers=HTMX
    )

    assert (step.status_code, step["HX-Redirect"]) == (200, routine.get_absolute_url())
    assert (record.status_code, record["HX-Redirect"]) == (200, summary)
    assert list(SessionStep.objects.values_list("step_index", flat=True)) == [1]


def test_after_finishing_the_steps_lead_back_to_the_routine_not_the_summary(
    client, person, routine
):
    """So that one press of Back leaves the summary: the pages before it lead away."""
    client.force_login(person)
    key, _ = start(client, routine)
    after = reverse("journal:player-after", args=[routine.pk, key])
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})
    client.post(after, {"pain_after": 2})

    for url in (after, step_url(routine, key, 0), step_url(routine, key, 5)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, routine.get_absolute_url())
    summary = client.get(reverse("journal:player-summary", args=[routine.pk, key]))
    assert summary.status_code == 200


def test_signed_out_steps_of_a_play_through_that_reached_its_summary_lead_away(client, starter):
    key, _ = start(client, starter, pain=4)
    step = step_url(starter, key, 1) + "?before=4"
    after = reverse("journal:player-after", args=[starter.pk, key]) + "?before=4"
    assert client.get(step).status_code == 200

    client.get(reverse("journal:player-summary", args=[starter.pk, key]) + "?before=4&after=2")

    for url in (step, after):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, starter.get_absolute_url())
    other_key, _ = start(client, starter, pain=4)
    assert client.get(step_url(starter, other_key, 1)).status_code == 200


def test_player_pages_are_never_kept_by_the_browser(client, person, routine):
    """Back must ask the server again (no back-forward cache of a finished step)."""
    client.force_login(person)
    key, _ = start(client, routine)

    for url in (step_url(routine, key, 1), reverse("journal:player-after", args=[routine.pk, key])):
        assert "no-store" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("pain", [8, 9, 10])
def test_strong_pain_before_starting_brings_a_check_before_any_countdown(
    client, person, routine, pain
):
    client.force_login(person)

    _, response = start(client, routine, pain=pain)

    assert response.status_code == 200
    assert response.templates[0].name == "journal/player_start.html"
    content = response.content.decode()
    assert f"Your pain is {pain} out of 10" in content
    for text in ("saddle", "emergency", "See a doctor soon", 'value="continue"', "not-today"):
        assert text in content
    assert not Session.objects.exists()


def test_the_check_comes_as_a_fragment_to_htmx(client, person, routine):
    client.force_login(person)
    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": uuid.uuid4(), "pain_before": 9},
        headers=HTMX,
    )

    assert response.templates[0].name == "journal/_player_check.html"
    assert response.content.lstrip().startswith(b'<div id="player"')


def test_continue_anyway_starts_the_routine_with_the_pain_kept(client, person, routine):
    client.force_login(person)
    key = uuid.uuid4()

    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": key, "pain_before": 9, "choice": "continue"},
    )

    assert response["Location"] == step_url(routine, key, 0)
    assert Session.objects.get().pain_before == 9


def test_not_today_logs_the_pain_and_keeps_no_session(client, person, routine):
    client.force_login(person)

    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": uuid.uuid4(), "pain_before": 9, "choice": "not-today"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Your pain of 9 is in your journal" in response.content
    assert not Session.objects.exists()
    entry = PainEntry.objects.get(user=person)
    assert (entry.level, entry.note) == (9, "Chose not to stretch today.")


def test_not_today_signed_out_saves_nothing(client, starter):
    response = client.post(
        reverse("journal:player-start", args=[starter.pk]),
        {"play_key": uuid.uuid4(), "pain_before": 10, "choice": "not-today"},
        headers=HTMX,
    )

    assert response["HX-Redirect"] == reverse("home")
    assert not PainEntry.objects.exists()


def test_the_check_offers_a_shorter_gentle_starter(client, person, routine):
    from stretches.vocabulary import Intensity

    gentle = StretchFactory(intensity=Intensity.GENTLE)
    short = RoutineFactory(starter=True, name="Short and gentle", stretches=[gentle])
    RoutineFactory(
        starter=True, name="Hard", stretches=[StretchFactory(intensity=Intensity.MODERATE)]
    )
    client.force_login(person)

    _, response = start(client, routine, pain=8)

    assert b"Play Short and gentle instead" in response.content
    assert reverse("journal:player-start", args=[short.pk]).encode() in response.content
    assert b"Play Hard instead" not in response.content


def test_a_bad_choice_is_a_form_error_not_a_500(client, person, routine):
    client.force_login(person)
    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": uuid.uuid4(), "pain_before": 9, "choice": "\x00nope"},
    )

    assert response.status_code == 422
    assert not Session.objects.exists()


def test_a_start_with_errors_sends_htmx_only_the_player(client, person, routine):
    client.force_login(person)

    response = client.post(
        reverse("journal:player-start", args=[routine.pk]),
        {"play_key": "not-a-key", "pain_before": 12},
        headers=HTMX,
    )

    assert response.status_code == 422
    assert response.templates[0].name == "journal/_player_start.html"
    assert response.content.lstrip().startswith(b'<div id="player"')
    assert not Session.objects.exists()


@pytest.mark.parametrize("raw", ["²", "-1", "11", "abc", "9" * 5000, "", " 4"])
def test_odd_pain_in_the_address_is_left_out_not_a_500(client, starter, raw):
    key = uuid.uuid4()

    step = client.get(step_url(starter, key, 0), {"before": raw})
    summary = client.get(
        reverse("journal:player-summary", args=[starter.pk, key]), {"before": raw, "after": raw}
    )

    assert (step.status_code, summary.status_code) == (200, 200)
    expected = b"4 out of 10" if raw == " 4" else b"not given"
    assert expected in summary.content


def test_editing_the_routine_mid_play_stops_before_steps_get_mixed_up(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})  # twist left
    routine_add_item(routine=routine, stretch=StretchFactory(name="Added in another tab"))
    after = reverse("journal:player-after", args=[routine.pk, key])

    step = client.get(step_url(routine, key, 3))
    record = client.post(
        step_url(routine, key, 3, "player-record"), {"outcome": "done"}, headers=HTMX
    )
    finish = client.post(after, {"pain_after": 3}, follow=True)

    assert step["Location"] == after
    assert record["HX-Redirect"] == after
    session = Session.objects.get()
    assert list(session.steps.values_list("stretch_name", "side")) == [("Twist", "left")]
    assert session.status == "partial"
    assert finish.status_code == 200


def test_leaving_part_way_leaves_a_partial_session_with_its_steps(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})

    session = Session.objects.get()
    assert (session.status, session.finished_at) == ("partial", None)
    assert session.steps.count() == 1


def test_stopping_early_through_the_after_page_is_kept_as_partial(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    client.post(step_url(routine, key, 1, "player-record"), {"outcome": "done"})

    client.post(reverse("journal:player-after", args=[routine.pk, key]), {"pain_after": 4})

    assert Session.objects.get().status == "partial"


@pytest.mark.parametrize("data", [{"pain_after": 11}, {"note": "x" * 2001}])
def test_bad_finish_input_is_a_form_error_and_leaves_the_session_open(
    client, person, routine, data
):
    client.force_login(person)
    key = start_and_stretch(client, routine)

    response = client.post(reverse("journal:player-after", args=[routine.pk, key]), data)

    assert response.status_code == 422
    assert Session.objects.get().finished_at is None


def test_a_rise_in_pain_is_mentioned_gently(client, person, routine):
    client.force_login(person)
    key = start_and_stretch(client, routine, pain=2)
    client.post(reverse("journal:player-after", args=[routine.pk, key]), {"pain_after": 5})

    summary = client.get(reverse("journal:player-summary", args=[routine.pk, key]))

    assert b"3 points higher than before" in summary.content
    assert b"gentler routine" in summary.content
    assert b"ask a doctor or physiotherapist" in summary.content


def test_signed_out_people_play_a_starter_and_nothing_is_saved(client, starter):
    key, response = start(client, starter, pain=4)
    assert response["Location"] == step_url(starter, key, 0) + "?before=4"

    step = client.get(response["Location"])
    assert step.status_code == 200
    record = client.post(
        step_url(starter, key, 1, "player-record") + "?before=4", {"outcome": "done"}
    )
    assert record["Location"].endswith("?before=4")
    finish = client.post(
        reverse("journal:player-after", args=[starter.pk, key]) + "?before=4", {"pain_after": 2}
    )
    summary = client.get(finish["Location"])

    assert b"Create an account" in summary.content
    assert b"4 out of 10" in summary.content
    assert b"2 out of 10" in summary.content
    assert not Session.objects.exists()
    assert not SessionStep.objects.exists()


def test_signed_out_people_cannot_play_someone_elses_routine(client, routine):
    assert client.get(reverse("journal:player-start", args=[routine.pk])).status_code == 404
    _, response = start(client, routine)
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "other"])
def test_another_persons_play_through_is_a_404_everywhere(client, person, routine, who):
    owner = Client()
    owner.force_login(person)
    key, _ = start(owner, routine, pain=3)
    if who == "other":
        client.force_login(UserFactory())

    urls = [
        ("get", reverse("journal:player-start", args=[routine.pk])),
        ("get", step_url(routine, key, 1)),
        ("post", step_url(routine, key, 1, "player-record")),
        ("get", reverse("journal:player-after", args=[routine.pk, key])),
        ("post", reverse("journal:player-after", args=[routine.pk, key])),
        ("get", reverse("journal:player-summary", args=[routine.pk, key])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"outcome": "done", "pain_after": 1})
        assert response.status_code == 404, url
    session = Session.objects.get()
    assert (session.finished_at, session.steps.count()) == (None, 0)


def test_writes_need_the_csrf_token(person, routine):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)

    response = client.post(
        reverse("journal:player-start", args=[routine.pk]), {"play_key": uuid.uuid4()}
    )

    assert response.status_code == 403
    assert not Session.objects.exists()


def test_a_stretch_edited_in_the_catalogue_shows_at_the_next_step(client, person, routine):
    client.force_login(person)
    key, _ = start(client, routine)
    client.get(step_url(routine, key, 1), headers=HTMX)  # its items now in the cache
    stretch = routine.items.first().stretch
    stretch.name = "Gentle knee hug"
    stretch.save()

    response = client.get(step_url(routine, key, 1), headers=HTMX)

    assert "Gentle knee hug" in response.content.decode()


@pytest.mark.parametrize("items", [1, 40])
def test_a_step_costs_the_same_queries_however_long_the_routine(
    client, person, django_assert_num_queries, items
):
    routine = RoutineFactory(owner=person)
    stretch = StretchFactory(movements=["forward-bending"])
    AvoidedMovement.objects.create(user=person, movement=spine_movement("forward-bending"))
    for position in range(1, items + 1):
        RoutineItemFactory(routine=routine, position=position, stretch=stretch)
    client.force_login(person)
    key, _ = start(client, routine)

    # The session, the user, the journal session with its routine, the catalogue's version
    # and whether they avoid bending forward (the items come from the cache while the
    # routine and the catalogue stay as they were), and the stretch's steps (then drawn
    # from the cache too).
    with django_assert_num_queries(4):
        page = client.get(step_url(routine, key, 1), headers=HTMX)
    with django_assert_num_queries(3):
        client.get(step_url(routine, key, 1), headers=HTMX)
    assert CAUTION in page.content.decode()


CAUTION = "Bends forward: you said this can hurt."


@pytest.mark.parametrize(
    ("avoids", "bends", "flagged"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_a_stretch_that_bends_forward_is_flagged_for_someone_who_avoids_it(
    client, person, avoids, bends, flagged
):
    stretch = StretchFactory(movements=["forward-bending" if bends else "rotation"])
    routine = RoutineFactory(owner=person, stretches=[stretch])
    forward = spine_movement("forward-bending")
    AvoidedMovement.objects.create(user=UserFactory(), movement=forward)  # someone else
    if avoids:
        AvoidedMovement.objects.create(user=person, movement=forward)
    client.force_login(person)
    key, _ = start(client, routine)

    page = client.get(step_url(routine, key, 1), headers=HTMX).content.decode()

    assert (CAUTION in page) is flagged
