"""Staff's reminder button goes through the outbox like the scheduled reminders:
each non-submitter by their own channel, consent and quiet hours respected, shown
on the tracker, and nothing sent when the action rolls back."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from council.models import Reminder
from council.notices import worker
from council.notices.models import Channel, Notice
from council.services import reminders as reminder_services
from lib import messaging
from lib.errors import Refused
from tests import factories
from tests.factories import make_open_meeting
from tests.notices.support import DAY, NIGHT, approve_template, give_contact


@pytest.fixture
def round_(world):
    sms = factories.make_member(world.council, "sms")
    kakao = factories.make_member(world.council, "kakao")
    refused = factories.make_member(world.council, "refused")
    done = factories.make_member(world.council, "done")
    give_contact(sms, channel=Channel.SMS)
    give_contact(kakao, channel=Channel.KAKAO, mobile="01099998888")
    give_contact(refused, channel=Channel.SMS, withdrawn=True)
    approve_template(world.council, "reminder")
    meeting = make_open_meeting(world.council, invite=[world.member, sms, kakao, refused, done])
    factories.make_opinion(meeting, done)
    return meeting, {"email": world.member, "sms": sms, "kakao": kakao, "refused": refused}


def test_each_non_submitter_gets_the_reminder_by_their_channel(world, round_, settings):
    settings.NOTICE_BACKEND = {"backend": "locmem"}
    meeting, who = round_
    messaging.outbox.clear()
    notices = reminder_services.remind_now(meeting=meeting, now=DAY)
    by_member = {n.member_id: n for n in notices}
    assert set(by_member) == {m.pk for m in who.values()}  # not the one who submitted
    assert {k: by_member[m.pk].channel for k, m in who.items()} == {
        "email": Channel.EMAIL,
        "sms": Channel.SMS,
        "kakao": Channel.KAKAO,
        "refused": Channel.EMAIL,
    }
    assert by_member[who["refused"].pk].state == Notice.State.OPTED_OUT
    assert all(n.event == "reminder" for n in notices)
    assert "아직 제출하지 않으셨습니다" in by_member[who["email"].pk].body
    worker.drain(now=DAY)
    assert [m.to for m in mail.outbox] == [[world.member.user.email]]
    assert sorted((m.channel, m.to) for m in messaging.outbox) == [
        ("kakao", "01099998888"),
        ("sms", "01012345678"),
    ]
    # Withdrawn consent: nothing by any channel.
    assert not any(who["refused"].user.email in m.to for m in mail.outbox)
    assert Reminder.objects.filter(kind=Reminder.Kind.MANUAL).count() == 3


def test_a_second_press_within_the_minute_queues_nothing_more(round_):
    meeting, _ = round_
    assert len(reminder_services.remind_now(meeting=meeting, now=DAY)) == 4
    assert reminder_services.remind_now(meeting=meeting, now=DAY + dt.timedelta(seconds=20)) == []
    assert len(reminder_services.remind_now(meeting=meeting, now=DAY + dt.timedelta(hours=1))) == 4


def test_it_waits_for_the_morning_in_quiet_hours(round_, settings):
    settings.NOTICE_QUIET_HOURS = (21, 8)  # tests run without quiet hours (tests/conftest.py)
    meeting, who = round_
    notices = reminder_services.remind_now(meeting=meeting, now=NIGHT)
    queued = [n for n in notices if n.state == Notice.State.QUEUED]
    assert queued and all(n.due_at > NIGHT for n in queued)
    assert {n.due_at.astimezone(DAY.tzinfo).hour for n in queued} == {8}
    worker.drain(now=NIGHT)
    assert mail.outbox == []


def test_a_rolled_back_reminder_sends_nothing(round_):
    meeting, _ = round_
    with pytest.raises(RuntimeError), transaction.atomic():
        reminder_services.remind_now(meeting=meeting, now=DAY)
        raise RuntimeError("the request failed after the reminder")
    assert not Notice.objects.exists() and not Reminder.objects.exists()
    worker.drain(now=DAY)
    assert mail.outbox == []


def test_a_closed_round_is_not_reminded(world, round_):
    meeting, _ = round_
    with pytest.raises(Refused):
        reminder_services.remind_now(meeting=meeting, now=meeting.deadline + dt.timedelta(hours=1))
    assert not Notice.objects.exists()


def test_the_tracker_shows_the_reminder_as_each_member_s_last_notice(client, world, round_):
    meeting, who = round_
    with time_machine.travel(DAY, tick=False):
        client.force_login(world.staff)
        response = client.post(
            reverse("council:meeting_remind", args=["geumjeong", meeting.slug]), follow=True
        )
    html = response.content.decode()
    assert "위원 3명에게 독려 알림을 보냅니다" in html
    assert "1명은 수신 거부했거나 연락처가 없어" in html
    assert html.count("보낼 예정") >= 3 and "수신 거부" in html
    assert "카카오 알림톡" in html and "문자" in html
