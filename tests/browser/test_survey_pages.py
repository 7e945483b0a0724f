"""A facility answers its 현황 조사 on a 360 px phone without JavaScript and an account;
the form, the staff tracker and the review page are axe-clean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from facilities import surveys
from facilities.survey_models import SurveySubmission
from tests.browser.conftest import MOBILE, axe_check, login
from tests.factories import add_figures, make_facility

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(world):
    facility = make_facility(world.council, code="S-A", name="가람 돌봄센터")
    add_figures(facility, dt.date(2023, 12, 1), 30, 28, waiting=3)
    today = timezone.localdate()
    return surveys.start_round(
        council=world.council,
        user=world.staff,
        title="겨울방학 전 현황 조사",
        survey_date=today,
        closes_on=today + dt.timedelta(days=7),
        facilities=[facility],
        send=False,
    )


def test_a_facility_corrects_its_figures_on_a_phone(browser, live_server, survey):
    context = browser.new_context(
        base_url=live_server.url, viewport=MOBILE, locale="ko-KR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(reverse("survey_form", args=[surveys.link_token(survey.requests.get())]))
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    axe_check(page)
    assert page.input_value("input[name=enrolled]") == "28"
    page.fill("input[name=enrolled]", "-3")
    with page.expect_navigation():
        page.get_by_role("button", name="고친 내용 보내기").click()
    assert "0보다 작을 수 없습니다." in page.content()
    axe_check(page)  # the form with its errors
    page.fill("input[name=enrolled]", "26")
    with page.expect_navigation():
        page.get_by_role("button", name="고친 내용 보내기").click()
    assert page.locator("h1").inner_text() == "보내 주셔서 고맙습니다"
    assert SurveySubmission.objects.get().values["enrolled"] == 26
    context.close()


def test_the_staff_survey_pages_are_accessible(page, world, survey):
    request = survey.requests.get()
    values = surveys.current_values(request.facility, timezone.localdate())
    values["enrolled"] = 25
    submission = surveys.submit(
        request,
        values={k: values.get(k) for k in surveys.SURVEY_FIELDS},
        message="",
        form_nonce="",
        today=timezone.localdate(),
    )
    login(page, world.staff.username)
    for url in (
        reverse("finder_staff:surveys", args=["geumjeong"]),
        reverse("finder_staff:survey_new", args=["geumjeong"]),
        reverse("finder_staff:survey", args=["geumjeong", survey.pk]),
        reverse("finder_staff:survey_answer", args=["geumjeong", submission.pk]),
    ):
        page.goto(url)
        axe_check(page)
