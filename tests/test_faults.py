"""Faults: the server killed in the middle of a routine, and an account deleted and brought
back from its export."""

import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from journal.models import PainEntry, Session, SessionStep
from routines.models import Routine
from tests.factories import (
    PainEntryFactory,
    RoutineFactory,
    SessionFactory,
    StretchFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def database_url() -> str:
    """The test database, as DATABASE_URL names it, for a server in another process."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = database["USER"] or "postgres"
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


class Server:
    """gunicorn serving the app on a free port, against the test database."""

    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "DJANGO_DEBUG": "1",  # static file names without collectstatic's manifest
            "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        }
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "config.wsgi",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: the master and its worker
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/safety/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """As a crash or a power cut would: every process of it at once, no chance to finish
        anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


class Browser:
    """Just enough of a browser: cookies, CSRF tokens from the pages, form posts."""

    def __init__(self, server: Server, session_key: str):
        self.server = server
        self.cookies = CookieJar()
        self.cookies.set_cookie(_cookie("sessionid", session_key))
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.token = ""

    def get(self, path: str) -> str:
        with self.opener.open(self.server.url + path, timeout=10) as response:
            page = response.read().decode()
        if found := re.search(r'"X-CSRFToken": "([^"]+)"', page):
            self.token = found.group(1)
        return page

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}).encode()
        request = urllib.request.Request(
            self.server.url + path, body, headers={"Referer": self.server.url + path}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.url
        except urllib.error.HTTPError as error:
            return error.code, path


def _cookie(name: str, value: str) -> Cookie:
    return Cookie(
        0,
        name,
        value,
        None,
        False,
        "127.0.0.1",
        False,
        False,
        "/",
        True,
        False,
        None,
        False,
        None,
        None,
        {},
    )


@pytest.mark.django_db(transaction=True)
def test_the_server_killed_mid_routine_keeps_every_step_done_before():
    person = UserFactory()
    routine = RoutineFactory(
        owner=person, name="Mornings", stretches=StretchFactory.create_batch(3)
    )
    work = [step.index for step in routine.plan() if step.is_work]
    client = Client()
    client.force_login(person)  # the session is in the database, which the server reads
    server = Server()
    server.start()
    try:
        browser = Browser(server, client.cookies["sessionid"].value)
        browser.get(reverse("journal:player-start", args=[routine.pk]))
        key = uuid.uuid4()
        status, _ = browser.post(
            reverse("journal:player-start", args=[routine.pk]), {"play_key": key, "pain_before": 6}
        )
        assert status == 200  # followed to the first step
        for index in work[:2]:
            url = reverse("journal:player-record", args=[routine.pk, key, index])
            assert browser.post(url, {"outcome": "done", "actual_seconds": 30})[0] == 200

        server.kill()

        session = Session.objects.get(play_key=key)
        assert session.status == "partial"
        assert list(session.steps.values_list("step_index", "outcome")) == [
            (work[0], "done"),
            (work[1], "done"),
        ]

        server.start()  # back up: the play-through goes on where it stopped
        plan = routine.plan()
        page = browser.get(reverse("journal:player-step", args=[routine.pk, key, work[2]]))
        assert f"Stretch {plan[work[2]].item_index + 1} of 3" in page
        for index in work[2:]:
            url = reverse("journal:player-record", args=[routine.pk, key, index])
            assert browser.post(url, {"outcome": "done"})[0] == 200
        after = reverse("journal:player-after", args=[routine.pk, key])
        assert browser.post(after, {"pain_after": 3})[0] == 200
    finally:
        if server.process and server.process.poll() is None:
            server.kill()

    finished = Session.objects.get(play_key=key)
    assert (finished.status, finished.pain_before, finished.pain_after) == ("completed", 6, 3)
    assert finished.steps.count() == len(work)


@pytest.mark.django_db
def test_export_then_delete_the_account_then_import_restores_everything(client):
    call_command("load_catalogue", stdout=io.StringIO())
    person = UserFactory(username="sam")
    mine = RoutineFactory(owner=person, name="Evenings", stretches=StretchFactory.create_batch(2))
    starter = Routine.objects.get(starter_key="desk-break")
    PainEntryFactory(user=person, level=6, note="Long drive.", areas=["lower-back", "left-leg"])
    SessionFactory(user=person, routine=mine, routine_name="Evenings", steps=3, note="Good.")
    SessionFactory(user=person, routine=starter, routine_name="Desk break", left_open=True, steps=1)
    client.force_login(person)
    exported = client.get(reverse("journal:export-json")).content

    deleted = client.post(reverse("account-delete"), {"password": PASSWORD})
    assert deleted.status_code == 302
    assert not PainEntry.objects.exists()
    assert not Session.objects.exists()

    client.post(
        reverse("sign-up"),
        {
            "username": "sam",
            "email": "sam@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    imported = client.post(
        reverse("journal:import"),
        {"file": _upload(exported), "mode": "replace", "confirm": "on"},
    )
    assert imported.status_code == 302

    again = json.loads(client.get(reverse("journal:export-json")).content)
    before = json.loads(exported)
    for data in (again, before):
        data.pop("exported_at")
    assert again == before
    assert SessionStep.objects.count() == 4
    assert Session.objects.get(routine_name="Desk break").routine == starter


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("backstretch.json", content, content_type="application/json")
