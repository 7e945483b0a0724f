"""Workflows on proposals and responses: aggregation, numbering, saving with a version check.

Every public function is keyword-only and runs under `transaction.atomic`; what
the meeting's rules forbid is refused with `WorkflowError` (a Korean message).
Saves that come from a form carry the `version` the form was loaded with; when
the row has moved on since, `lib.errors.StaleVersion` is raised and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Category, Council, Meeting, OpinionPoint
from lib.errors import Refused, StaleVersion
from lib.ordering import swap_with_neighbour
from proposals import notices
from proposals.commitment_services import CommitmentInput, sync_commitments
from proposals.models import Department, DepartmentResponse, Proposal, Reviewer


class WorkflowError(Refused):
    """A request the workflow refuses, with a Korean message for the user."""


def _lock_meeting_for_aggregation(meeting_id: int) -> Meeting:
    """Lock the meeting row (numbers are handed out under it) and check the rule."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
    if not meeting.allows_aggregation():
        raise WorkflowError(
            _("의견 접수가 마감된 뒤, 결과를 공개하기 전까지만 건의사항을 만들고 고칠 수 있습니다.")
        )
    return meeting


def aggregation_started(meeting: Meeting) -> bool:
    """Staff have made a proposal of this meeting (council asks before it moves a
    deadline: the round cannot reopen under proposals already made)."""
    return Proposal.objects.filter(meeting=meeting).exists()


def _points_text(points: Iterable[OpinionPoint]) -> str:
    lines: list[str] = []
    for point in points:
        lines.extend(line.strip() for line in point.text.splitlines() if line.strip())
    return "\n".join(lines)


def _headline_from(points: Sequence[OpinionPoint]) -> str:
    first = points[0].text.strip().splitlines()[0] if points[0].text.strip() else ""
    return first[:300] or _("새 건의사항")


@transaction.atomic
def create_proposal(
    *,
    meeting: Meeting,
    points: Sequence[OpinionPoint],
    headline: str = "",
    category: Category | None = None,
) -> Proposal:
    """A new proposal numbered last in the meeting, its ▷ details pre-filled from the points."""
    if not points:
        raise WorkflowError(_("건의사항으로 만들 의견을 하나 이상 선택하세요."))
    # The meeting row's lock also makes two staff creating at once get different numbers.
    _lock_meeting_for_aggregation(meeting.pk)
    last = Proposal.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
    category = (
        category
        or next((p.category for p in points if p.category_id), None)
        or Category.objects.filter(council=meeting.council_id).first()
    )
    if category is None:
        raise WorkflowError(_("분야를 먼저 등록하세요."))
    proposal = Proposal.objects.create(
        meeting=meeting,
        number=last + 1,
        category=category,
        headline=(headline.strip() or _headline_from(points))[:300],
        details=_points_text(points),
    )
    proposal.source_points.set(points)
    return proposal


@transaction.atomic
def add_recorded_proposal(
    *,
    meeting: Meeting,
    headline: str,
    details: str,
    category: Category,
    department: Department | None,
    number: int | None = None,
) -> Proposal:
    """A proposal of a meeting recorded after the fact (it has no opinion points in
    the portal to aggregate). Numbered last, or `number` when it is still free
    (an import keeps the numbers of the document it reads)."""
    meeting = _lock_meeting_for_aggregation(meeting.pk)
    if not meeting.recorded:
        raise WorkflowError(_("의견을 모은 회의의 건의사항은 취합 화면에서 만듭니다."))
    if category.council_id != meeting.council_id or (
        department is not None and department.council_id != meeting.council_id
    ):
        raise WorkflowError(_("이 협의체의 분야·부서가 아닙니다."))
    if not headline.strip():
        raise WorkflowError(_("건의사항 제목을 적으세요."))
    last = Proposal.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0
    if number is not None and Proposal.objects.filter(meeting=meeting, number=number).exists():
        raise WorkflowError(_("%(number)s번 건의사항이 이미 있습니다.") % {"number": number})
    return Proposal.objects.create(
        meeting=meeting,
        number=number or last + 1,
        category=category,
        headline=headline.strip()[:300],
        details=details.strip(),
        department=department,
    )


