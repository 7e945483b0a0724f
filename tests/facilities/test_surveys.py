"""현황 조사 rounds: start, link, submit, approve, return, expiry, revoke, reminders,
"변동 없음", the results spreadsheet, and the bad input of the issue (현원 > 정원,
negative or non-numeric figures, a closed/cancelled round, another facility's link, the
same form twice, 10,000-character notes)."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from council.notices import worker
from facilities import surveys
from facilities.models import Facility, FacilityFigures
from facilities.survey_models import SurveyRequest, SurveyRound, SurveySubmission
from lib import mail as lib_mail
from tests.factories import add_figures, make_facility, start_survey

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = dt.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL), tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def committed(django_capture_on_commit_callbacks, monkeypatch):
    """Mail goes out when the round's transaction commits: run those callbacks per request."""
    from django.test import Client

    original = Client.post

    def post(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = original(self, *args, **kwargs)
        lib_mail.wait()
        return response

    monkeypatch.setattr(Client, "post", post)


@pytest.fixture
def centres(world):
    council = world.council
    a = make_facility(
        council, code="S-A", name="가람 돌봄센터", contact_email="a@centre.example", phone="051-1"
    )
    add_figures(a, dt.date(2023, 12, 1), 30, 28, waiting=3)
    b = make_facility(council, code="S-B", name="나래 돌봄센터", contact_email="b@centre.example")
    add_figures(b, dt.date(2025, 3, 1), 20, 20)
    c = make_facility(council, code="S-C", name="다솜 돌봄센터")  # no e-mail, no figures
    return a, b, c


def start(client, world, facilities, **extra):
    client.force_login(world.staff)
    data = {
        "title": "2026년 겨울방학 전 현황 조사",
        "survey_date": "2026-12-07",
        "closes_on": "2026-12-21",
        "facilities": [f.pk for f in facilities],
        **extra,
    }
    response = client.post(reverse("finder_staff:survey_new", args=["geumjeong"]), data)
    drain()
    return response


def drain():
    """The notices worker sends what the round queued (e-mail into mail.outbox)."""
    worker.drain()
    lib_mail.wait()


def link_of(facility) -> str:
    request = SurveyRequest.objects.get(facility=facility)
    return reverse("survey_form", args=[surveys.link_token(request)])


def answer(client, url, **values):
    page = client.get(url).content.decode()
    nonce = re.search(r'name="form_nonce" value="([^"]*)"', page).group(1)
    data = {
        "capacity": "30",
        "enrolled": "25",
        "waiting": "0",
        "opens_at": "13:00",
        "closes_at": "19:00",
        "phone": "051-1",
        "form_nonce": nonce,
    }
    data.update(values)
    return client.post(url, data)


def test_staff_start_a_round_and_each_contact_gets_a_personal_link(client, world, centres):
    a, b, c = centres
    response = start(client, world, centres)

    survey = SurveyRound.objects.get()
    assert response.status_code == 302
    assert survey.requests.count() == 3
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"a@centre.example", "b@centre.example"}  # 다솜 has no address
    assert link_of(a) in sent["a@centre.example"].body
    assert link_of(b) not in sent["a@centre.example"].body
    tracker = client.get(reverse("finder_staff:survey", args=["geumjeong", survey.pk]))
    html = tracker.content.decode()
    assert "3곳 중 0곳 답함" in html
    assert link_of(c) in html  # staff can hand the link over themselves


