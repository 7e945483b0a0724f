"""돌봄 공백 pages in Chromium: from the menu on a phone, the charts and their tables,
the population and open-data imports on a desktop — axe-clean at 360 and 1366 px."""

from __future__ import annotations

import datetime as dt

import pytest

from council.models import Dong
from facilities.models import Facility, PopulationDataset
from tests.browser.conftest import axe_check, login
from tests.factories import add_figures, make_facility, make_population
from tests.gaps.files import (
    GUSEO2,
    JANGJEON1,
    ages,
    community_csv,
    community_record,
    population_csv,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def gaps(world):
    for name, code in (("구서2동", GUSEO2[1]), ("장전1동", JANGJEON1[1])):
        Dong.objects.filter(council=world.council, name=name).update(code=code)
    make_population(world.council, [(GUSEO2, ages(10, school=40)), (JANGJEON1, ages(5, school=12))])
    guseo = Dong.objects.get(council=world.council, name="구서2동")
    facility = make_facility(world.council, dong=guseo, closes_at=dt.time(20, 0))
    add_figures(facility, dt.date(2026, 9, 1), 30, 28, 4)
    return world


def test_staff_read_the_gap_view_on_a_phone(new_page, gaps):
    page = new_page(width=360, height=740)
    login(page, gaps.staff.username)
    page.get_by_role("button", name="메뉴 열기").click()
    page.get_by_role("link", name="돌봄 공백").click()
    page.wait_for_url("**/c/geumjeong/facilities/gaps/")
    assert page.locator("svg[role=img]").count() == 2
    assert page.locator("svg[role=img]").first.bounding_box()["width"] <= 360
    assert "기준에 못 미치는 동이 1곳 있습니다." in page.locator("main").inner_text()
    axe_check(page)
    page.get_by_text("아동 100명당 정원 표로 보기").click()
    table = page.locator("figure table").first
    assert "장전1동" in table.inner_text() and "기준 미달" in table.inner_text()
    axe_check(page)
    page.goto("/c/geumjeong/facilities/gaps/settings/")
    axe_check(page)
    page.goto("/c/geumjeong/facilities/population/dongs/")
    axe_check(page)


def test_staff_import_a_population_file_on_a_desktop(new_page, gaps):
    page = new_page(width=1366, height=900)
    login(page, gaps.staff.username)
    page.goto("/c/geumjeong/facilities/population/")
    axe_check(page)
    content = population_csv([(GUSEO2, ages(10, school=50))], month=11).encode("cp949")
    page.set_input_files(
        "input[type=file]", {"name": "pop.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="올리고 미리보기").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "문자 인코딩: CP949 (EUC-KR)" in main and "파일에 없는 행정동" in main
    axe_check(page)
    page.get_by_role("button", name="반영하기 (행정동 1곳)").click()
    page.wait_for_url("**/facilities/gaps/")
    assert PopulationDataset.objects.filter(month=dt.date(2026, 11, 1)).exists()
    assert "2026. 11. 주민등록 인구를 가져왔습니다" in page.locator("main").inner_text()
    axe_check(page)


def test_staff_import_open_data_and_see_the_diff(new_page, gaps):
    page = new_page(width=1366, height=900)
    login(page, gaps.staff.username)
    page.goto("/c/geumjeong/facilities/opendata/")
    axe_check(page)
    content = community_csv([community_record("햇살지역아동센터")]).encode("utf-8-sig")
    page.set_input_files(
        "input[type=file]", {"name": "cc.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="올리고 미리보기").click()
    page.wait_for_load_state()
    assert "새 시설 1 · 바뀜 0" in page.locator("main").inner_text()
    axe_check(page)
    page.get_by_role("button", name="반영하기 (새 시설 1, 바뀐 시설 0)").click()
    page.wait_for_url("**/facilities/")
    assert Facility.objects.get(name="햇살지역아동센터").dong.name == "구서2동"
