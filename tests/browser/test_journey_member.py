"""Journey 1: a member on a 360×740 phone writes, drafts, submits and edits an opinion.

Real login through the form, every page checked with axe-core, and what the
member reads (Korean statuses and messages) asserted on the page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from council.models import Meeting, Opinion
from tests.browser.conftest import axe_check, login
from tests.factories import make_open_meeting

pytestmark = pytest.mark.browser


def _fits_the_phone(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, page.url


def _status(page) -> str:
    return page.locator("main p", has_text="상태:").first.inner_text()


def test_it_takes_a_member_from_home_through_draft_submit_and_edit(mobile_page, world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    phone = mobile_page
    login(phone, world.member.user.username)

    # Home: the open meeting, nothing written yet.
    assert phone.url.endswith("/c/geumjeong/my/")
    card = phone.locator(".card", has_text=meeting.title)
    assert "내 의견서: 작성 전" in card.inner_text()
    _fits_the_phone(phone)
    axe_check(phone)

    # The meeting itself: agenda, deadline, and the way to the opinion form.
    with phone.expect_navigation():
        card.get_by_role("link", name=meeting.title).click()
    assert phone.get_by_role("heading", level=1).inner_text() == meeting.title
    assert "금정구 초등돌봄 기관별 현황" in phone.locator("#agenda + ol").inner_text()
    _fits_the_phone(phone)
    axe_check(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="의견서 작성·수정").click()
    assert phone.url.endswith(f"/meetings/{meeting.slug}/my-opinion/")
    assert phone.get_by_role("heading", level=1).inner_text() == "내 의견서"
    _fits_the_phone(phone)
    axe_check(phone)

    # Submitting an empty form is refused, in Korean, on an accessible page.
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()
    assert "제출하려면 의견을 하나 이상 적어 주세요." in phone.get_by_role("alert").inner_text()
    assert not Opinion.objects.filter(meeting=meeting, member=world.member).exists()
    axe_check(phone)

    # Two points, the second through the 'add point' button.
    phone.get_by_label("의견 내용").first.fill("돌봄 운영시간을 저녁 8시까지 늘려 주세요.")
    phone.get_by_role("button", name="+ 의견 항목 추가").click()
    texts = phone.locator("textarea")
    assert texts.count() == 2
    texts.nth(1).fill("방학 중 돌봄 프로그램이 필요합니다.")
    phone.locator("select[name=points-1-category]").select_option(label="운영")
    axe_check(phone)  # the form with the added point

    with phone.expect_navigation():
        phone.get_by_role("button", name="임시 저장").click()
    assert "임시 저장했습니다. 마감 전에 꼭 제출해 주세요." in phone.content()
    assert "상태: 임시 저장" in _status(phone)
    axe_check(phone)
    opinion = Opinion.objects.get(meeting=meeting, member=world.member)
    assert opinion.status == Opinion.Status.DRAFT
    assert opinion.points.count() == 2

    # Comes back later from home: the draft is there, kept as typed.
    phone.goto("/")
    card = phone.locator(".card", has_text=meeting.title)
    assert "내 의견서: 임시 저장" in card.inner_text()
    axe_check(phone)
    with phone.expect_navigation():
        card.get_by_role("link", name="의견서 수정").click()
    texts = phone.locator("textarea")
    assert texts.nth(0).input_value() == "돌봄 운영시간을 저녁 8시까지 늘려 주세요."
    assert texts.nth(1).input_value() == "방학 중 돌봄 프로그램이 필요합니다."
    axe_check(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()
    # The receipt, with 고치기 as the second action.
    assert "접수 완료" in phone.get_by_role("heading", level=1).inner_text()
    assert "의견 수" in phone.content() and "2건" in phone.content()
    _fits_the_phone(phone)
    axe_check(phone)
    with phone.expect_navigation():
        phone.get_by_role("link", name="고치기").click()
    assert "상태: 제출 완료" in _status(phone)

    # Edits and resubmits before the deadline.
    phone.locator("textarea").nth(1).fill("방학 중 돌봄 프로그램과 급식이 필요합니다.")
    with phone.expect_navigation():
        phone.get_by_role("button", name="수정한 내용으로 다시 제출").click()
    assert "접수 완료" in phone.get_by_role("heading", level=1).inner_text()
    axe_check(phone)
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.SUBMITTED
    assert [p.text for p in opinion.points.order_by("order")] == [
        "돌봄 운영시간을 저녁 8시까지 늘려 주세요.",
        "방학 중 돌봄 프로그램과 급식이 필요합니다.",
    ]
    assert opinion.points.order_by("order")[1].category.name == "운영"

    # Home now says it is submitted.
    phone.goto("/")
    assert "내 의견서: 제출 완료" in phone.locator(".card", has_text=meeting.title).inner_text()
    axe_check(phone)
    assert not phone.console_errors, phone.console_errors


def test_it_refuses_a_save_after_the_deadline_and_keeps_what_was_typed(mobile_page, world):
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    phone = mobile_page
    login(phone, world.other_member.user.username)
    phone.goto(f"/c/geumjeong/meetings/{meeting.slug}/my-opinion/")
    axe_check(phone)
    phone.get_by_label("의견 내용").first.fill("늦게 도착한 의견입니다.\n둘째 줄도 있습니다.")

    # The deadline passes while the member is typing.
    Meeting.objects.filter(pk=meeting.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()

    alert = phone.get_by_role("alert")
    assert "의견 제출 마감" in alert.inner_text() and "지났습니다" in alert.inner_text()
    assert "입력하신 내용은 아래에 그대로 있으니" in alert.inner_text()
    assert phone.get_by_label("아래 내용을 복사해 두었다가").input_value() == (
        "늦게 도착한 의견입니다.\n둘째 줄도 있습니다."
    )
    # Nothing on the page pretends it could still be saved.
    assert phone.get_by_role("button", name="제출", exact=True).count() == 0
    _fits_the_phone(phone)
    axe_check(phone)
    assert not Opinion.objects.filter(meeting=meeting, member=world.other_member).exists()
    meeting.refresh_from_db()
    # Past the deadline the meeting counts as closed; storing it is the scheduled command's job.
    assert meeting.current_status() == Meeting.Status.CLOSED
