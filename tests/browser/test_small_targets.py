"""Text and targets a phone user can read and hit (issue 29, item 4), and the menu
saying where one is.

On the demo, at 360 px: every visible badge and small detail line is at least
14 px; every visible footer link, summary and text link standing alone in a
paragraph is at least 44 px tall; the menu marks the current page with
aria-current="page" (and a screen reader hears it).
"""

from __future__ import annotations

import datetime as dt

import pytest

from council.models import Meeting
from portal.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

TOO_SMALL = """() => [...document.querySelectorAll('main .krds-badge, main .badge, main .small')]
  .filter(el => el.getBoundingClientRect().width > 0)
  .filter(el => parseFloat(getComputedStyle(el).fontSize) < 14)
  .map(el => `${el.textContent.trim().slice(0, 20)} ${getComputedStyle(el).fontSize}`)"""

TOO_SHORT = """() => [...document.querySelectorAll('footer a, main summary')]
  .filter(el => el.getBoundingClientRect().width > 0)
  .filter(el => el.getBoundingClientRect().height < 44)
  .map(el => `${el.textContent.trim().slice(0, 20)} ${Math.round(el.getBoundingClientRect().height)}px`)"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    load_demo(today=dt.date.today())
    return Meeting.objects.filter(council__slug="geumjeong").exclude(slug="2023-h2").get()


def test_badges_details_and_targets_are_large_enough_on_a_phone(new_page, demo):
    page = new_page(width=360, height=800)
    login(page, "gj-staff", DEMO_PASSWORD)
    problems = {}
    for path in [
        "/c/geumjeong/",
        "/c/geumjeong/meetings/",
        f"/c/geumjeong/meetings/{demo.slug}/",
        "/c/geumjeong/commitments/",
        f"/c/geumjeong/meetings/{demo.slug}/result/",
    ]:
        page.goto(path)
        found = page.evaluate(TOO_SMALL) + page.evaluate(TOO_SHORT)
        if found:
            problems[path] = found
    assert problems == {}


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/c/geumjeong/", "대시보드"),
        ("/c/geumjeong/members/", "위원 명단"),
        ("/c/geumjeong/meetings/2023-h2/opinions/", "회의"),
    ],
)
def test_the_menu_marks_the_current_page(new_page, demo, path, current):
    page = new_page(width=1366, height=800)
    login(page, "gj-staff", DEMO_PASSWORD)
    page.goto(path)
    marked = page.locator("#main-nav [aria-current=page]")
    assert marked.count() == 1
    assert marked.inner_text().strip() == current
    weight = marked.evaluate("el => getComputedStyle(el).fontWeight")
    assert int(weight) >= 700
