"""Reminder e-mails to invited members who have not submitted (manual, 24h and 2h before)."""

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
from lib import mail
from lib.dates import korean_datetime


def non_submitters(meeting: Meeting):
    """Invited members of `meeting` without a submitted opinion."""
    submitted = Opinion.objects.filter(meeting=meeting, status=Opinion.Status.SUBMITTED).values(
        "member_id"
    )
    return (
        Member.objects.filter(invitations__meeting=meeting)
        .exclude(pk__in=submitted)
        .select_related("user")
        .order_by("name")
    )


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
