"""Each role signs in through the real form and lands on an accessible page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        ("staff", "/c/geumjeong/"),
        ("reviewer", "/c/geumjeong/review/"),
        ("superuser", "/councils/"),
    ],
)
def test_it_lands_each_role_on_an_accessible_page(page, world, role, landing):
    login(page, world.user(role).username)
    assert page.url.endswith(landing)
    assert page.locator("h1").count() == 1
    axe_check(page)
    assert not page.console_errors, page.console_errors


def test_it_lands_a_member_on_a_phone(mobile_page, world):
    page = mobile_page
    login(page, world.member.user.username)
    assert page.url.endswith("/c/geumjeong/my/")
    assert page.locator("h1").count() == 1
    # Nothing is wider than the phone's screen.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    axe_check(page)
    # The collapsed menu opens and shows the member's links.
    page.get_by_role("button", name="메뉴 열기").click()
    page.get_by_role("link", name="내 회의").wait_for(state="visible")
    axe_check(page)
