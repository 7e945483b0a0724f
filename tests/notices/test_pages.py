"""Notice pages: delivery reports, the opt-out link, settings, staff views."""

from __future__ import annotations

import ipaddress
import json
import logging

import pytest
from django.urls import reverse

from council.notices import events, worker
from council.notices.models import AlimtalkTemplate, DeliveryReport, MemberContact, Notice
from council.notices.outbox import opt_out_token
from tests.factories import make_open_meeting
from tests.notices.support import DAY, give_contact


@pytest.fixture
def sent(world):
    give_contact(world.member)
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    events.round_opened(meeting=meeting, now=DAY)
    worker.drain(now=DAY)
    return Notice.objects.get(member=world.member)


def _report(client, secret, message_id, code="4000", message="수신 완료", **extra):
    payload = [
        {
            "eventDataId": "E1",
            "data": {
                "messageId": message_id,
                "statusCode": code,
                "statusMessage": message,
                "to": "01012345678",
            },
        }
    ]
    return client.post(
        reverse("notice_report", args=[secret]),
        json.dumps(payload),
        content_type="application/json",
        **extra,
    )


def test_a_delivery_report_marks_the_notice_delivered_once(client, settings, sent):
    settings.NOTICE_WEBHOOK_SECRET = "s3cret-webhook"
    response = _report(client, "s3cret-webhook", sent.provider_id)
    assert response.json() == {"recorded": 1, "duplicates": 0}
    sent.refresh_from_db()
    assert sent.state == "delivered" and sent.delivered_at is not None
    assert _report(client, "s3cret-webhook", sent.provider_id).json() == {
        "recorded": 0,
        "duplicates": 1,
    }
    assert DeliveryReport.objects.count() == 1


def test_a_failure_report_keeps_the_provider_s_reason(client, settings, sent):
    settings.NOTICE_WEBHOOK_SECRET = "s3cret-webhook"
    _report(client, "s3cret-webhook", sent.provider_id, code="3059", message="변작된 발신번호")
    sent.refresh_from_db()
    assert (sent.state, sent.last_error) == ("failed", "3059 변작된 발신번호")


def test_a_forged_report_is_refused_and_logged(client, settings, sent, caplog):
    settings.NOTICE_WEBHOOK_SECRET = "s3cret-webhook"
    with caplog.at_level(logging.WARNING, logger="council.notices"):
        assert _report(client, "guess", sent.provider_id).status_code == 403
    assert "Refused a delivery report" in caplog.text
    settings.NOTICE_WEBHOOK_NETWORKS = [ipaddress.ip_network("203.0.113.0/24")]
    assert _report(client, "s3cret-webhook", sent.provider_id).status_code == 403
    sent.refresh_from_db()
    assert sent.state == "sent" and not DeliveryReport.objects.exists()


def test_without_a_configured_secret_the_webhook_refuses_everything(client, settings, sent):
    settings.NOTICE_WEBHOOK_SECRET = ""
    assert _report(client, "anything", sent.provider_id).status_code == 403


def test_the_opt_out_link_asks_then_stops_notices(client, world, sent):
    url = reverse("notice_opt_out", args=[opt_out_token(world.member)])
    assert len(url) < 30
    page = client.get(url)
    assert "알림 받지 않기" in page.content.decode()
    assert not MemberContact.objects.get(member=world.member).withdrawn  # a GET changes nothing
    client.post(url)
    assert MemberContact.objects.get(member=world.member).withdrawn
    assert client.get(reverse("notice_opt_out", args=["1-000000000000"])).status_code == 404


def test_a_member_sets_a_number_in_any_form_and_consents(client, world):
    client.force_login(world.member.user)
    url = reverse("council:my_notices", args=[world.council.slug])
    response = client.post(url, {"mobile": "+82 10-9876-5432", "channel": "sms", "consent": "on"})
    assert response.status_code == 302
    contact = MemberContact.objects.get(member=world.member)
    assert (contact.mobile, contact.channel, contact.consented) == ("01098765432", "sms", True)
    assert contact.consent_at is not None and contact.changed_by == world.member.user


