"""Workflows of follow-up commitments (후속 조치): writing them with a response,
progress between meetings, the council's status list, reminders and e-mails.

Every function is keyword-only and runs under `transaction.atomic`. Saves that
come from a form carry the `version` the form was loaded with; when the row
has moved on since, `lib.errors.StaleVersion` is raised and nothing is written. `now`
lets a replay (the demo, a past meeting's import) write at real dates: it is
also the date the change history records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Council, Member
from council.notices.outbox import Recipient, member_recipients, notify
from lib.dates import korean_date
from lib.errors import Refused, StaleVersion
from lib.korean import particle
from lib.ordering import renumber, swap_with_neighbour
from proposals.models import (
    DEFAULT_STATUSES,
    Commitment,
    CommitmentReminder,
    CommitmentStatus,
    Department,
    DepartmentResponse,
    ProgressNote,
    StatusMailSubscription,
)


class CommitmentRefused(Refused):
    """A rule forbids the change; the message is for the user."""


def _stamp(instance, *, user: User | None, now: dt.datetime) -> None:
    """Make the change history record when (and by whom) this change really happened."""
    instance._history_date = now
    if user is not None:
        instance._history_user = user


def author_label(user: User, *, as_staff: bool) -> str:
    """Who wrote an entry, as the timeline shows it."""
    name = user.get_full_name() or user.username
    if as_staff:
        staff = getattr(user, "staff", None)
        return _("%(name)s (구청 담당자 대리 입력)") % {"name": staff.name if staff else name}
    reviewer = getattr(user, "reviewer", None)
    if reviewer is not None:
        return f"{reviewer.name} ({reviewer.department.name})"
    return name


# ---------------------------------------------------------------- the council's status list


@transaction.atomic
def ensure_statuses(*, council: Council) -> list[CommitmentStatus]:
    """The council's ordered statuses, made from the defaults the first time they are needed."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    statuses = list(CommitmentStatus.objects.filter(council=council))
    if statuses:
        return statuses
    CommitmentStatus.objects.bulk_create(
        CommitmentStatus(
            council=council,
            name=name,
            order=order,
            progress=progress,
            kind=kind,
            needs_reason=needs_reason,
        )
        for order, (name, progress, kind, needs_reason) in enumerate(DEFAULT_STATUSES, start=1)
    )
    return list(CommitmentStatus.objects.filter(council=council))


@transaction.atomic
def add_status(
    *,
    council: Council,
    name: str,
    progress: int | None,
    kind: str,
    needs_reason: bool,
) -> CommitmentStatus:
    """A new status, last in the council's order."""
    ensure_statuses(council=council)
    if CommitmentStatus.objects.filter(council=council, name=name).exists():
        raise CommitmentRefused(_("같은 이름의 추진 상태가 이미 있습니다."))
    last = CommitmentStatus.objects.filter(council=council).aggregate(m=Max("order"))["m"] or 0
    return CommitmentStatus.objects.create(
        council=council,
        name=name,
        order=last + 1,
        progress=progress,
        kind=kind,
        needs_reason=needs_reason,
    )


@transaction.atomic
def move_status(*, status: CommitmentStatus, direction: str) -> None:
    statuses = list(CommitmentStatus.objects.select_for_update().filter(council=status.council_id))
    index = next(i for i, s in enumerate(statuses) if s.pk == status.pk)
    renumber(swap_with_neighbour(statuses, index, direction))


# ---------------------------------------------------------------- written with the response


@dataclass(frozen=True)
class CommitmentInput:
    """One commitment row of the response form: `pk` None for a new one."""

    what: str
    department: Department
    due_date: dt.date
    pk: int | None = None
    version: int = 0
    # Where a new commitment starts (the first status when None); only an import of a
    # past meeting's result gives one, with its reason.
    status: CommitmentStatus | None = None
    reason: str = ""


