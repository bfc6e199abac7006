import datetime as dt
import re
import statistics

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from journal.models import Session
from routines.models import Routine
from tests.browser.conftest import DESKTOP, axe_violations, sign_in
from tests.factories import RoutineFactory, RoutineItemFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

START = dt.datetime(2026, 11, 21, 7, 0, tzinfo=dt.UTC)


def start_with_fake_time(page, live_server, routine, pain: int | None = 3) -> None:
    page.clock.install(time=START)
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    page.clock.pause_at(START + dt.timedelta(seconds=5))
    if pain is not None:
        page.locator(f"label[for=id_pain_before_{pain}]").click()
    go(page, lambda: page.get_by_role("button", name="Start").click())
    expect(page.locator(".player-phase")).to_have_text(re.compile("Get ready", re.I))


HTMX_BUSY = "() => !!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def settle(page) -> None:
    """htmx swaps and settles on timers (and only then pushes the address), which the paused
    clock must run: run it in small steps until htmx has finished with the answer."""
    for _ in range(40):
        page.clock.run_for(50)
        try:
            busy = page.evaluate(HTMX_BUSY)
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state()  # htmx was told to load a whole page (HX-Redirect)
            return
        if not busy:
            return
    raise AssertionError("htmx did not settle within 2 s of fake time")


def go(page, action) -> None:
    """Do something that moves the player on; wait for the server's answer, then settle."""
    with page.expect_response(lambda response: "/play/" in response.url):
        action()
    settle(page)


def key(page, name: str) -> None:
    go(page, lambda: page.keyboard.press(name))


def phase(page) -> str:
    return page.locator("#player").get_attribute("data-step-kind") or ""


def play_to_the_end(page) -> list[str]:
    """Let every timed step run out and press Done on repetitions; the screens seen."""
    seen = []
    for _ in range(200):
        if not page.locator("#player[data-step-kind]").count():
            break
        player = page.locator("#player")
        title = page.locator(".player-title").inner_text()
        where = [text for text in page.locator(".player-where").all_inner_texts() if text]
        seen.append(f"{phase(page)}: {title}" + (f" ({where[0]})" if where else ""))
        if player.get_attribute("data-timed") == "true":
            seconds = int(player.get_attribute("data-seconds"))
            go(page, lambda seconds=seconds: page.clock.run_for(seconds * 1000 + 50))
        else:
            go(page, lambda: page.locator("[data-action=done]").click())
    return seen


def test_play_a_starter_routine_from_start_to_summary(live_server, page, person, console_errors):
    sign_in(page, live_server, person)
    routine = Routine.objects.get(starter_key="wake-up-in-bed")
    start_with_fake_time(page, live_server, routine, pain=4)

    seen = play_to_the_end(page)

    expect(page.get_by_role("heading", name="Well done. How do you feel?")).to_be_visible()
    assert seen[:4] == [
        "get-ready: Lying knee-across twist",
        "work: Lying knee-across twist (Left side · Set 1 of 2)",
        "switch: Switch sides (Now your right side)",
        "work: Lying knee-across twist (Right side · Set 1 of 2)",
    ]
    assert "work: Chin to chest (Set 1 of 2)" in seen  # both sides at once: no side
    assert "rest: Chin to chest" in seen
    page.locator("label[for=id_pain_after_2]").click()
    page.get_by_label("A note for your journal (optional)").fill("Looser.")
    page.get_by_role("button", name="Save to my journal").click()

    expect(page.get_by_role("heading", name="You finished Wake-up in bed")).to_be_visible()
    expect(page.get_by_text("2 points lower than before")).to_be_visible()
    session = Session.objects.get(user=person)
    work_steps = len([s for s in seen if s.startswith("work")])
    assert (session.status, session.pain_before, session.pain_after, session.note) == (
        "completed",
        4,
        2,
        "Looser.",
    )
    assert session.steps.count() == work_steps
    assert set(session.steps.values_list("outcome", flat=True)) == {"done"}
    holds = session.steps.filter(stretch__kind="hold")
    assert all(step.actual_seconds == step.planned_seconds for step in holds)
    assert console_errors == []