@transaction.atomic
def add_points(*, proposal: Proposal, points: Sequence[OpinionPoint]) -> Proposal:
    """Add points to a proposal and append their text to its ▷ details; points it already
    has are left out, and a new version is saved only when there is something new."""
    if not points:
        raise WorkflowError(_("추가할 의견을 하나 이상 선택하세요."))
    _lock_meeting_for_aggregation(proposal.meeting_id)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    already = set(locked.source_points.values_list("pk", flat=True))
    new_points = [p for p in points if p.pk not in already]
    if new_points:
        extra = _points_text(new_points)
        locked.details = f"{locked.details.rstrip()}\n{extra}".strip()
        locked.version += 1
        locked.save()
        locked.source_points.add(*new_points)
    return locked


@transaction.atomic
def update_proposal(
    *,
    proposal: Proposal,
    version: int,
    category: Category,
    headline: str,
    details: str,
    department: Department | None,
    due_date: dt.date | None,
    source_points: Iterable[OpinionPoint],
) -> Proposal:
    """Save the edit form, refusing (StaleVersion) if someone saved since `version`.

    When the proposal moves to another department, a response the old
    department wrote (draft or final) stays with that department in the
    history, and the new department starts afresh: the proposal has no
    response until it writes one.
    """
    _lock_meeting_for_aggregation(proposal.meeting_id)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.version != version:
        raise StaleVersion(current=locked)
    moved_department = locked.department_id != (department.pk if department else None)
    locked.category = category
    locked.headline = headline
    # A browser sends a textarea's line breaks as CRLF: stored as \n, an untouched
    # 세부 내용 stays equal and the history does not call it changed.
    locked.details = details.replace("\r\n", "\n").replace("\r", "\n")
    locked.department = department
    locked.due_date = due_date
    locked.version = version + 1
    locked.save()
    locked.source_points.set(list(source_points))
    response = DepartmentResponse.objects.select_for_update().filter(proposal=locked).first()
    if moved_department and response is not None:
        response._change_reason = _("담당 부서 변경")
        response.delete()
    return locked


