"""Home's Today on a 360x640 phone: Play in one tap, the resume card landing on the right
step, and a starter played signed out kept on sign-up."""

import re
import uuid

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journal import services
from journal.models import Session
from routines.models import Routine
from routines.plan import plan_signature
from routines.services import routine_copy, routine_pin
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")

SMALL_PHONE = {"width": 360, "height": 640}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": SMALL_PHONE, "is_mobile": True, "has_touch": True}


def above_the_fold(locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"]


def left_after_two_stretch_steps(person, routine: Routine, seconds: int | None = None) -> Session:
    """A play-through of the morning starter stopped after the twist's left and right side
    (held for their planned time, or for `seconds`)."""
    items = list(routine.items.select_related("stretch"))
    steps = routine.plan(items)
    session = services.session_start(
        user=person,
        routine=routine,
        play_key=uuid.uuid4(),
        pain_before=4,
        plan_signature=plan_signature(steps, [item.stretch_id for item in items]),
    )
    for step in [step for step in steps if step.is_work][:2]:
        services.session_record_step(
            session=session,
            step=step,
            item=items[step.item_index],
            outcome="done",
            actual_seconds=step.seconds if seconds is None else seconds,
        )
    return session


def test_home_plays_today_in_one_tap_and_the_resume_card_lands_on_the_next_step(
    live_server, page, console_errors
):
    person = UserFactory()
    morning = Routine.objects.get(starter_key="wake-up-in-bed")
    sign_in(page, live_server, person)

    page.goto(live_server.url + reverse("home"))
    play = page.get_by_role("link", name="▶ Play")
    assert above_the_fold(play)
    play.click()
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible()
    assert page.url == live_server.url + reverse("journal:player-start", args=[morning.pk])

    session = left_after_two_stretch_steps(person, morning)
    last = session.steps.order_by("-step_index").first().step_index
    page.goto(live_server.url + reverse("home"))
    resume = page.get_by_role("link", name=re.compile(r"^Continue Wake-up in bed: stretch \d"))
    assert above_the_fold(resume)
    expect(page.locator("#resume-card")).to_contain_text("Start afresh")
    resume.click()

    landing = reverse("journal:player-step", args=[morning.pk, session.play_key, last + 1])
    expect(page).to_have_url(live_server.url + landing)
    expect(page.locator("#player")).to_have_attribute("data-step-kind", re.compile(r"\w"))
    assert console_errors == []


def test_a_starter_played_signed_out_is_kept_when_an_account_is_made_from_its_summary(
    live_server, page, console_errors
):
    page.goto(live_server.url + reverse("home"))
    play = page.get_by_role("link", name="▶ Play Wake-up in bed")
    assert above_the_fold(play)
    play.click()
    page.locator("label[for=id_pain_before_5]").click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#player[data-step-kind=get-ready]")).to_be_visible()
    page.locator("[data-step-form] button[type=submit]").first.click()  # Start now
    expect(page.locator("#player[data-step-kind=work]")).to_be_visible()
    with page.expect_response(lambda response: "/record/" in response.url):
        page.locator("[data-step-form] button[value=done]").first.click()  # Done, at once
    page.get_by_role("link", name="End the session").click()
    page.locator("label[for=id_pain_after_3]").click()
    page.get_by_role("button", name="See the summary").click()
    expect(page.get_by_text("this session will be the first in it")).to_be_visible()

    page.get_by_role("link", name="Create an account").click()
    page.locator("#id_username").fill("morning-person")
    page.locator("#id_email").fill("morning@example.org")
    page.locator("#id_password1").fill("a long walk by the sea")
    page.locator("#id_password2").fill("a long walk by the sea")
    page.locator("#id_password2").press("Enter")

    expect(page.get_by_text("The session you just played is in your journal")).to_be_visible()
    session = Session.objects.get(user__username="morning-person")
    assert (session.routine_name, session.pain_before, session.pain_after) == (
        "Wake-up in bed",
        5,
        3,
    )
    assert list(session.steps.values_list("stretch_name", "outcome")) == [
        ("Lying knee-across twist", "done")
    ]
    assert session.status == Session.Status.RUSHED  # pressed through at once: kept as such
    assert console_errors == []


def test_the_pages_of_issue_11_are_valid_html_and_pass_axe(
    live_server, page, client, html_validator
):
    person = UserFactory()
    morning = Routine.objects.get(starter_key="wake-up-in-bed")
    pinned = services_pinned_copy(person, morning)
    session = left_after_two_stretch_steps(person, pinned)
    rushed = left_after_two_stretch_steps(person, pinned, seconds=1)
    services.session_finish(session=rushed, pain_after=3, note="", work_steps=2)
    assert Session.objects.get(pk=rushed.pk).status == Session.Status.RUSHED
    peeked = services.session_start(
        user=person, routine=pinned, play_key=uuid.uuid4(), pain_before=None
    )
    client.force_login(person)
    addresses = {
        "ended before the first stretch": reverse(
            "journal:player-after", args=[pinned.pk, peeked.play_key]
        ),
        "home": reverse("home"),
        "routine": pinned.get_absolute_url(),
        "summary": reverse("journal:player-summary", args=[pinned.pk, rushed.play_key]),
        "delete": reverse("journal:session-delete", args=[session.pk]),
        "dashboard": reverse("journal:dashboard"),
    }
    documents = {name: client.get(url).content.decode() for name, url in addresses.items()}
    client.logout()
    documents["home signed out"] = client.get(reverse("home")).content.decode()

    assert html_validator.errors(documents) == {}
    sign_in(page, live_server, person)
    for name, url in addresses.items():
        page.goto(live_server.url + url)
        assert axe_violations(page) == [], name
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]


def services_pinned_copy(person, routine: Routine) -> Routine:
    copy = routine_copy(routine=routine, owner=person)
    routine_pin(routine=copy)
    return copy
