"""Council workflows: the roster, a meeting's life (open, close) and the written opinion.

Every function is keyword-only and runs in one transaction. Rules that must
hold whatever page calls them (the opinion deadline, the fixed invited
roster, reminders never sent twice) are enforced here, not in views.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    Attachment,
    Category,
    Council,
    Invitation,
    Meeting,
    Member,
    Opinion,
    OpinionAutosave,
    OpinionPoint,
    Reminder,
    Staff,
)
from lib import mail
from lib.dates import korean_date, korean_datetime
from lib.errors import Refused
from lib.ordering import renumber, swap_with_neighbour


class TransitionError(Refused):
    """A meeting cannot move to the requested status, or its agenda is fixed."""


class NoMembersInOffice(TransitionError):
    """No member is in office on the meeting's start date; `ended` are those whose
    term ended shortly before (whom a renewal would bring back)."""

    def __init__(self, message: str, *, ended: list[Member]):
        super().__init__(message)
        self.ended = ended


class OpinionClosed(Refused):
    """The opinion deadline has passed (or the meeting is not open)."""


class OpinionConflict(Refused):
    """The opinion changed since the form was loaded, or staff would replace a
    member's own submission without having chosen to. `current` is the opinion
    as it is now (None if it was never saved), for the page that shows both."""

    def __init__(self, message: str, *, current: Opinion | None):
        super().__init__(message)
        self.current = current


# ---------------------------------------------------------------- roster


def _free_username(council: Council) -> str:
    prefix = f"{council.slug[:12]}-m"
    number = Member.objects.filter(council=council).count() + 1
    while User.objects.filter(username=f"{prefix}{number:02d}").exists():
        number += 1
    return f"{prefix}{number:02d}"


def set_password_url(*, user: User, base_url: str) -> str:
    """A one-time link (Django's reset token) to the existing set-password page.

    The token stops working once the password is set or the user logs in.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def send_set_password_link(*, member: Member, base_url: str) -> None:
    """E-mail the member a link to set their password (first time, or again)."""
    user = member.user
    context = {
        "member": member,
        "council": member.council,
        "username": user.username,
        "url": set_password_url(user=user, base_url=base_url),
    }
    mail.send_or_log(
        subject=_("[%(council)s] 포털 비밀번호를 설정해 주세요") % {"council": member.council.name},
        message=render_to_string("council/email/set_password.txt", context),
        recipient_list=[user.email],
    )


@transaction.atomic
def add_member(
    *,
    council: Council,
    name: str,
    email: str,
    role: str,
    affiliation: str,
    term_start: dt.date,
    term_end: dt.date | None = None,
    username: str = "",
    base_url: str,
    send_link: bool = True,
) -> Member:
    """Create the member and their login (no usable password) and send the set-password link.

    `send_link=False` only for accounts whose password is set otherwise (the demo).
    """
    username = username.strip() or _free_username(council)
    user = User(username=username, email=email, first_name=name)
    user.set_unusable_password()
    user.save()
    member = Member.objects.create(
        user=user,
        council=council,
        name=name,
        role=role,
        affiliation=affiliation,
        term_start=term_start,
        term_end=term_end,
    )
    if send_link:
        # Send only once the rows are really there.
        transaction.on_commit(lambda: send_set_password_link(member=member, base_url=base_url))
    return member


@transaction.atomic
def add_staff(*, council: Council, user: User, name: str) -> Staff:
    """Make an account district staff (사무국) of the council."""
    return Staff.objects.create(user=user, council=council, name=name)


@transaction.atomic
def renew_terms(*, members: list[Member], term_end: dt.date, today: dt.date | None = None) -> int:
    """Extend the terms of `members` (연임) to `term_end` in one go; each change is
    kept in the member's history with the reason "연임". Returns how many changed."""
    today = today or timezone.localdate()
    locked = list(
        Member.objects.select_for_update().filter(pk__in=[m.pk for m in members]).order_by("pk")
    )
    for member in locked:
        if term_end < member.term_start or term_end <= today:
            raise ValidationError(
                _("새 임기 종료일은 오늘보다 뒤이고 %(name)s 위원의 임기 시작일보다 뒤여야 합니다.")
                % {"name": member.name}
            )
        if member.term_end is not None and term_end <= member.term_end:
            raise ValidationError(
                _("%(name)s 위원의 임기는 이미 %(end)s까지입니다. 그보다 뒤의 날짜를 고르세요.")
                % {"name": member.name, "end": korean_date(member.term_end)}
            )
    for member in locked:
        member.term_end = term_end
        member._change_reason = _("연임")  # django-simple-history's reason for this save
        member.save(update_fields=["term_end"])
    return len(locked)


@transaction.atomic
def end_term(*, member: Member, term_end: dt.date) -> Member:
    """End the member's term on `term_end`; the history keeps the earlier term."""
    if term_end < member.term_start:
        raise ValidationError(_("임기 종료일은 임기 시작일보다 빠를 수 없습니다."))
    member.term_end = term_end
    member.save(update_fields=["term_end"])
    return member


# ---------------------------------------------------------------- meetings


@transaction.atomic
def open_meeting(*, meeting: Meeting, now: dt.datetime | None = None) -> Meeting:
    """Open for opinions and fix the invited roster (members active on the start date)."""
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


def _recorded_counts(meeting: Meeting, data: PastMeetingData) -> None:
    meeting.recorded_invited_count = data.invited_count
    meeting.recorded_submitted_count = data.submitted_count
    takes_attendance = data.method in (Meeting.Method.IN_PERSON, Meeting.Method.VIDEO)
    meeting.recorded_attended_count = data.attended_count if takes_attendance else None


@transaction.atomic
def record_past_meeting(
    *, council: Council, data: PastMeetingData, today: dt.date | None = None
) -> Meeting:
    """Enter a meeting already held, with its real dates and attendance.

    It is stored as closed (opinions are no longer taken; proposals, responses
    and commitments are entered next, then it is published with its real
    publication date). No deadline is invented: a written meeting's is kept if
    known, otherwise there is none.
    """
    today = today or timezone.localdate()
    Council.objects.select_for_update().filter(pk=council.pk).first()
    _check_past_meeting(council, data, today)
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
    *, meeting: Meeting, data: PastMeetingData, today: dt.date | None = None
) -> Meeting:
    """Correct a recorded meeting until its result is published."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.recorded or meeting.is_published:
        raise TransitionError(_("공개 전의 지난 회의 기록만 고칠 수 있습니다."))
    _check_past_meeting(meeting.council, data, today, exclude_pk=meeting.pk)
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


# ---------------------------------------------------------------- agenda and materials


def _lock_for_agenda(meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.agenda_editable():
        raise TransitionError(_("마감된 회의의 안건과 자료는 고칠 수 없습니다."))
    return meeting


@transaction.atomic
def save_agenda_item(*, item: AgendaItem) -> AgendaItem:
    """Add (numbered last) or update an agenda item while the agenda may change."""
    meeting = _lock_for_agenda(item.meeting)
    if item.pk is None:
        item.order = (meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0) + 1
    item.save()
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> None:
    """Swap the item with its neighbour; orders stay 1..n."""
    _lock_for_agenda(item.meeting)
    items = list(AgendaItem.objects.select_for_update().filter(meeting=item.meeting_id))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    renumber(swap_with_neighbour(items, index, direction))


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    if not meeting.agenda_items_deletable():
        raise TransitionError(_("준비 중인 회의의 안건만 삭제할 수 있습니다."))
    files = [a.file.name for a in item.attachments.all()]
    item.delete()
    renumber(list(AgendaItem.objects.select_for_update().filter(meeting=meeting)))
    _delete_files_on_commit(files)


@transaction.atomic
def add_attachment(
    *, item: AgendaItem, upload, original_name: str, content_type: str, user: User
) -> Attachment:
    _lock_for_agenda(item.meeting)
    return Attachment.objects.create(
        agenda_item=item,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )


@transaction.atomic
def delete_attachment(*, attachment: Attachment) -> None:
    _lock_for_agenda(attachment.agenda_item.meeting)
    name = attachment.file.name
    attachment.delete()
    _delete_files_on_commit([name])


def _delete_files_on_commit(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def attach_snapshot(*, item: AgendaItem, snapshot: dict, as_of: dt.date) -> AgendaItem:
    """Freeze a report (lib.snapshots) into the agenda item as meeting material."""
    _lock_for_agenda(item.meeting)
    item.snapshot = snapshot
    item.snapshot_as_of = as_of
    item.save(update_fields=["snapshot", "snapshot_as_of"])
    return item


# ---------------------------------------------------------------- categories


@transaction.atomic
def add_category(*, council: Council, name: str) -> Category:
    """A new category, last in the council's order."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    last = Category.objects.filter(council=council).aggregate(m=Max("order"))["m"] or 0
    return Category.objects.create(council=council, name=name, order=last + 1)


