"""현황 조사 in Chromium: a facility's contact opens the personal link on a 360 px phone,
finds the figures filled in, corrects 현원 (above 정원 it is asked to confirm), sends it;
staff at 1366 px see the change beside the current value and approve it; the public
finder then shows the new figure with its 기준일. The form and the review page are
axe-clean, and so is the tracker (with PORTAL_SCREENSHOTS=DIR, each at 360 and 1366 px)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities import surveys
from facilities.models import FacilityFigures
from facilities.survey_models import SurveySubmission
from lib.dates import korean_date
from tests.browser.conftest import MOBILE, login
from tests.browser.test_journey_field import shoot
from tests.factories import add_figures, make_facility, start_survey

pytestmark = pytest.mark.browser
WIDE = {"width": 1366, "height": 900}


@pytest.fixture
def survey(world):
    facility = make_facility(
        world.council,
        code="S-A",
        name="가람 돌봄센터",
        is_public=True,
        contact_email="garam@centre.example",
        contact_mobile="01022223333",
    )
    add_figures(facility, dt.date(2023, 12, 1), 30, 28, waiting=3)
    return start_survey(world, [facility], title="겨울방학 전 현황 조사", send=True)


def send(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_a_facility_corrects_its_figures_on_a_phone_and_staff_approve_it(new_page, world, survey):
    request = survey.requests.select_related("facility").get()
    facility = request.facility
    today = timezone.localdate()

    phone = new_page(**MOBILE)
    phone.goto(reverse("survey_form", args=[surveys.link_token(request)]))
    assert phone.locator("h1").inner_text() == "가람 돌봄센터 현황 확인"
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    assert phone.input_value("input[name=capacity]") == "30"
    assert phone.input_value("input[name=enrolled]") == "28"
    assert phone.input_value("input[name=waiting]") == "3"
    shoot(phone, "survey-form")

    phone.fill("input[name=enrolled]", "33")  # more children than places
    send(phone, "고친 내용 보내기")
    assert "현원이 정원보다 많" in phone.locator("main").inner_text()
    assert not SurveySubmission.objects.exists()
    shoot(phone, "survey-form-over-capacity")  # the form with its question

    phone.fill("input[name=enrolled]", "26")
    send(phone, "고친 내용 보내기")
    assert phone.locator("h1").inner_text() == "보내 주셔서 고맙습니다"
    submission = SurveySubmission.objects.get()
    assert submission.values["enrolled"] == 26

    staff = new_page(**WIDE)
    login(staff, world.staff.username)
    staff.goto(reverse("finder_staff:surveys", args=[world.council.slug]))
    shoot(staff, "survey-list")
    staff.goto(reverse("finder_staff:survey_new", args=[world.council.slug]))
    # Each facility says how its link will go.
    assert "문자(휴대전화 번호가 있으면)와 전자우편으로" in staff.locator("main").inner_text()
    assert staff.get_by_label("가람 돌봄센터 · 구서2동 (문자 · 전자우편)").count() == 1
    shoot(staff, "survey-new")
    staff.goto(reverse("finder_staff:survey", args=[world.council.slug, survey.pk]))
    assert "문자 · 보낼 예정" in staff.locator("main").inner_text()  # the outbox's notices
    shoot(staff, "survey-tracker")
    with staff.expect_navigation():
        staff.get_by_role("link", name="검토 대기").click()
    changed = staff.locator("#comparison tr.table-warning")
    assert changed.count() == 1  # only 현원 changed
    assert changed.locator("th").inner_text().startswith("현원")
    assert changed.locator("td").all_inner_texts() == ["28", "26"]  # current beside proposed
    assert "바뀜" in changed.inner_text()
    assert staff.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    shoot(staff, "survey-review")
    send(staff, "승인하고 반영하기")
    assert "승인했습니다" in staff.locator("main").inner_text()

    figures = FacilityFigures.objects.filter(facility=facility).latest("as_of")
    assert (figures.as_of, figures.enrolled, figures.source) == (today, 26, "facility")

    public = new_page(**MOBILE)
    public.goto(reverse("finder:index", args=[world.council.slug]))
    card = public.locator("article", has_text="가람 돌봄센터")
    text = card.inner_text()
    assert "빈자리 4" in text  # 30 − 26, fresh again: offered
    assert f"{korean_date(today)} 기준" in text
    assert "전 자료" not in text  # no longer labelled with its age
