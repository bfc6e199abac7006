"""A mixed flow of people using the app at once, for `make bench` (bench/load.py runs it):
each signs up, then browses the catalogue, builds a routine, plays it and logs pain, in
proportions a week of mornings might have. Every answer must be a success."""

import random
import re
import uuid

from locust import HttpUser, between, task

PASSWORD = "a long and hard one 47"
STRETCHES = ["childs-pose", "knees-to-chest", "pelvic-tilt", "cat-cow", "knee-rolls"]


class Person(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        # Each person from an address of their own, as the proxy in front of the app says
        # (bench runs gunicorn with DJANGO_BEHIND_PROXY=1): sign-ups are limited per address.
        self.client.headers["X-Forwarded-For"] = (
            f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"
        )
        self.client.get("/accounts/sign-up/", name="sign-up page")
        name = f"load-{uuid.uuid4().hex[:12]}"
        self.post(
            "/accounts/sign-up/",
            {
                "username": name,
                "email": f"{name}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            name="sign up",
        )
        self.routine = None

    def post(self, path: str, data: dict, *, name: str, htmx: bool = False):
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        if htmx:
            headers["HX-Request"] = "true"
        return self.client.post(path, data, headers=headers, name=name)

    @task(4)
    def browse(self) -> None:
        self.client.get("/stretches/", name="catalogue")
        self.client.get(
            "/stretches/?in_bed=on", headers={"HX-Request": "true"}, name="catalogue, filtered"
        )
        self.client.get(f"/stretches/{random.choice(STRETCHES)}/", name="stretch")

    @task(2)
    def compose(self) -> None:
        response = self.post(
            "/routines/new/",
            {
                "name": "My mornings",
                "get_ready_seconds": 5,
                "rest_seconds": 10,
                "switch_seconds": 5,
            },
            name="routine create",
        )
        found = re.search(r"/routines/(\d+)/edit/", response.url)
        if not found:
            return  # the failed request itself is counted
        pk = found.group(1)
        for slug in random.sample(STRETCHES, 3):
            self.post(f"/routines/{pk}/items/add/", {"stretch": slug}, name="item add", htmx=True)
        items = re.findall(
            r'id="item-(\d+)"', self.client.get(f"/routines/{pk}/edit/", name="composer").text
        )
        if len(items) == 3:
            self.post(
                f"/routines/{pk}/items/{items[2]}/move/",
                {"position": 1},
                name="item move",
                htmx=True,
            )
        self.routine = pk

    @task(2)
    def play(self) -> None:
        if self.routine is None:
            return
        pk, key = self.routine, uuid.uuid4()
        self.client.get(f"/play/{pk}/", name="player start page")
        self.post(
            f"/play/{pk}/",
            {"play_key": key, "pain_before": random.randint(2, 6)},
            name="player start",
        )
        for index in (1, 3):
            self.post(
                f"/play/{pk}/{key}/{index}/record/",
                {"outcome": "done"},
                name="player step",
                htmx=True,
            )
        self.post(
            f"/play/{pk}/{key}/after/", {"pain_after": random.randint(1, 5)}, name="player finish"
        )

    @task(3)
    def log_pain(self) -> None:
        self.post(
            "/journal/pain/quick/", {"level": random.randint(0, 8)}, name="pain log", htmx=True
        )
        self.client.get("/journal/", name="dashboard")
