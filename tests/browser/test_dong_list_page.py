"""The 행정동 list upload on a phone and a desk: upload, the preview of what changes, 반영."""

from __future__ import annotations

import os

import pytest

from council.models import Dong
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("DONG_LIST_SCREENSHOTS")  # a folder: also save screenshots there


@pytest.mark.parametrize("width", [360, 1366])
def test_staff_upload_the_dong_list_and_apply_it(new_page, world, tmp_path, width):
    world.council.sido, world.council.district_code = "부산광역시", "26410"
    world.council.save()
    csv_file = tmp_path / "dongs.csv"
    csv_file.write_text(
        "행정동,행정기관코드\r\n구서2동,2641069000\r\n장전1동,2641060000\r\n부곡1동,2641061000\r\n",
        encoding="utf-8",
    )
    page = new_page(width=width, height=800)
    login(page, world.staff.username)
    page.goto("/c/geumjeong/facilities/population/dongs/")
    page.get_by_role("link", name="파일로 행정동 목록 가져오기").click()
    page.get_by_label("행정동 목록 CSV").set_input_files(str(csv_file))
    page.get_by_role("button", name="올리고 미리보기").click()
    preview = page.locator("#dong-preview")
    assert "새로 추가 1곳" in preview.inner_text()
    axe_check(page)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/dong-list-preview-{width}.png", full_page=True)
    page.get_by_role("button", name="반영하기 (행정동 3곳 바뀜)").click()
    assert "행정동 목록을 반영했습니다" in page.locator("main").inner_text()
    assert Dong.objects.filter(council=world.council, name="부곡1동").exists()