@transaction.atomic
def move_category(*, category: Category, direction: str) -> None:
    """Swap a category with its neighbour in the council's order (kept 1..n)."""
    categories = list(Category.objects.select_for_update().filter(council=category.council_id))
    index = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    renumber(swap_with_neighbour(categories, index, direction))


# ---------------------------------------------------------------- opinions


@dataclass(frozen=True)
class PointInput:
    text: str
    category: Category | None = None
    agenda_item: AgendaItem | None = None


def _keep_text() -> str:
    return _("입력하신 내용은 아래에 그대로 있으니 복사해 두시고 구청 담당자에게 연락해 주세요.")


@transaction.atomic
def save_opinion(
    *,
    meeting: Meeting,
    member: Member,
    points: list[PointInput],
    submit: bool,
    entered_by: User,
    channel: str = Opinion.Channel.PORTAL,
    behalf_note: str = "",
    received_at: dt.datetime | None = None,
    confirmed_before_opening: bool = False,
    late_reason: str = "",
    expected_version: int | None = None,
    replace_submission: bool = False,
    send_copy: bool = True,
    now: dt.datetime | None = None,
) -> Opinion:
    """Save the member's opinion as a draft or submit it; the points replace earlier ones.

    A member may save until the deadline (server time); staff entering an
    opinion received on paper, fax, phone or e-mail may do so until the result
    is published, and the channel, the staff user and when the district
    received it (`received_at`) are recorded; that 접수일시 is the opinion's
    submission time, judged by `Meeting.check_received_at`, and the typing time
    is kept as `entered_at`.

    `expected_version` is the version the form was loaded with (0: no opinion
    yet); a save over any other version is refused (`OpinionConflict`), so two
    people saving at once give one winner and the other sees both texts. Staff
    never replace a member's own submission unless `replace_submission` says
    they saw it and chose to.
    """
    now = now or timezone.now()
    # The meeting's row lock serializes every save of its opinions: the deadline,
    # the version and the one-opinion-per-member rule are judged one at a time.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    on_behalf = channel != Opinion.Channel.PORTAL
    if on_behalf:
        if not meeting.accepts_opinions_on_behalf(now):
            raise OpinionClosed(_("의견 접수 중이거나 마감된 회의에만 대리 입력할 수 있습니다."))
    elif not member.in_office(timezone.localdate(now)):
        raise OpinionClosed(
            _(
                "임기가 끝난 위원은 의견서를 저장할 수 없습니다. "
                "입력하신 내용은 아래에 그대로 있으니 복사해 두시고 담당자에게 연락해 주세요."
            )
        )
    elif not meeting.accepts_opinions(now):
        raise OpinionClosed(f"{closed_notice(meeting, now)} {_keep_text()}")
    if not Invitation.objects.filter(meeting=meeting, member=member).exists():
        raise OpinionClosed(_("이 회의의 참석 대상 위원이 아닙니다."))
    points = [p for p in points if p.text.strip()]
    if submit and not points:
        raise ValidationError(_("제출하려면 의견을 하나 이상 적어 주세요."))

    opinion = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("entered_by")
        .filter(meeting=meeting, member=member)
        .first()
    )
    if expected_version is not None and (opinion.version if opinion else 0) != expected_version:
        raise OpinionConflict(
            _("저장하지 않았습니다. 이 의견서를 여신 뒤에 다른 곳에서 먼저 저장했습니다.")
            if opinion is not None and opinion.entered_by_id == entered_by.pk
            else _("저장하지 않았습니다. 이 의견서를 여신 뒤에 %(who)s 먼저 저장했습니다.")
            % {"who": _("구청 담당자가") if opinion and opinion.entered_on_behalf else _("위원이")},
            current=opinion,
        )
    if on_behalf and opinion is not None and opinion.is_members_own_submission:
        if not replace_submission:
            raise OpinionConflict(
                _(
                    "저장하지 않았습니다. %(name)s 위원이 포털에서 직접 제출한 의견서가 있습니다. "
                    "두 내용을 비교하고, 위원의 제출본을 바꾸려면 그렇게 선택한 뒤 다시 저장하세요."
                )
                % {"name": member.name},
                current=opinion,
            )
    if opinion is None:
        opinion = Opinion(meeting=meeting, member=member, version=0)
    opinion.entered_by = entered_by
    opinion.channel = channel
    opinion.behalf_note = behalf_note if on_behalf else ""
    opinion.received_at = (received_at or now) if on_behalf else None
    opinion.late_reason = late_reason.strip() if on_behalf else ""
    if on_behalf:
        meeting.check_received_at(
            opinion.received_at,
            confirmed_before_opening=confirmed_before_opening,
            late_reason=late_reason,
        )
    opinion.entered_at = now
    if submit:
        opinion.status = Opinion.Status.SUBMITTED
        opinion.submitted_at = opinion.received_at if on_behalf else now
    opinion.version += 1
    opinion.save()
    opinion.points.all().delete()
    OpinionPoint.objects.bulk_create(
        OpinionPoint(
            opinion=opinion,
            order=order,
            text=p.text.strip(),
            category=p.category,
            agenda_item=p.agenda_item,
        )
        for order, p in enumerate(points, start=1)
    )
    # What was being typed is now saved: the autosaved copy has done its job.
    OpinionAutosave.objects.filter(meeting=meeting, member=member).delete()
    if submit and send_copy and member.user.email:
        transaction.on_commit(lambda: send_opinion_copy(opinion=opinion))
    return opinion


