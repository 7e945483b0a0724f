"""Who hears of what in a meeting's life. Each event function runs inside the
calling service's transaction (council.services, reports.services) and only
writes rows: an event for every invited member writes one `Broadcast`, which
the worker expands into their notices (`expand_broadcasts`); an event for a
few people (a receipt, a manual reminder) writes their notices at once."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models import Meeting, Member, Opinion
from council.notices.catalog import EVENTS
from council.notices.models import Broadcast, Notice, ScheduledReminder
from council.notices.outbox import (
    Addressee,
    absolute,
    addressees,
    member_recipients,
    notify,
    tell_meeting,
)
from lib.dates import korean_datetime

# The default reminder schedule: days before the deadline, at this hour.
DEFAULT_REMINDER_DAYS = (3, 1)
REMINDER_HOUR = 10


def _invited(meeting: Meeting) -> list[Addressee]:
    """The invited members as addressees: one query, contacts joined."""
    return addressees(Member.objects.filter(invitations__meeting=meeting).order_by("pk"))


def _submitted_ids(meeting: Meeting) -> set[int]:
    return set(
        Opinion.objects.filter(meeting=meeting, status=Opinion.Status.SUBMITTED).values_list(
            "member_id", flat=True
        )
    )


def _common(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.title,
        "deadline": korean_datetime(meeting.deadline, year=False) if meeting.deadline else "",
        "link": absolute(reverse("council:my_opinion", args=[meeting.council.slug, meeting.slug])),
    }


def _tell(
    event: str, key: str, meeting: Meeting, members, variables: dict, now, *, urgent=False
) -> int:
    """Queue `event` for `members` of `meeting`; how many notices were written."""
    return tell_meeting(event, key, meeting, members, variables, now, urgent=urgent)


def contact_line(meeting: Meeting) -> str:
    council = meeting.council
    parts = [council.contact_name, council.contact_phone or council.contact_email]
    return " ".join(p for p in parts if p) or council.name


def reminder_times(meeting: Meeting, days=DEFAULT_REMINDER_DAYS, hour: int = REMINDER_HOUR):
    """The default schedule: `days` before the deadline at `hour`:00 (local)."""
    deadline = timezone.localtime(meeting.deadline)
    return sorted(
        timezone.make_aware(
            dt.datetime.combine(deadline.date() - dt.timedelta(days=d), dt.time(hour))
        )
        for d in set(days)
    )


def _broadcast(event: str, key: str, meeting: Meeting, now: dt.datetime) -> None:
    """Record an event for every invited member; the worker writes the notices
    (`expand_broadcasts`). The same key twice records it once."""
    Broadcast.objects.bulk_create(
        [Broadcast(meeting=meeting, event=event, key=key, created_at=now)], ignore_conflicts=True
    )


def round_opened(
    *, meeting: Meeting, now: dt.datetime, reminders: list[dt.datetime] | None = None
) -> None:
    """Tell every invited member (a broadcast); set the meeting's reminder schedule."""
    _broadcast("round_opened", f"round_opened:{meeting.pk}", meeting, now)
    times = reminder_times(meeting) if reminders is None else reminders
    ScheduledReminder.objects.bulk_create(
        [ScheduledReminder(meeting=meeting, at=at) for at in times if now < at < meeting.deadline],
        ignore_conflicts=True,
    )


def round_closed_early(*, meeting: Meeting, now: dt.datetime) -> None:
    """Closed by hand before the deadline: every invited member hears it."""
    _broadcast("round_closed_early", f"round_closed:{meeting.pk}", meeting, now)


def deadline_extended(*, meeting: Meeting, now: dt.datetime) -> None:
    """A new deadline: every invited member hears it (those who submitted may
    still change their opinion until then). Once per new deadline."""
    key = f"deadline_extended:{meeting.pk}:{meeting.deadline:%Y%m%d%H%M}"
    _broadcast("deadline_extended", key, meeting, now)


def result_published(*, meeting: Meeting, now: dt.datetime) -> None:
    """The result is public: every invited member, with where their points went
    (once: a later version records nothing)."""
    _broadcast("result_published", f"result_published:{meeting.pk}", meeting, now)


# ---------------------------------------------------------------- the worker's side


def _tell_round_opened(meeting: Meeting, key: str, now: dt.datetime) -> int:
    agenda = ", ".join(meeting.agenda_items.order_by("order", "pk").values_list("title", flat=True))
    variables = {**_common(meeting), "agenda": agenda[:80] + ("…" if len(agenda) > 80 else "")}
    return _tell("round_opened", key, meeting, _invited(meeting), variables, now)


def _tell_round_closed_early(meeting: Meeting, key: str, now: dt.datetime) -> int:
    """Submitters hear the round is closed; the others that their opinion can no
    longer be taken, and whom to call."""
    submitted = _submitted_ids(meeting)
    members = _invited(meeting)
    variables = {
        **_common(meeting),
        "closed": korean_datetime(meeting.closed_at or now, year=False),
        "contact": contact_line(meeting),
    }
    count = 0
    for event, group in (
        ("round_closed", [m for m in members if m.member_id in submitted]),
        ("round_closed_missing", [m for m in members if m.member_id not in submitted]),
    ):
        count += _tell(event, key, meeting, group, variables, now)
    return count


def _tell_everyone(event: str):
    def tell(meeting: Meeting, key: str, now: dt.datetime) -> int:
        return _tell(event, key, meeting, _invited(meeting), _common(meeting), now)

    return tell


# Each broadcast: its name on staff pages while it waits, and what it writes
# when the worker expands it.
EXPANSIONS = {
    "round_opened": (EVENTS["round_opened"].label, _tell_round_opened),
    "round_closed_early": (_("조기 마감"), _tell_round_closed_early),
    "deadline_extended": (EVENTS["deadline_extended"].label, _tell_everyone("deadline_extended")),
    "result_published": (EVENTS["result_published"].label, _tell_everyone("result_published")),
}


