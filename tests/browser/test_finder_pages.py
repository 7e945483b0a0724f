"""The public finder in Chromium: a parent on a 360 px phone without JavaScript finds care,
opens a facility and reports a mistake; every finder page (and the staff pages) axe-clean."""

from __future__ import annotations

import pytest
from django.urls import reverse

from facilities.models import CorrectionRequest
from tests.browser.conftest import CHROMIUM_ARGS, MOBILE, axe_check, login
from tests.facilities.finder_data import make_area

pytestmark = pytest.mark.browser


@pytest.fixture
def area(world):
    area = make_area(world)
    area.council.map_url_template = "https://map.example.go.kr/?q={address}"
    area.council.finder_notice = "문의: 금정구청 아동청소년과 051-519-0000"
    area.council.save()
    return area


@pytest.fixture
def phone_without_js(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=MOBILE,
        locale="ko-KR",
        timezone_id="Asia/Seoul",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_parent_finds_care_and_reports_a_mistake_without_javascript(phone_without_js, area):
    assert CHROMIUM_ARGS  # Debian's Chromium, as every browser test
    page = phone_without_js
    page.goto(reverse("finder:index", args=["geumjeong"]))
    assert page.locator("h1").inner_text() == "금정구 돌봄시설 찾기"
    # Nothing sticks out of a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]

    page.select_option("select[name=dong]", label="구서2동")
    page.check("input[name=vacancy]")
    with page.expect_navigation():
        page.get_by_role("button", name="찾기", exact=True).click()
    results = page.locator("#results-heading")
    assert "찾은 시설 2곳" in results.inner_text()
    assert page.locator("main h3").all_inner_texts() == ["금빛아이 꿈마당", "구서초등학교 돌봄교실"]
    assert page.get_by_role("link", name="051-123-4567").get_attribute("href") == "tel:0511234567"

    with page.expect_navigation():
        page.get_by_role("link", name="금빛아이 꿈마당").click()
    assert page.locator("h1").inner_text() == "금빛아이 꿈마당"
    assert (
        page.get_by_role("link", name="지도에서 보기 (새 창)")
        .get_attribute("href")
        .startswith("https://map.example.go.kr/?q=%EB%B6%80%EC%82%B0")
    )

    with page.expect_navigation():
        page.get_by_role("link", name="정보가 다르면 알려 주세요").click()
    page.fill("textarea[name=message]", "토요일에도 문을 엽니다.")
    page.wait_for_timeout(3300)  # a person takes a moment; programs are refused
    with page.expect_navigation():
        page.get_by_role("button", name="보내기").click()
    assert page.locator("h1").inner_text() == "보내 주셔서 고맙습니다"
    assert CorrectionRequest.objects.get().message == "토요일에도 문을 엽니다."


def test_the_language_switch_works_without_javascript(phone_without_js, area):
    page = phone_without_js
    page.goto(reverse("finder:index", args=["geumjeong"]) + f"?dong={area.guseo.pk}")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("h1").inner_text() == "Geumjeong-gu care finder"
    assert page.url.endswith(f"?dong={area.guseo.pk}")  # the same search, in English
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("size", ["mobile", "desktop"])
def test_the_public_finder_pages_are_accessible(new_page, area, size):
    page = new_page(**(MOBILE if size == "mobile" else {"width": 1366, "height": 900}))
    facility = ["geumjeong", area.centre.code]
    for url in (
        reverse("finder:index", args=["geumjeong"]),
        reverse("finder:index", args=["geumjeong"]) + f"?dong={area.guseo.pk}&grade=9",
        reverse("finder:index", args=["geumjeong"])
        + f"?dong={area.namsan.pk}&nearby=0&kind=school",
        reverse("finder:facility", args=facility),
        reverse("finder:facility", args=["geumjeong", area.planned.code]),
        reverse("finder:correction", args=facility),
        reverse("finder:correction_sent", args=facility),
        reverse("finder:open_data", args=["geumjeong"]),
        reverse("finder:facility", args=["geumjeong", "NO-SUCH"]),
    ):
        page.goto(url)
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_name_links_and_badges_are_large_enough_on_a_phone(phone_without_js, area):
    """Facility-name links are the way into the detail page: ≥ 44 px tall; type and state
    badges ≥ 14 px — in Korean and in English (where a romanized reading sits beside)."""
    page = phone_without_js
    for language in ("ko", "en"):
        page.goto(reverse("finder:index", args=["geumjeong"]))
        if language == "en":
            with page.expect_navigation():
                page.get_by_role("button", name="English").click()
        heights = page.eval_on_selector_all(
            "main h3 a", "links => links.map(a => a.getBoundingClientRect().height)"
        )
        assert len(heights) == 4 and min(heights) >= 44, (language, heights)
        sizes = page.eval_on_selector_all(
            "main .badge", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 14, (language, sizes)


def test_the_correction_form_with_errors_is_accessible(mobile_page, area):
    page = mobile_page
    page.goto(reverse("finder:correction", args=["geumjeong", area.centre.code]))
    with page.expect_navigation():
        page.get_by_role("button", name="보내기").click()
    assert page.locator(".alert-danger, .invalid-feedback").count() >= 1
    axe_check(page)


def test_the_finder_in_english_is_accessible(mobile_page, area):
    page = mobile_page
    page.goto(reverse("finder:index", args=["geumjeong"]))
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    axe_check(page)


def test_the_finders_staff_pages_are_accessible(page, area, world):
    request = CorrectionRequest.objects.create(
        facility=area.centre,
        message="전화번호가 다릅니다.",
        contact="010-1111-2222",
        client_key="k",
    )
    login(page, world.staff.username)
    for url in (
        reverse("finder_staff:home", args=["geumjeong"]),
        reverse("finder_staff:settings", args=["geumjeong"]),
        reverse("finder_staff:dong", args=["geumjeong", area.guseo.pk]),
        reverse("finder_staff:corrections", args=["geumjeong"]),
        reverse("finder_staff:correction", args=["geumjeong", request.pk]),
        reverse("finder_staff:flyers", args=["geumjeong"]),
        reverse("finder_staff:flyers", args=["geumjeong"]) + f"?target=dong-{area.guseo.pk}",
        reverse("portal:dashboard", args=["geumjeong"]),
    ):
        page.goto(url)
        axe_check(page)