def test_the_form_is_pre_filled_and_needs_no_account(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()

    html = client.get(link_of(a)).content.decode()
    assert 'name="capacity" value="30"' in html
    assert 'name="enrolled" value="28"' in html
    assert 'name="waiting" value="3"' in html
    assert "정원 30 · 현원 28 · 대기 3 (2023. 12. 1. 기준)" in html


def test_a_submission_waits_beside_the_current_values_and_approval_enters_the_history(
    client, world, centres
):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()

    response = answer(client, link_of(a), capacity="30", enrolled="26", closes_at="20:00")
    assert response.status_code == 302
    submission = SurveySubmission.objects.get()
    assert submission.status == SurveySubmission.Status.WAITING
    assert not FacilityFigures.objects.filter(as_of=TODAY).exists()  # nothing applied yet

    client.force_login(world.staff)
    review = client.get(reverse("finder_staff:survey_answer", args=["geumjeong", submission.pk]))
    table = re.search(
        r'<table class="table" id="comparison">(.*?)</table>', review.content.decode(), re.S
    )
    changed = re.findall(r'<tr class="table-warning"><th scope="row">([^<]+)', table.group(1))
    assert [c.strip() for c in changed] == ["현원", "대기 인원", "학기 중 종료 시각"]

    client.post(reverse("finder_staff:survey_answer_approve", args=["geumjeong", submission.pk]))
    figures = FacilityFigures.objects.get(facility=a, as_of=TODAY)
    assert (figures.capacity, figures.enrolled, figures.waiting) == (30, 26, 0)
    assert figures.source == FacilityFigures.Source.FACILITY
    assert figures.get_source_display() == "시설 제출"
    a.refresh_from_db()
    assert a.closes_at == dt.time(20, 0)
    assert a.history.first().history_change_reason == "시설 제출: 2026년 겨울방학 전 현황 조사"
    submission.refresh_from_db()
    assert submission.status == SurveySubmission.Status.APPROVED
    # Approving again changes nothing.
    client.post(reverse("finder_staff:survey_answer_approve", args=["geumjeong", submission.pk]))
    assert FacilityFigures.objects.filter(facility=a).count() == 2


def test_a_returned_submission_carries_the_reason_and_may_be_sent_again(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()
    answer(client, link_of(a), enrolled="5")
    submission = SurveySubmission.objects.get()

    client.force_login(world.staff)
    empty = client.post(
        reverse("finder_staff:survey_answer_return", args=["geumjeong", submission.pk]), {}
    )
    assert empty.status_code == 400
    client.post(
        reverse("finder_staff:survey_answer_return", args=["geumjeong", submission.pk]),
        {"reason": "현원 5명이 맞는지 다시 확인해 주세요."},
    )
    submission.refresh_from_db()
    assert submission.status == SurveySubmission.Status.RETURNED
    client.logout()
    html = client.get(link_of(a)).content.decode()
    assert "현원 5명이 맞는지 다시 확인해 주세요." in html
    assert answer(client, link_of(a), enrolled="25").status_code == 302
    assert SurveySubmission.objects.filter(status="waiting").count() == 1


def test_no_change_confirms_the_figures_as_of_the_survey_date(client, world, centres):
    a, _b, c = centres
    start(client, world, centres)
    client.logout()

    response = client.post(link_of(a), {"no_change": "1"})
    assert response.status_code == 302
    confirmed = FacilityFigures.objects.get(facility=a, as_of=TODAY)
    assert (confirmed.capacity, confirmed.enrolled, confirmed.waiting) == (30, 28, 3)
    assert confirmed.source == FacilityFigures.Source.FACILITY
    assert SurveySubmission.objects.get().no_change
    # Without figures there is nothing to confirm: asked to write them, nothing stored.
    refused = client.post(link_of(c), {"no_change": "1"})
    assert refused.status_code == 400
    assert "숫자를 적어 보내 주세요" in refused.content.decode()
    assert not FacilityFigures.objects.filter(facility=c).exists()


def test_more_enrolled_than_places_is_asked_to_be_confirmed(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()

    asked = answer(client, link_of(a), capacity="30", enrolled="33")
    assert asked.status_code == 400
    assert "현원(33명)이 정원(30명)보다 많습니다" in asked.content.decode()
    assert 'value="33"' in asked.content.decode()  # nothing typed is lost
    assert not SurveySubmission.objects.exists()
    no_reason = answer(client, link_of(a), capacity="30", enrolled="33", over_capacity="on")
    assert "정원을 넘은 사유를 적어 주세요." in no_reason.content.decode()
    confirmed = answer(
        client,
        link_of(a),
        capacity="30",
        enrolled="33",
        over_capacity="on",
        over_capacity_reason="긴급 돌봄 3명",
    )
    assert confirmed.status_code == 302
    assert SurveySubmission.objects.get().values["over_capacity_reason"] == "긴급 돌봄 3명"


@pytest.mark.parametrize(
    ("value", "message"),
    [("-1", "0보다 작을 수 없습니다."), ("스물", "숫자만 적어 주세요. 예: 25"), ("2.5", "숫자만")],
)
def test_negative_or_non_numeric_figures_are_refused_in_korean(
    client, world, centres, value, message
):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()
    response = answer(client, link_of(a), enrolled=value)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SurveySubmission.objects.exists()


def test_ten_thousand_character_notes_are_bounded(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()
    response = answer(client, link_of(a), message="가" * 10_000)
    assert response.status_code == 400
    assert "남길 말은 2000자까지 적을 수 있습니다. 지금 10000자입니다." in response.content.decode()
    assert not SurveySubmission.objects.exists()
    client.post(link_of(a), {"no_change": "1", "message": "나" * 10_000})
    assert len(SurveySubmission.objects.get().message) == 2000


def test_the_same_form_sent_twice_is_one_change(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()
    url = link_of(a)
    page = client.get(url).content.decode()
    nonce = re.search(r'name="form_nonce" value="([^"]*)"', page).group(1)
    data = {"capacity": "30", "enrolled": "20", "waiting": "1", "form_nonce": nonce}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "enrolled": "21"}).status_code == 302  # the double tap
    submission = SurveySubmission.objects.get()
    assert submission.values["enrolled"] == 20
    # A later, new form replaces the waiting proposal: still one change.
    answer(client, url, enrolled="22")
    assert SurveySubmission.objects.get().values["enrolled"] == 22


def test_only_one_waiting_change_per_link_even_at_the_database(world, centres):
    from django.db import IntegrityError, transaction

    a, _b, _c = centres
    survey = start_survey(world, [a], today=TODAY, days=0, send=True)
    request = survey.requests.get()
    SurveySubmission.objects.create(request=request)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveySubmission.objects.create(request=request)


def test_a_link_after_the_round_closes_is_refused_and_changes_nothing(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    client.logout()
    url = link_of(a)
    with time_machine.travel(dt.datetime(2026, 12, 22, 9, 0, tzinfo=SEOUL), tick=False):
        late = answer_without_page(client, url)
    assert late.status_code == 410
    assert "2026. 12. 21.에 마감되었습니다" in late.content.decode()
    assert not SurveySubmission.objects.exists()

    survey = SurveyRound.objects.get()
    client.force_login(world.staff)
    client.post(
        reverse("finder_staff:survey_end", args=["geumjeong", survey.pk]),
        {"action": "close", "confirm": "yes"},
    )
    client.logout()
    assert client.get(url).status_code == 410
    assert client.post(url, {"no_change": "1"}).status_code == 410
    assert not FacilityFigures.objects.filter(as_of=TODAY).exists()


def answer_without_page(client, url):
    return client.post(url, {"capacity": "30", "enrolled": "1", "waiting": "0"})


def test_a_cancelled_round_refuses_its_links(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    survey = SurveyRound.objects.get()
    unconfirmed = reverse("finder_staff:survey_end", args=["geumjeong", survey.pk])
    client.post(unconfirmed, {"action": "cancel"})
    survey.refresh_from_db()
    assert survey.status == SurveyRound.Status.OPEN  # asked to confirm first
    client.post(
        reverse("finder_staff:survey_end", args=["geumjeong", survey.pk]),
        {"action": "cancel", "confirm": "yes"},
    )
    client.logout()
    response = answer_without_page(client, link_of(a))
    assert response.status_code == 410
    assert "취소했습니다" in response.content.decode()
    assert not SurveySubmission.objects.exists()


def test_a_revoked_link_is_refused_and_a_reissued_one_works(client, world, centres):
    a, _b, _c = centres
    start(client, world, centres)
    old = link_of(a)
    request = SurveyRequest.objects.get(facility=a)
    client.post(
        reverse("finder_staff:survey_link", args=["geumjeong", request.pk]), {"action": "revoke"}
    )
    client.logout()
    assert client.get(old).status_code == 404  # its secret no longer matches
    client.force_login(world.staff)
    mail.outbox.clear()
    client.post(
        reverse("finder_staff:survey_link", args=["geumjeong", request.pk]), {"action": "reissue"}
    )
    drain()
    client.logout()
    new = link_of(a)
    assert new != old
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404
    assert new in mail.outbox[0].body


def test_another_facility_s_link_cannot_be_forged(client, world, centres):
    a, b, _c = centres
    start(client, world, centres)
    client.logout()
    token_a = surveys.link_token(SurveyRequest.objects.get(facility=a))
    request_b = SurveyRequest.objects.get(facility=b)
    forged = f"{request_b.pk}-{token_a.split('-', 1)[1]}"
    assert client.get(reverse("survey_form", args=[forged])).status_code == 404
    assert client.post(reverse("survey_form", args=[forged]), {"no_change": "1"}).status_code == 404
    assert client.get(reverse("survey_form", args=["garbage"])).status_code == 404
    assert not SurveySubmission.objects.exists()


def test_reminders_go_to_those_who_have_not_answered(client, world, centres):
    a, b, _c = centres
    start(client, world, centres)
    client.logout()
    client.post(link_of(a), {"no_change": "1"})
    client.force_login(world.staff)
    mail.outbox.clear()
    survey = SurveyRound.objects.get()

    client.post(reverse("finder_staff:survey_remind", args=["geumjeong", survey.pk]))
    drain()

    assert [m.to for m in mail.outbox] == [["b@centre.example"]]
    assert "(다시 알림)" in mail.outbox[0].subject
    assert SurveyRequest.objects.get(facility=b).reminders == 1
    html = client.get(
        reverse("finder_staff:survey", args=["geumjeong", survey.pk])
    ).content.decode()
    assert "3곳 중 1곳 답함" in html
    assert "변동 없음 (확인됨)" in html
    assert "답 없음" in html


def test_the_results_export_as_a_spreadsheet(client, world, centres):
    a, b, _c = centres
    start(client, world, centres)
    client.logout()
    client.post(link_of(a), {"no_change": "1"})
    answer(client, link_of(b), capacity="20", enrolled="19", message="=cmd|' /C calc'!A0")
    client.force_login(world.staff)
    survey = SurveyRound.objects.get()

    response = client.get(reverse("finder_staff:survey_xlsx", args=["geumjeong", survey.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("기관 코드", "기관명", "행정동", "상태")
    by_code = {r[0]: r for r in rows[2:]}
    assert by_code["S-A"][3] == "변동 없음 (확인됨)"
    assert by_code["S-B"][3] == "검토 대기"
    assert by_code["S-B"][5:7] == (20, 19)
    assert by_code["S-C"][3] == "답 없음"
    assert not str(by_code["S-B"][-2]).startswith("=")  # plain text, never a formula
    # 제출 시각 is a real date and time (shown `2026. 12. 1. 14:05`), blank without an answer.
    from facilities.survey_models import SurveySubmission
    from lib.xlsx import DATETIME_FORMAT

    submitted = (
        SurveySubmission.objects.filter(request__round=survey, request__facility=b)
        .latest("submitted_at")
        .submitted_at
    )
    stored = by_code["S-B"][4]
    assert isinstance(stored, dt.datetime)
    minute = "%Y-%m-%d %H:%M"
    assert stored.strftime(minute) == timezone.localtime(submitted).strftime(minute)
    assert by_code["S-C"][4] is None
    cell = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "S-B")[4]
    assert cell.number_format == DATETIME_FORMAT
    # Printed on A4, fitted to the width, the title and column rows on every page.
    assert sheet.page_setup.paperSize == 9 and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$2"


def test_the_dashboard_s_stale_list_starts_a_survey_for_them(client, world, centres):
    a, b, c = centres
    client.force_login(world.staff)
    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    start_url = re.search(r'href="([^"]*/surveys/new/\?facilities=[^"]*)"', html).group(1)
    form = client.get(start_url.replace("&amp;", "&")).content.decode()
    checked = set(re.findall(r'name="facilities" value="(\d+)"[^>]*checked', form))
    assert checked == {str(a.pk), str(b.pk)}  # the two with figures past the limit
    assert not Facility.objects.filter(pk=c.pk, survey_requests__isnull=False).exists()


def test_the_dashboard_counts_every_stale_facility_and_lists_the_oldest_ten(client, world, centres):
    # Twelve more past the limit: the heading counts all fourteen, the list shows ten,
    # oldest first, and says so.
    for n in range(12):
        extra = make_facility(world.council, code=f"S-X{n:02d}", name=f"오래된 센터 {n:02d}")
        add_figures(extra, dt.date(2022, 1, 1 + n), 10, 9)
    client.force_login(world.staff)
    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert "현황 확인이 필요한 시설 14곳" in html
    listed = re.findall(r"<li><a href=\"[^\"]*\">([^<]*)</a>", html.split('id="stale-list"')[1])
    assert listed[:10] == [f"오래된 센터 {n:02d}" for n in range(10)]
    assert "오래된 순서로 10곳만 보입니다." in html
