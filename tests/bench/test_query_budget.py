"""Every main page runs at most 12 SQL statements, the same at 10 and 200 rows.

The pages and the rows that grow come from `bench.data` (the benchmark's own
catalogue, so `make bench` and this test check the same pages). A page whose
URL name is renamed or gone fails here (NoReverseMatch): rename it in the
catalogue too.
"""

from __future__ import annotations

import pytest

from bench.data import PAGES, grow, make_world
from bench.queries import BUDGET, measure

SMALL, LARGE = 10, 200


@pytest.fixture
def bench_world(db):
    return make_world()


@pytest.mark.parametrize("page", PAGES, ids=[p.label for p in PAGES])
def test_it_keeps_queries_within_budget_and_flat(page, bench_world):
    small = measure(page, grow(bench_world, SMALL))
    large = measure(page, grow(bench_world, LARGE))
    assert small["status"] == 200, small
    assert large["status"] == 200, large
    assert small["queries"] <= BUDGET, f"{page.label}: {small['queries']} queries at {SMALL} rows"
    assert large["queries"] == small["queries"], (
        f"{page.label}: {small['queries']} queries at {SMALL} rows, "
        f"{large['queries']} at {LARGE} ({page.scaled} grew)"
    )