def send_opinion_copy(*, opinion: Opinion) -> None:
    """E-mail the member a copy of the opinion just submitted (by them or for them)."""
    meeting, member = opinion.meeting, opinion.member
    points = list(opinion.points.select_related("category", "agenda_item"))
    mail.send_or_log(
        subject=_("[%(council)s] 의견서 접수 완료 (%(title)s)")
        % {"council": meeting.council.name, "title": meeting.title},
        message=render_to_string(
            "council/email/opinion_copy.txt",
            {"opinion": opinion, "meeting": meeting, "member": member, "points": points},
        ),
        recipient_list=[member.user.email],
    )


def autosave_opinion(
    *,
    meeting: Meeting,
    member: Member,
    points: list[PointInput],
    now: dt.datetime | None = None,
) -> OpinionAutosave:
    """Keep what the member is typing (never submits, never changes the saved opinion).

    Refused like a save once opinions are no longer accepted, so a late copy
    is never kept as if it counted.
    """
    now = now or timezone.now()
    if not meeting.accepts_opinions(now):
        raise OpinionClosed(f"{closed_notice(meeting, now)} {_keep_text()}")
    autosave, _created = OpinionAutosave.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={
            "opinion": Opinion.objects.filter(meeting=meeting, member=member).first(),
            "saved_at": now,
            "points": [
                {
                    "text": p.text,
                    "category": p.category.pk if p.category else None,
                    "agenda_item": p.agenda_item.pk if p.agenda_item else None,
                }
                for p in points
                if p.text.strip()
            ],
        },
    )
    return autosave


