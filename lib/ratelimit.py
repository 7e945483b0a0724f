"""The one rate limiter: how many requests one client made lately, known only by a hash.

A client is never stored by its address: `client_key` is a keyed hash of it
(HMAC with the project's secret and a per-purpose salt), enough to group one
client's requests and useless to anyone reading the table. `over_limit`
answers whether the times already counted leave room for one more under
each (count, seconds) limit. Callers store the key and the time of each
request they accept and remove old rows on their own schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils.crypto import salted_hmac

KEY_LENGTH = 32


def client_key(address: str | None, *, purpose: str) -> str:
    """A keyed hash of the client's address for one `purpose` (a dotted name); the same
    address gives different keys for different purposes."""
    return salted_hmac(purpose, address or "unknown").hexdigest()[:KEY_LENGTH]


def over_limit(
    times: Iterable[dt.datetime], limits: Sequence[tuple[int, int]], *, now: dt.datetime
) -> bool:
    """Whether `times` (the client's counted requests) already reach any (count, seconds)
    limit, so one more would pass it."""
    times = list(times)
    for count, seconds in limits:
        since = now - dt.timedelta(seconds=seconds)
        if sum(1 for t in times if t > since) >= count:
            return True
    return False


def window(limits: Sequence[tuple[int, int]]) -> dt.timedelta:
    """How far back the longest limit looks (what a caller needs to load)."""
    return dt.timedelta(seconds=max(seconds for _count, seconds in limits))