def expand_broadcasts(*, now: dt.datetime | None = None) -> int:
    """The worker's first step: write the notices of each broadcast not yet
    expanded, each in its own transaction with the broadcast marked done, as of
    the event's time (quiet hours count from it). Workers on several servers
    never take the same broadcast (row locks that skip locked rows on
    PostgreSQL), and the notices' unique key writes each once in any case.
    Returns how many notices were written."""
    now = now or timezone.now()
    written = 0
    while True:
        with transaction.atomic():
            pending = Broadcast.objects.filter(done_at__isnull=True)
            if connection.features.has_select_for_update_skip_locked:
                pending = pending.select_for_update(skip_locked=True, of=("self",))
            else:
                pending = pending.select_for_update()
            broadcast = pending.select_related("meeting__council").order_by("pk").first()
            if broadcast is None:
                return written
            _label, expand = EXPANSIONS[broadcast.event]
            written += expand(broadcast.meeting, broadcast.key, broadcast.created_at)
            broadcast.done_at = now
            broadcast.save(update_fields=["done_at"])


def pending_broadcasts(meeting: Meeting) -> list[str]:
    """What this meeting's members are still to hear (the broadcasts whose notices
    the worker has not written yet), by name, oldest first."""
    waiting = meeting.broadcasts.filter(done_at__isnull=True).order_by("created_at", "pk")
    return [str(EXPANSIONS[event][0]) for event in waiting.values_list("event", flat=True)]


def replan_reminders(*, meeting: Meeting, old_deadline: dt.datetime, now: dt.datetime) -> int:
    """After the deadline moved: each reminder not yet sent moves to the same
    number of days before the new deadline, at the same hour; those already sent
    stay as they were. Returns how many are still to come."""
    old_day = timezone.localtime(old_deadline).date()
    new_day = timezone.localtime(meeting.deadline).date()
    pending = ScheduledReminder.objects.filter(meeting=meeting, done_at__isnull=True)
    times = []
    for at in pending.values_list("at", flat=True):
        local = timezone.localtime(at)
        moved = timezone.make_aware(
            dt.datetime.combine(new_day - (old_day - local.date()), local.time())
        )
        if now < moved < meeting.deadline:
            times.append(moved)
    pending.delete()
    ScheduledReminder.objects.bulk_create(
        [ScheduledReminder(meeting=meeting, at=at) for at in times], ignore_conflicts=True
    )
    return len(times)


def opinion_received(*, opinion: Opinion, now: dt.datetime) -> int:
    """The receipt, by the member's own channel when it is not e-mail (the e-mail
    copy of the opinion goes as before). Sent at once, quiet hours or not."""
    from council.notices.models import Channel
    from council.notices.outbox import contact_of

    member = Member.objects.select_related("user", "contact").get(pk=opinion.member_id)
    contact = contact_of(member)
    if contact is None or contact.effective_channel() == Channel.EMAIL:
        return 0
    meeting = opinion.meeting
    variables = {
        **_common(meeting),
        "count": opinion.points.count(),
        "at": korean_datetime(opinion.submitted_at or now, year=False),
    }
    key = f"opinion_received:{opinion.pk}:{opinion.version}"
    return _tell(
        "opinion_received", key, meeting, member_recipients([member]), variables, now, urgent=True
    )


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """For the worker and cron: queue the scheduled reminders that are due, to the
    invited members who have not submitted, once each."""
    now = now or timezone.now()
    queued = 0
    due = ScheduledReminder.objects.filter(
        done_at__isnull=True, at__lte=now, meeting__status=Meeting.Status.OPEN
    ).select_related("meeting__council")
    for reminder in due:
        meeting = reminder.meeting
        if meeting.accepts_opinions(now):
            submitted = _submitted_ids(meeting)
            members = [m for m in _invited(meeting) if m.member_id not in submitted]
            key = f"reminder:{meeting.pk}:{reminder.at:%Y%m%d%H%M}"
            queued += _tell("reminder", key, meeting, members, _common(meeting), now)
        ScheduledReminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(done_at=now)
    return queued


def manual_reminder(*, meeting: Meeting, members, now: dt.datetime) -> list[Notice]:
    """Staff's reminder button: the scheduled reminder's notice, now, to `members`
    (a queryset of the non-submitters). One event per minute, so a double press
    queues once."""
    return notify(
        event="reminder",
        key=f"reminder:{meeting.pk}:manual:{timezone.localtime(now):%Y%m%d%H%M}",
        council=meeting.council,
        meeting=meeting,
        recipients=addressees(members),
        variables=_common(meeting),
        now=now,
    )


def notice_states(meeting: Meeting) -> tuple[dict[int, Notice], set[int]]:
    """In one query: each invited member's latest notice of this meeting (the
    tracker's column), and the members no notice reached (every one failed or
    refused, none sent), whom the tracker flags before the deadline."""
    latest: dict[int, Notice] = {}
    states: dict[int, set[str]] = {}
    for notice in Notice.objects.filter(meeting=meeting, member__isnull=False).order_by(
        "member_id", "-created_at", "-pk"
    ):
        latest.setdefault(notice.member_id, notice)
        states.setdefault(notice.member_id, set()).add(notice.state)
    bad = {Notice.State.FAILED, Notice.State.OPTED_OUT}
    return latest, {member_id for member_id, s in states.items() if s <= bad}


def unreachable(meeting: Meeting) -> list[Member]:
    """The members no notice of this meeting reached, by name."""
    _latest, ids = notice_states(meeting)
    return list(Member.objects.filter(pk__in=ids).order_by("name"))