def test_signed_out_a_starter_plays_in_full_and_nothing_is_saved(live_server, page, console_errors):
    routine = Routine.objects.get(starter_key="gentle-floor-routine")
    start_with_fake_time(page, live_server, routine, pain=5)

    seen = play_to_the_end(page)
    page.locator("label[for=id_pain_after_3]").click()
    page.get_by_role("button", name="See the summary").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Well done for making time to stretch"
    )
    expect(page.get_by_role("link", name="Create an account")).to_be_visible()
    expect(page.get_by_text("2 points lower than before")).to_be_visible()
    assert len([s for s in seen if s.startswith("work")]) >= 4
    assert not Session.objects.exists()
    assert console_errors == []


def one_stretch_routine(person, name: str, slug: str, *, get_ready_seconds: int, **numbers):
    """A routine of the person's with one stretch of the catalogue, with these numbers."""
    from stretches.models import Stretch

    routine = RoutineFactory(owner=person, name=name, get_ready_seconds=get_ready_seconds)
    RoutineItemFactory(
        routine=routine, position=1, stretch=Stretch.objects.get(slug=slug), **numbers
    )
    return routine


def test_a_one_side_only_stretch_has_no_switch(live_server, page, person):
    routine = one_stretch_routine(
        person,
        "Left only",
        "lying-knee-across-twist",
        get_ready_seconds=3,
        hold_seconds=10,
        sets=2,
        sides="left",
    )
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, routine)

    seen = play_to_the_end(page)

    assert seen == [
        "get-ready: Lying knee-across twist",
        "work: Lying knee-across twist (Left side · Set 1 of 2)",
        "relax: Relax (Next: set 2 of 2)",
        "work: Lying knee-across twist (Left side · Set 2 of 2)",
    ]
    session = Session.objects.get(user=person)
    assert list(session.steps.values_list("side", "set_number")) == [("left", 1), ("left", 2)]


def test_axe_finds_nothing_after_htmx_swaps_each_phase(live_server, page, person, twist_routine):
    """The pages above are checked as loaded; these are the steps as htmx swaps them in."""
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    found = {}
    for _ in range(6):
        kind = phase(page)
        page.keyboard.press(" ")  # pause, so that running axe's timers leaves the step be
        if violations := axe_violations(page, fake_clock=True):
            found[kind] = violations
        page.keyboard.press(" ")
        key(page, "ArrowRight")
        if not page.locator("#player[data-step-kind]").count():
            break

    assert found == {}


@pytest.fixture
def twist_routine(person):
    """A one-sided hold then a symmetric one: get ready, left, switch, right, rest, hug."""
    from stretches.models import Stretch

    routine = RoutineFactory(owner=person, name="Two")
    RoutineItemFactory(
        routine=routine,
        position=1,
        stretch=Stretch.objects.get(slug="lying-knee-across-twist"),
        hold_seconds=20,
        sets=1,
        sides="left-right",
    )
    RoutineItemFactory(
        routine=routine,
        position=2,
        stretch=Stretch.objects.get(slug="knees-to-chest"),
        hold_seconds=30,
        sets=1,
        sides="both",
    )
    return routine


def test_pause_and_resume_with_the_space_bar(live_server, page, person, twist_routine):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    go(page, lambda: page.clock.run_for(5050))
    expect(page.locator("[data-clock]")).to_have_text("0:20")

    page.clock.run_for(5000)
    expect(page.locator("[data-clock]")).to_have_text("0:15")
    page.keyboard.press(" ")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.clock.run_for(30_000)
    expect(page.locator("[data-clock]")).to_have_text("0:15")
    page.keyboard.press(" ")
    expect(page.locator("#player-announcer")).to_have_text("Going again.")
    page.clock.run_for(5000)
    expect(page.locator("[data-clock]")).to_have_text("0:10")
    # Screen readers hear the time at 10 and 3 seconds left, not every second.
    expect(page.locator("#player-announcer")).to_have_text("10 seconds left.")
    page.get_by_role("button", name="+10 s").click()
    expect(page.locator("[data-clock]")).to_have_text("0:20")
    page.get_by_role("button", name="−10 s").click()
    expect(page.locator("[data-clock]")).to_have_text("0:10")
    expect(page.locator("[data-clock]")).to_have_attribute("role", "timer")


