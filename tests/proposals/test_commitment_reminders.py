"""The scheduled command reminds a department before a commitment's due date and once
when it is overdue; each reminder goes out once, however often cron runs."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core import mail
from django.core.management import call_command

from council.models import Meeting
from proposals.models import CommitmentReminder
from tests import factories
from tests.factories import make_closed_meeting, make_proposal

DUE = dt.date(2024, 6, 30)


def _cron(day: dt.date) -> str:
    out = io.StringIO()
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=factories.SEOUL)
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders", base_url="https://portal.example", stdout=out)
    return out.getvalue()


def _reminders():
    """The commitment reminders among the mail (reviewers also hear of routed proposals)."""
    return [m for m in mail.outbox if "후속 조치" in m.subject]


def _commitment(world, **kwargs):
    meeting = Meeting.objects.filter(council=world.council, slug="2023-h2").first()
    proposal = make_proposal(
        meeting or make_closed_meeting(world.council), department=world.department
    )
    return factories.make_commitment(proposal, due_date=DUE, **kwargs)


def test_it_reminds_before_the_due_date_and_when_overdue_once_each(world, settings):
    settings.COMMITMENT_REMINDER_DAYS = 7
    commitment = _commitment(world)
    assert "sent 0 commitment reminder(s)" in _cron(DUE - dt.timedelta(days=8))
    assert _reminders() == []

    out = _cron(DUE - dt.timedelta(days=7))
    _cron(DUE - dt.timedelta(days=6))
    _cron(DUE)
    assert "sent 1 commitment reminder(s)" in out
    assert len(_reminders()) == 1
    before = _reminders()[0]
    assert before.to == [world.reviewer.email]  # the department's reviewer, nobody else
    assert "완료 예정일이 다가옵니다" in before.subject
    assert commitment.what in before.body
    assert f"https://portal.example/c/geumjeong/commitments/{commitment.pk}/" in before.body

    _cron(DUE + dt.timedelta(days=1))
    _cron(DUE + dt.timedelta(days=2))
    assert len(_reminders()) == 2
    assert "기한이 지났습니다" in _reminders()[1].subject
    assert set(CommitmentReminder.objects.values_list("kind", flat=True)) == {
        "before_due",
        "overdue",
    }


def test_a_moved_due_date_is_reminded_again_and_a_note_since_stops_overdue(world, settings):
    settings.COMMITMENT_REMINDER_DAYS = 7
    commitment = _commitment(world)
    _cron(DUE + dt.timedelta(days=1))
    assert len(_reminders()) == 1  # overdue (the before-due window was missed)
    commitment.due_date = DUE + dt.timedelta(days=30)
    commitment.save()
    _cron(DUE + dt.timedelta(days=25))
    assert len(_reminders()) == 2 and "다가옵니다" in _reminders()[1].subject
    factories.make_note(commitment, day=DUE + dt.timedelta(days=31), pdf=False)
    _cron(DUE + dt.timedelta(days=40))
    assert len(_reminders()) == 2  # an interim note since the due date: not overdue


def test_it_skips_closed_draft_and_addressless_commitments(world, settings):
    settings.COMMITMENT_REMINDER_DAYS = 7
    _commitment(world, status="완료")
    proposal = make_proposal(make_closed_meeting(world.council, year=2024, half=1))
    proposal.department = world.department
    proposal.save()
    factories.make_commitment(proposal, due_date=DUE, response_status="draft")
    # A department whose reviewer has no address gets it once the address exists.
    other = _commitment(world, department=world.other_department)
    world.other_reviewer.email = ""
    world.other_reviewer.save()
    _cron(DUE + dt.timedelta(days=1))
    assert _reminders() == []
    world.other_reviewer.email = "dept@example.com"
    world.other_reviewer.save()
    _cron(DUE + dt.timedelta(days=2))
    assert [m.to for m in _reminders()] == [["dept@example.com"]]
    assert CommitmentReminder.objects.get().commitment == other