def sync_commitments(
    *,
    response: DepartmentResponse,
    items: Sequence[CommitmentInput],
    user: User,
    as_staff: bool,
    now: dt.datetime,
) -> None:
    """Make the response's commitments what the form says (called by save_response,
    inside its transaction, with the response row locked).

    A reviewer writes only commitments of their own department; rows of other
    departments (which staff added) are left as they are. A commitment with
    progress notes cannot be removed. A row edited over a newer version is
    refused.
    """
    own = None if as_staff else response.department_id
    existing = {c.pk: c for c in Commitment.objects.select_for_update().filter(response=response)}
    editable = {pk: c for pk, c in existing.items() if own is None or c.department_id == own}
    council = response.department.council
    statuses = ensure_statuses(council=council)
    first_status = statuses[0]
    kept: set[int] = set()
    next_order = max((c.order for c in existing.values()), default=0) + 1
    for item in items:
        if item.department.council_id != council.pk:
            raise CommitmentRefused(_("이 협의체의 부서가 아닙니다."))
        if own is not None and item.department.pk != own:
            raise CommitmentRefused(
                _("다른 부서의 후속 조치는 구청 담당자가 정합니다. 담당 부서를 확인하세요.")
            )
        if item.pk is None:
            status = item.status or first_status
            if status.council_id != council.pk:
                raise CommitmentRefused(_("이 협의체의 추진 상태가 아닙니다."))
            if status.needs_reason and not item.reason.strip():
                raise CommitmentRefused(
                    _("‘%(status)s’%(ro)s 두려면 사유를 적으세요.")
                    % {"status": status.name, "ro": particle(status.name, "(으)로")}
                )
            commitment = Commitment(
                response=response,
                order=next_order,
                what=item.what.strip()[:300],
                department=item.department,
                due_date=item.due_date,
                status=status,
                reason=item.reason.strip() if status.needs_reason else "",
                entered_by=user,
                entered_by_staff=as_staff,
                created_at=now,
                status_changed_at=now,
                closed_at=now if status.closes else None,
            )
            next_order += 1
            _stamp(commitment, user=user, now=now)
            commitment.save()
            continue
        commitment = editable.get(item.pk)
        if commitment is None:
            raise CommitmentRefused(_("이 검토 의견의 후속 조치가 아닙니다."))
        kept.add(item.pk)
        changed = (
            commitment.what != item.what.strip()
            or commitment.department_id != item.department.pk
            or commitment.due_date != item.due_date
        )
        if not changed:
            continue
        if commitment.version != item.version:
            raise CommitmentRefused(
                _(
                    "후속 조치 “%(what)s”를 다른 사람이 먼저 바꿨습니다. "
                    "입력하신 내용은 저장되지 않았습니다. 새로 불러와 다시 적어 주세요."
                )
                % {"what": commitment.what}
            )
        commitment.what = item.what.strip()[:300]
        commitment.department = item.department
        commitment.due_date = item.due_date
        commitment.entered_by = user
        commitment.entered_by_staff = as_staff
        commitment.version += 1
        _stamp(commitment, user=user, now=now)
        commitment.save()
    removed = [c for pk, c in editable.items() if pk not in kept]
    for commitment in removed:
        if commitment.notes.exists():
            raise CommitmentRefused(
                _("추진 경과가 있는 후속 조치 “%(what)s”는 지울 수 없습니다.")
                % {"what": commitment.what}
            )
        _stamp(commitment, user=user, now=now)
        commitment._change_reason = _("검토 의견에서 삭제")
        commitment.delete()


# ---------------------------------------------------------------- between meetings


@dataclass(frozen=True)
class Attachment:
    """A checked upload (council.forms.check_material) for a progress note."""

    file: UploadedFile
    name: str
    content_type: str


def record_progress(
    *,
    commitment: Commitment,
    version: int,
    status: CommitmentStatus | None = None,
    reason: str = "",
    note_date: dt.date | None = None,
    note_text: str = "",
    attachment: Attachment | None = None,
    user: User,
    as_staff: bool,
    now: dt.datetime | None = None,
) -> Commitment:
    """Change the status and/or add a dated progress note (추진 경과), checking `version`.

    A status that needs a reason (장기 검토, 추진 불가) refuses an empty one; a
    closed commitment is reopened only by staff; a note may not be dated in
    the future. A status change is a timeline entry of its own (with the
    note's text when one is given). Members who asked to hear of status
    changes get an e-mail once the change is committed. An attachment stored
    for a change that is then refused or rolled back is deleted again.
    """
    stored: list[str] = []
    try:
        return _record_progress(
            commitment=commitment,
            version=version,
            status=status,
            reason=reason,
            note_date=note_date,
            note_text=note_text,
            attachment=attachment,
            user=user,
            as_staff=as_staff,
            now=now or timezone.now(),
            stored=stored,
        )
    except BaseException:
        from django.core.files.storage import default_storage

        for name in stored:
            default_storage.delete(name)
        raise


