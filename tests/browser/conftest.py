"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make between page actions are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

PASSWORD = "correct horse battery staple"  # every UserFactory's
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def pytest_configure(config):
    missing = [str(path) for path in (Path(CHROMIUM), AXE, VNU) if not path.exists()]
    if missing:
        raise pytest.UsageError(
            "The browser tests need " + ", ".join(missing) + ". Run `make test`, which "
            "installs Debian's Chromium and the checkers (axe-core, the Nu validator)."
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": PHONE}


@pytest.fixture(autouse=True)
def _axe_in_every_page(request):
    """axe-core, loaded into every page the way the browser loads an extension's script:
    the site's Content-Security-Policy rightly refuses a script added to the page."""
    if "context" in request.fixturenames or "page" in request.fixturenames:
        request.getfixturevalue("context").add_init_script(path=str(AXE))


@pytest.fixture
def console_errors(page):
    """Every console error and uncaught exception on the page; tests assert it stays empty."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def live_catalogue(transactional_db):
    """The catalogue and starter routines, as `make run` loads them."""
    call_command("load_catalogue", stdout=io.StringIO())


def sign_in(page, live_server, user) -> None:
    """Sign in through the form, as a person would, and wait for the signed-in header."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Your name").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def axe_violations(page, *, fake_clock: bool = False) -> list[dict]:
    """What axe-core finds on the page as it is now, one dict per rule broken.

    axe waits on timers; under Playwright's paused fake clock (`fake_clock=True`) the test's
    clock is run in small steps until axe is done (pause the player first)."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if fake_clock:
        page.evaluate(
            "(options) => { window.axeResults = null;"
            " axe.run(document, options).then(r => { window.axeResults = r; }); }",
            options,
        )
        for _ in range(400):
            page.clock.run_for(25)
            if page.evaluate("() => window.axeResults !== null"):
                break
        results = page.evaluate("() => window.axeResults")
        assert results is not None, "axe did not finish within 10 s of fake time"
    else:
        results = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
    ]


def html_errors(documents: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    """The Nu validator's errors for each named HTML document, in one run of the JVM."""
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML validator"
    names = {}
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            "--filterpattern",
            r".*Attribute .hx-[a-zA-Z:._-]+. not allowed.*",
            *(str(tmp_path / file) for file in names),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        name = names.get(message.get("url", "?").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']}"
            f" in {message.get('extract', '')!r}"
        )
    return errors
