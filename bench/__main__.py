"""`make bench`: seed realistic data, measure every main page in-process, under load and with
Lighthouse, check the budgets and write bench/BENCHMARKS.md.

    .venv/bin/python -m bench [--requests 200] [--seconds 5] [--no-lighthouse]
                              [--database postgres://…/an_empty_database]

Not a test: timings depend on the machine. Compare figures of one run with each other (the
ratios to the bare view), not absolute figures across machines or runs.
"""

import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUERY_BUDGET = 8
FIRST_VISIT_BUDGET = 100 * 1024
LIGHTHOUSE_BUDGET = {"performance": 0.95, "accessibility": 1.0, "best_practices": 1.0}


def configure(database: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_HTTPS": "0",
        # As behind one proxy: the mixed flow's people each come from an address of their
        # own (bench/locustfile.py), as on a real site, so per-address limits are not hit.
        "DJANGO_BEHIND_PROXY": "1",
        "DJANGO_PROXY_COUNT": "1",
        "DATABASE_URL": database,
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return env


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory = next(
        (
            int(line.split()[1]) // (1024 * 1024)
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return f"{cpu}, {os.cpu_count()} cores, {memory} GiB"


def versions(engine: str) -> str:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if engine == "sqlite" else "SHOW server_version")
        database = cursor.fetchone()[0]
    chromium = subprocess.run(
        ["/usr/bin/chromium", "--version"], capture_output=True, text=True
    ).stdout.strip()
    name = "SQLite" if engine == "sqlite" else "PostgreSQL"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{name} {database}, {chromium or 'no Chromium'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per page, in-process")
    parser.add_argument("--seconds", type=int, default=5, help="of load per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--users", type=int, default=20, help="for the mixed-flow load test")
    parser.add_argument("--load-seconds", type=int, default=30, help="of the mixed-flow test")
    parser.add_argument("--database", help="an empty database's URL; default: a new SQLite file")
    parser.add_argument("--output", type=Path, default=HERE / "BENCHMARKS.md")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        env = configure(args.database or f"sqlite:///{folder}/bench.sqlite3")
        from django.db import connections

        from bench import cache, lighthouse, load, offline, pages, report, roundtrip, throughput
        from bench.seed import create_person, seed, session_of, signed_in_client

        print("Seeding…", flush=True)
        world = seed()
        engine = "sqlite" if env["DATABASE_URL"].startswith("sqlite") else "postgresql"
        print(f"In-process, {args.requests} requests a page…", flush=True)
        timings = pages.measure_all(world, requests=args.requests)
        footprints = cache.measure(world)
        client = signed_in_client(world)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
        about = {"machine": machine(), "versions": versions(engine), "world": world}
        to_keep = offline.routines_to_keep(world)
        print("The ten-year journal's round trip…", flush=True)
        trip = roundtrip.measure()
        importers = [session_of(create_person(f"importer-{n}")) for n in (1, 2)]
        connections.close_all()

        step = pages.step_url(world)
        print(f"Under load, {args.seconds} s a page…", flush=True)
        with throughput.gunicorn(env) as base:
            loads = throughput.measure(
                base,
                [
                    ("bare view", "/bench/bare/", {"Cookie": cookie}, None),
                    ("bare view, signed in", "/bench/bare/signed-in/", {"Cookie": cookie}, None),
                    ("catalogue", "/stretches/", {"Cookie": cookie}, 0.3),
                    ("catalogue, signed out", "/stretches/", {}, None),
                    ("player step (htmx)", step, {"Cookie": cookie, "HX-Request": "true"}, 0.3),
                    ("journal dashboard", "/journal/", {"Cookie": cookie}, None),
                ],
                seconds=args.seconds,
            )
            print("Offline: a play-through kept on the device, then played offline…", flush=True)
            kept = offline.measure(base, cookie=cookie, routines=to_keep)
            print(f"Mixed flow, {args.users} people for {args.load_seconds} s…", flush=True)
            flows = load.run(base, users=args.users, seconds=args.load_seconds)
            print("The mixed flow again, while two people import ten years each…", flush=True)
            with load.importing(base, sessions=importers, file=trip.exported) as imports:
                flows_importing = load.run(base, users=args.users, seconds=args.load_seconds)
            audits = []
            if not args.no_lighthouse:
                print("Lighthouse…", flush=True)
                for name, path, theme in [
                    ("home", "/", ""),
                    ("home, dark", "/", "dark"),
                    ("catalogue", "/stretches/", ""),
                    ("composer", f"/routines/{world.routine_pk}/edit/", ""),
                    ("player", step, ""),
                    ("player, dark", step, "dark"),
                    ("journal dashboard", "/journal/", ""),
                ]:
                    # The dark theme as a device that chose it: the cookie the server reads.
                    cookies = f"{cookie}; theme={theme}" if theme else cookie
                    audits.append(lighthouse.audit(name, base + path, cookie=cookies))

    text, missed = report.render(
        timings=timings,
        loads=loads,
        flows=flows,
        flows_importing=flows_importing,
        imports=imports,
        audits=audits,
        footprints=footprints,
        offline=kept,
        trip=trip,
        max_entries=cache.max_entries(),
        about=about,
        when=datetime.now().astimezone(),
        command=" ".join(["make bench", *sys.argv[1:]]),
        budgets={
            "queries": QUERY_BUDGET,
            "first_visit": FIRST_VISIT_BUDGET,
            "lighthouse": LIGHTHOUSE_BUDGET,
            "next_step_ms": offline.NEXT_STEP_BUDGET_MS,
        },
    )
    args.output.write_text(text)
    print(text)
    print(f"Written to {args.output}.")
    if missed:
        print(f"{len(missed)} budget(s) missed:\n- " + "\n- ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
