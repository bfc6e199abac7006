"""Browser tests: Playwright driving Debian's Chromium against the live server."""

import io
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
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


class NuValidator:
    """The Nu HTML validator as a local service: one JVM for the whole run, warmed once.

    Started by the `html_validator` fixture the first time a test asks for it; each check
    is then an HTTP post of one document instead of a new JVM (about 20 s a test before)."""

    # htmx's attributes are not HTML's; everything else the validator calls an error is one.
    IGNORED = re.compile(r".*Attribute .hx-[a-zA-Z:._-]+. not allowed.*", re.DOTALL)

    def __init__(self) -> None:
        java = shutil.which("java")
        assert java, "java is needed for the Nu HTML validator"
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                java,
                "-Xss16m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                self.check("<!DOCTYPE html><html lang=en><title>up</title></html>")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("the Nu HTML validator did not start") from None
                time.sleep(0.25)

    def check(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    def errors(self, documents: dict[str, str]) -> dict[str, list[str]]:
        """The validator's errors for each named HTML document; {} when all are valid."""
        found: dict[str, list[str]] = {}
        for name, html in documents.items():
            for message in self.check(html):
                if message.get("type") not in ("error", "non-document-error"):
                    continue
                if self.IGNORED.fullmatch(message.get("message", "")):
                    continue
                found.setdefault(name, []).append(
                    f"line {message.get('lastLine')}: {message['message']}"
                    f" in {message.get('extract', '')!r}"
                )
        return found

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def html_validator():
    """`html_validator.errors({name: html})`: the Nu validator's errors for each document."""
    validator = NuValidator()
    yield validator
    validator.close()
