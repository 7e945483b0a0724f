"""The outbox: rows written with the event, sent once by the worker, by the
member's channel, with consent, quiet hours, retries and the 문자 fallback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from council.models import Member
from council.notices import events, worker
from council.notices.catalog import EVENTS
from council.notices.models import Broadcast, Channel, Notice
from council.notices.outbox import (
    Recipient,
    after_quiet_hours,
    member_for_token,
    notify,
    opt_out_token,
)
from council.services.meetings import open_meeting
from lib import messaging
from lib.messaging import LocmemBackend, ProviderRejected, ProviderUnavailable
from tests.factories import SEOUL, make_draft_meeting, make_members, make_open_meeting
from tests.notices.support import DAY, NIGHT, approve_template, give_contact, tell


@pytest.fixture
def meeting(world):
    return make_open_meeting(world.council, invite=[world.member, world.other_member])


def test_round_opened_queues_one_notice_per_invited_member_with_its_words(world, meeting):
    give_contact(world.other_member)
    assert tell(events.round_opened, meeting=meeting, now=DAY) == 2
    by_member = {n.member_id: n for n in Notice.objects.all()}
    email = by_member[world.member.pk]
    assert (email.channel, email.to, email.state) == (
        Channel.EMAIL,
        world.member.user.email,
        "queued",
    )
    assert world.member.name in email.body
    assert "금정구 초등돌봄 기관별 현황" in email.body  # the agenda title
    assert "12. 22." in email.body and "18:00" in email.body  # the deadline
    assert f"/meetings/{meeting.slug}/my-opinion/" in email.body
    sms = by_member[world.other_member.pk]
    assert (sms.channel, sms.to) == (Channel.SMS, "01012345678")
    assert "수신거부 http" in sms.body and opt_out_token(world.other_member) in sms.body
    assert "#{" not in email.body + sms.body + email.subject


def test_the_same_event_twice_queues_nothing_more(world, meeting):
    assert tell(events.round_opened, meeting=meeting, now=DAY) == 2
    assert tell(events.round_opened, meeting=meeting, now=DAY) == 0
    assert Notice.objects.count() == 2


def test_a_rolled_back_action_leaves_no_notice(world, meeting):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.round_opened(meeting=meeting, now=DAY)
        raise RuntimeError("the opening failed after the notices were written")
    assert not Broadcast.objects.exists()
    assert events.expand_broadcasts(now=DAY) == 0 and not Notice.objects.exists()


def test_the_worker_sends_email_and_sms_once(world, meeting):
    give_contact(world.other_member)
    tell(events.round_opened, meeting=meeting, now=DAY)
    counts = worker.drain(now=DAY)
    assert counts == {"sent": 2}
    assert [m.to for m in mail.outbox] == [[world.member.user.email]]
    assert [m.to for m in messaging.outbox] == ["01012345678"]
    assert messaging.outbox[0].sms_type == "LMS"  # longer than 90 bytes
    assert worker.drain(now=DAY + dt.timedelta(hours=1)) == {}
    assert len(mail.outbox) == 1 and len(messaging.outbox) == 1
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}


def test_no_mobile_means_email_even_when_sms_was_chosen(world, meeting):
    give_contact(world.member, mobile="")
    tell(events.round_opened, meeting=meeting, now=DAY)
    assert Notice.objects.get(member=world.member).channel == Channel.EMAIL


def test_sms_without_consent_goes_by_email(world, meeting):
    give_contact(world.member, consent=False)
    tell(events.round_opened, meeting=meeting, now=DAY)
    assert Notice.objects.get(member=world.member).channel == Channel.EMAIL


def test_withdrawn_consent_stops_the_next_notice_and_the_queued_ones(world, meeting):
    from council.notices.contacts import withdraw

    give_contact(world.member)
    tell(events.round_opened, meeting=meeting, now=DAY)
    withdraw(member=world.member, now=DAY)
    assert worker.drain(now=DAY) == {"opted_out": 1, "sent": 1}
    assert messaging.outbox == []
    meeting.closed_at = DAY
    tell(events.round_closed_early, meeting=meeting, now=DAY)
    later = Notice.objects.get(member=world.member, event="round_closed_missing")
    assert later.state == "opted_out"
    worker.drain(now=DAY)
    assert messaging.outbox == [] and world.member.user.email not in [m.to[0] for m in mail.outbox]


def test_quiet_hours_hold_notices_until_eight_but_not_the_receipt(world, meeting, settings):
    from tests.factories import make_opinion

    settings.NOTICE_QUIET_HOURS = (21, 8)
    give_contact(world.member)
    tell(events.round_opened, meeting=meeting, now=NIGHT)
    notice = Notice.objects.get(member=world.member)
    assert notice.due_at == dt.datetime(2099, 12, 2, 8, 0, tzinfo=SEOUL)
    opinion = make_opinion(meeting, world.member)
    events.opinion_received(opinion=opinion, now=NIGHT)
    assert worker.drain(now=NIGHT) == {"sent": 1}
    assert [m.text for m in messaging.outbox][0].startswith(f"{world.member.name}님의")
    assert worker.drain(now=dt.datetime(2099, 12, 2, 8, 0, tzinfo=SEOUL)) == {"sent": 2}


def test_quiet_hours_come_from_settings(settings):
    settings.NOTICE_QUIET_HOURS = (22, 7)
    assert after_quiet_hours(NIGHT) == dt.datetime(2099, 12, 2, 7, 0, tzinfo=SEOUL)
    early = dt.datetime(2099, 12, 1, 21, 30, tzinfo=SEOUL)
    assert after_quiet_hours(early) == early


def test_the_receipt_goes_only_by_a_channel_other_than_email(world, meeting):
    from tests.factories import make_opinion

    opinion = make_opinion(meeting, world.member)
    assert events.opinion_received(opinion=opinion, now=DAY) == 0  # the e-mail copy exists
    give_contact(world.member)
    assert events.opinion_received(opinion=opinion, now=DAY) == 1


def test_kakao_goes_as_alimtalk_when_its_template_is_approved(world, meeting):
    give_contact(world.member, channel=Channel.KAKAO)
    approve_template(world.council, "round_opened")
    tell(events.round_opened, meeting=meeting, now=DAY)
    worker.drain(now=DAY)
    [sent] = messaging.outbox
    assert (sent.channel, sent.template_id) == ("kakao", "KA01TP000001")
    assert sent.variables["name"] == world.member.name
    assert "수신거부" not in sent.text


def test_kakao_without_an_approved_template_goes_as_sms(world, meeting):
    give_contact(world.member, channel=Channel.KAKAO)
    tell(events.round_opened, meeting=meeting, now=DAY)
    worker.drain(now=DAY)
    [sent] = messaging.outbox
    assert sent.channel == "sms" and "수신거부" in sent.text


def test_a_template_approved_then_rejected_falls_back_to_sms_when_sending(world, meeting):
    give_contact(world.member, channel=Channel.KAKAO)
    template = approve_template(world.council, "round_opened")
    tell(events.round_opened, meeting=meeting, now=DAY)
    template.status = template.Status.REJECTED
    template.save()
    worker.drain(now=DAY)
    [sent] = messaging.outbox
    assert sent.channel == "sms" and "수신거부 http" in sent.text


def test_a_missing_template_variable_refuses_to_send(world, meeting, monkeypatch):
    spec = EVENTS["round_opened"]
    monkeypatch.setitem(
        EVENTS,
        "round_opened",
        type(spec)(spec.code, spec.label, spec.subject, spec.text + " #{room}"),
    )
    tell(events.round_opened, meeting=meeting, now=DAY)
    notice = Notice.objects.get(member=world.member)
    assert notice.state == "failed" and "room" in notice.last_error
    worker.drain(now=DAY)
    assert mail.outbox == []


def test_a_member_with_no_address_at_all_is_flagged_unreachable(world, meeting):
    world.member.user.email = ""
    world.member.user.save()
    tell(events.round_opened, meeting=meeting, now=DAY)
    assert Notice.objects.get(member=world.member).state == "failed"
    assert events.unreachable(meeting) == [world.member]


def test_a_refused_message_is_retried_with_growing_delays_then_failed(world, meeting, settings):
    settings.NOTICE_MAX_ATTEMPTS = 3
    give_contact(world.member)
    notify(
        event="reminder",
        key="k",
        council=world.council,
        meeting=meeting,
        recipients=[Recipient(user=world.member.user, member=world.member)],
        variables={"meeting": "회의", "deadline": "내일", "link": "http://x"},
        now=DAY,
    )
    LocmemBackend.fail = ProviderRejected("3059 수신번호 형식 오류")
    now, dues = DAY, []
    for _ in range(3):
        worker.drain(now=now)
        notice = Notice.objects.get()
        dues.append(notice.due_at - now)
        now = notice.due_at
    assert notice.state == "failed" and notice.attempts == 3
    assert notice.last_error == "3059 수신번호 형식 오류"
    assert dues[0] == dt.timedelta(minutes=1) and dues[1] == dt.timedelta(minutes=2)


def test_a_provider_outage_keeps_the_queue(world, meeting, settings):
    settings.NOTICE_MAX_ATTEMPTS = 2
    give_contact(world.member)
    tell(events.round_opened, meeting=meeting, now=DAY)
    LocmemBackend.fail = ProviderUnavailable("connection refused")
    now = DAY
    for _ in range(5):
        worker.drain(now=now)
        now = Notice.objects.get(member=world.member).due_at
    notice = Notice.objects.get(member=world.member)
    assert notice.state == "queued" and notice.attempts == 5
    LocmemBackend.fail = None
    worker.drain(now=now)
    assert Notice.objects.get(member=world.member).state == "sent"


def test_a_stopped_worker_s_claim_is_taken_again_after_the_lease(world, meeting):
    tell(events.round_opened, meeting=meeting, now=DAY)
    claimed = worker.claim(now=DAY, batch=10, worker="dead")
    assert len(claimed) == 2
    assert worker.drain(now=DAY + dt.timedelta(seconds=60)) == {}
    later = DAY + dt.timedelta(seconds=Notice.LEASE_SECONDS + 1)
    assert worker.drain(now=later) == {"sent": 2}


def test_the_opt_out_token_is_signed(world):
    token = opt_out_token(world.member)
    assert member_for_token(token) == world.member
    head, mac = token.split("-")
    assert member_for_token(f"{head}-{'0' * len(mac)}") is None
    assert member_for_token("zz") is None


def test_scheduled_reminders_go_to_non_submitters_once(world, meeting):
    from tests.factories import make_opinion

    meeting.deadline = dt.datetime(2099, 12, 10, 18, 0, tzinfo=SEOUL)
    meeting.save()
    tell(events.round_opened, meeting=meeting, now=DAY)
    times = list(meeting.scheduled_reminders.values_list("at", flat=True))
    assert times == [
        dt.datetime(2099, 12, 7, 10, 0, tzinfo=SEOUL),
        dt.datetime(2099, 12, 9, 10, 0, tzinfo=SEOUL),
    ]
    make_opinion(meeting, world.other_member)
    at = dt.datetime(2099, 12, 7, 10, 5, tzinfo=SEOUL)
    assert events.send_due_reminders(now=at) == 1
    assert events.send_due_reminders(now=at) == 0
    assert Notice.objects.filter(event="reminder").get().member == world.member


def _opening_queries(council, n: int, year: int) -> tuple[tuple[int, int], int]:
    """((queries of the opening, of the worker writing its notices), notices) of
    opening a round for `n` members, a third on 문자, a third on 알림톡 (approved
    template), one who refused everything."""
    members = make_members(council, n)
    for i, member in enumerate(members):
        if i % 3 == 1:
            give_contact(member, channel=Channel.SMS)
        elif i % 3 == 2:
            give_contact(member, channel=Channel.KAKAO, withdrawn=(i == 2))
    meeting = make_draft_meeting(council, year=year)
    # Only these members are in office on the meeting's start date.
    Member.objects.exclude(pk__in=[m.pk for m in members]).update(term_end=F("term_start"))
    with CaptureQueriesContext(connection) as opening:
        open_meeting(meeting=meeting, now=DAY)
    assert not Notice.objects.filter(meeting=meeting).exists()  # one broadcast row so far
    with CaptureQueriesContext(connection) as expanding:
        events.expand_broadcasts(now=DAY)
    return (len(opening), len(expanding)), Notice.objects.filter(meeting=meeting).count()


def test_opening_for_100_members_costs_the_queries_of_opening_for_10(world):
    """Both the opening (its broadcast) and the worker's expansion into notices."""
    approve_template(world.council, "round_opened")
    ten, notices_ten = _opening_queries(world.council, 10, 2090)
    hundred, notices_hundred = _opening_queries(world.council, 100, 2091)
    assert (notices_ten, notices_hundred) == (10, 100)
    assert hundred == ten
    assert Notice.objects.filter(state="opted_out").count() == 2  # one each time
    assert Notice.objects.filter(channel=Channel.KAKAO).exists()


