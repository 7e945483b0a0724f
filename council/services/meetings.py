"""A meeting's life: open (fixing the invited roster), close, past meetings, attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import audit, extensions
from council.models import (
    AgendaItem,
    Council,
    Invitation,
    Meeting,
    Member,
)
from council.notices import events as notice_events
from lib.dates import korean_date, korean_datetime
from lib.errors import Refused


class TransitionError(Refused):
    """A meeting cannot move to the requested status, or its agenda is fixed."""


class NoMembersInOffice(TransitionError):
    """No member is in office on the meeting's start date; `ended` are those whose
    term ended shortly before (whom a renewal would bring back)."""

    def __init__(self, message: str, *, ended: list[Member]):
        super().__init__(message)
        self.ended = ended


@transaction.atomic
def open_meeting(
    *,
    meeting: Meeting,
    now: dt.datetime | None = None,
    reminders: list[dt.datetime] | None = None,
) -> Meeting:
    """Open for opinions and fix the invited roster (members active on the start date).

    Every invited member is told (council.notices, in this transaction), and the
    reminder schedule is set: `reminders` (times before the deadline), or by
    default 3 days and 1 day before it at 10:00.
    """
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_open():
        raise TransitionError(_("준비 중인 회의만 열 수 있습니다."))
    if not meeting.agenda_items.exists():
        raise TransitionError(_("안건을 하나 이상 등록해야 회의를 열 수 있습니다."))
    if meeting.deadline is None or meeting.deadline <= now:
        raise TransitionError(_("의견 제출 마감 시각이 이미 지났습니다. 마감을 미래로 고치세요."))
    roster = Member.objects.filter(council=meeting.council_id).active_on(meeting.period_start)
    invitations = [Invitation(meeting=meeting, member=m) for m in roster]
    if not invitations:
        ended = list(
            Member.objects.filter(council=meeting.council_id)
            .ended_recently_before(meeting.period_start)
            .order_by("name", "pk")
        )
        names = ", ".join(
            _("%(name)s(%(end)s 종료)") % {"name": m.name, "end": korean_date(m.term_end)}
            for m in ended
        )
        message = _("기간 시작일(%(start)s)에 임기 중인 위원이 없습니다.") % {
            "start": korean_date(meeting.period_start)
        }
        if ended:
            message += " " + _(
                "임기가 끝난 위원: %(names)s. 연임 처리(위원 명단 → 연임)를 하면 의견 접수를 시작할 수 있습니다."
            ) % {"names": names}
        raise NoMembersInOffice(message, ended=ended)
    Invitation.objects.bulk_create(invitations)
    meeting.status = Meeting.Status.OPEN
    meeting.opened_at = now
    meeting.save(update_fields=["status", "opened_at"])
    notice_events.round_opened(meeting=meeting, now=now, reminders=reminders)
    return meeting


@transaction.atomic
def close_meeting(
    *, meeting: Meeting, now: dt.datetime | None = None, by: User | None = None
) -> Meeting:
    """Stop accepting opinions: by staff (`by`, possibly before the deadline), or
    by the scheduled command at the deadline."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.OPEN:
        raise TransitionError(_("의견 접수 중인 회의만 마감할 수 있습니다."))
    meeting.status = Meeting.Status.CLOSED
    # Closed by the scheduled command after the deadline: it closed at the deadline.
    now = now or timezone.now()
    meeting.closed_at = min(now, meeting.deadline) if meeting.deadline else now
    meeting.closed_by = by
    meeting.save(update_fields=["status", "closed_at", "closed_by"])
    if meeting.closed_early():
        # Members were told a later deadline: each hears it, and those who had
        # not submitted whom to call.
        notice_events.round_closed_early(meeting=meeting, now=now)
    return meeting


def deadline_extendable(meeting: Meeting) -> bool:
    """The rule staff pages ask before offering a later deadline (the service
    asks it again under the meeting's row lock)."""
    if not meeting.deadline_extendable():
        return False
    # Before the deadline no proposal can exist yet (aggregation starts at the close).
    return meeting.accepts_opinions() or not extensions.aggregation_started(meeting)


def check_new_deadline(
    meeting: Meeting, deadline: dt.datetime, now: dt.datetime | None = None
) -> None:
    """A new deadline is later than the current one and still to come."""
    now = now or timezone.now()
    if deadline <= meeting.deadline:
        raise TransitionError(
            _("새 마감(%(new)s)은 지금 마감(%(old)s)보다 늦어야 합니다.")
            % {"new": korean_datetime(deadline), "old": korean_datetime(meeting.deadline)}
        )
    if deadline <= now:
        raise TransitionError(
            _("새 마감(%(new)s)이 이미 지났습니다. 앞으로의 시각을 적어 주세요.")
            % {"new": korean_datetime(deadline)}
        )


