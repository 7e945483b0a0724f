"""Queries per page at a small and a large number of rows (run as `python -m bench.queries`).

Prints one JSON document: for each page of `bench.data.PAGES`, its URL, the
status and query count at each size. Runs on a throwaway SQLite database under
/tmp/bench-*.
"""

from __future__ import annotations

import json
import sys

if __name__ == "__main__":
    import bench.boot  # noqa: F401  (Django on a fresh bench database)

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.data import PAGES, Page, World, grow, make_world, resolve

BUDGET = 12
# Transaction control is not a query of the page: SQLite logs BEGIN IMMEDIATE /
# COMMIT around the session save, PostgreSQL does not, and inside a test the same
# atomic block is a SAVEPOINT. Counting SQL statements only keeps the figure
# the same on both databases and in and out of tests.
_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def sql_count(captured: list[dict]) -> int:
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(_CONTROL))


def measure(page: Page, world: World) -> dict:
    """Status and number of queries of one GET of `page` as its role."""
    url = resolve(page, world)
    if url is None:
        return {"missing": True}
    # The public finder keeps a copy of its pages in the server's cache: measure the page
    # itself, not the copy made at the previous size.
    cache.clear()
    client = Client(HTTP_HOST="127.0.0.1")
    user = world.user(page.role)
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return {"url": url, "status": response.status_code, "queries": sql_count(ctx.captured_queries)}


def main(sizes: list[int]) -> dict:
    world = make_world()
    results: dict[str, dict] = {p.label: {"scaled": p.scaled, "sizes": {}} for p in PAGES}
    for n in sizes:
        grow(world, n)
        for page in PAGES:
            results[page.label]["sizes"][str(n)] = measure(page, world)
    return {"sizes": sizes, "budget": BUDGET, "pages": results}


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10, 1000]
    print(json.dumps(main(sizes), ensure_ascii=False))
