"""Lighthouse, mobile preset (its default), on Debian's Chromium, against gunicorn."""

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
    "--disable-background-networking --disable-component-update --disable-sync --no-first-run"
)


@dataclass(frozen=True)
class Audit:
    name: str
    performance: float
    accessibility: float
    best_practices: float
    transfer_bytes: int  # everything a first visit downloads, as sent (compressed)
    failing: tuple[str, ...] = ()  # the audits that kept a category below 1


def run(url: str, *, cookie: str, attempts: int = 3) -> dict:
    """Lighthouse's report of one page. A cold browser sometimes fails with NO_NAVSTART:
    such a run is tried again."""
    with tempfile.TemporaryDirectory() as folder:
        headers = Path(folder) / "headers.json"
        headers.write_text(json.dumps({"Cookie": cookie}))
        report = Path(folder) / "report.json"
        for attempt in range(attempts):
            result = subprocess.run(
                [
                    str(LIGHTHOUSE),
                    url,
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                    "--only-categories=performance,accessibility,best-practices",
                    f"--extra-headers={headers}",
                    f"--chrome-flags={CHROME_FLAGS}",
                ],
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                capture_output=True,
                text=True,
                timeout=180,
            )
            if result.returncode == 0 and report.exists():
                data = json.loads(report.read_text())
                if not data.get("runtimeError"):
                    return data
            if attempt == attempts - 1:
                raise RuntimeError(f"Lighthouse failed on {url}: {result.stderr[-500:]}")
    raise AssertionError("unreachable")


def audit(name: str, url: str, *, cookie: str) -> Audit:
    report = run(url, cookie=cookie)
    categories = report["categories"]
    return Audit(
        name=name,
        performance=categories["performance"]["score"],
        accessibility=categories["accessibility"]["score"],
        best_practices=categories["best-practices"]["score"],
        transfer_bytes=int(report["audits"]["total-byte-weight"]["numericValue"]),
        failing=tuple(
            f"{category}: {audit}"
            for category in ("performance", "accessibility", "best-practices")
            if categories[category]["score"] < 1
            for audit in failing_audits(report, category)
        ),
    )


def failing_audits(report: dict, category: str) -> list[str]:
    """What kept a category below 1, to fix: the audits that count and did not pass."""
    refs = report["categories"][category]["auditRefs"]
    return [
        f"{ref['id']}: {report['audits'][ref['id']]['title']}"
        for ref in refs
        if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]
