"""Staff pages reflow at 360 px (WCAG 1.4.10) and wide tables that must scroll can be
reached by keyboard (axe scrollable-region-focusable) (issue 29, item 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from council.models import Dong, Member
from portal.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    load_demo(today=dt.date.today())


def test_roster_population_and_dong_pages_fit_a_phone(new_page, demo):
    page = new_page(width=360, height=800)
    login(page, "gj-staff", DEMO_PASSWORD)
    member = Member.objects.filter(council__slug="geumjeong").first()
    dong = Dong.objects.filter(council__slug="geumjeong").first()
    for path in (
        "/c/geumjeong/members/",
        f"/c/geumjeong/members/{member.pk}/",
        "/c/geumjeong/facilities/population/",
        "/c/geumjeong/facilities/population/dongs/",
        "/c/geumjeong/facilities/finder/",
        f"/c/geumjeong/facilities/finder/dongs/{dong.pk}/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > 361 || e.scrollWidth > e.clientWidth + 1)
              .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
        )
        assert width <= 360, f"{path} is {width} px wide: {wide}"
        axe_check(page)
