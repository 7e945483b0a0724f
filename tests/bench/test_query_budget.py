"""Every main page that exists runs at most 12 SQL statements, the same at 10 and 200 rows.

The pages and the rows that grow come from `bench.data` (the benchmark's own
catalogue, so `make bench` and this test check the same pages). A page whose
URL name does not exist yet is not tested here; `test_it_lists_the_missing_pages`
names them so none is forgotten silently.
"""

from __future__ import annotations

import pytest

from bench.data import PAGES, grow, make_world, resolve
from bench.queries import BUDGET, measure

SMALL, LARGE = 10, 200


@pytest.fixture
def bench_world(db):
    return make_world()


@pytest.mark.parametrize("page", PAGES, ids=[p.label for p in PAGES])
def test_it_keeps_queries_within_budget_and_flat(page, bench_world):
    if resolve(page, bench_world) is None:
        pytest.skip(f"{page.label}: no URL named {' / '.join(page.names)} yet")
    small = measure(page, grow(bench_world, SMALL))
    large = measure(page, grow(bench_world, LARGE))
    assert small["status"] == 200, small
    assert large["status"] == 200, large
    assert small["queries"] <= BUDGET, f"{page.label}: {small['queries']} queries at {SMALL} rows"
    assert large["queries"] == small["queries"], (
        f"{page.label}: {small['queries']} queries at {SMALL} rows, "
        f"{large['queries']} at {LARGE} ({page.scaled} grew)"
    )


def test_it_lists_the_missing_pages(bench_world, capsys):
    missing = [p.label for p in PAGES if resolve(p, bench_world) is None]
    present = [p.label for p in PAGES if resolve(p, bench_world) is not None]
    # The pages the portal has had since the foundation must never disappear.
    assert {"member home", "meeting page", "staff dashboard", "reviewer home"} <= set(present)
    with capsys.disabled():
        if missing:
            print(f"\n[query budget] pages not built yet: {', '.join(missing)}")
