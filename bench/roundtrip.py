"""The ten-year journal's round trip: how big its export is, and how long its import takes,
how long of that its one write transaction holds the database, and how much memory it
needs at its peak (tracemalloc: Python's own allocations)."""

import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RoundTrip:
    pain_entries: int
    sessions: int
    steps: int
    export_bytes: int
    export_seconds: float
    import_seconds: float
    import_peak_bytes: int
    write_seconds: float  # the import's write transaction, timed without tracemalloc
    exported: bytes  # the file, for the import under load (bench/load.py)


@contextmanager
def _timing_the_write(spans: list[float]):
    """Times the import's write: its one transaction (journal.exchange.writer._replace)."""
    from journal.exchange import writer

    write = writer._replace

    def timed(**kwargs):
        started = time.perf_counter()
        try:
            return write(**kwargs)
        finally:
            spans.append(time.perf_counter() - started)

    writer._replace = timed
    try:
        yield
    finally:
        writer._replace = write


@contextmanager
def _as_uploaded(exported: bytes):
    """The file as an upload of this size reaches the view: in a temporary file."""
    with tempfile.TemporaryFile() as file:
        file.write(exported)
        file.seek(0)
        yield file


def measure() -> RoundTrip:
    from django.contrib.auth import get_user_model

    from journal.exchange.export import export_data, export_json_bytes
    from journal.exchange.writer import import_data
    from tests.journal.journals import long_journal

    users = get_user_model().objects
    old = users.create_user("ten-years-old", password="not used, ever 1")
    counts = long_journal(old)
    started = time.perf_counter()
    exported = export_json_bytes(export_data(user=old))
    export_seconds = time.perf_counter() - started
    old.delete()
    new = users.create_user("ten-years-new", password="not used, ever 2")

    tracemalloc.start()
    with _as_uploaded(exported) as file:
        import_data(user=new, data=file)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    spans: list[float] = []  # again, untraced, for its time
    with _as_uploaded(exported) as file, _timing_the_write(spans):
        started = time.perf_counter()
        import_data(user=new, data=file)
        import_seconds = time.perf_counter() - started
    new.delete()
    return RoundTrip(
        *counts,
        export_bytes=len(exported),
        export_seconds=export_seconds,
        import_seconds=import_seconds,
        import_peak_bytes=peak,
        write_seconds=spans[0],
        exported=exported,
    )
