"""The loop after publishing, in the browser on the demo council: the board, a
commitment's progress, the carried section, trends, members' view, the archive's
timelines and the past-meeting import — each axe-clean on a phone and a desktop."""

from __future__ import annotations

import datetime as dt

import pytest

from council.models import Meeting
from portal.demo import DEMO_PASSWORD, load_demo
from proposals.models import Commitment
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    load_demo(today=dt.date.today())
    return Meeting.objects.filter(council__slug="geumjeong").exclude(slug="2023-h2").get()


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [360, 1366])
def test_staff_pages_of_the_loop_are_accessible(new_page, demo, width):
    page = new_page(width=width, height=900)
    login(page, "gj-staff", DEMO_PASSWORD)
    council = "/c/geumjeong"
    overdue = Commitment.objects.get(what__startswith="야간돌봄")
    for path, heading in [
        (f"{council}/commitments/", "후속 조치 추진 현황"),
        (f"{council}/commitments/{overdue.pk}/", overdue.what),
        (f"{council}/commitment-statuses/", "추진 상태 관리"),
        (f"{council}/trends/", "건의사항 추진 추이"),
        (f"{council}/meetings/record/", "지난 회의 기록"),
        (f"{council}/meetings/import/", "결과 파일로 지난 회의 가져오기"),
        (f"{council}/meetings/{demo.slug}/result/", "회의 결과 문서"),
    ]:
        page.goto(path)
        assert page.locator("h1").first.inner_text().strip().startswith(heading), path
        if width == 360:
            _fits(page, width)
        axe_check(page)
    # The current meeting's document carries the 2023 meeting's commitments.
    carried = page.locator(".rd-carried").inner_text()
    assert "II. 지난 회의 건의사항 추진 현황" in carried
    assert "2023년 하반기" in carried and "계획 → 완료" in carried


def test_the_reviewer_records_progress_in_the_browser(new_page, demo):
    page = new_page(width=360, height=800)
    login(page, "gj-reviewer", DEMO_PASSWORD)
    page.goto("/c/geumjeong/commitments/")
    page.get_by_role("link", name="다함께돌봄센터-지역아동센터 간 간담회 개최").first.click()
    page.get_by_label("추진 상태").select_option(label="추진 중 (50%)")
    page.get_by_label("추진 경과 내용").fill("간담회 일정 조율 (센터장 12명)")
    with page.expect_navigation():
        page.get_by_role("button", name="기록하기").click()
    assert "추진 현황을 기록했습니다." in page.content()
    assert "간담회 일정 조율 (센터장 12명)" in page.locator("main").inner_text()
    axe_check(page)
    commitment = Commitment.objects.get(what="다함께돌봄센터-지역아동센터 간 간담회 개최")
    assert commitment.status.name == "추진 중" and not commitment.notes.get().entered_by_staff


@pytest.mark.parametrize("width", [360, 1366])
def test_members_and_the_public_see_the_follow_up(new_page, demo, width):
    page = new_page(width=width, height=900)
    login(page, "gj-member02", DEMO_PASSWORD)
    page.goto("/c/geumjeong/my/")
    assert (
        "금사 도시재생어울림센터 내 다함께돌봄센터 신규 개소" in page.locator("main").inner_text()
    )
    axe_check(page)
    page.get_by_role("link", name="건의사항 추진 현황·알림 설정").click()
    assert page.locator("h1").inner_text() == "내 의견이 반영된 건의사항의 추진 현황"
    axe_check(page)
    page.goto("/archive/geumjeong/2023-h2/")
    follow = page.locator("#follow-ups-heading").locator("..").inner_text()
    assert "개소 (정원 25명), 개소식 개최" in follow
    if width == 360:
        _fits(page, width)
    axe_check(page)
