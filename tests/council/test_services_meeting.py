"""Meeting transitions (open, close, automatic close) and the fixed invited roster."""

import datetime as dt

import pytest
import time_machine

from council.models import AgendaItem, Invitation, Meeting
from council.services import agenda as agenda_services
from council.services import meetings as meeting_services
from council.services import roster as roster_services
from lib.errors import Refused
from tests import factories
from tests.factories import SEOUL, make_draft_meeting

NOW = dt.datetime(2023, 12, 19, 9, 0, tzinfo=SEOUL)
DEADLINE = dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL)


def test_it_opens_a_draft_and_invites_members_active_on_the_start_date(world):
    ended = factories.make_member(world.council, term_end=dt.date(2023, 12, 19))
    starts_later = factories.make_member(world.council, term_start=dt.date(2023, 12, 21))
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)

    meeting_services.open_meeting(meeting=meeting, now=NOW)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN
    assert meeting.opened_at == NOW
    invited = set(meeting.invited.all())
    assert invited == {world.member, world.other_member}
    assert ended not in invited and starts_later not in invited


def test_it_refuses_to_open_without_an_agenda_item(world):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    AgendaItem.objects.filter(meeting=meeting).delete()
    with pytest.raises(meeting_services.TransitionError, match="안건을 하나 이상"):
        meeting_services.open_meeting(meeting=meeting, now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not Invitation.objects.filter(meeting=meeting).exists()


def test_it_refuses_to_open_with_a_deadline_in_the_past(world):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    with pytest.raises(meeting_services.TransitionError, match="마감 시각이 이미 지났습니다"):
        meeting_services.open_meeting(meeting=meeting, now=DEADLINE)


def test_it_refuses_to_open_twice(world):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    meeting_services.open_meeting(meeting=meeting, now=NOW)
    with pytest.raises(meeting_services.TransitionError, match="준비 중인 회의만"):
        meeting_services.open_meeting(meeting=meeting, now=NOW)


def test_it_closes_by_hand_only_an_open_meeting(world):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    with pytest.raises(meeting_services.TransitionError):
        meeting_services.close_meeting(meeting=meeting)
    meeting_services.open_meeting(meeting=meeting, now=NOW)
    meeting_services.close_meeting(meeting=meeting, now=NOW + dt.timedelta(hours=1))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.closed_at == NOW + dt.timedelta(hours=1)


def test_it_closes_meetings_automatically_at_the_deadline(world):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    meeting_services.open_meeting(meeting=meeting, now=NOW)

    assert meeting_services.close_due_meetings(now=DEADLINE - dt.timedelta(seconds=1)) == 0
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN

    assert meeting_services.close_due_meetings(now=DEADLINE + dt.timedelta(minutes=5)) == 1
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.closed_at == DEADLINE


def test_it_keeps_the_invited_roster_when_the_roster_changes_later(world, client):
    meeting = make_draft_meeting(world.council, deadline=DEADLINE)
    meeting_services.open_meeting(meeting=meeting, now=NOW)

    roster_services.end_term(member=world.other_member, term_end=dt.date(2023, 12, 20))
    newcomer = factories.make_member(world.council, term_start=dt.date(2023, 12, 1))

    assert set(meeting.invited.all()) == {world.member, world.other_member}
    assert newcomer not in meeting.invited.all()
    with time_machine.travel(NOW, tick=False):
        client.force_login(world.staff)
        html = client.get(f"/c/geumjeong/meetings/{meeting.slug}/opinions/").content.decode()
    assert "0 / 2" in html
    assert newcomer.name not in html


def test_it_moves_agenda_items_up_and_down(world):
    meeting = make_draft_meeting(world.council)
    first = meeting.agenda_items.get()
    second = AgendaItem.objects.create(meeting=meeting, order=2, title="둘째")
    third = AgendaItem.objects.create(meeting=meeting, order=3, title="셋째")

    agenda_services.move_agenda_item(item=third, direction="up")
    assert list(meeting.agenda_items.all()) == [first, third, second]
    agenda_services.move_agenda_item(item=first, direction="down")
    assert list(meeting.agenda_items.all()) == [third, first, second]
    with pytest.raises(Refused, match="더 이상 옮길 수 없습니다"):
        agenda_services.move_agenda_item(item=third, direction="up")  # already first
    assert list(meeting.agenda_items.all()) == [third, first, second]
