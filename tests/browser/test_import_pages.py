"""The two upload pages that share lib/import_upload.html (the roster and the facility
registry) and the facility form and page with the 현황 조사 contact: axe-clean at 360 px
and 1366 px (with PORTAL_SCREENSHOTS=DIR, each saved at both widths)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import MOBILE, login
from tests.browser.test_journey_field import shoot
from tests.factories import make_facility

pytestmark = pytest.mark.browser


def test_the_upload_pages_show_their_steps_and_pass_axe(new_page, world):
    facility = make_facility(
        world.council, code="IMP-1", name="가람 돌봄센터", contact_mobile="01022223333"
    )
    page = new_page(**MOBILE)
    login(page, world.staff.username)
    slug = world.council.slug

    page.goto(reverse("council:roster_import", args=[slug]))
    steps = page.locator("main ol.import-steps li").all_inner_texts()
    assert len(steps) == 3
    assert "임기 시작일" in steps[0] and "비밀번호 설정 링크" in steps[2]
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    shoot(page, "roster-import")

    page.goto(reverse("facilities:import", args=[slug]))
    steps = page.locator("main ol.import-steps li").all_inner_texts()
    assert len(steps) == 3
    assert "지금 등록부 내려받기" in steps[0] and "빈칸은 빈 값" in steps[1]
    assert page.get_by_role("link", name="지금 등록부 내려받기").get_attribute("href") == reverse(
        "facilities:export", args=[slug]
    )
    shoot(page, "facility-import")

    page.goto(reverse("facilities:edit", args=[slug, facility.code]))
    assert page.get_by_label("현황 조사 받을 휴대전화").get_attribute("inputmode") == "tel"
    shoot(page, "facility-form")

    page.goto(reverse("facilities:detail", args=[slug, facility.code]))
    assert "문자 010-2222-3333" in page.locator("main").inner_text()
    shoot(page, "facility-detail")
