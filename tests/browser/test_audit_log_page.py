"""The staff audit log in a browser: reachable from the menu, accessible, on a phone too."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from council import audit
from tests.browser.conftest import axe_check, download, login

pytestmark = pytest.mark.browser


def test_staff_open_the_audit_log_from_the_menu(new_page, world):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9")
    request.user = world.staff
    audit.record(request, action="result_preview_pdf", target="2023-h2", council=world.council)
    page = new_page(width=360, height=740)
    login(page, world.staff.username)
    page.get_by_role("button", name="메뉴 열기").click()
    page.get_by_role("link", name="접속 기록").click()
    page.wait_for_url("**/c/geumjeong/audit/")
    main = page.locator("main").inner_text()
    assert "회의 결과 미리보기 내려받기 (PDF)" in main
    assert "로그인 성공" in main
    axe_check(page)


def test_a_download_in_the_browser_shows_up_in_the_audit_log(page, world):
    login(page, world.staff.username)
    page.goto("/c/geumjeong/facilities/")
    page.get_by_role("link", name="엑셀로 내보내기").click()
    # The registry holds personal data: the reason is asked first.
    page.get_by_label("내보내는 사유").fill("반기 현황 보고")
    axe_check(page)
    filename, content = download(page, page.get_by_role("button", name="엑셀 파일 내려받기"))
    assert filename.endswith(".xlsx") and content.startswith(b"PK")
    page.goto("/c/geumjeong/audit/")
    first_row = page.locator("tbody tr").first.inner_text()
    assert "돌봄시설 목록 내보내기" in first_row
    assert "사유: 반기 현황 보고" in first_row
    assert "담당자 (staff)" in first_row
