"""Plain factory functions for tests: each makes one valid object with defaults."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User

from council.models import (
    AgendaItem,
    Category,
    Council,
    Dong,
    Invitation,
    Meeting,
    Member,
    Opinion,
    OpinionPoint,
    Staff,
)
from proposals.models import Department, Reviewer

SEOUL = ZoneInfo("Asia/Seoul")
PASSWORD = "test-password-123"
_seq = itertools.count(1)


def make_user(username: str | None = None, **fields) -> User:
    username = username or f"user{next(_seq)}"
    user = User(username=username, email=f"{username}@example.com", **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_council(slug: str = "geumjeong", district: str = "금정구") -> Council:
    council = Council.objects.create(
        slug=slug,
        name=f"{district} 지역돌봄협의체",
        district=district,
        purpose="지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소",
    )
    for order, name in enumerate(["시설 확충", "운영", "지역사회 연계"], start=1):
        Category.objects.create(council=council, name=name, order=order)
    Dong.objects.create(council=council, name="구서2동", order=1)
    Dong.objects.create(council=council, name="장전1동", order=2)
    return council


def make_staff(council: Council, username: str | None = None) -> User:
    user = make_user(username)
    Staff.objects.create(user=user, council=council, name="담당자")
    return user


def make_department(council: Council, name: str = "아동청소년과") -> Department:
    return Department.objects.create(council=council, name=name)


def make_reviewer(department: Department, username: str | None = None) -> User:
    user = make_user(username)
    Reviewer.objects.create(user=user, department=department, name="검토자")
    return user


def make_member(
    council: Council,
    username: str | None = None,
    *,
    name: str | None = None,
    term_start: dt.date = dt.date(2023, 1, 1),
    term_end: dt.date | None = None,
) -> Member:
    user = make_user(username)
    return Member.objects.create(
        user=user,
        council=council,
        name=name or f"위원{user.pk}",
        affiliation="학부모",
        term_start=term_start,
        term_end=term_end,
    )


def make_meeting(
    council: Council,
    *,
    year: int = 2023,
    half: int = 2,
    status: str = Meeting.Status.OPEN,
    deadline: dt.datetime | None = None,
    period_start: dt.date = dt.date(2023, 12, 20),
    period_end: dt.date = dt.date(2023, 12, 22),
    invite: list[Member] | None = None,
) -> Meeting:
    meeting = Meeting.objects.create(
        council=council,
        year=year,
        half=half,
        method=Meeting.Method.WRITTEN,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline or dt.datetime(2099, 12, 22, 18, 0, tzinfo=SEOUL),
        status=status,
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="금정구 초등돌봄 기관별 현황")
    for member in invite or []:
        Invitation.objects.create(meeting=meeting, member=member)
    return meeting


def make_opinion(
    meeting: Meeting,
    member: Member,
    texts: list[str] = ("의견입니다.",),
    *,
    status: str = Opinion.Status.SUBMITTED,
) -> Opinion:
    opinion = Opinion.objects.create(
        meeting=meeting,
        member=member,
        status=status,
        entered_by=member.user,
        submitted_at=dt.datetime(2023, 12, 21, 10, 0, tzinfo=SEOUL)
        if status == Opinion.Status.SUBMITTED
        else None,
    )
    for order, text in enumerate(texts, start=1):
        OpinionPoint.objects.create(opinion=opinion, order=order, text=text)
    return opinion


def make_commitment(
    proposal,
    *,
    department=None,
    what: str = "다함께돌봄센터 신규 개소",
    due_date: dt.date = dt.date(2024, 6, 30),
    status: str = "계획",
    reason: str = "",
    response_status: str = "final",
):
    """A commitment of the proposal's response (made final unless told), in a status
    of the council's default list."""
    from proposals.commitment_services import ensure_statuses
    from proposals.models import Commitment, DepartmentResponse

    department = department or proposal.department
    response = DepartmentResponse.objects.filter(proposal=proposal).first()
    if response is None:
        response = DepartmentResponse.objects.create(
            proposal=proposal,
            department=proposal.department or department,
            state=DepartmentResponse.State.PARTIAL,
            lines="추진하겠음.",
            status=response_status,
        )
    statuses = {s.name: s for s in ensure_statuses(council=proposal.meeting.council)}
    return Commitment.objects.create(
        response=response,
        order=response.commitments.count() + 1,
        what=what,
        department=department,
        due_date=due_date,
        status=statuses[status],
        reason=reason,
    )


def make_note(commitment, *, text: str = "공사 착공", day: dt.date = dt.date(2024, 3, 4), pdf=True):
    """A progress note, with a small PDF attachment unless told otherwise."""
    from django.core.files.base import ContentFile

    from proposals.models import ProgressNote

    note = ProgressNote(commitment=commitment, date=day, text=text, author_label="검토자")
    if pdf:
        note.attachment_name = "경과.pdf"
        note.attachment_type = "application/pdf"
        note.attachment_size = 14
        note.attachment.save("x.pdf", ContentFile(b"%PDF-1.4 stand"), save=False)
    note.save()
    return note
