"""Staff take the departments' request letters from the result preview, on a phone."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.browser.conftest import axe_check, download, login
from tests.factories import make_answered_proposal as make_proposal
from tests.factories import make_result_meeting
from tests.reports.hwpx_reading import read_hwpx

pytestmark = pytest.mark.browser


def test_staff_download_the_letters_from_the_preview_on_a_phone(mobile_page, world):
    meeting = make_result_meeting(world.council, proposals=0)
    make_proposal(meeting, 1, headline="돌봄시설 확충", department=world.department)
    make_proposal(meeting, 2, headline="방학 중 돌봄", department=world.other_department)
    page = mobile_page
    login(page, world.staff.username)

    page.goto(f"/c/geumjeong/meetings/{meeting.slug}/result/")
    name, content = download(page, page.get_by_role("link", name="미리보기 한글(HWPX) 내려받기"))
    assert name == "geumjeong-2023-h2-result-preview.hwpx"
    assert "○ 돌봄시설 확충" in read_hwpx(content).blocks
    with page.expect_navigation():
        page.get_by_role("link", name="부서별 검토 협조 요청 공문 (한글·PDF)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "부서 검토 협조 요청 공문"
    assert page.get_by_role("heading", level=2).all_inner_texts() == [
        "교육지원과장",
        "아동청소년과장",
    ]
    axe_check(page)
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    name, content = download(page, page.get_by_role("link", name="한글(HWPX) 아동청소년과"))
    assert name == "geumjeong-2023-h2-request-아동청소년과.hwpx"
    assert "수신 아동청소년과장" in read_hwpx(content).blocks
    name, content = download(page, page.get_by_role("link", name="공문 2부 모두 내려받기"))
    assert name == "geumjeong-2023-h2-request-letters.zip"
    # Each department's letter in both formats and the review sheet its 붙임 names.
    assert len(zipfile.ZipFile(io.BytesIO(content)).namelist()) == 6
    page.screenshot(path="/tmp/documents-letters-360.png", full_page=True)
    page.get_by_text("본문만 복사 (온나라에 붙여넣기)").first.click()
    body = page.locator("textarea").first.input_value()
    assert body.startswith("1. 관련:") and body.rstrip().endswith("끝.")

    with page.expect_navigation():
        page.get_by_role(
            "link", name="공문 설정 (처리과, 주소, 전화, 기안자·결재권자, 공개 구분)"
        ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "공문 설정"
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("시도").fill("부산광역시")
    page.get_by_label("처리과명").fill("아동청소년과")
    with page.expect_navigation():
        page.get_by_role("button", name="저장").click()
    assert "공문 설정을 저장했습니다." in page.content()
    page.screenshot(path="/tmp/documents-letter-settings-360.png", full_page=True)