def test_skip_and_back_with_the_arrow_keys(live_server, page, person, twist_routine):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)

    key(page, "ArrowRight")  # skip the get-ready
    expect(page.locator(".player-where")).to_contain_text("Left side")
    key(page, "ArrowRight")  # skip the left side
    expect(page.locator(".player-title")).to_have_text("Switch sides")
    key(page, "ArrowLeft")  # back to the left side
    expect(page.locator(".player-where")).to_contain_text("Left side")
    expect(page).to_have_url(re.compile(r"/1/$"))
    key(page, "ArrowLeft")  # back from the first stretch: the start
    expect(page.locator(".player-phase")).to_have_text(re.compile("Get ready", re.I))

    session = Session.objects.get(user=person)
    assert list(session.steps.values_list("side", "outcome")) == [("left", "skipped")]


def test_focus_and_the_page_title_follow_each_step(live_server, page, person, twist_routine):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    expect(page).to_have_title(re.compile(r"^Get ready · Two"))

    go(page, lambda: page.locator("[data-action=next]").click())

    expect(page.locator(".player-where")).to_contain_text("Left side")
    expect(page).to_have_title(re.compile(r"^Lying knee-across twist · Two"))
    # Focus is on the new step's heading, not on a button a key would press again.
    assert page.evaluate("() => document.activeElement.classList.contains('player-title')")


def test_space_after_a_mouse_click_pauses_instead_of_pressing_the_button_again(
    live_server, page, person, twist_routine
):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    go(page, lambda: page.clock.run_for(5050))
    expect(page.locator("[data-clock]")).to_have_text("0:20")

    page.get_by_role("button", name="+10 s").click()
    expect(page.locator("[data-clock]")).to_have_text("0:30")
    page.keyboard.press(" ")

    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.locator(".player-state")).to_be_visible()
    page.clock.run_for(5000)
    expect(page.locator("[data-clock]")).to_have_text("0:30")  # paused, and no second +10 s
    page.get_by_role("button", name="Skip →").click()  # a click, then Space: pause again
    settle(page)
    expect(page.locator(".player-title")).to_have_text("Switch sides")
    page.keyboard.press(" ")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    expect(page.locator(".player-title")).to_have_text("Switch sides")


