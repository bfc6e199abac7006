"""Limits on how often something may be asked for: password-reset e-mails, sign-ups and
imports, counted per address and per e-mail address or person.

Each limit counts in fixed windows (an hour, say) in the cache. The key holds a hash of what
is counted, never the address or e-mail itself. The cache is each process's own memory
(settings.CACHES), so with several worker processes each keeps its own count: a limit of 3
an hour allows at most 3 for each worker. Sign-in is throttled separately, by django-axes,
in the database.
"""

import hashlib
import time
from dataclasses import dataclass

from config.shared.caching import count_in_window, throttle_key


@dataclass(frozen=True)
class Limit:
    name: str
    times: int  # allowed in each window
    seconds: int  # the window

    @property
    def minutes(self) -> int:
        return self.seconds // 60


# A person who forgot their password asks once or twice; a script asks hundreds of times.
RESET_PER_EMAIL = Limit("reset-email", times=3, seconds=60 * 60)
RESET_PER_ADDRESS = Limit("reset-address", times=10, seconds=60 * 60)
# Sign-up forms sent (with mistakes, several): per address, and per e-mail when one is given.
SIGN_UP_PER_ADDRESS = Limit("sign-up-address", times=10, seconds=60 * 60)
SIGN_UP_PER_EMAIL = Limit("sign-up-email", times=3, seconds=60 * 60)
# Imports: each reads a whole file and writes in one transaction, so a loop of them slows
# everyone. A person putting a file right tries a few times; a script tries hundreds.
IMPORT_PER_PERSON = Limit("import-person", times=10, seconds=60 * 60)
IMPORT_PER_ADDRESS = Limit("import-address", times=20, seconds=60 * 60)


def _key(limit: Limit, value: str, now: float) -> str:
    digest = hashlib.sha256(value.strip().lower().encode("utf-8", "replace")).hexdigest()[:32]
    return throttle_key(limit.name, int(now // limit.seconds), digest)


def throttle_count(*, limit: Limit, value: str | None, now: float | None = None) -> bool:
    """Count one more request for this value, and say whether it is over the limit (True:
    refuse it). Nothing to count by (no address, no e-mail) is never over."""
    if not value:
        return False
    key = _key(limit, value, time.time() if now is None else now)
    count = count_in_window(key, seconds=limit.seconds)
    return count > limit.times
