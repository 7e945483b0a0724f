"""현황 조사 links go through the notices outbox (council.notices): 문자 to a facility's
mobile number (a landline gets none), e-mail to its address, written in the round's own
transaction, reminders only to those who have not answered, a stopped link never sent,
and the tracker showing each facility's last notice with its channel and state."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.notices import worker
from council.notices.models import Channel, DirectContact, Notice
from council.notices.outbox import member_for_token
from facilities import surveys
from facilities.survey_models import SurveyRequest, SurveyRound
from lib import mail as lib_mail
from lib import messaging
from lib.messaging import LMS_MAX_BYTES
from tests.factories import add_figures, make_facility, start_survey

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = dt.date(2026, 12, 7)
BASE = "https://dolbom.example.go.kr"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=SEOUL), tick=False):
        yield TODAY


@pytest.fixture
def centres(world):
    council = world.council
    both = make_facility(
        council,
        code="N-A",
        name="가람 돌봄센터",
        contact_email="A@Centre.example",
        contact_mobile="01022223333",
        phone="051-519-1111",
    )
    landline = make_facility(
        council,
        code="N-B",
        name="나래 돌봄센터",
        contact_email="b@centre.example",
        phone="051-519-2222",
    )
    public_mobile = make_facility(council, code="N-C", name="다솜 돌봄센터", phone="010 4444 5555")
    nothing = make_facility(council, code="N-D", name="라온 돌봄센터")
    for facility in (both, landline, public_mobile, nothing):
        add_figures(facility, dt.date(2025, 3, 1), 20, 18)
    return both, landline, public_mobile, nothing


def start(world, facilities):
    return start_survey(
        world,
        facilities,
        today=TODAY,
        days=14,
        title="2026년 겨울방학 전 현황 조사",
        send=True,
        base_url=BASE,
    )


def drain():
    counts = worker.drain()
    lib_mail.wait()
    return counts


def request_of(facility) -> SurveyRequest:
    return SurveyRequest.objects.get(facility=facility)


def link(facility) -> str:
    return surveys.link_url(request_of(facility), BASE)


def test_each_contact_gets_its_link_by_sms_to_a_mobile_and_by_e_mail(world, centres):
    both, landline, public_mobile, nothing = centres
    start(world, centres)

    queued = {(n.to, n.channel) for n in Notice.objects.all()}
    assert queued == {
        ("01022223333", Channel.SMS),  # the contact's mobile, not the landline beside it
        ("a@centre.example", Channel.EMAIL),
        ("b@centre.example", Channel.EMAIL),  # 051-…: a landline gets no 문자
        ("01044445555", Channel.SMS),  # the public phone is a mobile: normalized
    }
    assert not Notice.objects.filter(to="").exists()  # 라온 has no address at all
    assert Notice.objects.filter(user__isnull=True, direct__isnull=False).count() == 4

    drain()
    texts = {m.to: m for m in messaging.outbox}
    assert set(texts) == {"01022223333", "01044445555"}
    assert link(both) in texts["01022223333"].text
    assert link(public_mobile) in texts["01044445555"].text
    assert link(both) not in texts["01044445555"].text
    emails = {m.to[0]: m for m in mail.outbox}
    assert set(emails) == {"a@centre.example", "b@centre.example"}
    assert link(landline) in emails["b@centre.example"].body
    assert "나래 돌봄센터" in emails["b@centre.example"].subject
    assert "2026. 12. 21." in emails["b@centre.example"].subject  # the closing day
    assert "#{" not in "".join(m.text for m in messaging.outbox)


def test_a_text_message_fits_as_lms_and_carries_the_link_and_an_opt_out(world, centres):
    both, *_ = centres
    start(world, centres)
    drain()
    message = next(m for m in messaging.outbox if m.to == "01022223333")

    assert message.sms_type == "LMS"  # longer than 90 bytes: sent as LMS, not cut
    assert len(message.text.encode("euc-kr")) <= LMS_MAX_BYTES
    assert link(both) in message.text
    opt_out = message.text.rsplit("수신거부 ", 1)[1].strip()
    assert opt_out.startswith("http") and "/n/d" in opt_out


def test_a_start_that_rolls_back_sends_nothing(world, centres):
    with pytest.raises(RuntimeError), transaction.atomic():
        start(world, centres)
        assert Notice.objects.count() == 4
        raise RuntimeError("the page failed after starting the round")

    assert not SurveyRound.objects.exists()
    assert not Notice.objects.exists()
    assert not DirectContact.objects.exists()
    assert drain() == {}
    assert messaging.outbox == [] and mail.outbox == []


def test_reminders_go_only_to_facilities_that_have_not_answered(client, world, centres):
    both, landline, public_mobile, nothing = centres
    survey = start(world, centres)
    drain()
    messaging.outbox.clear()
    mail.outbox.clear()
    surveys.confirm_unchanged(request_of(both), message="", today=TODAY)

    assert (
        surveys.remind(survey, today=TODAY, base_url=BASE) == 2
    )  # 나래 and 다솜; 라온 has no address
    drain()

    assert [m.to for m in messaging.outbox] == ["01044445555"]
    assert [m.to for m in mail.outbox] == [["b@centre.example"]]
    assert mail.outbox[0].subject.startswith("(다시 알림)")
    assert link(landline) in mail.outbox[0].body
    assert link(public_mobile) in messaging.outbox[0].text
    assert request_of(landline).reminders == 1
    # An address staff add after the start is used by the next reminder.
    nothing.contact_mobile = "01077778888"
    nothing.save()
    messaging.outbox.clear()
    assert surveys.remind(survey, today=TODAY, base_url=BASE) == 3
    drain()
    assert "01077778888" in [m.to for m in messaging.outbox]
    # The second reminder is a new notice, not swallowed by the first one's key.
    assert Notice.objects.filter(event="survey_reminder").count() == 5


def test_a_stopped_link_is_never_sent_again(world, centres):
    both, landline, public_mobile, nothing = centres
    survey = start(world, centres)
    surveys.revoke(request_of(both))  # before the worker ran: its notices must not go

    cancelled = Notice.objects.filter(key__startswith=surveys.notice_prefix(request_of(both)))
    assert {n.state for n in cancelled} == {Notice.State.CANCELLED}
    drain()
    assert "01022223333" not in [m.to for m in messaging.outbox]
    assert ["a@centre.example"] not in [m.to for m in mail.outbox]

    surveys.remind(survey, today=TODAY, base_url=BASE)
    assert not Notice.objects.filter(event="survey_reminder", to="01022223333").exists()
    assert not Notice.objects.filter(event="survey_reminder", to="a@centre.example").exists()


def test_a_closed_round_s_queued_links_are_not_sent(world, centres):
    survey = start(world, centres)
    surveys.end_round(survey, SurveyRound.Status.CANCELLED)
    assert drain() == {}
    assert set(Notice.objects.values_list("state", flat=True)) == {Notice.State.CANCELLED}


def test_the_tracker_shows_each_facility_s_last_notice_channel_and_state(client, world, centres):
    both, landline, public_mobile, nothing = centres
    survey = start(world, centres)
    drain()
    surveys.revoke(request_of(landline))  # already sent: stays 보냄
    client.force_login(world.staff)
    url = reverse("finder_staff:survey", args=[world.council.slug, survey.pk])

    html = client.get(url).content.decode()

    rows = {
        f.name: html.split(f.name, 1)[1].split("</tr>", 1)[0]
        for f in (both, landline, public_mobile, nothing)
    }
    assert "전자우편 · 보냄" in rows["가람 돌봄센터"] and "문자 · 보냄" in rows["가람 돌봄센터"]
    assert "전자우편 · 보냄" in rows["나래 돌봄센터"] and "문자" not in rows["나래 돌봄센터"]
    assert "문자 · 보냄" in rows["다솜 돌봄센터"] and "전자우편 ·" not in rows["다솜 돌봄센터"]
    assert "연락처 없음" in rows["라온 돌봄센터"]
    # The notices come in one query, however many facilities the round asks.
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    more = [
        make_facility(world.council, code=f"N-X{i}", contact_email=f"x{i}@centre.example")
        for i in range(6)
    ]
    bigger = start(world, [*centres, *more])
    drain()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("finder_staff:survey", args=[world.council.slug, bigger.pk]))
    assert len(large) == len(small)


def test_a_facility_contact_can_refuse_further_text_messages(client, world, centres):
    both, *_ = centres
    survey = start(world, centres)
    drain()
    message = next(m for m in messaging.outbox if m.to == "01022223333")
    opt_out = message.text.rsplit("수신거부 ", 1)[1].strip()
    path = urlsplit(opt_out).path
    token = path.strip("/").rsplit("/", 1)[1]
    assert member_for_token(token) is None  # not a member's token

    assert client.get(path).status_code == 200
    page = client.post(path)
    assert "더 보내지 않습니다" in page.content.decode()
    assert DirectContact.objects.get(address="01022223333").withdrawn

    messaging.outbox.clear()
    mail.outbox.clear()
    surveys.remind(survey, today=TODAY, base_url=BASE)
    drain()
    reminded = Notice.objects.filter(event="survey_reminder", to="01022223333").get()
    assert reminded.state == Notice.State.OPTED_OUT
    assert "01022223333" not in [m.to for m in messaging.outbox]
    assert ["a@centre.example"] in [m.to for m in mail.outbox]  # the e-mail still goes


def test_a_forged_opt_out_token_is_refused(client, world, centres):
    start(world, centres)
    contact = DirectContact.objects.get(address="01022223333")
    assert client.post(f"/n/d{contact.pk}-000000000000/").status_code == 404
    assert not DirectContact.objects.get(pk=contact.pk).withdrawn


def test_staff_record_the_contact_s_mobile_as_typed_and_a_landline_is_refused(
    client, world, centres
):
    both, *_ = centres
    client.force_login(world.staff)
    url = reverse("facilities:edit", args=[world.council.slug, both.code])
    page = client.get(url)
    form = page.context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data = {k: v for k, v in data.items() if v is not False}
    data["dong"] = both.dong_id

    data["contact_mobile"] = "051-519-0000"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "휴대전화 번호가 아닙니다" in refused.content.decode()

    data["contact_mobile"] = "+82 10-9876-5432"
    assert client.post(url, data).status_code == 302
    both.refresh_from_db()
    assert both.contact_mobile == "01098765432"
    detail = client.get(reverse("facilities:detail", args=[world.council.slug, both.code]))
    assert "문자 010-9876-5432" in detail.content.decode()  # where the link will go


def test_a_round_started_at_night_sends_its_links_in_the_morning(world, centres, settings):
    settings.NOTICE_QUIET_HOURS = (21, 8)
    with time_machine.travel(dt.datetime(2026, 12, 7, 22, 30, tzinfo=SEOUL), tick=False):
        start(world, centres)
        assert drain() == {}
    morning = dt.datetime(2026, 12, 8, 8, 0, tzinfo=SEOUL)
    assert {n.due_at for n in Notice.objects.all()} == {morning}
    with time_machine.travel(morning, tick=False):
        drain()
    assert len(messaging.outbox) == 2 and len(mail.outbox) == 2
