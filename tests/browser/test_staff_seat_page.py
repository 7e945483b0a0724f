"""The administrator gives a login a staff seat on another council, on a phone and a
desk: the form, the confirmation naming the person, then the council list."""

from __future__ import annotations

import os

import pytest

from council.models import Council, LinkedSeat
from tests import factories
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("STAFF_SEAT_SCREENSHOTS")  # a folder: also save screenshots there


@pytest.mark.parametrize("width", [360, 1366])
def test_the_administrator_adds_a_staff_seat_after_confirming(new_page, world, width):
    edu = factories.make_council("geumjeong-edu", "금정구", kind=Council.Kind.ELEMENTARY)
    page = new_page(width=width, height=800)
    login(page, world.superuser.username)
    page.goto(f"/councils/{edu.slug}/staff-seats/new/")
    page.get_by_label("아이디 또는 전자우편").fill("nobody")
    page.get_by_role("button", name="다음").click()
    assert "아이디나 전자우편 주소를 쓰는 사람이 없습니다" in page.locator("main").inner_text()
    axe_check(page)
    page.get_by_label("아이디 또는 전자우편").fill(world.staff.username)
    page.get_by_role("button", name="다음").click()
    confirm = page.locator("#seat-confirm")
    assert world.council.name in confirm.inner_text()
    axe_check(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/staff-seat-confirm-{width}.png", full_page=True)
    page.get_by_role("button", name="확인하고 자리 추가").click()
    assert "구청 담당자 일도 봅니다" in page.locator("main").inner_text()
    assert LinkedSeat.objects.filter(login=world.staff).count() == 1
