"""Factories for result-document tests: a meeting with proposals and responses."""

from __future__ import annotations

import datetime as dt

from council.models import Category, Council, Meeting, Opinion
from proposals.models import Department, DepartmentResponse, Proposal
from tests import factories


def make_proposal(
    meeting: Meeting,
    number: int,
    *,
    category: Category | None = None,
    headline: str = "돌봄시설 확충",
    details: str = "다함께돌봄센터 확충이 필요함.",
    department: Department | None = None,
    response_lines: str | None = "차질없이 추진하겠음.",
    response_status: str = DepartmentResponse.Status.FINAL,
) -> Proposal:
    category = category or meeting.council.categories.order_by("order").first()
    department = department or meeting.council.departments.first()
    proposal = Proposal.objects.create(
        meeting=meeting,
        number=number,
        category=category,
        headline=headline,
        details=details,
        department=department,
    )
    if response_lines is not None:
        DepartmentResponse.objects.create(
            proposal=proposal,
            department=department,
            lines=response_lines,
            status=response_status,
        )
    return proposal


def make_result_meeting(
    council: Council,
    *,
    proposals: int = 3,
    invited: int = 3,
    submitted: int = 2,
    status: str = Meeting.Status.CLOSED,
    year: int = 2023,
    half: int = 2,
) -> Meeting:
    """A closed meeting with `invited` members, `submitted` opinions and `proposals` proposals."""
    if not council.departments.exists():
        factories.make_department(council)
    members = [factories.make_member(council) for _ in range(invited)]
    meeting = factories.make_meeting(
        council,
        status=status,
        year=year,
        half=half,
        # An open meeting is still taking opinions: its deadline lies ahead.
        deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=factories.SEOUL)
        if status != Meeting.Status.OPEN
        else dt.datetime(2099, 12, 22, 18, 0, tzinfo=factories.SEOUL),
        invite=members,
    )
    for member in members[:submitted]:
        factories.make_opinion(meeting, member, ["위원 개인 의견: 비공개여야 함"])
    if invited > submitted:
        factories.make_opinion(
            meeting, members[submitted], ["임시 저장"], status=Opinion.Status.DRAFT
        )
    categories = list(council.categories.order_by("order"))
    for number in range(1, proposals + 1):
        make_proposal(meeting, number, category=categories[(number - 1) % len(categories)])
    return meeting
