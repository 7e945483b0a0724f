"""A member's written opinion: save or submit (with the deadline and version rules), autosave, receipt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    Category,
    Invitation,
    Meeting,
    Member,
    Opinion,
    OpinionAutosave,
    OpinionPoint,
)
from council.notices import events as notice_events
from council.services.meetings import closed_notice
from lib import mail
from lib.errors import Refused, StaleVersion


class OpinionClosed(Refused):
    """The opinion deadline has passed (or the meeting is not open)."""


@dataclass(frozen=True)
class PointInput:
    text: str
    category: Category | None = None
    agenda_item: AgendaItem | None = None


def _keep_text() -> str:
    return _("입력하신 내용은 아래에 그대로 있으니 복사해 두시고 구청 담당자에게 연락해 주세요.")


def _check_may_save(meeting: Meeting, member: Member, *, on_behalf: bool, now) -> None:
    """OpinionClosed unless this save may happen now: staff on behalf until the
    result is published; the member while in office and before the deadline;
    only for a member the meeting invited."""
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


def _check_version(
    opinion: Opinion | None,
    member: Member,
    *,
    entered_by: User,
    expected_version: int | None,
    replaces_own: bool,
) -> None:
    """StaleVersion if the opinion moved on since the form was loaded, or if staff
    (`replaces_own`: on behalf, without having chosen to) would replace the
    member's own submission."""
    if expected_version is not None and (opinion.version if opinion else 0) != expected_version:
        raise StaleVersion(
            _("저장하지 않았습니다. 이 의견서를 여신 뒤에 다른 곳에서 먼저 저장했습니다.")
            if opinion is not None and opinion.entered_by_id == entered_by.pk
            else _("저장하지 않았습니다. 이 의견서를 여신 뒤에 %(who)s 먼저 저장했습니다.")
            % {"who": _("구청 담당자가") if opinion and opinion.entered_on_behalf else _("위원이")},
            current=opinion,
        )
    if replaces_own and opinion is not None and opinion.is_members_own_submission:
        raise StaleVersion(
            _(
                "저장하지 않았습니다. %(name)s 위원이 포털에서 직접 제출한 의견서가 있습니다. "
                "두 내용을 비교하고, 위원의 제출본을 바꾸려면 그렇게 선택한 뒤 다시 저장하세요."
            )
            % {"name": member.name},
            current=opinion,
        )


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
    yet); a save over any other version is refused (`lib.errors.StaleVersion`), so two
    people saving at once give one winner and the other sees both texts. Staff
    never replace a member's own submission unless `replace_submission` says
    they saw it and chose to.
    """
    now = now or timezone.now()
    # The meeting's row lock serializes every save of its opinions: the deadline,
    # the version and the one-opinion-per-member rule are judged one at a time.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    on_behalf = channel != Opinion.Channel.PORTAL
    _check_may_save(meeting, member, on_behalf=on_behalf, now=now)
    points = [p for p in points if p.text.strip()]
    if submit and not points:
        raise ValidationError(_("제출하려면 의견을 하나 이상 적어 주세요."))

    opinion = (
        Opinion.objects.select_for_update(of=("self",))
        .select_related("entered_by")
        .filter(meeting=meeting, member=member)
        .first()
    )
    _check_version(
        opinion,
        member,
        entered_by=entered_by,
        expected_version=expected_version,
        replaces_own=on_behalf and not replace_submission,
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
    if submit and send_copy:
        # The receipt by the member's own channel (문자/알림톡), even in quiet hours.
        notice_events.opinion_received(opinion=opinion, now=now)
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
