"""Reminders to invited members who have not submitted: staff's button (through the
notice outbox, by each member's channel) and, for a meeting opened without a
reminder schedule, the 24h and 2h e-mails."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import (
    Meeting,
    Member,
    Opinion,
    Reminder,
)
from council.notices import events as notice_events
from council.notices.models import Notice
from lib import mail
from lib.dates import korean_datetime
from lib.errors import Refused


def non_submitters(meeting: Meeting):
    """Invited members of `meeting` without a submitted opinion."""
    submitted = Opinion.objects.filter(meeting=meeting, status=Opinion.Status.SUBMITTED).values(
        "member_id"
    )
    return (
        Member.objects.filter(invitations__meeting=meeting)
        .exclude(pk__in=submitted)
        .select_related("user", "contact")
        .order_by("name")
    )


@transaction.atomic
def remind_now(*, meeting: Meeting, now: dt.datetime | None = None) -> list[Notice]:
    """Staff's reminder button: the same "reminder" notice the schedule sends, to
    every invited member who has not submitted, by their own channel (consent and
    quiet hours respected: it is not a receipt). Written in this transaction, so a
    rolled-back action sends nothing; pressed twice within a minute, it is queued
    once. Returns the notices written (한 명에 하나, 수신 거부 included)."""
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    if not meeting.accepts_opinions(now):
        raise Refused(_("의견 접수 중인 회의에만 독려 알림을 보낼 수 있습니다."))
    notices = notice_events.manual_reminder(
        meeting=meeting, members=non_submitters(meeting), now=now
    )
    # The tracker's 독려 column counts the reminders that will go (not the refused).
    Reminder.objects.bulk_create(
        Reminder(meeting=meeting, member_id=n.member_id, kind=Reminder.Kind.MANUAL, sent_at=now)
        for n in notices
        if n.state == Notice.State.QUEUED
    )
    return notices


def _send_reminder(*, meeting: Meeting, member: Member, kind: str, base_url: str) -> None:
    url = base_url.rstrip("/") + reverse(
        "council:my_opinion", args=[meeting.council.slug, meeting.slug]
    )
    context = {"meeting": meeting, "member": member, "url": url, "kind": kind}
    mail.send_or_log(
        subject=_("[%(council)s] 의견서 제출을 부탁드립니다 (마감 %(deadline)s)")
        % {
            "council": meeting.council.name,
            "deadline": korean_datetime(meeting.deadline, year=False),
        },
        message=render_to_string("council/email/reminder.txt", context),
        recipient_list=[member.user.email],
    )


def send_reminders(
    *, meeting: Meeting, kind: str = Reminder.Kind.MANUAL, base_url: str
) -> list[Member]:
    """E-mail the invited members who have not submitted; return who was reminded.

    Automatic kinds (24h, 2h) go out at most once per member: the Reminder row
    is written first and its unique constraint refuses a second one.
    """
    sent: list[Member] = []
    for member in non_submitters(meeting).exclude(user__email=""):
        try:
            with transaction.atomic():
                Reminder.objects.create(meeting=meeting, member=member, kind=kind)
        except IntegrityError:
            continue
        _send_reminder(meeting=meeting, member=member, kind=kind, base_url=base_url)
        sent.append(member)
    return sent


def send_due_reminders(*, now: dt.datetime | None = None, base_url: str) -> int:
    """For cron: the 24-hours-before and 2-hours-before reminders, once each.

    When both are due (cron missed the 24h window), only the 2h one goes out.
    A meeting opened with a reminder schedule (council.notices.ScheduledReminder)
    is reminded by that schedule instead.
    """
    now = now or timezone.now()
    sent = 0
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.OPEN,
            deadline__gt=now,
            deadline__lte=now + dt.timedelta(hours=24),
        )
        .exclude(scheduled_reminders__isnull=False)
        .distinct()
        .select_related("council")
    )
    for meeting in meetings:
        kind = (
            Reminder.Kind.BEFORE_2H
            if meeting.deadline - now <= dt.timedelta(hours=2)
            else Reminder.Kind.BEFORE_24H
        )
        sent += len(send_reminders(meeting=meeting, kind=kind, base_url=base_url))
    return sent