@transaction.atomic
def _record_progress(
    *,
    commitment: Commitment,
    version: int,
    status: CommitmentStatus | None,
    reason: str,
    note_date: dt.date | None,
    note_text: str,
    attachment: Attachment | None,
    user: User,
    as_staff: bool,
    now: dt.datetime,
    stored: list[str],
) -> Commitment:
    today = timezone.localdate(now)
    locked = (
        Commitment.objects.select_for_update()
        .select_related("status", "department__council", "response")
        .get(pk=commitment.pk)
    )
    if locked.version != version:
        raise StaleVersion(current=locked)
    if not locked.accepts_progress():
        raise CommitmentRefused(
            _("검토 의견이 최종 제출된 뒤에 추진 상태와 추진 경과를 기록할 수 있습니다.")
        )
    reason = reason.strip()
    note_text = note_text.strip()
    new_status = status if status is not None and status.pk != locked.status_id else None
    old_status = locked.status
    if new_status is not None:
        refusal = locked.may_change_status_to(new_status, as_staff=as_staff)
        if refusal:
            raise CommitmentRefused(refusal)
    target = new_status or old_status
    if target.needs_reason and not (reason or (new_status is None and locked.reason)):
        raise CommitmentRefused(
            _("‘%(status)s’%(ro)s 두려면 사유를 적으세요.")
            % {"status": target.name, "ro": particle(target.name, "(으)로")}
        )
    reason_changed = target.needs_reason and reason and reason != locked.reason
    if new_status is None and not note_text and not reason_changed:
        raise CommitmentRefused(_("바뀐 내용이 없습니다. 상태를 바꾸거나 추진 경과를 적으세요."))
    if attachment is not None and not note_text:
        raise CommitmentRefused(_("첨부 파일은 추진 경과와 함께 올리세요."))
    note_date = note_date or today
    if note_date > today:
        raise CommitmentRefused(_("추진 경과 날짜는 오늘 이후일 수 없습니다."))

    if new_status is not None:
        locked.status = new_status
        locked.status_changed_at = now
        locked.closed_at = now if new_status.closes else None
    if target.needs_reason:
        locked.reason = reason or locked.reason
    elif new_status is not None:
        locked.reason = ""
    locked.version += 1
    _stamp(locked, user=user, now=now)
    locked.save()
    if new_status is not None or note_text:
        note = ProgressNote(
            commitment=locked,
            date=note_date,
            text=note_text or (reason if new_status is not None and reason else ""),
            status=new_status,
            author=user,
            author_label=author_label(user, as_staff=as_staff),
            entered_by_staff=as_staff,
            created_at=now,
        )
        if attachment is not None:
            note.attachment_name = attachment.name[:255]
            note.attachment_type = attachment.content_type
            note.attachment_size = attachment.file.size
            note.attachment.save(attachment.name, attachment.file, save=False)
            stored.append(note.attachment.name)
        _stamp(note, user=user, now=now)
        note.save()
    if new_status is not None:
        # Queued in this transaction (council.notices): no change, no notice.
        notify_status_change(
            commitment_id=locked.pk, old=old_status.label, new=new_status.label, now=now
        )
    return locked


