"""No table on a staff page wraps text one syllable per line on a phone (issue 29, item 1).

The test signs in as the demo's staff member at 360 px and walks every staff page
reachable by links from the dashboard (GET only: no page changes state on GET),
and on each measures every visible table cell holding three or more characters:
a cell narrower than three characters of its own font size is a failure, named
with its page, column and text.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from portal.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

# Files, not pages (downloads), and pages of another kind than the staff's own.
SKIP = re.compile(
    r"/(export|download|files?|pdf|xlsx|hwpx|zip|csv|json|logout|admin|i18n|static|media)\b"
    r"|\.(pdf|xlsx|hwpx|zip|csv|json|png|svg)$|/find/|/archive/"
)
MAX_PAGES = 70

NARROW_CELLS = """() => {
  const found = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const box = cell.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(cell).visibility === 'hidden') continue;
    // A card table's header is for screen readers only (each cell shows its label).
    if (cell.closest('.table-cards thead')) continue;
    const text = cell.innerText.trim();
    if ([...text].length < 3) continue;
    const size = parseFloat(getComputedStyle(cell).fontSize);
    const style = getComputedStyle(cell);
    const inner = box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (inner < 3 * size) {
      const label = cell.dataset.label || '';
      found.push(`${label}:${text.slice(0, 20)} (${Math.round(inner)} px)`);
    }
  }
  return found;
}"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    load_demo(today=dt.date.today())


def test_no_staff_table_cell_is_narrower_than_three_characters_at_360_px(new_page, demo):
    page = new_page(width=360, height=800)
    login(page, "gj-staff", DEMO_PASSWORD)
    start = "/c/geumjeong/"
    queue, seen, problems = [start], {start}, {}
    visited = 0
    while queue and visited < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(path)
        if response is None or response.status != 200:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        visited += 1
        narrow = page.evaluate(NARROW_CELLS)
        if narrow:
            problems[path] = narrow
        for href in page.eval_on_selector_all(
            "main a[href], nav a[href], footer a[href]",
            "els => els.map(e => e.getAttribute('href'))",
        ):
            href = href.split("#")[0].split("?")[0]
            if href.startswith("/c/geumjeong/") and not SKIP.search(href) and href not in seen:
                seen.add(href)
                queue.append(href)
    assert visited >= 20, f"walked only {visited} pages: the crawl lost its way"
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
