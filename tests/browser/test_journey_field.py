"""Journeys of a first real week (issue 14), in Chromium at 360 and 1366 px.

Each test walks what a member or staff would do, asserts what they see, runs
axe on every page and error state on the way, and (with PORTAL_SCREENSHOTS=DIR)
saves a 360 px and a 1366 px screenshot of each page to look at.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from council.models import Meeting, Member, Opinion, OpinionAutosave
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from tests import factories
from tests.browser.conftest import axe_check, login
from tests.factories import PASSWORD, SEOUL, make_draft_meeting, make_open_meeting

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("PORTAL_SCREENSHOTS")


def shoot(page, name: str) -> None:
    """Axe on the page as it is, and (when asked) a 360 px and a 1366 px screenshot."""
    axe_check(page)
    if not SHOTS:
        return
    size = page.viewport_size
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 740 if width < 800 else 768})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _my_opinion(meeting) -> str:
    return f"/c/geumjeong/meetings/{meeting.slug}/my-opinion/"


@pytest.fixture
def open_meeting(world):
    world.council.contact_name = "금정구청 아동청소년과"
    world.council.contact_phone = "051-519-0000"
    world.council.save()
    return make_open_meeting(
        world.council,
        invite=[world.member, world.other_member],
        deadline=timezone.now() + dt.timedelta(days=3),
    )


def test_typed_text_survives_the_session_ending(mobile_page, world, open_meeting):
    phone = mobile_page
    login(phone, world.member.user.username)
    phone.goto(_my_opinion(open_meeting))
    text = phone.get_by_label("의견 내용").first
    text.fill("방학 중 돌봄교실 운영 시간을 오전 9시로 앞당겨 주세요.")
    text.blur()  # leaving the field saves a copy on the server at once
    phone.wait_for_function(
        "() => document.querySelector('[data-autosave-status]').textContent.includes('자동 보관됨')"
    )
    # The line sits right under the box typed in, not hundreds of pixels below it.
    gap = phone.evaluate(
        """() => {
          const box = document.querySelector('#points textarea').getBoundingClientRect();
          const line = document.querySelector('[data-autosave-status]').getBoundingClientRect();
          return line.top - box.bottom;
        }"""
    )
    assert 0 <= gap < 40, gap
    assert OpinionAutosave.objects.filter(meeting=open_meeting).exists()
    assert not Opinion.objects.filter(meeting=open_meeting).exists()  # nothing submitted

    # The session ends while the member goes on writing.
    Session.objects.all().delete()
    text.fill(
        "방학 중 돌봄교실 운영 시간을 오전 9시로 앞당겨 주세요. 점심 제공도 함께 검토 바랍니다."
    )
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()
    assert "/accounts/login/" in phone.url  # the post was lost to the login page

    # Logging in on that page leads back to the form (next=…).
    phone.fill("input[name=username]", world.member.user.username)
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    assert phone.url.endswith(_my_opinion(open_meeting))
    restored = phone.get_by_label("의견 내용").first
    assert restored.input_value() == (
        "방학 중 돌봄교실 운영 시간을 오전 9시로 앞당겨 주세요. 점심 제공도 함께 검토 바랍니다."
    )
    assert phone.locator("[data-local-restore-notice]").is_visible()
    assert "이 기기에 보관된 작성 중 내용을 불러왔습니다" in phone.locator("main").inner_text()
    shoot(phone, "opinion-restored")

    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()
    opinion = Opinion.objects.get(meeting=open_meeting, member=world.member)
    assert opinion.is_submitted
    assert [p.text for p in opinion.points.all()] == [
        "방학 중 돌봄교실 운영 시간을 오전 9시로 앞당겨 주세요. 점심 제공도 함께 검토 바랍니다."
    ]
    # The receipt drops the browser's copy: opening the form again offers nothing.
    phone.goto(_my_opinion(open_meeting))
    assert not phone.locator("[data-local-restore-notice]").is_visible()
    assert not phone.console_errors, phone.console_errors


def test_a_member_leaves_a_point_out_and_gets_a_receipt(mobile_page, world, open_meeting):
    phone = mobile_page
    world.member.user.email = "kim@example.com"
    world.member.user.save()
    login(phone, world.member.user.username)
    phone.goto(_my_opinion(open_meeting))
    shoot(phone, "opinion-form")
    phone.get_by_label("의견 내용").first.fill("야간돌봄 확대가 필요합니다.")
    phone.get_by_role("button", name="+ 의견 항목 추가").click()
    phone.locator("textarea").nth(1).fill("잘못 적은 의견")
    phone.get_by_text("이 의견 빼기").nth(1).click()  # the label is the 44 px target
    assert phone.locator("[data-point]").nth(1).evaluate("e => e.classList.contains('is-removed')")
    with phone.expect_navigation():
        phone.get_by_role("button", name="제출", exact=True).click()

    main = phone.locator("main").inner_text()
    assert "접수 완료" in main
    assert "1건" in main and "kim@example.com으로 접수 내용을 보냈습니다." in main
    assert "다음 절차" in main
    opinion = Opinion.objects.get(meeting=open_meeting, member=world.member)
    assert [p.text for p in opinion.points.all()] == ["야간돌봄 확대가 필요합니다."]
    shoot(phone, "opinion-receipt")
    with phone.expect_navigation():
        phone.get_by_role("link", name="고치기").click()
    assert "수정한 내용으로 다시 제출" in phone.locator("main").inner_text()
    assert not phone.console_errors, phone.console_errors


def test_an_early_close_tells_the_truth_and_keeps_the_text(page, world, open_meeting):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, world.member.user.username)
    page.goto(_my_opinion(open_meeting))
    page.get_by_label("의견 내용").first.fill("마감 직전에 쓴 의견입니다.")
    meeting_services.close_meeting(meeting=open_meeting, by=world.staff)  # a week early, say
    with page.expect_navigation():
        page.get_by_role("button", name="제출", exact=True).click()

    main = page.locator("main").inner_text()
    assert "구청 담당자(담당자)가" in main and "의견 접수를 일찍 마감했습니다" in main
    assert "안내된 마감은" in main
    assert "051-519-0000" in main
    assert page.get_by_role("button", name="제출", exact=True).count() == 0
    assert page.get_by_role("button", name="임시 저장").count() == 0
    assert page.locator("#typed-text").input_value() == "마감 직전에 쓴 의견입니다."
    shoot(page, "opinion-closed-early")
    page.get_by_role("button", name="내용 복사하기").click()
    page.get_by_role("button", name="복사했습니다").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == "마감 직전에 쓴 의견입니다."
    assert not Opinion.objects.filter(meeting=open_meeting).exists()


def test_staff_see_both_texts_when_a_stale_paper_entry_meets_a_submission(
    new_page, world, open_meeting
):
    staff = new_page()
    login(staff, world.staff.username)
    staff.goto(f"/c/geumjeong/meetings/{open_meeting.slug}/opinions/on-behalf/{world.member.pk}/")
    shoot(staff, "opinion-behalf")
    staff.get_by_label("접수 경로").select_option(label="팩스")
    staff.get_by_label("의견 내용").first.fill("팩스로 받은 의견")
    # The member submits in the meantime.
    opinion_services.save_opinion(
        meeting=open_meeting,
        member=world.member,
        entered_by=world.member.user,
        points=[opinion_services.PointInput(text="위원이 직접 낸 의견")],
        submit=True,
        expected_version=0,
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name="제출 완료로 저장").click()
    main = staff.locator("main").inner_text()
    assert "저장하지 않았습니다." in main
    assert "위원이 직접 낸 의견" in main and "팩스로 받은 의견" in main
    shoot(staff, "opinion-behalf-conflict")
    staff.get_by_text("위원이 직접 제출한 의견서를 이 내용으로 바꿉니다").click()
    with staff.expect_navigation():
        staff.get_by_role("button", name="제출 완료로 저장").click()
    assert "대리 입력했습니다" in staff.locator("main").inner_text()
    opinion = Opinion.objects.get(meeting=open_meeting, member=world.member)
    assert opinion.channel == Opinion.Channel.FAX and opinion.received_at is not None


def test_staff_renew_ended_terms_in_one_save(page, world):
    Member.objects.filter(council=world.council).update(
        term_start=dt.date(2019, 1, 1), term_end=dt.date(2020, 12, 31)
    )
    today = timezone.localdate()
    ended = [
        factories.make_member(world.council, name=name, term_end=today - dt.timedelta(days=10))
        for name in ("박정민", "김서연", "이도윤", "최하은")
    ]
    meeting = make_draft_meeting(
        world.council,
        year=today.year + 1,
        period_start=today + dt.timedelta(days=7),
        period_end=today + dt.timedelta(days=10),
        deadline=dt.datetime.combine(today + dt.timedelta(days=10), dt.time(18), tzinfo=SEOUL),
    )
    login(page, world.staff.username)
    page.goto(meeting.get_absolute_url())
    page.on("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="의견 접수 시작").click()
    main = page.locator("main").inner_text()
    assert "임기 중인 위원이 없습니다" in main
    assert "김서연" in main and "박정민" in main
    shoot(page, "meeting-terms-ended")
    with page.expect_navigation():
        page.get_by_role("link", name="이 위원들 연임 처리").click()
    boxes = page.locator("input[name=members]:checked")
    assert boxes.count() == 4  # all four ticked already
    shoot(page, "members-renew")
    page.get_by_label("새 임기 종료일").fill(f"{today.year + 2}-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="연임 저장").click()
    assert "위원 4명의 임기를" in page.locator("main").inner_text()
    for member in ended:
        member.refresh_from_db()
        assert member.term_end == dt.date(today.year + 2, 12, 31)
    page.goto(meeting.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="의견 접수 시작").click()
    assert "참석 대상 위원 4명이 확정되었습니다" in page.locator("main").inner_text()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.OPEN


def test_the_dashboard_warns_before_terms_run_out(page, world):
    factories.make_member(
        world.council, name="최하은", term_end=timezone.localdate() + dt.timedelta(days=20)
    )
    login(page, world.staff.username)
    main = page.locator("main").inner_text()
    assert "임기가 곧 끝나거나 막 끝난 위원 1명" in main and "최하은" in main
    shoot(page, "dashboard-terms")
    with page.expect_navigation():
        page.get_by_role("link", name="연임 처리").click()
    assert page.locator("input[name=members]:checked").count() == 1


def test_tap_targets_on_a_phone_are_at_least_44_px(mobile_page, world, open_meeting, settings):
    phone = mobile_page
    login(phone, world.member.user.username)
    phone.goto(_my_opinion(open_meeting))
    small = phone.evaluate(
        """() => {
          const targets = [...document.querySelectorAll(
            'main button, main input:not([type=hidden]), main select, main textarea, '
            + 'main .krds-form-check label, .navbar-toggler, .breadcrumb a')];
          return targets.filter(el => el.offsetParent !== null).map(el => {
            const box = el.matches('input[type=checkbox]')
              ? el.closest('.krds-form-check').getBoundingClientRect()
              : el.getBoundingClientRect();
            return {what: el.outerHTML.slice(0, 80), w: box.width, h: box.height};
          }).filter(t => t.h < 44 || t.w < 44);
        }"""
    )
    assert small == []


def test_the_keep_signed_in_button_is_a_44_px_target(mobile_page, world, open_meeting, settings):
    settings.SESSION_COOKIE_AGE = 6  # the warning shows at half the lifetime: 3 s
    phone = mobile_page
    login(phone, world.member.user.username)
    phone.goto(_my_opinion(open_meeting))
    stay = phone.get_by_role("button", name="로그인 유지")
    stay.wait_for(timeout=8000)
    box = stay.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    axe_check(phone)


def test_the_login_page_speaks_plainly_and_counts_down(mobile_page, world, settings):
    settings.AXES_FAILURE_LIMIT = 5
    phone = mobile_page
    phone.goto("/accounts/login/")
    assert phone.get_by_label("아이디").count() == 1
    shoot(phone, "login")
    for _ in range(3):
        phone.fill("input[name=username]", world.member.user.username)
        phone.fill("input[name=password]", "wrong-password")
        with phone.expect_navigation():
            phone.locator("main form button[type=submit]").click()
    main = phone.locator("main").inner_text()
    assert "아이디 또는 비밀번호가 맞지 않습니다" in main
    assert "2번 더 실패하면 이 계정의 로그인이 30분 동안 제한됩니다." in main
    shoot(phone, "login-tries-left")
    login(phone, world.member.user.username)
    phone.get_by_role("button", name="메뉴").click()  # a phone's menu opens first
    with phone.expect_navigation():
        phone.get_by_role("button", name="로그아웃").click()
    assert "로그아웃했습니다." in phone.locator("main").inner_text()
    shoot(phone, "login-logged-out")


def test_the_import_preview_lists_errors_first_and_filters_them(page, world):
    from tests.facilities.xlsx_helpers import row, workbook_bytes

    login(page, world.staff.username)
    page.goto("/c/geumjeong/facilities/import/")
    rows = [
        row(code="GJ-DH-001", opened_on="2024. 3. 1."),
        row(code="GJ-DH-002", opened_on="3월 1일"),
        row(code="GJ-DH-003", opened_on="2024.3.4"),
    ]
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "facilities.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": workbook_bytes(rows),
            }
        ],
    )
    with page.expect_navigation():
        page.get_by_role("button", name="올리고 미리보기").click()
    body_rows = page.locator(".import-preview tbody tr")
    assert body_rows.first.inner_text().startswith("3\tGJ-DH-002")  # the error first
    assert "2024-03-01 또는 2024. 3. 1.처럼 적어 주세요." in body_rows.first.inner_text()
    shoot(page, "import-preview-errors")
    page.get_by_text("오류만 보기 (1행)").click()
    assert [r.is_visible() for r in body_rows.all()] == [True, False, False]
    code = page.locator("td.code-cell").first.bounding_box()
    assert code["height"] < 40  # one line, never wrapped mid-code


def test_a_member_reads_where_their_points_went(mobile_page, world):
    from proposals.models import DepartmentResponse
    from tests.factories import make_points, make_proposal, make_response

    meeting = factories.make_meeting(
        world.council, status=Meeting.Status.PUBLISHED, invite=[world.member]
    )
    used, _unused = make_points(meeting, world.member, ["야간돌봄 확대", "쓰이지 않은 의견"])
    proposal = make_proposal(
        meeting, headline="야간돌봄 운영 확대", department=world.department, points=[used]
    )
    make_response(proposal, status=DepartmentResponse.Status.FINAL, lines="2024년 2개소 연장")
    phone = mobile_page
    login(phone, world.member.user.username)
    assert phone.get_by_role("link", name="회의 결과 보기").count() == 1
    shoot(phone, "my-meetings-published")
    with phone.expect_navigation():
        phone.get_by_role("link", name="내 의견이 취합된 곳").click()
    main = phone.locator("main").inner_text()
    assert "1번 건의사항으로 취합" in main and "○ 2024년 2개소 연장" in main
    assert "건의사항으로 취합되지 않음" in main
    shoot(phone, "my-opinion-outcomes")
    phone.goto(meeting.get_absolute_url())
    assert phone.get_by_role("link", name="회의 결과 보기").count() == 1
    shoot(phone, "meeting-published-member")
