"""One import read at a time on this machine.

Reading and checking an import takes a worker's CPU for seconds (about 5 s for a ten-year
file), and `make serve` runs two sync workers: two imports at once leave no worker for
anyone else (bench/BENCHMARKS.md measures it). So an import that finds another one being
read here is answered at once, "busy, try again in a moment" (429), instead of waiting.

The gate is an advisory file lock (fcntl.flock), taken without waiting and let go when the
import ends, or when its process dies. Its file is named for the checkout and the database,
so that two sites on one machine do not share it."""

import fcntl
import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

RETRY_SECONDS = 15


def _lock_file() -> Path:
    site = f"{settings.BASE_DIR}|{connection.settings_dict['NAME']}"
    name = hashlib.sha256(site.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"backstretch-import-{name}.lock"


@contextmanager
def one_at_a_time() -> Iterator[bool]:
    """Yields True with the gate held for the block, or False at once if another import
    holds it (then the block must not import)."""
    with open(_lock_file(), "a") as gate:
        try:
            fcntl.flock(gate, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(gate, fcntl.LOCK_UN)