def notify_status_change(
    *, commitment_id: int, old: str, new: str, now: dt.datetime | None = None
) -> int:
    """Tell the members who fed the proposal and asked to hear (once per change),
    by their own channel (council.notices). Only for a commitment the public may
    see (made, meeting published)."""
    now = now or timezone.now()
    commitment = (
        Commitment.objects.public()
        .select_related("response__proposal__meeting__council", "department", "status")
        .filter(pk=commitment_id)
        .first()
    )
    if commitment is None:
        return 0
    proposal = commitment.response.proposal
    meeting = proposal.meeting
    members = (
        Member.objects.filter(
            status_mail_subscription__isnull=False,
            opinions__points__proposals=proposal,
        )
        .not_ended_by(timezone.localdate())  # a former member hears nothing more
        .select_related("user", "contact")
        .distinct()
    )
    path = reverse("proposals:member_follow_ups", args=[meeting.council.slug])
    return len(
        notify(
            event="commitment_status",
            key=f"commitment_status:{commitment.pk}:{now:%Y%m%d%H%M%S%f}",
            council=meeting.council,
            meeting=meeting,
            recipients=member_recipients(members),
            variables={
                "proposal": f"{proposal.number}. {proposal.headline}"[:60],
                "old": old,
                "new": new,
                "link": settings.PORTAL_BASE_URL.rstrip("/") + path,
            },
            now=now,
        )
    )


@transaction.atomic
def set_status_mail(*, member: Member, enabled: bool) -> bool:
    """Opt a member in or out of status-change e-mails; returns the new setting.
    A member whose term has ended may only opt out (Refused)."""
    if enabled and not member.in_office(timezone.localdate()):
        raise Refused(
            _(
                "임기가 끝난 위원은 추진 상태 알림을 새로 받을 수 없습니다. 지난 기록은 이 화면에서 볼 수 있습니다."
            )
        )
    if enabled:
        StatusMailSubscription.objects.get_or_create(member=member)
    else:
        StatusMailSubscription.objects.filter(member=member).delete()
    return enabled


# ---------------------------------------------------------------- reminders (cron)


def _queue_commitment_reminder(
    *, commitment: Commitment, kind: str, reviewers: list, base_url: str, now: dt.datetime
) -> None:
    council = commitment.department.council
    url = base_url.rstrip("/") + reverse(
        "proposals:commitment_detail", args=[council.slug, commitment.pk]
    )
    overdue = kind == CommitmentReminder.Kind.OVERDUE
    notify(
        event="commitment_overdue" if overdue else "commitment_due",
        key=f"commitment_{kind}:{commitment.pk}:{commitment.due_date:%Y%m%d}",
        council=council,
        meeting=commitment.response.proposal.meeting,
        recipients=[Recipient(user=r.user, variables={"name": r.name}) for r in reviewers],
        variables={
            "what": commitment.what[:40],
            "department": commitment.department.name,
            "due": korean_date(commitment.due_date),
            "link": url,
        },
        now=now,
    )


def send_commitment_reminders(*, now: dt.datetime | None = None, base_url: str) -> int:
    """For cron: remind each department's reviewers `COMMITMENT_REMINDER_DAYS` before a
    commitment's due date, and once when it is overdue. Each at most once per
    commitment and due date (the CommitmentReminder row is written first; its
    unique constraint refuses a second). Returns how many were queued (council.notices sends them).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + dt.timedelta(days=settings.COMMITMENT_REMINDER_DAYS)
    base = Commitment.objects.made().select_related(
        "department__council", "status", "response__proposal__meeting"
    )
    batches = [
        (
            CommitmentReminder.Kind.BEFORE_DUE,
            base.open().filter(due_date__gte=today, due_date__lte=horizon),
        ),
        (CommitmentReminder.Kind.OVERDUE, base.overdue(today)),
    ]
    sent = 0
    for kind, commitments in batches:
        for commitment in commitments.prefetch_related("department__reviewers__user"):
            reviewers = [r for r in commitment.department.reviewers.all() if r.user.email]
            if not reviewers:
                continue  # reminded once the department has a reviewer with an address
            try:
                with transaction.atomic():
                    CommitmentReminder.objects.create(
                        commitment=commitment, kind=kind, due_date=commitment.due_date, sent_at=now
                    )
                    _queue_commitment_reminder(
                        commitment=commitment,
                        kind=kind,
                        reviewers=reviewers,
                        base_url=base_url,
                        now=now,
                    )
            except IntegrityError:
                continue
            sent += 1
    return sent


def reminders_job(*, now: dt.datetime, base_url: str) -> str:
    """The scheduled job `send_reminders` runs (registered in ProposalsConfig.ready)."""
    sent = send_commitment_reminders(now=now, base_url=base_url)
    return f"sent {sent} commitment reminder(s)"