@transaction.atomic
def extend_deadline(
    *,
    meeting: Meeting,
    deadline: dt.datetime,
    by: User,
    ip_address: str | None = None,
    now: dt.datetime | None = None,
) -> Meeting:
    """Move the opinion deadline later.

    Allowed while the round is open, and after the deadline passed as long as no
    staff member closed the round and no proposal was made from it
    (`deadline_extendable`); a round the scheduled command stored as closed at
    its deadline opens again. Every invited member is told (the outbox, in this
    transaction), the reminders not yet sent move with the deadline, and the
    change is kept in the audit log.
    """
    now = now or timezone.now()
    meeting = Meeting.objects.select_for_update().select_related("council").get(pk=meeting.pk)
    if not deadline_extendable(meeting):
        raise TransitionError(
            _(
                "의견 접수 중이거나 마감 시각이 지났지만 담당자가 마감하거나 취합을 "
                "시작하지 않은 회의만 마감을 연장할 수 있습니다."
            )
        )
    old = meeting.deadline
    check_new_deadline(meeting, deadline, now)
    meeting.deadline = deadline
    meeting.status = Meeting.Status.OPEN
    meeting.closed_at = None
    meeting.closed_by = None
    meeting.save(update_fields=["deadline", "status", "closed_at", "closed_by"])
    notice_events.replan_reminders(meeting=meeting, old_deadline=old, now=now)
    notice_events.deadline_extended(meeting=meeting, now=now)
    audit.record_by(
        by,
        action="deadline_extend",
        target=_("%(meeting)s 마감 %(old)s → %(new)s")
        % {"meeting": meeting, "old": korean_datetime(old), "new": korean_datetime(deadline)},
        council=meeting.council,
        ip_address=ip_address,
    )
    return meeting


def person_name(user: User | None) -> str:
    """How staff are named to members: their staff name, else the account's name."""
    if user is None:
        return ""
    staff = getattr(user, "staff", None)
    return staff.name if staff else (user.get_full_name() or user.username)


def closed_notice(meeting: Meeting, now: dt.datetime | None = None) -> str:
    """Why a member may no longer save: the deadline passed, or staff closed the
    round early (who and when, and the deadline members had been told)."""
    if meeting.closed_early():
        who = person_name(meeting.closed_by)
        return _(
            "구청 담당자%(who)s가 %(closed)s에 의견 접수를 일찍 마감했습니다 "
            "(안내된 마감은 %(deadline)s였습니다)."
        ) % {
            "who": f"({who})" if who else "",
            "closed": korean_datetime(meeting.closed_at, weekday=True),
            "deadline": korean_datetime(meeting.deadline, weekday=True),
        }
    if meeting.status == Meeting.Status.DRAFT:
        return _("아직 의견 접수를 시작하지 않은 회의입니다.")
    return _("의견 제출 마감(%(deadline)s)이 지났습니다.") % {
        "deadline": korean_datetime(meeting.deadline, weekday=True)
    }


def close_due_meetings(*, now: dt.datetime | None = None) -> int:
    """For the scheduled command only: store as closed every open meeting past its
    deadline; return how many. Pages never call this: they read
    `Meeting.current_status()`, which already treats such a meeting as closed."""
    now = now or timezone.now()
    closed = 0
    for meeting in Meeting.objects.past_deadline(now):
        try:
            close_meeting(meeting=meeting, now=now)
            closed += 1
        except TransitionError:  # closed meanwhile by someone else
            pass
    return closed


@dataclass(frozen=True)
class PastMeetingData:
    """What a district knows of a meeting held before it used the portal."""

    year: int
    half: int
    method: str
    period_start: dt.date
    period_end: dt.date
    invited_count: int
    submitted_count: int  # members who sent a written opinion
    agenda_titles: list[str]
    # In-person and video meetings: how many members attended (None for written ones).
    attended_count: int | None = None
    deadline: dt.datetime | None = None


def _check_past_meeting(
    council: Council, data: PastMeetingData, today: dt.date, exclude_pk: int | None = None
) -> None:
    if data.period_end < data.period_start:
        raise TransitionError(_("기간 종료일은 시작일보다 빠를 수 없습니다."))
    if data.period_end >= today:
        raise TransitionError(
            _("지난 회의 기록은 이미 끝난 회의만 남길 수 있습니다 (기간 종료일이 오늘 이전).")
        )
    if data.deadline is not None and data.deadline.date() > today:
        raise TransitionError(_("지난 회의의 의견 제출 마감은 오늘 이전이어야 합니다."))
    if data.submitted_count > data.invited_count or (data.attended_count or 0) > data.invited_count:
        raise TransitionError(_("참석·의견 제출 위원 수가 위원 수보다 많을 수 없습니다."))
    takes_attendance = data.method in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
    if takes_attendance and data.attended_count is None:
        raise TransitionError(_("대면·화상 회의는 참석 위원 수를 적으세요."))
    if not [title for title in data.agenda_titles if title.strip()]:
        raise TransitionError(_("안건을 하나 이상 적으세요."))
    clash = Meeting.objects.filter(council=council, year=data.year, half=data.half)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise TransitionError(
            _("%(year)s년 %(half)s 회의가 이미 있습니다.")
            % {"year": data.year, "half": Meeting.Half(data.half).label}
        )


