"""Journey 2: department responses, typed by staff from official mail and written by a reviewer.

Staff and the reviewer each have their own browser context (own cookies), so the
conflicting edit is two real sessions saving the same response.
"""

from __future__ import annotations

import datetime as dt

import pytest

from proposals.models import DepartmentResponse
from tests.browser.conftest import axe_check, login
from tests.factories import make_closed_meeting, make_proposal

pytestmark = pytest.mark.browser


def _answer_questions(page) -> list[str]:
    """Accept every confirmation (최종 제출 asks first); return what was asked."""
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return asked


def _row(page, headline: str) -> str:
    return page.locator("tbody tr", has_text=headline).inner_text()


def _review_item(page, headline: str) -> str:
    """A proposal on the reviewer's home, which lists them as cards for phones."""
    return page.locator(".list-group-item", has_text=headline).inner_text()


def test_it_records_staff_entry_and_resolves_a_reviewer_conflict(new_page, world):
    meeting = make_closed_meeting(world.council)
    due = dt.date.today() + dt.timedelta(days=30)
    make_proposal(
        meeting, number=1, headline="다함께돌봄센터 확충", department=world.department, due_date=due
    )
    make_proposal(
        meeting,
        number=2,
        headline="방학 중 돌봄 운영",
        department=world.other_department,
        due_date=due,
    )
    responses_url = f"/c/geumjeong/meetings/{meeting.slug}/responses/"

    # --- staff type in department A's answer received by official mail ---
    staff = new_page()
    staff_asked = _answer_questions(staff)
    login(staff, world.staff.username)
    staff.goto(responses_url)
    assert staff.get_by_role("heading", level=1).inner_text() == "부서 검토 의견"
    assert "미작성" in _row(staff, "다함께돌봄센터 확충")
    assert "미작성" in _row(staff, "방학 중 돌봄 운영")
    axe_check(staff)

    with staff.expect_navigation():
        staff.get_by_role("link", name="다함께돌봄센터 확충").click()
    assert "1번 건의사항 검토 의견" in staff.get_by_role("heading", level=1).inner_text()
    assert "구청 담당자가 저장하면 부서를 대신해 입력한 것으로 기록됩니다." in staff.content()
    axe_check(staff)

    # First a final save without a state: the form error, with what was typed kept.
    staff.get_by_label("검토 의견", exact=True).fill(
        "2024년 1개소 추가 설치 예정\n예산 확보 후 단계적 확충"
    )
    with staff.expect_navigation():
        staff.get_by_role("button", name="최종 제출").click()
    assert "최종 제출하려면 검토 결과를 고르세요." in staff.content()
    assert staff.get_by_label("검토 의견", exact=True).input_value().startswith("2024년 1개소")
    axe_check(staff)

    staff.get_by_label("검토 결과").select_option(label="부분 반영")
    staff.locator("input[name=commitments-0-what]").fill("설치 장소 선정")
    staff.locator("input[name=commitments-0-due_date]").fill("2024-06-30")
    with staff.expect_navigation():
        staff.get_by_role("button", name="최종 제출").click()
    assert "검토 의견을 최종 제출했습니다." in staff.content()
    assert any("최종 제출할까요?" in question for question in staff_asked)
    status = staff.locator("main p", has_text="상태:").first.inner_text()
    assert "최종 제출" in status
    assert "구청 담당자 대리 입력" in status
    axe_check(staff)
    response_a = DepartmentResponse.objects.get(proposal__number=1, proposal__meeting=meeting)
    assert response_a.status == DepartmentResponse.Status.FINAL
    assert response_a.entered_by_staff and response_a.entered_by == world.staff
    assert response_a.department == world.department
    assert response_a.response_lines == ["2024년 1개소 추가 설치 예정", "예산 확보 후 단계적 확충"]
    assert [(c.what, c.department, c.due_date) for c in response_a.commitments.all()] == [
        ("설치 장소 선정", world.department, dt.date(2024, 6, 30))
    ]
    staff.goto(responses_url)
    row = _row(staff, "다함께돌봄센터 확충")
    assert "부분 반영" in row and "최종 제출" in row and "구청 담당자 대리" in row
    axe_check(staff)

    # --- the reviewer of department B, in a separate browser context ---
    reviewer = new_page()
    _answer_questions(reviewer)
    login(reviewer, world.other_reviewer.username)
    assert reviewer.url.endswith("/c/geumjeong/review/")
    assert "교육지원과 검토 요청 건의사항" in reviewer.get_by_role("heading", level=1).inner_text()
    assert "미작성" in _review_item(reviewer, "방학 중 돌봄 운영")
    assert reviewer.get_by_role("link", name="다함께돌봄센터 확충").count() == 0
    axe_check(reviewer)
    with reviewer.expect_navigation():
        reviewer.get_by_role("link", name="방학 중 돌봄 운영").click()
    axe_check(reviewer)
    reviewer.get_by_label("검토 결과").select_option(label="중장기 검토")
    reviewer.get_by_label("검토 의견", exact=True).fill("방학 중 운영 인력 확보 검토")
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="임시 저장").click()
    assert "검토 의견을 임시 저장했습니다." in reviewer.content()
    assert "작성 중" in reviewer.locator("main p", has_text="상태:").first.inner_text()
    axe_check(reviewer)
    # The reviewer keeps writing (not saved yet) ...
    reviewer.get_by_label("검토 의견", exact=True).fill(
        "방학 중 운영 인력 확보 검토\n교육청과 협의하여 2025년 시범 운영"
    )

    # --- ... while staff edit and save the same response ---
    staff.goto(responses_url)
    with staff.expect_navigation():
        staff.get_by_role("link", name="방학 중 돌봄 운영").click()
    assert (
        staff.get_by_label("검토 의견", exact=True).input_value() == "방학 중 운영 인력 확보 검토"
    )
    staff.get_by_label("검토 의견", exact=True).fill("공문 접수: 방학 중 돌봄 인력 충원 계획 있음")
    with staff.expect_navigation():
        staff.get_by_role("button", name="임시 저장").click()
    assert "검토 의견을 임시 저장했습니다." in staff.content()

    # --- the reviewer's save is refused, both versions shown ---
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="최종 제출").click()
    assert "다른 사람이 먼저 이 검토 의견을 저장했습니다 (2번째 수정)" in reviewer.content()
    conflict = reviewer.locator("section[aria-labelledby=conflict-heading]")
    assert "저장되지 않았습니다: 두 내용 비교" in conflict.inner_text()
    assert "지금 저장된 내용 (2번째 수정)" in conflict.inner_text()
    assert "공문 접수: 방학 중 돌봄 인력 충원 계획 있음" in conflict.inner_text()
    assert "교육청과 협의하여 2025년 시범 운영" in conflict.inner_text()
    assert reviewer.get_by_label("검토 의견", exact=True).input_value() == (
        "방학 중 운영 인력 확보 검토\n교육청과 협의하여 2025년 시범 운영"
    )
    axe_check(reviewer)
    response_b = DepartmentResponse.objects.get(proposal__number=2, proposal__meeting=meeting)
    assert response_b.lines == "공문 접수: 방학 중 돌봄 인력 충원 계획 있음"
    assert response_b.status == DepartmentResponse.Status.DRAFT

    # --- resolved: having seen staff's version, the reviewer submits on purpose ---
    reviewer.get_by_label("검토 의견", exact=True).fill(
        "방학 중 돌봄 인력 충원 계획 있음\n교육청과 협의하여 2025년 시범 운영"
    )
    with reviewer.expect_navigation():
        reviewer.get_by_role("button", name="최종 제출").click()
    assert "검토 의견을 최종 제출했습니다." in reviewer.content()
    assert "최종 제출된 검토 의견입니다." in reviewer.content()
    axe_check(reviewer)
    response_b.refresh_from_db()
    assert response_b.status == DepartmentResponse.Status.FINAL
    assert response_b.state == DepartmentResponse.State.LONG_TERM
    assert not response_b.entered_by_staff and response_b.entered_by == world.other_reviewer
    reviewer.goto("/c/geumjeong/review/")
    assert "최종 제출" in _review_item(reviewer, "방학 중 돌봄 운영")

    # --- staff see it final, entered by the department ---
    staff.goto(responses_url)
    row = _row(staff, "방학 중 돌봄 운영")
    assert "중장기 검토" in row and "최종 제출" in row and "부서" in row
    assert "구청 담당자 대리" not in row
    axe_check(staff)
    assert not staff.console_errors, staff.console_errors
    assert not reviewer.console_errors, reviewer.console_errors
