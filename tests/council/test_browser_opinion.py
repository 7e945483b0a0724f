"""The member's opinion form on a 360 px phone, and the staff tracker, in Chromium."""

from __future__ import annotations

import pytest

from council.models import Opinion
from tests.browser.conftest import (  # noqa: F401  (fixtures used by name)
    axe_check,
    browser,
    login,
    mobile_page,
    new_page,
    page,
)
from tests.factories import make_open_meeting

pytestmark = pytest.mark.browser


def test_a_member_writes_two_points_and_submits_on_a_phone(mobile_page, world):  # noqa: F811
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    phone = mobile_page
    login(phone, world.member.user.username)
    phone.goto(f"/c/geumjeong/meetings/{meeting.slug}/my-opinion/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    axe_check(phone)

    phone.get_by_label("의견 내용").first.fill("돌봄 운영시간을 늘려 주세요.")
    phone.get_by_role("button", name="+ 의견 항목 추가").click()
    texts = phone.locator("textarea")
    assert texts.count() == 2
    texts.nth(1).fill("방학 중 돌봄도 필요합니다.")
    phone.locator("select[name=points-1-category]").select_option(label="운영")
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()
    assert "접수 완료" in phone.content()
    axe_check(phone)
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert [p.text for p in opinion.points.all()] == [
        "돌봄 운영시간을 늘려 주세요.",
        "방학 중 돌봄도 필요합니다.",
    ]
    assert opinion.points.all()[1].category.name == "운영"
    assert not phone.console_errors, phone.console_errors


def test_the_tracker_is_accessible(page, world):  # noqa: F811
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    login(page, world.staff.username)
    page.goto(f"/c/geumjeong/meetings/{meeting.slug}/opinions/")
    assert "0 / 2" in page.content()
    axe_check(page)
    page.goto(meeting.get_absolute_url())
    axe_check(page)
    page.goto("/c/geumjeong/members/")
    axe_check(page)
    assert not page.console_errors, page.console_errors