@pytest.mark.parametrize(
    ("mobile", "message"),
    [
        ("051-123-4567", "휴대전화 번호가 아닙니다"),
        ("010-12", "형식"),
        ("", "휴대전화 번호를 적어"),
    ],
)
def test_a_landline_or_bad_number_is_refused_for_sms(client, world, mobile, message):
    client.force_login(world.member.user)
    url = reverse("council:my_notices", args=[world.council.slug])
    response = client.post(url, {"mobile": mobile, "channel": "sms", "consent": "on"})
    assert response.status_code == 200 and message in response.content.decode()
    assert not MemberContact.objects.exists()


def test_sms_without_consent_is_refused(client, world):
    client.force_login(world.member.user)
    url = reverse("council:my_notices", args=[world.council.slug])
    response = client.post(url, {"mobile": "01012345678", "channel": "sms"})
    assert "수신에 동의해 주세요" in response.content.decode()


def test_staff_see_channels_and_consent_on_the_roster(client, world):
    give_contact(world.member)
    client.force_login(world.staff)
    page = client.get(reverse("council:roster", args=[world.council.slug])).content.decode()
    assert "문자" in page and "010-1234-5678" in page and "동의" in page


def test_the_tracker_shows_each_member_s_last_notice(client, world, sent, settings):
    settings.NOTICE_WEBHOOK_SECRET = "s3cret-webhook"
    _report(client, "s3cret-webhook", sent.provider_id)
    client.force_login(world.staff)
    meeting = sent.meeting
    page = client.get(
        reverse("council:tracker", args=[world.council.slug, meeting.slug])
    ).content.decode()
    assert (
        "전달됨" in page and "보냄" in page
    )  # the member by 문자 (delivered), the other by e-mail


def test_the_meeting_notices_page_flags_the_unreachable(client, world):
    world.other_member.user.email = ""
    world.other_member.user.save()
    meeting = make_open_meeting(world.council, invite=[world.member, world.other_member])
    events.round_opened(meeting=meeting, now=DAY)
    client.force_login(world.staff)
    url = reverse("council:meeting_notices", args=[world.council.slug, meeting.slug])
    page = client.get(url).content.decode()
    assert "알림 준비 중: 의견 접수 시작" in page  # the worker has not written them yet
    assert "알림이 닿지 않은 위원" not in page
    events.expand_broadcasts(now=DAY)
    page = client.get(url).content.decode()
    assert "알림 준비 중" not in page
    assert "알림이 닿지 않은 위원" in page and world.other_member.name in page
    # The tracker flags the same member (its one notice query), and only that one.
    tracker = client.get(
        reverse("council:tracker", args=[world.council.slug, meeting.slug])
    ).content.decode()
    flagged = tracker.split("알림이 닿지 않은 위원")[1].split("</div>")[0]
    assert world.other_member.name in flagged and world.member.name not in flagged


def test_staff_see_monthly_counts_and_set_a_template_s_review(client, world, sent):
    client.force_login(world.staff)
    url = reverse("council:notices", args=[world.council.slug])
    page = client.get(url).content.decode()
    assert "2099-12" in page
    set_url = reverse("council:notice_template", args=[world.council.slug, "round_opened"])
    client.post(set_url, {"template_id": "", "status": "approved"})
    assert not AlimtalkTemplate.objects.exists()  # 승인 needs the template id
    client.post(set_url, {"template_id": "KA01TP9", "status": "approved"})
    assert AlimtalkTemplate.objects.get().usable


def test_a_provider_outage_warns_staff(client, world):
    from lib.messaging import LocmemBackend, ProviderUnavailable

    give_contact(world.member)
    events.round_opened(meeting=make_open_meeting(world.council, invite=[world.member]), now=DAY)
    LocmemBackend.fail = ProviderUnavailable("timeout")
    worker.drain(now=DAY)
    client.force_login(world.staff)
    page = client.get(reverse("council:notices", args=[world.council.slug])).content.decode()
    assert "연결되지 않아 알림 1건이 대기 중" in page
