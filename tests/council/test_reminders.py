"""Reminder e-mails: only to invited members who have not submitted, automatic ones never twice."""

import datetime as dt

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from council.models import Meeting, Reminder
from tests import factories
from tests.factories import SEOUL, make_open_meeting

DEADLINE = dt.datetime(2099, 12, 22, 18, 0, tzinfo=SEOUL)


def _setup(world):
    submitted = factories.make_member(world.council, "submitted")
    drafting = factories.make_member(world.council, "drafting")
    not_invited = factories.make_member(world.council, "outsider")
    meeting = make_open_meeting(
        world.council, invite=[world.member, submitted, drafting], deadline=DEADLINE
    )
    factories.make_opinion(meeting, submitted)
    factories.make_opinion(meeting, drafting, status="draft")
    return meeting, submitted, drafting, not_invited


def _recipients():
    return sorted(address for m in mail.outbox for address in m.to)


def test_it_reminds_by_button_only_those_who_have_not_submitted(client, world):
    meeting, submitted, drafting, not_invited = _setup(world)
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_remind", args=["geumjeong", meeting.slug]), follow=True
    )
    assert "의견서를 내지 않은 위원 2명에게 독려 알림을 보냅니다" in response.content.decode()
    # Through the outbox: the worker (send_notices, or send_reminders from cron) sends it.
    assert mail.outbox == []
    call_command("send_notices", "--once")
    assert _recipients() == sorted([world.member.user.email, drafting.user.email])
    assert submitted.user.email not in _recipients()
    assert not_invited.user.email not in _recipients()
    assert "/c/geumjeong/meetings/2023-h2/my-opinion/" in mail.outbox[0].body
    assert Reminder.objects.filter(kind=Reminder.Kind.MANUAL).count() == 2


def test_it_sends_the_24_hour_and_2_hour_reminders_once_each(world):
    meeting, submitted, drafting, _ = _setup(world)
    with time_machine.travel(DEADLINE - dt.timedelta(hours=30), tick=False):
        call_command("send_reminders", base_url="https://portal.example")
    assert mail.outbox == []

    with time_machine.travel(DEADLINE - dt.timedelta(hours=23), tick=False):
        call_command("send_reminders", base_url="https://portal.example")
        call_command("send_reminders", base_url="https://portal.example")
    assert _recipients() == sorted([world.member.user.email, drafting.user.email])
    assert "https://portal.example/c/geumjeong/" in mail.outbox[0].body

    mail.outbox.clear()
    with time_machine.travel(DEADLINE - dt.timedelta(hours=1), tick=False):
        call_command("send_reminders", base_url="https://portal.example")
        call_command("send_reminders", base_url="https://portal.example")
    assert _recipients() == sorted([world.member.user.email, drafting.user.email])
    assert Reminder.objects.filter(kind=Reminder.Kind.BEFORE_24H).count() == 2
    assert Reminder.objects.filter(kind=Reminder.Kind.BEFORE_2H).count() == 2


def test_it_skips_members_who_submitted_between_reminders(world):
    meeting, submitted, drafting, _ = _setup(world)
    with time_machine.travel(DEADLINE - dt.timedelta(hours=23), tick=False):
        call_command("send_reminders")
    opinion = drafting.opinions.get()
    opinion.status = "submitted"
    opinion.save()
    mail.outbox.clear()
    with time_machine.travel(DEADLINE - dt.timedelta(hours=1), tick=False):
        call_command("send_reminders")
    assert _recipients() == [world.member.user.email]


def test_the_command_closes_meetings_past_their_deadline(world):
    meeting, *_ = _setup(world)
    with time_machine.travel(DEADLINE + dt.timedelta(minutes=1), tick=False):
        call_command("send_reminders")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert mail.outbox == []


def test_it_refuses_the_button_once_the_meeting_is_closed(client, world):
    meeting, *_ = _setup(world)
    meeting.status = Meeting.Status.CLOSED
    meeting.save()
    client.force_login(world.staff)
    response = client.post(
        reverse("council:meeting_remind", args=["geumjeong", meeting.slug]), follow=True
    )
    assert "의견 접수 중인 회의에만" in response.content.decode()
    assert mail.outbox == []
