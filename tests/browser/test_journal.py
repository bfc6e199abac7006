import csv
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from journal.models import PainEntry, Session
from routines.models import Routine
from tests.browser.conftest import DESKTOP, axe_violations, sign_in
from tests.factories import PainEntryFactory, SessionFactory

pytestmark = pytest.mark.usefixtures("live_catalogue")


def chart_description(page) -> str:
    return page.locator("#pain-chart svg desc").inner_text()


def test_log_pain_in_two_taps_from_home_and_see_it_on_the_chart(
    live_server, page, person, console_errors
):
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("home"))

    page.locator("#quick-log label.pain-option", has_text=re.compile(r"^6$")).click()  # tap one
    page.locator("#quick-log").get_by_role("button", name="Save").click()  # tap two

    expect(page.locator("#quick-log [role=status]")).to_contain_text("Saved: pain 6 out of 10")
    assert page.url == live_server.url + reverse("home")  # swapped in place, no new page
    assert list(PainEntry.objects.filter(user=person).values_list("level", flat=True)) == [6]

    page.get_by_role("link", name="Journal").click()
    expect(page.locator("#pain-chart svg desc")).to_contain_text("1 day logged, average 6.0")
    assert page.locator("#pain-chart svg > g.chart-average > circle").count() == 1

    # Logged again from the journal itself, the chart redraws without a new page.
    page.locator("#quick-log label.pain-option", has_text=re.compile(r"^2$")).click()
    page.locator("#quick-log").get_by_role("button", name="Save").click()
    expect(page.locator("#pain-chart svg desc")).to_contain_text("1 day logged, average 4.0")
    assert console_errors == []


def test_the_period_swaps_the_chart_and_the_address_and_back_restores(live_server, page, person):
    PainEntryFactory(user=person, level=3)
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:dashboard"))
    heading = page.get_by_role("heading", level=1)
    heading.evaluate("h => h.dataset.marker = 'first load'")

    page.locator("#pain-chart").get_by_role("link", name="1 year").click()

    expect(page).to_have_url(re.compile(r"period=1y"))
    expect(page.locator("#pain-chart [aria-current=true]")).to_have_text("1 year")
    expect(page.locator("#pain-chart svg desc")).to_contain_text("shown by week")
    assert heading.get_attribute("data-marker") == "first load"  # a swap, not a page load

    page.go_back()
    expect(page.locator("#pain-chart [aria-current=true]")).to_have_text("4 weeks")


def test_export_downloads_a_csv_of_pain_entries(live_server, page, person):
    PainEntryFactory(user=person, level=7, note="After a long drive")
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:export"))

    with page.expect_download() as download:
        page.get_by_role("link", name="Pain entries").click()

    assert re.fullmatch(
        r"backstretch-pain-entries-\d{4}-\d\d-\d\d\.csv", download.value.suggested_filename
    )
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["level"], row["note"]) for row in rows] == [("7", "After a long drive")]


def test_a_level_of_nine_shows_the_urgent_signs_gently(live_server, page, person):
    sign_in(page, live_server, person)
    page.goto(live_server.url + reverse("journal:dashboard"))

    page.locator("#quick-log label.pain-option", has_text=re.compile(r"^9$")).click()
    page.locator("#quick-log").get_by_role("button", name="Save").click()

    notice = page.locator("#quick-log .urgent-notice")
    expect(notice).to_contain_text("can need a doctor soon")
    expect(notice).to_contain_text("new trouble controlling or emptying the bladder")
    expect(notice.get_by_role("link", name="More on stretching safely")).to_be_visible()


def journal_pages(person) -> dict[str, str]:
    """Every journal page, with something in it to show."""
    routine = Routine.objects.get(starter_key="gentle-floor-routine")
    entry = PainEntryFactory(user=person, level=5, areas=["lower-back", "left-leg"])
    PainEntryFactory(user=person, level=2)
    session = SessionFactory(user=person, routine=routine, steps=3)
    SessionFactory(user=person, routine=routine, left_open=True)
    return {
        "dashboard": reverse("journal:dashboard"),
        "dashboard, all time": reverse("journal:dashboard") + "?period=all",
        "pain entries": reverse("journal:pain-list"),
        "new pain entry": reverse("journal:pain-create"),
        "pain entry": reverse("journal:pain-edit", args=[entry.pk]),
        "delete pain entry": reverse("journal:pain-delete", args=[entry.pk]),
        "sessions": reverse("journal:session-list"),
        "session": reverse("journal:session-detail", args=[session.pk]),
        "new session": reverse("journal:session-create"),
        "settings": reverse("journal:settings"),
        "export": reverse("journal:export"),
        "import": reverse("journal:import"),
        "report": reverse("journal:report"),
        "delete account": reverse("account-delete"),
    }


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_axe_finds_no_violations_on_journal_pages(live_server, page, person, viewport):
    if viewport == "desktop":
        page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, person)
    found = {}
    for name, url in journal_pages(person).items():
        page.goto(live_server.url + url)
        for details in page.locator("details").all():
            details.evaluate("d => d.open = true")  # check what is folded away too
        if violations := axe_violations(page):
            found[name] = violations

    assert found == {}


def test_journal_pages_fit_a_phone_without_sideways_scrolling(live_server, page, person):
    sign_in(page, live_server, person)
    too_wide = {}
    for name, url in journal_pages(person).items():
        page.goto(live_server.url + url)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 360:
            too_wide[name] = width

    assert too_wide == {}


def test_journal_pages_are_valid_html(client, person, html_validator):
    client.force_login(person)
    documents = {
        name: client.get(url).content.decode() for name, url in journal_pages(person).items()
    }
    bad = client.post(reverse("journal:pain-create"), {"level": 11})
    documents["pain entry with errors"] = bad.content.decode()

    assert Session.objects.filter(user=person).count() == 2
    assert html_validator.errors(documents) == {}
