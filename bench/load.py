"""The mixed-flow load test: locust (bench/locustfile.py) against gunicorn on loopback,
for a fixed time, headless; its totals and each kind of request."""

import csv
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Flow:
    name: str
    requests: int
    failures: int
    median_ms: float
    p95_ms: float
    requests_per_second: float


def run(base: str, *, users: int, seconds: int) -> list[Flow]:
    """Every kind of request of the flow, then the total (named "all")."""
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "load"
        subprocess.run(
            [
                str(Path(sys.executable).with_name("locust")),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                base,
                "--csv",
                str(prefix),
            ],
            check=False,  # locust exits with 1 when a request failed: the table says so
            capture_output=True,
            timeout=seconds + 60,
        )
        with open(f"{prefix}_stats.csv", newline="") as file:
            rows = list(csv.DictReader(file))
    flows = [
        Flow(
            name="all" if row["Name"] == "Aggregated" else row["Name"],
            requests=int(row["Request Count"]),
            failures=int(row["Failure Count"]),
            median_ms=float(row["Median Response Time"]),
            p95_ms=float(row["95%"]),
            requests_per_second=float(row["Requests/s"]),
        )
        for row in rows
    ]
    return sorted(flows, key=lambda flow: (flow.name == "all", flow.name))


@dataclass
class Imports:
    """What the people importing in a loop got: each import's status and seconds."""

    results: list[tuple[int, float]] = field(default_factory=list)

    @property
    def done(self) -> list[float]:
        return [seconds for status, seconds in self.results if status == 302]

    @property
    def refused(self) -> int:  # over the hourly limit: 429
        return sum(1 for status, _ in self.results if status == 429)

    @property
    def failed(self) -> int:
        return sum(1 for status, _ in self.results if status not in (302, 429))

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.done) if self.done else 0.0


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@contextmanager
def importing(base: str, *, sessions: list[str], file: bytes):
    """While the block runs, each signed-in person (by session id) imports `file` in place
    of their journal, again and again, as soon as the last one is done, each from an address
    of their own. Yields the Imports, complete once the block has ended."""
    import requests  # locust's

    imports, stop = Imports(), threading.Event()

    def loop(session_id: str, address: str) -> None:
        with requests.Session() as browser:
            browser.cookies.set("sessionid", session_id)
            browser.headers["X-Forwarded-For"] = address
            while not stop.is_set():
                page = browser.get(f"{base}/journal/import/", timeout=60)
                token = _TOKEN.search(page.text)
                started = time.perf_counter()
                answer = browser.post(
                    f"{base}/journal/import/",
                    data={
                        "mode": "replace",
                        "confirm": "on",
                        "csrfmiddlewaretoken": token.group(1) if token else "",
                    },
                    files={"file": ("backstretch.json", file, "application/json")},
                    allow_redirects=False,
                    timeout=120,
                )
                imports.results.append((answer.status_code, time.perf_counter() - started))
                if answer.status_code == 429:
                    stop.wait(1)  # a person told to wait does not press again at once

    threads = [
        threading.Thread(target=loop, args=(session_id, f"198.19.0.{number}"), daemon=True)
        for number, session_id in enumerate(sessions, start=1)
    ]
    for thread in threads:
        thread.start()
    try:
        yield imports
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=130)