def _check_following(
    council: Council,
    data: PastMeetingData,
    confirmed: Sequence[int] | None,
    exclude_pk: int | None = None,
) -> None:
    """A meeting recorded before later ones changes what they carry (their 지난 회의
    section follows it once its result is published): staff confirmed exactly the
    later meetings named to them, or the record is refused (they changed meanwhile)."""
    if confirmed is None:
        return
    following = Meeting.objects.exclude(pk=exclude_pk).carrying_from(
        council.pk, data.year, data.half
    )
    if sorted(m.pk for m in following) != sorted(confirmed):
        raise TransitionError(
            _("그 사이 뒤에 오는 회의가 바뀌었습니다. 아래 안내를 다시 확인하고 기록하세요.")
        )


def _recorded_counts(meeting: Meeting, data: PastMeetingData) -> None:
    meeting.recorded_invited_count = data.invited_count
    meeting.recorded_submitted_count = data.submitted_count
    takes_attendance = data.method in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
    meeting.recorded_attended_count = data.attended_count if takes_attendance else None


@transaction.atomic
def record_past_meeting(
    *,
    council: Council,
    data: PastMeetingData,
    today: dt.date | None = None,
    following_confirmed: Sequence[int] | None = None,
) -> Meeting:
    """Enter a meeting already held, with its real dates and attendance.

    It is stored as closed (opinions are no longer taken; proposals, responses
    and commitments are entered next, then it is published with its real
    publication date). No deadline is invented: a written meeting's is kept if
    known, otherwise there is none.

    Recorded before meetings the council already has, it becomes the previous
    meeting of the later ones up to the first published one
    (`MeetingQuerySet.carrying_from`): their carried sections are derived from
    the data (reports.carried), so they follow it from its publication on, in the
    transaction that publishes it; published versions stay as they are. A caller
    that showed staff those meetings passes their ids as `following_confirmed`.
    """
    today = today or timezone.localdate()
    Council.objects.select_for_update().filter(pk=council.pk).first()
    _check_past_meeting(council, data, today)
    _check_following(council, data, following_confirmed)
    meeting = Meeting(
        council=council,
        year=data.year,
        half=data.half,
        method=data.method,
        period_start=data.period_start,
        period_end=data.period_end,
        deadline=data.deadline,
        status=Meeting.Status.CLOSED,
        recorded=True,
    )
    _recorded_counts(meeting, data)
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=order, title=title.strip()[:200])
        for order, title in enumerate(
            [title for title in data.agenda_titles if title.strip()], start=1
        )
    )
    return meeting


@transaction.atomic
def update_past_meeting(
    *,
    meeting: Meeting,
    data: PastMeetingData,
    today: dt.date | None = None,
    following_confirmed: Sequence[int] | None = None,
) -> Meeting:
    """Correct a recorded meeting until its result is published (moved to another
    half, it is checked like a new record: `record_past_meeting`)."""
    today = today or timezone.localdate()
    Council.objects.select_for_update().filter(pk=meeting.council_id).first()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.recorded or meeting.is_published:
        raise TransitionError(_("공개 전의 지난 회의 기록만 고칠 수 있습니다."))
    _check_past_meeting(meeting.council, data, today, exclude_pk=meeting.pk)
    _check_following(meeting.council, data, following_confirmed, exclude_pk=meeting.pk)
    for name in ("year", "half", "method", "period_start", "period_end", "deadline"):
        setattr(meeting, name, getattr(data, name))
    _recorded_counts(meeting, data)
    meeting.save()
    titles = [title.strip()[:200] for title in data.agenda_titles if title.strip()]
    items = list(meeting.agenda_items.order_by("order", "pk"))
    for item, title in zip(items, titles, strict=False):
        if item.title != title:
            item.title = title
            item.save(update_fields=["title"])
    for item in items[len(titles) :]:
        item.delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=order, title=title)
        for order, title in enumerate(titles[len(items) :], start=len(items) + 1)
    )
    return meeting


@transaction.atomic
def record_attendance(*, meeting: Meeting, attended: set[int]) -> int:
    """Mark which invited members attended an in-person or video meeting; return how many."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_record_attendance():
        raise TransitionError(_("열린 대면·화상 회의에만 참석을 기록할 수 있습니다."))
    invitations = Invitation.objects.filter(meeting=meeting)
    invitations.filter(member_id__in=attended).update(attended=True)
    invitations.exclude(member_id__in=attended).update(attended=False)
    return invitations.filter(attended=True).count()
