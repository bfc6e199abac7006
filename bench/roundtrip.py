"""The ten-year journal's round trip: how big its export is, and how long its import takes
and how much memory it needs at its peak (tracemalloc: Python's own allocations)."""

import time
import tracemalloc
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


def measure() -> RoundTrip:
    from django.contrib.auth import get_user_model

    from journal.exchange import export_data, export_json_bytes, import_data
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
    started = time.perf_counter()
    import_data(user=new, data=exported)
    import_seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    new.delete()
    return RoundTrip(*counts, len(exported), export_seconds, import_seconds, peak)
