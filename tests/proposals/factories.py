"""Factories for proposals tests: a closed meeting with submitted points, and proposals."""

from __future__ import annotations

import datetime as dt

from council.models import Category, Council, Meeting, Member, OpinionPoint
from proposals.models import Department, DepartmentResponse, Proposal
from tests import factories


def make_closed_meeting(council: Council, **kwargs) -> Meeting:
    kwargs.setdefault("status", Meeting.Status.CLOSED)
    return factories.make_meeting(council, **kwargs)


def make_points(meeting: Meeting, member: Member, texts: list[str]) -> list[OpinionPoint]:
    opinion = factories.make_opinion(meeting, member, texts)
    return list(opinion.points.order_by("order"))


def make_proposal(
    meeting: Meeting,
    *,
    number: int | None = None,
    headline: str = "돌봄센터 확충",
    department: Department | None = None,
    category: Category | None = None,
    due_date: dt.date | None = None,
    points: list[OpinionPoint] = (),
) -> Proposal:
    if number is None:
        number = Proposal.objects.filter(meeting=meeting).count() + 1
    proposal = Proposal.objects.create(
        meeting=meeting,
        number=number,
        headline=headline,
        details="첫째 줄\n둘째 줄",
        category=category or Category.objects.filter(council=meeting.council).first(),
        department=department,
        due_date=due_date,
    )
    if points:
        proposal.source_points.set(points)
    return proposal


def make_response(
    proposal: Proposal,
    *,
    status: str = DepartmentResponse.Status.DRAFT,
    lines: str = "검토하겠습니다.",
    state: str = DepartmentResponse.State.PARTIAL,
) -> DepartmentResponse:
    return DepartmentResponse.objects.create(
        proposal=proposal,
        department=proposal.department,
        status=status,
        lines=lines,
        state=state,
    )
