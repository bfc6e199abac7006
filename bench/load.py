"""The mixed-flow load test: locust (bench/locustfile.py) against gunicorn on loopback,
for a fixed time, headless; its totals and each kind of request."""

import csv
import subprocess
import sys
import tempfile
from dataclasses import dataclass
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
