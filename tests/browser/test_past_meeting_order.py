"""Recording a past meeting before one the council already has, in a browser: the
warning names the later meeting before anything is saved, then the later meeting's
result preview says what its 지난 회의 section is carried from now."""

from __future__ import annotations

import os

import pytest

from council.models import Meeting
from tests import factories
from tests.browser.conftest import axe_check, login
from tests.reports.test_carried import _publish
from tests.reports.test_past_import import _at

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PAST_ORDER_SCREENSHOTS")  # a folder: also save screenshots there


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1366])
def test_recording_before_a_later_meeting_warns_then_the_preview_says_so(new_page, world, width):
    first = factories.make_result_meeting(world.council, year=2023, half=2)
    _publish(first, _at(2024, 1, 22))
    later = factories.make_result_meeting(world.council, year=2025, half=1)
    _publish(later, _at(2025, 7, 22))  # this stand-in version records no carried section
    page = new_page(width=width, height=800)
    login(page, world.staff.username)
    page.goto("/c/geumjeong/meetings/record/")
    page.get_by_label("연도", exact=True).fill("2024")
    page.get_by_label("반기", exact=True).select_option("2")
    page.get_by_label("기간 시작일").fill("2024-12-16")
    page.get_by_label("기간 종료일").fill("2024-12-20")
    page.get_by_label("위원 수", exact=True).fill("11")
    page.get_by_label("의견 제출 위원 수").fill("8")
    page.get_by_label("안건", exact=True).fill("기관별 현황 보고")
    page.get_by_role("button", name="기록하기").click()
    warning = page.locator("#order-warning")
    assert warning.is_visible()
    assert later.title in warning.inner_text()
    assert not Meeting.objects.filter(council=world.council, year=2024, half=2).exists()
    axe_check(page)
    _shot(page, f"past-order-warning-{width}")

    page.get_by_role("button", name="확인하고 기록하기").click()
    page.wait_for_url("**/meetings/2024-h2/")
    assert Meeting.objects.filter(council=world.council, year=2024, half=2).exists()

    page.goto(f"/c/geumjeong/meetings/{later.slug}/result/")
    waiting = page.locator("#carried-waiting")
    assert waiting.is_visible() and "2024년 하반기" in waiting.inner_text()
    changed = page.locator("#carried-changed").inner_text()
    assert "공개된 제1판에는 ‘지난 회의 건의사항 추진 현황’이 없습니다." in changed
    assert first.title in changed
    axe_check(page)
    _shot(page, f"past-order-preview-{width}")


@pytest.mark.parametrize("width", [360, 1366])
def test_the_import_preview_names_the_later_meeting(new_page, world, tmp_path, width):
    import datetime as dt

    from council.services import meetings as meeting_services
    from reports.exporters import render_xlsx_export
    from tests.reports.test_past_import import _import, _meeting_with_commitments

    a = _meeting_with_commitments(world)
    _publish(a, _at(2024, 1, 22))
    _, _, a_file = render_xlsx_export(a, final_only=True)
    b = _meeting_with_commitments(world, year=2024, half=1, when=_at(2024, 7, 10))
    _publish(b, _at(2024, 7, 22))
    _, _, b_file = render_xlsx_export(b, final_only=True)
    council = factories.make_council("geumjeong-archive", "금정구")
    for department in world.council.departments.all():
        factories.make_department(council, department.name)
    staff = factories.make_staff(council, "archive-staff")
    _import(a_file, council, staff, dt.date(2024, 1, 22))
    later = meeting_services.record_past_meeting(
        council=council,
        data=meeting_services.PastMeetingData(
            year=2024,
            half=2,
            method="written",
            period_start=dt.date(2024, 12, 16),
            period_end=dt.date(2024, 12, 20),
            invited_count=11,
            submitted_count=8,
            agenda_titles=["기관별 현황 보고"],
        ),
    )
    path = tmp_path / "2024-h1.xlsx"
    path.write_bytes(b_file)
    page = new_page(width=width, height=800)
    login(page, "archive-staff")
    page.goto(f"/c/{council.slug}/meetings/import/")
    page.get_by_label("결과 엑셀(xlsx) 파일").set_input_files(str(path))
    page.get_by_label("결과 공개일").fill("2024-07-22")
    page.get_by_role("button", name="미리보기").click()
    warning = page.locator("#order-warning")
    assert later.title in warning.inner_text()
    axe_check(page)
    _shot(page, f"past-order-import-{width}")
    page.get_by_role("button", name="확인하고 가져와서 공개로 기록하기").click()
    assert Meeting.objects.get(council=council, year=2024, half=1).is_published