def control_boxes(page) -> dict[str, dict]:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('#player [data-action]')]
            .filter(el => !el.hidden)
            .map(el => { const b = el.getBoundingClientRect();
                         return [el.dataset.action, [b.x, b.y, b.width, b.height]]; }))"""
    )


def test_pause_and_resume_leave_every_control_where_it_was(
    live_server, page, person, twist_routine
):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    go(page, lambda: page.clock.run_for(5050))
    running = control_boxes(page)

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    paused = control_boxes(page)
    page.get_by_role("button", name="Resume").click()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()

    assert set(running) == {"back", "pause", "done", "skip", "less", "more"}
    assert paused == running
    assert control_boxes(page) == running


def test_the_controls_keep_their_order_and_places_from_step_to_step(
    live_server, page, person, twist_routine
):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    key(page, "ArrowRight")
    hold = control_boxes(page)
    key(page, "ArrowRight")
    switch = control_boxes(page)

    assert [name for name, _ in sorted(hold.items(), key=lambda kv: (kv[1][1], kv[1][0]))][:4] == [
        "back",
        "pause",
        "done",
        "skip",
    ]
    for name in ("back", "pause"):
        assert switch[name] == hold[name]
    assert switch["next"] == hold["done"]  # the main action, in the same place


def test_the_switch_screen_names_the_side_that_comes_next(live_server, page, person, twist_routine):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    key(page, "ArrowRight")
    key(page, "ArrowRight")

    expect(page.locator(".player-title")).to_have_text("Switch sides")
    expect(page.locator(".player-where")).to_have_text("Now your right side")


def test_pain_of_nine_brings_a_calm_check_before_any_countdown(live_server, page, person):
    sign_in(page, live_server, person)
    routine = Routine.objects.get(starter_key="hips-and-hamstrings")
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    page.locator("label[for=id_pain_before_9]").click()
    page.get_by_role("button", name="Start").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your pain is 9 out of 10")
    expect(page.get_by_text("saddle", exact=False)).to_be_visible()
    expect(page.locator("[data-clock]")).to_have_count(0)
    assert not Session.objects.exists()
    assert axe_violations(page) == []

    page.get_by_role("button", name=re.compile("Continue with")).click()
    expect(page.locator(".player-phase")).to_have_text(re.compile("Get ready", re.I))
    assert Session.objects.get(user=person).pain_before == 9


def test_not_today_logs_the_pain_and_goes_home(live_server, page, person):
    sign_in(page, live_server, person)
    routine = Routine.objects.get(starter_key="desk-break")
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    page.locator("label[for=id_pain_before_10]").click()
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name=re.compile("Not today")).click()

    expect(page.get_by_text("Your pain of 10 is in your journal")).to_be_visible()
    assert page.url == live_server.url + reverse("home")
    assert not Session.objects.exists()
    assert person.pain_entries.get().level == 10


def test_a_reload_resumes_at_the_same_step(live_server, page, person, twist_routine):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    key(page, "ArrowRight")
    key(page, "ArrowRight")
    expect(page.locator(".player-title")).to_have_text("Switch sides")

    page.reload()

    expect(page.locator(".player-title")).to_have_text("Switch sides")


def test_repetitions_wait_for_done(live_server, page, person):
    sign_in(page, live_server, person)
    routine = Routine.objects.get(starter_key="desk-break")
    start_with_fake_time(page, live_server, routine)
    for _ in range(20):
        if page.locator("#player").get_attribute("data-timed") == "false":
            break
        key(page, "ArrowRight")
    expect(page.locator(".player-title")).to_have_text("Head turns")
    url = page.url

    page.clock.run_for(120_000)

    assert page.url == url
    go(page, lambda: page.get_by_role("button", name=re.compile("Done")).click())
    expect(page).not_to_have_url(url)


def test_closing_the_page_mid_routine_keeps_a_partial_session(
    live_server, page, person, twist_routine
):
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    go(page, lambda: page.clock.run_for(5050))  # get ready
    go(page, lambda: page.clock.run_for(20_050))  # the left side runs out
    expect(page.locator(".player-title")).to_have_text("Switch sides")

    page.close()

    session = Session.objects.get(user=person)
    assert (session.status, session.finished_at) == ("partial", None)
    assert list(session.steps.values_list("side", "outcome", "actual_seconds")) == [
        ("left", "done", 20)
    ]


# The player sends its test-only `player:tick` event only to a page that asks before load.
ASK_FOR_TICKS = "window.backstretchTicks = true;"
COUNT_TICKS = """document.addEventListener('player:tick', () => {
    window.tickCount = (window.tickCount || 0) + 1; });"""


@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not-asked"])
def test_the_tick_event_goes_only_to_a_page_that_asks_for_it(
    live_server, page, person, twist_routine, asked
):
    if asked:
        page.add_init_script(ASK_FOR_TICKS)
    page.add_init_script(COUNT_TICKS)
    sign_in(page, live_server, person)
    start_with_fake_time(page, live_server, twist_routine)
    go(page, lambda: page.clock.run_for(5050))  # get ready: 5, 4, 3, 2, 1, 0
    page.clock.run_for(5000)

    # The countdown ran on both pages: 20 s, less five.
    expect(page.locator("[data-clock]")).to_have_text("0:15")
    ticks = page.evaluate("() => window.tickCount || 0")
    if asked:
        assert ticks == 12  # one a second shown: 5 to 0 getting ready, then 20 to 15
    else:
        assert ticks == 0


def test_the_countdown_does_not_drift(live_server, page, person):
    """Real clock: record when each second is shown against when it was due."""
    routine = one_stretch_routine(
        person, "Long hold", "childs-pose", get_ready_seconds=0, hold_seconds=25, sets=1
    )
    sign_in(page, live_server, person)
    page.add_init_script(ASK_FOR_TICKS)
    page.goto(live_server.url + reverse("journal:player-start", args=[routine.pk]))
    # At 0 the player moves on to the page after the routine: the ticks are kept in the
    # tab's session storage, which outlives the page, and read once that page has loaded.
    page.evaluate(
        """() => document.addEventListener('player:tick', e => sessionStorage.setItem(
            'ticks', JSON.stringify([...JSON.parse(sessionStorage.ticks || '[]'), e.detail])))"""
    )
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/after/$"), timeout=40_000)

    ticks = page.evaluate("() => JSON.parse(sessionStorage.ticks)")
    late = [tick["at"] - tick["due"] for tick in ticks if tick["due"] is not None]
    span = ticks[-1]["at"] - ticks[0]["at"]
    drift = late[-1] - late[0]
    print(
        f"\ncountdown over {span / 1000:.1f} s: {len(late)} ticks, lateness median "
        f"{statistics.median(late):.1f} ms, max {max(late):.1f} ms, drift {drift:.1f} ms"
    )
    assert span >= 20_000
    assert [tick["left"] for tick in ticks] == list(range(25, -1, -1))
    assert statistics.median(late) < 50
    assert abs(drift) < 50


def phase_pages(person) -> dict[str, str]:
    """A play-through of a starter with the address of each phase."""
    import uuid

    from journal.services import session_record_step, session_start

    routine = Routine.objects.get(starter_key="gentle-floor-routine")
    session = session_start(user=person, routine=routine, play_key=uuid.uuid4(), pain_before=3)
    steps = routine.plan()
    first = next(step for step in steps if step.is_work)  # one stretch done: a session to keep
    session_record_step(
        session=session,
        step=first,
        item=routine.items.all()[first.item_index],
        outcome="done",
        actual_seconds=first.seconds,
    )
    args = [routine.pk, session.play_key]
    rest = next(step.index for step in steps if step.kind == "rest")
    reps = next(step.index for step in steps if step.repetitions)
    return {
        "before": reverse("journal:player-start", args=[routine.pk]),
        "get ready": reverse("journal:player-step", args=[*args, 0]),
        "hold": reverse("journal:player-step", args=[*args, 1]),
        "rest": reverse("journal:player-step", args=[*args, rest]),
        "repetitions": reverse("journal:player-step", args=[*args, reps]),
        "after": reverse("journal:player-after", args=args),
    }


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_no_violations_in_any_phase(live_server, page, person, viewport):
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, person)
    found = {}
    for name, url in phase_pages(person).items():
        page.goto(live_server.url + url)
        if violations := axe_violations(page):
            found[name] = violations
    page.locator("label[for=id_pain_after_1]").click()
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("saved")
    if violations := axe_violations(page):
        found["summary"] = violations

    assert found == {}


def test_every_phase_is_valid_html(client, person, html_validator):
    client.force_login(person)
    pages = phase_pages(person)
    documents = {name: client.get(url).content.decode() for name, url in pages.items()}
    finished = client.post(pages["after"], {"pain_after": 6})
    documents["summary"] = client.get(finished["Location"]).content.decode()
    sessions = client.get(reverse("journal:session-list"))
    documents["sessions"] = sessions.content.decode()
    session = Session.objects.get(user=person)
    documents["session"] = client.get(session.get_absolute_url()).content.decode()

    assert html_validator.errors(documents) == {}
