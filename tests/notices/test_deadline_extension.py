"""Extending a meeting's deadline: who may, when, what members hear, and how the
reminder schedule moves with it (council.services.meetings.extend_deadline)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from council.models import AuditEvent, Meeting
from council.notices import events as notice_events
from council.notices.models import Broadcast, Channel, Notice, ScheduledReminder
from council.services import meetings as meeting_services
from lib.errors import Refused
from tests import factories
from tests.factories import SEOUL, make_open_meeting
from tests.notices.support import DAY, give_contact

DEADLINE = dt.datetime(2099, 12, 10, 18, 0, tzinfo=SEOUL)
LATER = dt.datetime(2099, 12, 14, 18, 0, tzinfo=SEOUL)


def _meeting(world, **kwargs):
    submitted = factories.make_member(world.council, "submitted")
    meeting = make_open_meeting(
        world.council, invite=[world.member, world.other_member, submitted], deadline=DEADLINE
    )
    factories.make_opinion(meeting, submitted)
    return meeting, submitted


def _post(client, meeting, when: dt.datetime, **extra):
    local = when.astimezone(SEOUL)
    return client.post(
        reverse("council:meeting_extend", args=[meeting.council.slug, meeting.slug]),
        {"deadline_0": f"{local:%Y-%m-%d}", "deadline_1": f"{local:%H:%M}", **extra},
        follow=True,
    )


def test_extending_tells_every_invited_member_once_by_their_channel_and_is_audited(world):
    meeting, submitted = _meeting(world)
    give_contact(world.other_member, channel=Channel.SMS)
    meeting_services.extend_deadline(meeting=meeting, deadline=LATER, by=world.staff, now=DAY)
    meeting.refresh_from_db()
    assert meeting.deadline == LATER and meeting.status == Meeting.Status.OPEN
    assert notice_events.expand_broadcasts(now=DAY) == 3  # the worker's first step
    notices = Notice.objects.filter(event="deadline_extended", meeting=meeting)
    assert sorted(n.member_id for n in notices) == sorted(
        [world.member.pk, world.other_member.pk, submitted.pk]
    )
    by_member = {n.member_id: n for n in notices}
    assert by_member[world.other_member.pk].channel == Channel.SMS
    assert by_member[world.member.pk].channel == Channel.EMAIL
    assert "12. 14." in by_member[world.member.pk].body  # the new deadline, in Korean
    [event] = AuditEvent.objects.filter(action="deadline_extend")
    assert event.user == world.staff and event.council == world.council
    # A second extension is a new event: everyone hears the newer deadline.
    meeting_services.extend_deadline(
        meeting=meeting, deadline=LATER + dt.timedelta(days=1), by=world.staff, now=DAY
    )
    assert notice_events.expand_broadcasts(now=DAY) == 3
    assert Notice.objects.filter(event="deadline_extended").count() == 6


def test_a_refused_or_rolled_back_extension_leaves_nothing(world):
    meeting, _ = _meeting(world)
    for bad in (DEADLINE, DEADLINE - dt.timedelta(hours=1), DAY - dt.timedelta(hours=1)):
        with pytest.raises(Refused):
            meeting_services.extend_deadline(meeting=meeting, deadline=bad, by=world.staff, now=DAY)
    meeting.refresh_from_db()
    assert meeting.deadline == DEADLINE
    assert not Notice.objects.exists() and not AuditEvent.objects.exists()


def test_when_the_deadline_may_move(world):
    meeting, _ = _meeting(world)
    after = DEADLINE + dt.timedelta(hours=1)
    # Open: extendable.
    assert meeting_services.deadline_extendable(meeting) is True
    # Past the deadline, not yet stored closed: still extendable (staff did not close it).
    with time_machine.travel(after, tick=False):
        assert meeting.current_status() == Meeting.Status.CLOSED
        assert meeting_services.deadline_extendable(meeting) is True
    # Closed by the scheduled command at the deadline: extendable, and it reopens.
    meeting_services.close_due_meetings(now=after)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and meeting.closed_by is None
    with time_machine.travel(after, tick=False):
        assert meeting_services.deadline_extendable(meeting)
        meeting_services.extend_deadline(meeting=meeting, deadline=LATER, by=world.staff)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN and meeting.closed_at is None
    # Closed by staff (early or not): no.
    meeting_services.close_meeting(meeting=meeting, by=world.staff, now=DAY)
    meeting.refresh_from_db()
    assert not meeting_services.deadline_extendable(meeting)
    with pytest.raises(Refused):
        meeting_services.extend_deadline(
            meeting=meeting, deadline=LATER + dt.timedelta(days=1), by=world.staff, now=DAY
        )
    # Closed at the deadline, then aggregation began: no.
    other = factories.make_meeting(
        world.council, year=2024, half=1, deadline=DEADLINE, invite=[world.member]
    )
    meeting_services.close_due_meetings(now=after)
    assert meeting_services.deadline_extendable(Meeting.objects.get(pk=other.pk))
    factories.make_proposal(other)
    assert not meeting_services.deadline_extendable(Meeting.objects.get(pk=other.pk))
    # A draft, a published one: no.
    assert not factories.make_draft_meeting(world.council, year=2025).deadline_extendable()
    published = factories.make_meeting(world.council, year=2026, status=Meeting.Status.PUBLISHED)
    assert not published.deadline_extendable()


def test_pending_reminders_move_with_the_deadline_and_sent_ones_stay(world):
    meeting, _ = _meeting(world)
    opened = dt.datetime(2099, 12, 1, 9, 0, tzinfo=SEOUL)
    ScheduledReminder.objects.bulk_create(
        ScheduledReminder(meeting=meeting, at=at)
        for at in notice_events.reminder_times(meeting, days=(8, 3, 1), hour=10)
    )
    # The 8-days-before reminder (12. 2. 10:00) went out.
    sent_at = dt.datetime(2099, 12, 2, 10, 0, tzinfo=SEOUL)
    notice_events.send_due_reminders(now=sent_at)
    assert Notice.objects.filter(event="reminder").count() == 2
    meeting_services.extend_deadline(
        meeting=meeting, deadline=LATER, by=world.staff, now=sent_at + dt.timedelta(hours=1)
    )
    rows = list(ScheduledReminder.objects.filter(meeting=meeting).order_by("at"))
    assert [(timezone_local(r.at), r.done_at is not None) for r in rows] == [
        ("12-02 10:00", True),  # sent: stays
        ("12-11 10:00", False),  # 3 days before the new deadline
        ("12-13 10:00", False),  # 1 day before it
    ]
    assert opened < rows[0].at
    # The moved reminder goes at its new time, not at the old one.
    assert notice_events.send_due_reminders(now=dt.datetime(2099, 12, 9, 10, 0, tzinfo=SEOUL)) == 0
    assert notice_events.send_due_reminders(now=dt.datetime(2099, 12, 11, 10, 0, tzinfo=SEOUL)) == 2


def timezone_local(moment):
    return f"{moment.astimezone(SEOUL):%m-%d %H:%M}"


def test_the_page_confirms_old_and_new_deadline_then_extends(client, world):
    meeting, _ = _meeting(world)
    client.force_login(world.staff)
    page = client.get(reverse("council:meeting_detail", args=["geumjeong", meeting.slug]))
    assert (
        reverse("council:meeting_extend", args=["geumjeong", meeting.slug]) in page.content.decode()
    )
    response = _post(client, meeting, LATER)
    html = response.content.decode()
    assert "이대로 연장할까요?" in html
    assert "12. 10.(목) 18:00" in html and "12. 14.(월) 18:00" in html
    assert not Broadcast.objects.exists()  # nothing until confirmed
    response = _post(client, meeting, LATER, confirm="1")
    assert "의견 제출 마감을" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.deadline == LATER
    notice_events.expand_broadcasts()
    assert Notice.objects.filter(event="deadline_extended").count() == 3


def test_the_page_refuses_an_earlier_deadline_in_korean_and_keeps_what_was_typed(client, world):
    meeting, _ = _meeting(world)
    client.force_login(world.staff)
    response = _post(client, meeting, DEADLINE - dt.timedelta(days=1), confirm="1")
    html = response.content.decode()
    assert "지금 마감" in html and "보다 늦어야 합니다" in html
    assert 'value="2099-12-09"' in html and 'value="18:00"' in html
    response = client.post(
        reverse("council:meeting_extend", args=["geumjeong", meeting.slug]),
        {"deadline_0": "2099-12-20", "deadline_1": "6시"},
    )
    html = response.content.decode()
    assert "24시간제" in html and 'value="2099-12-20"' in html and 'value="6시"' in html
    meeting.refresh_from_db()
    assert meeting.deadline == DEADLINE and not Notice.objects.exists()


def test_a_meeting_closed_by_staff_offers_no_extension(client, world):
    meeting, _ = _meeting(world)
    meeting_services.close_meeting(meeting=meeting, by=world.staff, now=DAY)
    client.force_login(world.staff)
    page = client.get(reverse("council:meeting_detail", args=["geumjeong", meeting.slug]))
    assert "council:meeting_extend" not in page.content.decode()
    assert "/extend/" not in page.content.decode()
    response = _post(client, meeting, LATER, confirm="1")
    assert "마감을 연장할 수 없습니다" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