def test_a_new_deadline_tells_every_invited_member_once_per_deadline(world, meeting):
    from tests.factories import make_opinion

    make_opinion(meeting, world.other_member)  # who submitted may still change it
    assert tell(events.deadline_extended, meeting=meeting, now=DAY) == 2
    assert tell(events.deadline_extended, meeting=meeting, now=DAY) == 0  # the same deadline
    notices = Notice.objects.filter(event="deadline_extended")
    assert {n.member for n in notices} == {world.member, world.other_member}
    assert all("연장되었습니다" in n.body for n in notices)
    meeting.deadline += dt.timedelta(days=2)
    assert tell(events.deadline_extended, meeting=meeting, now=DAY) == 2  # a second extension


def test_a_broadcast_waits_for_the_worker_then_writes_its_notices_once(world, meeting):
    """The event's transaction writes one row; a server stopping before the worker
    runs loses nothing, and a second worker round writes nothing more."""
    events.round_opened(meeting=meeting, now=DAY)
    broadcast = Broadcast.objects.get()
    assert (broadcast.key, broadcast.done_at) == (f"round_opened:{meeting.pk}", None)
    assert events.pending_broadcasts(meeting) == ["의견 접수 시작"]
    assert not Notice.objects.exists()
    later = DAY + dt.timedelta(minutes=1)
    assert worker.drain(now=later) == {"sent": 2}
    broadcast.refresh_from_db()
    assert broadcast.done_at == later and events.pending_broadcasts(meeting) == []
    assert {n.created_at for n in Notice.objects.all()} == {DAY}  # as of the event
    assert events.expand_broadcasts(now=later) == 0 and Notice.objects.count() == 2
