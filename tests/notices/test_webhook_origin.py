"""The delivery-report webhook's origin: a report for a message this outbox
never sent is refused and logged; with PORTAL_NOTICE_WEBHOOK_CONFIRM the worker
asks the provider (a local server answering as Solapi's message list does)
before a report changes a notice; the same report twice is recorded once."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from council.notices import events, worker
from council.notices.models import DeliveryReport, Notice
from council.notices.reports import MAX_CHECKS
from tests.factories import make_open_meeting
from tests.notices.support import DAY, give_contact
from tests.notices.test_solapi_backend import KEY, SECRET, FakeSolapi, solapi_server  # noqa: F401

WEBHOOK = "s3cret-webhook"


@pytest.fixture
def sent(world, settings, solapi_server):  # noqa: F811
    """A 문자 sent through the local Solapi server: its provider id is real."""
    host = solapi_server.removeprefix("http://")
    settings.NOTICE_BACKEND = {
        "backend": "solapi",
        "api_key": KEY,
        "api_secret": SECRET,
        "sender": "0212345678",
        "base_url": f"http://{host}",
    }
    settings.NOTICE_WEBHOOK_SECRET = WEBHOOK
    give_contact(world.member)
    meeting = make_open_meeting(world.council, invite=[world.member])
    events.round_opened(meeting=meeting, now=DAY)
    assert worker.drain(now=DAY) == {"sent": 1}
    notice = Notice.objects.get()
    assert notice.provider_id == "M4V20991201140000ABCDEF"
    return notice


def _report(client, *reports):
    payload = [
        {"data": {"messageId": m, "statusCode": c, "statusMessage": t}} for m, c, t in reports
    ]
    return client.post(
        reverse("notice_report", args=[WEBHOOK]),
        json.dumps(payload),
        content_type="application/json",
    )


def test_a_report_for_a_message_never_sent_is_refused_and_logged(client, sent, caplog):
    with caplog.at_level(logging.WARNING, logger="council.notices"):
        response = _report(client, ("M4V-FORGED-ID", "4000", "수신 완료"))
    assert response.status_code == 404 and response.json()["refused"] == 1
    assert "never sent" in caplog.text and "M4V-FORGED-ID" in caplog.text
    assert not DeliveryReport.objects.exists()
    sent.refresh_from_db()
    assert sent.state == "sent"


def test_a_batch_records_our_reports_and_refuses_the_others(client, sent):
    response = _report(
        client, ("M4V-FORGED-ID", "3059", "x"), (sent.provider_id, "4000", "수신 완료")
    )
    assert response.status_code == 200
    assert response.json() == {"recorded": 1, "duplicates": 0, "refused": 1}
    assert list(DeliveryReport.objects.values_list("provider_id", flat=True)) == [sent.provider_id]


def test_the_same_report_twice_is_recorded_once(client, sent):
    assert _report(client, (sent.provider_id, "4000", "")).json()["recorded"] == 1
    assert _report(client, (sent.provider_id, "4000", "")).json() == {
        "recorded": 0,
        "duplicates": 1,
    }
    assert DeliveryReport.objects.count() == 1


def test_with_confirmation_the_provider_s_answer_decides(client, sent, settings):
    settings.NOTICE_WEBHOOK_CONFIRM = True
    # A report claiming delivery: nothing changes until the provider is asked.
    _report(client, (sent.provider_id, "4000", "수신 완료"))
    sent.refresh_from_db()
    assert sent.state == "sent"
    # The provider says it is still on its way: still nothing.
    FakeSolapi.statuses[sent.provider_id] = "3000"
    assert "confirmed" not in worker.drain(now=DAY)
    assert FakeSolapi.lookups == [sent.provider_id]
    sent.refresh_from_db()
    assert sent.state == "sent"
    # Later (after the retry wait) the provider says 수신 완료: delivered.
    FakeSolapi.statuses[sent.provider_id] = "4000"
    later = DAY.replace(minute=5)
    assert worker.drain(now=later)["confirmed"] == 1
    sent.refresh_from_db()
    assert sent.state == "delivered"
    report = DeliveryReport.objects.get()
    assert report.confirmed_code == "4000" and report.applied_at is not None


def test_a_report_the_provider_contradicts_records_the_provider_s_status(
    client, sent, settings, caplog
):
    settings.NOTICE_WEBHOOK_CONFIRM = True
    FakeSolapi.statuses[sent.provider_id] = "3059"
    _report(client, (sent.provider_id, "4000", "수신 완료"))
    with caplog.at_level(logging.WARNING, logger="council.notices"):
        worker.drain(now=DAY)
    sent.refresh_from_db()
    assert sent.state == "failed" and sent.last_error.startswith("3059")
    assert "the provider says 3059" in caplog.text


def test_a_message_the_provider_does_not_know_changes_nothing(client, sent, settings):
    settings.NOTICE_WEBHOOK_CONFIRM = True
    _report(client, (sent.provider_id, "3059", "실패"))
    worker.drain(now=DAY)  # FakeSolapi.statuses is empty: the provider knows no such message
    sent.refresh_from_db()
    assert sent.state == "sent"
    assert DeliveryReport.objects.get().checks == MAX_CHECKS  # not asked again


def test_a_provider_outage_leaves_the_report_to_confirm_later(client, sent, settings):
    settings.NOTICE_WEBHOOK_CONFIRM = True
    _report(client, (sent.provider_id, "4000", ""))
    FakeSolapi.mode = "down"
    worker.drain(now=DAY)
    sent.refresh_from_db()
    assert sent.state == "sent"
    FakeSolapi.mode, FakeSolapi.statuses[sent.provider_id] = "ok", "4000"
    worker.drain(now=DAY.replace(minute=5))
    sent.refresh_from_db()
    assert sent.state == "delivered"
