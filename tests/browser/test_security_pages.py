"""Issue 24's pages in a browser: enrolling the second factor on a phone, the
locked-out page with the council's contact, and the roster's lock and unlock."""

from __future__ import annotations

import os

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SECURITY_SCREENSHOTS")  # a folder: also save screenshots there


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1366])
def test_staff_enrol_the_second_factor_then_reach_the_roster(new_page, world, settings, width):
    settings.TWO_FACTOR_EXEMPT_NETWORKS = []
    page = new_page(width=width, height=800)
    login(page, world.staff.username)
    page.wait_for_url("**/accounts/two-factor/**")
    assert page.locator("#two-factor-qr").is_visible()
    axe_check(page)
    _shot(page, f"two-factor-setup-{width}")
    device = TOTPDevice.objects.get(user=world.staff, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("인증 코드").fill(code)
    page.get_by_role("button", name="등록").click()
    assert page.locator("#backup-codes li").count() == 10
    axe_check(page)
    _shot(page, f"two-factor-codes-{width}")
    page.get_by_role("link", name="계속").click()
    page.goto("/c/geumjeong/members/")
    assert "위원 명단" in page.locator("h1").inner_text()


@pytest.mark.parametrize("width", [360, 1366])
def test_the_locked_out_page_says_until_when_and_whom_to_call(new_page, world, settings, width):
    world.council.contact_name = "복지정책과 돌봄팀"
    world.council.contact_phone = "051-519-4321"
    world.council.save()
    page = new_page(width=width, height=800)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(page, "member", "wrong-password-1")
    login(page, "member")
    text = page.locator("main").inner_text()
    assert "까지 이 계정의 로그인이 제한되었습니다" in text and "051-519-4321" in text
    axe_check(page)
    _shot(page, f"locked-out-{width}")
    staff_page = new_page(width=width, height=800)
    login(staff_page, world.staff.username)
    staff_page.goto("/c/geumjeong/members/")
    assert staff_page.locator(".locked-account").count() == 1
    _shot(staff_page, f"roster-locked-{width}")
    staff_page.get_by_role("link", name="제한 풀기 김위원").click()
    staff_page.get_by_label("사유").fill("본인 전화 확인")
    axe_check(staff_page)
    _shot(staff_page, f"unlock-{width}")
    staff_page.get_by_role("button", name="제한 풀기").click()
    assert "로그인 제한을 풀었습니다" in staff_page.locator("main").inner_text()
    assert staff_page.locator(".locked-account").count() == 0
