"""bench/BENCHMARKS.md: the tables of one run of `make bench`, and the budgets."""

from datetime import datetime

from bench.cache import Footprint
from bench.lighthouse import Audit
from bench.load import Flow, Imports
from bench.offline import Offline
from bench.pages import Timing
from bench.roundtrip import RoundTrip
from bench.throughput import Load


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗ over budget"


def render(
    *,
    timings: list[Timing],
    loads: list[Load],
    flows: list[Flow],
    flows_importing: list[Flow],
    imports: Imports,
    audits: list[Audit],
    footprints: list[Footprint],
    offline: Offline,
    trip: RoundTrip,
    max_entries: int,
    about: dict,
    when: datetime,
    command: str,
    budgets: dict,
) -> tuple[str, list[str]]:
    """The Markdown of the report, and each budget missed."""
    missed: list[str] = []
    world = about["world"]
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {when:%Y-%m-%d %H:%M %Z} with `{command}`, on {about['machine']}; "
        f"{about['versions']}. Data: the catalogue and starter routines, and one person with "
        f"40 routines, {world.pain_entries:,} pain entries and {world.sessions:,} sessions "
        f"with {world.steps:,} steps (three years).",
        "",
        "Rerun with `make bench` (it installs wrk and Lighthouse when missing, seeds a new "
        "SQLite database, and rewrites this file; a few minutes). "
        "`.venv/bin/python -m bench --help` lists its options, such as "
        "`--database postgres://…` for an empty PostgreSQL database.",
        "",
        "The load generator and the server share the same cores: compare the figures of one "
        "run with each other (the ratios to the bare view), not absolute figures across runs.",
        "",
        "## Each page, in-process",
        "",
        "Median and 90th percentile of the server time over the requests, debug off, signed "
        "in as the person; the bare view returns two bytes through the same middleware. "
        "Signed in, it also reads the session and the person from the database, as every "
        "signed-in page does before its own work: the floor under those pages. Each page's "
        "requests alternate with the bare view's, ten by ten, and its ratio is to the bare "
        "view's median over that same stretch of time: this machine's speed swings (2.5× "
        "from one second to the next was seen), and pages measured minutes apart would "
        "not compare.",
        "",
        "| page | median | p90 | × bare view | budget | queries | size |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for t in timings:
        ratio = t.ratio
        budget = ""
        if t.page.budget is not None:
            ok = ratio <= t.page.budget
            budget = f"≤ {t.page.budget:g}× {_mark(ok)}"
            if not ok:
                missed.append(f"{t.page.name}: {ratio:.1f}× the bare view (≤ {t.page.budget:g}×)")
        if t.queries > budgets["queries"]:
            missed.append(f"{t.page.name}: {t.queries} queries (≤ {budgets['queries']})")
        lines.append(
            f"| {t.page.name} | {t.median_ms:.2f} ms | {t.p90_ms:.2f} ms | {ratio:.1f} | "
            f"{budget} | {t.queries} | {t.size / 1024:.1f} KB |"
        )
    lines += [
        "",
        f"Every page: at most {budgets['queries']} queries "
        f"{_mark(all(t.queries <= budgets['queries'] for t in timings))}; the same number with "
        "1 row or 1,000 is asserted by the test suite (`django_assert_num_queries`).",
        "",
        "## Under load",
        "",
        "gunicorn with 2 workers, wrk on loopback (2 threads, 8 connections), one page after "
        "another, signed in as the person unless the page says otherwise. The bare view "
        "signed in (the session and the person read, nothing else) is the ceiling for every "
        "signed-in page: no such page can reach a larger share than it does.",
        "",
        "| page | requests/s | share of bare | budget | p50 | p99 | errors |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    bare_load = next((load for load in loads if load.name == "bare view"), None)
    for load in loads:
        share = load.requests_per_second / bare_load.requests_per_second if bare_load else 0
        budget = ""
        if load.budget is not None:
            ok = share >= load.budget
            budget = f"≥ {load.budget:.0%} {_mark(ok)}"
            if not ok:
                missed.append(f"{load.name}: {share:.0%} of the bare view's requests per second")
        if load.errors:
            missed.append(f"{load.name}: {load.errors} errors under load")
        lines.append(
            f"| {load.name} | {load.requests_per_second:,.0f} | {share:.0%} | {budget} | "
            f"{load.p50_ms:.1f} ms | {load.p99_ms:.1f} ms | {load.errors} |"
        )
    total = next((flow for flow in flows if flow.name == "all"), None)
    lines += [
        "",
        "## A mixed flow under load",
        "",
        "locust (bench/locustfile.py), headless on loopback, against the same gunicorn: "
        "people sign up, browse the catalogue, build a routine, play it and log pain, "
        "all at once. Every answer must be a success.",
        "",
        "| request | count | failures | median | p95 | requests/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for flow in flows:
        label = "**all**" if flow.name == "all" else flow.name
        lines.append(
            f"| {label} | {flow.requests:,} | {flow.failures} | {flow.median_ms:.0f} ms | "
            f"{flow.p95_ms:.0f} ms | {flow.requests_per_second:.1f} |"
        )
    if total is None or total.requests == 0:
        missed.append("the mixed flow made no requests")
    elif total.failures:
        missed.append(f"the mixed flow: {total.failures} failed requests of {total.requests}")
    lines += _import_load_lines(flows, flows_importing, imports, missed)
    lines += _cache_lines(footprints, max_entries)
    lines += _offline_lines(offline, budgets["next_step_ms"], missed)
    lines += [
        "",
        "## A ten-year journal's round trip",
        "",
        f"{trip.pain_entries:,} pain entries and {trip.sessions:,} sessions with "
        f"{trip.steps:,} steps (tests/journal/journals.py): exported in "
        f"{trip.export_seconds:.1f} s to {trip.export_bytes / 1e6:.1f} MB of compact JSON, "
        f"imported into a new account from a file, as an upload is, in "
        f"{trip.import_seconds:.1f} s, of which its one write transaction held the database "
        f"{trip.write_seconds:.2f} s; at a peak of {trip.import_peak_bytes / 1e6:.0f} MB of "
        "Python memory (tracemalloc, in a run of its own, which it slows).",
    ]
    lines += ["", "## Lighthouse, mobile", ""]
    if audits:
        lines += [
            "Lighthouse 12 with its mobile preset (throttled), on Debian's Chromium, served by "
            "gunicorn with debug off; the first-visit size is everything downloaded, as sent.",
            "",
            "| page | performance | accessibility | best practices | first visit |",
            "|---|---:|---:|---:|---:|",
        ]
        limits = budgets["lighthouse"]
        for audit in audits:
            for category in ("performance", "accessibility", "best_practices"):
                score = getattr(audit, category)
                if score < limits[category]:
                    missed.append(f"{audit.name}: Lighthouse {category} {score:.2f}")
            if audit.transfer_bytes > budgets["first_visit"]:
                missed.append(
                    f"{audit.name}: a first visit of {audit.transfer_bytes / 1024:.0f} KB"
                )
            lines.append(
                f"| {audit.name} | {audit.performance:.2f} | {audit.accessibility:.2f} | "
                f"{audit.best_practices:.2f} | {audit.transfer_bytes / 1024:.1f} KB |"
            )
        below = [f"- {a.name}: {reason}" for a in audits for reason in a.failing]
        if below:
            lines += ["", "What kept a score below 1:", "", *below]
        lines += [
            "",
            f"Budgets: performance ≥ {limits['performance']}, accessibility and best practices "
            f"{limits['accessibility']:.2f}, a first visit ≤ {budgets['first_visit'] // 1024} KB.",
        ]
    else:
        lines.append("Not run (`--no-lighthouse`).")
    lines += ["", "## Budgets", ""]
    lines += [f"- ✗ {line}" for line in missed] or ["- All met."]
    return "\n".join(lines) + "\n", missed


def _offline_lines(offline: Offline, budget_ms: int, missed: list[str]) -> list[str]:
    if offline.next_step_median_ms > budget_ms:
        missed.append(f"offline: the next step in {offline.next_step_median_ms:.0f} ms")
    lines = [
        "",
        "## The player offline",
        "",
        "Debian's Chromium on a 375 × 667 phone, against the same gunicorn: what a "
        "play-through keeps on the device when it starts (every step's page and the "
        '"how do you feel" page, as the service worker stores them), then, with the network '
        f"off, {offline.steps_timed} presses of the main control, each timed to the next step "
        "settled and painted.",
        "",
        "| play-through | steps | kept on the device |",
        "|---|---:|---:|",
    ]
    lines += [f"| {k.name} | {k.steps} | {k.bytes / 1024:,.0f} KB |" for k in offline.kept]
    lines += [
        "",
        f"Next step, network off: median {offline.next_step_median_ms:.1f} ms, "
        f"slowest {offline.next_step_max_ms:.1f} ms (budget: median ≤ {budget_ms} ms).",
    ]
    return lines


IMPORT_LOAD_BUDGET = 2.0  # the flow's p95 while imports run, at most this times its usual


def _import_load_lines(
    flows: list[Flow], importing: list[Flow], imports: Imports, missed: list[str]
) -> list[str]:
    usual = {flow.name: flow for flow in flows}
    lines = [
        "",
        "## The mixed flow while two people import ten years",
        "",
        "The same flow for as long again, while two people each import the ten-year file "
        "(below) in place of their journal, the next as soon as the last is done, from "
        "addresses of their own, until the hourly limit (10 a person) answers 429. Its p95 "
        f"beside the usual one (the run above); budget: at most {IMPORT_LOAD_BUDGET:g}×.",
        "",
        "| request | count | failures | p95 usual | p95 while importing | × usual |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for flow in importing:
        before = usual.get(flow.name)
        ratio = flow.p95_ms / before.p95_ms if before and before.p95_ms else None
        label = "**all**" if flow.name == "all" else flow.name
        lines.append(
            f"| {label} | {flow.requests:,} | {flow.failures} | "
            f"{f'{before.p95_ms:.0f} ms' if before else '–'} | {flow.p95_ms:.0f} ms | "
            f"{f'{ratio:.1f}' if ratio is not None else '–'} |"
        )
        if flow.name == "all":
            if ratio is None or ratio > IMPORT_LOAD_BUDGET:
                missed.append(f"the mixed flow's p95 while importing: {flow.p95_ms:.0f} ms")
            if flow.failures:
                missed.append(f"the mixed flow while importing: {flow.failures} failed requests")
    lines += [
        "",
        f"Imports: {len(imports.done)} done (median {imports.median_seconds:.1f} s each), "
        f"{imports.refused} answered 429, {imports.failed} failed.",
    ]
    if imports.failed:
        missed.append(f"imports under load: {imports.failed} failed")
    return lines


def _cache_lines(footprints: list[Footprint], max_entries: int) -> list[str]:
    """What the cache holds after real use, and how many people's mornings fit in it."""
    lines = [
        "",
        "## What the cache holds",
        "",
        f"Each worker keeps its own cache in memory, of at most {max_entries:,} entries "
        "(`settings.CACHES`); past that, the least recently used third goes. Each row fills "
        "an empty cache, in-process, signed in as the person:",
        "",
        "| use | entries | size | average entry |",
        "|---|---:|---:|---:|",
    ]
    for use in footprints:
        lines.append(
            f"| {use.name} | {use.entries} | {use.size / 1024:.0f} KB | "
            f"{use.size / max(use.entries, 1) / 1024:.1f} KB |"
        )
    shared, person = footprints
    mornings = (max_entries - shared.entries) // max(person.entries, 1)
    full = shared.size + mornings * person.size
    lines += [
        "",
        f"So {max_entries:,} entries hold the catalogue and about {mornings:,} people's "
        f"mornings, some {full / 1024 / 1024:.0f} MB a worker.",
    ]
    return lines
