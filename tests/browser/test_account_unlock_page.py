"""The roster's 담당 공무원·검토 부서 on a phone and a desk: a locked reviewer with its
unlock button, then the unlock page."""

from __future__ import annotations

import os

import pytest

from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("ACCOUNT_UNLOCK_SCREENSHOTS")  # a folder: also save screenshots there


@pytest.mark.parametrize("width", [360, 1366])
def test_a_locked_reviewer_is_unlocked_from_the_roster(new_page, world, settings, width):
    page = new_page(width=width, height=800)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "reviewer", "wrong-password-1")
    staff_page = new_page(width=width, height=800)
    login(staff_page, world.staff.username)
    staff_page.goto("/c/geumjeong/members/")
    section = staff_page.locator("#council-accounts")
    assert section.locator(".locked-account").count() == 1
    assert section.locator(".locked-account").is_visible()
    axe_check(staff_page)
    if SHOTS:
        section.screenshot(path=f"{SHOTS}/roster-accounts-{width}.png")
    section.get_by_role("link", name="제한 풀기").click()
    assert "부서 담당자" in staff_page.locator("h1").inner_text()
    axe_check(staff_page)
    if SHOTS:
        staff_page.screenshot(path=f"{SHOTS}/account-unlock-{width}.png", full_page=True)
    staff_page.get_by_label("사유").fill("본인 전화 확인")
    staff_page.get_by_role("button", name="제한 풀기").click()
    assert "로그인 제한을 풀었습니다" in staff_page.locator("main").inner_text()
    assert staff_page.locator("#council-accounts .locked-account").count() == 0