# After a round stops taking opinions, a member may still come back for what
# they typed (the closed form shows it with a copy button); a month later the
# copy serves no one and is personal data kept for nothing.
AUTOSAVE_KEPT_AFTER_CLOSE = dt.timedelta(days=30)


def purge_stale_autosaves(*, now: dt.datetime | None = None) -> int:
    """For the scheduled command: remove the autosaved copies of meetings that
    stopped taking opinions (deadline passed, or closed by hand) more than
    AUTOSAVE_KEPT_AFTER_CLOSE ago; return how many."""
    cutoff = (now or timezone.now()) - AUTOSAVE_KEPT_AFTER_CLOSE
    stale = OpinionAutosave.objects.filter(
        Q(meeting__deadline__lt=cutoff)
        | Q(
            meeting__closed_at__lt=cutoff,
            meeting__status__in=[Meeting.Status.CLOSED, Meeting.Status.PUBLISHED],
        )
    )
    return stale.delete()[0]


# ---------------------------------------------------------------- reminders


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
    """
    now = now or timezone.now()
    sent = 0
    meetings = Meeting.objects.filter(
        status=Meeting.Status.OPEN,
        deadline__gt=now,
        deadline__lte=now + dt.timedelta(hours=24),
    ).select_related("council")
    for meeting in meetings:
        kind = (
            Reminder.Kind.BEFORE_2H
            if meeting.deadline - now <= dt.timedelta(hours=2)
            else Reminder.Kind.BEFORE_24H
        )
        sent += len(send_reminders(meeting=meeting, kind=kind, base_url=base_url))
    return sent