def _renumber(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Give the proposals numbers 1..n in `ordered_ids` order.

    Two steps, because (meeting, number) is unique and a direct swap would
    collide midway: first move every row past the current maximum, then
    write the final numbers.
    """
    proposals = Proposal.objects.in_bulk(ordered_ids)
    before = {pk: proposal.number for pk, proposal in proposals.items()}
    offset = (Proposal.objects.filter(meeting=meeting).aggregate(m=Max("number"))["m"] or 0) + 1
    for index, pk in enumerate(ordered_ids):
        Proposal.objects.filter(pk=pk).update(number=offset + index + 1)
    for index, pk in enumerate(ordered_ids):
        proposal = proposals[pk]
        proposal.number = index + 1
        if proposal.number == before[pk]:
            Proposal.objects.filter(pk=pk).update(number=proposal.number)
            continue
        # A new number is a change like any other: it goes into the history, and
        # a form loaded before it carries an older version and is refused.
        proposal.version += 1
        proposal._change_reason = _("번호 변경")
        proposal.save(update_fields=["number", "version", "updated_at"])


@transaction.atomic
def move_proposal(*, proposal: Proposal, direction: str) -> None:
    """Move a proposal one place up or down; numbers stay 1..n."""
    _lock_meeting_for_aggregation(proposal.meeting_id)
    ids = list(
        Proposal.objects.filter(meeting_id=proposal.meeting_id)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    _renumber(proposal.meeting, swap_with_neighbour(ids, ids.index(proposal.pk), direction))


@transaction.atomic
def delete_proposal(*, proposal: Proposal) -> None:
    """Delete a proposal (its points become 'left out' again) and close the gap in numbers."""
    meeting = _lock_meeting_for_aggregation(proposal.meeting_id)
    proposal.delete()
    ids = list(
        Proposal.objects.filter(meeting=meeting).order_by("number").values_list("pk", flat=True)
    )
    _renumber(meeting, ids)


@transaction.atomic
def save_response(
    *,
    proposal: Proposal,
    version: int,
    state: str,
    lines: str,
    final: bool,
    user: User,
    as_staff: bool,
    commitments: Sequence[CommitmentInput] | None = None,
    now: dt.datetime | None = None,
) -> DepartmentResponse:
    """Write the department's response (draft or final), checking `version`.

    `version` is 0 when the form was loaded before any response existed.
    `as_staff` records that district staff typed it on the department's behalf;
    only staff may rewrite a final response (a reviewer's final is final until
    staff return it). `commitments` are the follow-up commitments written with
    it (see commitment_services.sync_commitments); None leaves them as they are.
    """
    now = now or timezone.now()
    locked_proposal = (
        Proposal.objects.select_for_update().select_related("meeting").get(pk=proposal.pk)
    )
    if not locked_proposal.meeting.accepts_responses():
        raise WorkflowError(
            _("의견 접수가 마감된 회의의 건의사항에만 검토 의견을 적을 수 있습니다.")
        )
    if locked_proposal.department_id is None:
        raise WorkflowError(_("담당 부서를 먼저 지정하세요."))
    response = DepartmentResponse.objects.select_for_update().filter(proposal=proposal).first()
    current_version = response.version if response else 0
    if current_version != version:
        raise StaleVersion(current=response)
    if response is not None and not response.may_be_rewritten_by(as_staff=as_staff):
        raise WorkflowError(
            _("최종 제출된 검토 의견은 구청 담당자가 보완 요청한 뒤에 고칠 수 있습니다.")
        )
    if final and not lines.strip():
        raise WorkflowError(_("최종 제출하려면 검토 의견을 한 줄 이상 적으세요."))
    if final and not state:
        raise WorkflowError(_("최종 제출하려면 검토 결과를 고르세요."))
    if response is None:
        response = DepartmentResponse(proposal=locked_proposal, version=0)
    response.department_id = locked_proposal.department_id
    response.state = state
    response.lines = lines
    response.status = DepartmentResponse.Status.FINAL if final else DepartmentResponse.Status.DRAFT
    response.submitted_at = now if final else None
    response.entered_by = user
    response.entered_by_staff = as_staff
    if final:
        response.return_comment = ""
    response.version = version + 1
    response._history_date = now
    response.save()
    if commitments is not None:
        sync_commitments(
            response=response, items=commitments, user=user, as_staff=as_staff, now=now
        )
    return response


@transaction.atomic
def add_department(*, council: Council, name: str) -> Department:
    return Department.objects.create(council=council, name=name)


@transaction.atomic
def add_reviewer(*, department: Department, user: User, name: str) -> Reviewer:
    """Make an account the reviewer (부서 담당자) of a department."""
    return Reviewer.objects.create(user=user, department=department, name=name)


@transaction.atomic
def return_response(*, proposal: Proposal, comment: str) -> DepartmentResponse:
    """Staff send a final response back to the department with a comment."""
    response = DepartmentResponse.objects.select_for_update().filter(proposal=proposal).first()
    if response is None or not response.is_final:
        raise WorkflowError(_("최종 제출된 검토 의견만 보완 요청할 수 있습니다."))
    if not comment.strip():
        raise WorkflowError(_("보완 요청 사유를 적으세요."))
    response.status = DepartmentResponse.Status.RETURNED
    response.return_comment = comment.strip()
    response.version += 1
    response.save()
    notices.response_returned(response=response, now=timezone.now())
    return response
