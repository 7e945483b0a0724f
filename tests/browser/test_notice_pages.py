"""The notice pages on the demo council, on a phone and a desktop: axe-clean and
no sideways scrolling at 360 px (the roster's and tracker's new column included)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from council.models import Meeting, Member
from council.notices import worker
from council.notices.outbox import opt_out_token
from portal.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import axe_check, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PORTAL_SHOTS")  # a folder: keep screenshots to look at


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    load_demo(today=dt.date.today())
    meeting = Meeting.objects.filter(council__slug="geumjeong", status=Meeting.Status.OPEN).get()
    from council.services import meetings

    meetings.close_meeting(meeting=meeting, by=meeting.council.staff.get().user)
    worker.drain()
    return meeting


def _fits(page, width):
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def _look(page, name, width):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1366])
def test_staff_notice_pages(new_page, demo, width):
    page = new_page(width=width, height=900)
    login(page, "gj-staff", DEMO_PASSWORD)
    council = "/c/geumjeong"
    member = Member.objects.get(user__username="gj-member02")
    for name, path, heading in [
        ("roster", f"{council}/members/", "위원 명단"),
        ("tracker", f"{council}/meetings/{demo.slug}/opinions/", "의견서 제출 현황"),
        ("meeting-notices", f"{council}/meetings/{demo.slug}/notices/", "알림 발송 현황"),
        ("overview", f"{council}/notices/", "알림"),
        ("member-contact", f"{council}/members/{member.pk}/notices/", "김서연 위원의 알림"),
    ]:
        page.goto(path)
        assert page.locator("h1").first.inner_text().strip().startswith(heading), path
        _look(page, name, width)
        if width == 360:
            _fits(page, width)
        axe_check(page)


@pytest.mark.parametrize("width", [360, 1366])
def test_member_and_public_notice_pages(new_page, demo, width):
    page = new_page(width=width, height=900)
    member = Member.objects.get(user__username="gj-member02")
    page.goto(f"/n/{opt_out_token(member)}/")
    assert page.locator("h1").inner_text().strip() == "알림 수신 거부"
    axe_check(page)
    _look(page, "opt-out", width)
    login(page, "gj-member02", DEMO_PASSWORD)
    page.goto("/c/geumjeong/my/notices/")
    assert page.locator("h1").inner_text().strip() == "알림 받는 방법"
    if width == 360:
        _fits(page, width)
    axe_check(page)
    _look(page, "my-notices", width)


@pytest.mark.parametrize("width", [360, 1366])
def test_deadline_extension_form_and_confirmation(new_page, transactional_db, settings, width):
    settings.DEBUG = True
    load_demo(today=dt.date.today())
    meeting = Meeting.objects.filter(council__slug="geumjeong", status=Meeting.Status.OPEN).get()
    page = new_page(width=width, height=900)
    login(page, "gj-staff", DEMO_PASSWORD)
    page.goto(f"/c/geumjeong/meetings/{meeting.slug}/")
    page.get_by_role("link", name="마감 연장").click()
    assert page.locator("h1").inner_text().strip() == "의견 제출 마감 연장"
    if width == 360:
        _fits(page, width)
    axe_check(page)
    _look(page, "extend-form", width)
    new = meeting.deadline + dt.timedelta(days=3)
    page.get_by_label("새 마감 날짜").fill(f"{timezone.localtime(new):%Y-%m-%d}")
    page.get_by_role("button", name="다음: 확인").click()
    assert page.get_by_text("이대로 연장할까요?").is_visible()
    if width == 360:
        _fits(page, width)
    axe_check(page)
    _look(page, "extend-confirm", width)
    page.get_by_role("button", name="마감 연장하고 알리기").click()
    assert page.get_by_text("의견 제출 마감을").is_visible()
    meeting.refresh_from_db()
    assert meeting.deadline > dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
