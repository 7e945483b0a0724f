"""A council full of hostile text: every free-text field of every model that exists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from council.models import AgendaItem, AuditEvent, Meeting, Member
from tests import factories
from tests.hostile.payloads import ALL, SHORT


@dataclass
class HostileData:
    meeting: Meeting
    proposal_numbers: list[int] = field(default_factory=list)
    facility_codes: list[str] = field(default_factory=list)


def _make_members(world, texts: list[str]) -> list[Member]:
    members = [world.member]
    for index, payload in enumerate(p for p in texts if len(p) <= 50):
        members.append(factories.make_member(world.council, f"hostile{index}", name=payload))
    Member.objects.filter(pk=world.member.pk).update(affiliation=SHORT[0])
    return members


def _make_proposals(world, meeting, opinion, texts: list[str]) -> list[int]:
    try:
        from proposals.models import DepartmentResponse, Proposal
    except ImportError:
        return []
    numbers = []
    points = list(opinion.points.all())
    category = world.council.categories.first()
    for number, payload in enumerate(texts, start=1):
        proposal = Proposal.objects.create(
            meeting=meeting,
            number=number,
            category=category,
            headline=payload[:300],
            details=f"{payload}\n{texts[-number]}",
            department=world.department,
        )
        proposal.source_points.add(points[number - 1])
        DepartmentResponse.objects.create(
            proposal=proposal,
            department=world.department,
            state=DepartmentResponse.State.PARTIAL,
            lines=f"{payload}\n{texts[number % len(texts)]}",
            status=DepartmentResponse.Status.DRAFT,
            return_comment=payload,
        )
        commitment = factories.make_commitment(
            proposal,
            what=payload[:300],
            status="장기 검토",
            reason=texts[-number],
            due_date=dt.date(2024, 1, 31),
        )
        factories.make_note(commitment, text=payload, pdf=False)
        numbers.append(number)
    return numbers


def _make_facilities(world, texts: list[str]) -> list[str]:
    try:
        from facilities.models import Facility
    except ImportError:
        return []
    dong = world.council.dongs.first()
    codes = []
    for index, payload in enumerate(p for p in texts if len(p) <= 100):
        code = f"HX-{index:03d}"
        Facility.objects.create(
            council=world.council,
            code=code,
            kind=Facility.Kind.TOGETHER,
            name=payload,
            dong=dong,
            address=payload,
            operator=payload,
            notes=texts[index % len(texts)],
        )
        codes.append(code)
    return codes


def make_hostile_council(
    world, *, status: str = Meeting.Status.OPEN, texts: list[str] | None = None
) -> HostileData:
    """Hostile `texts` (default: every payload) in every free-text field of `world.council`."""
    texts = list(texts or ALL)
    members = _make_members(world, texts)
    meeting = factories.make_meeting(world.council, status=status, invite=members)
    for order, payload in enumerate(texts, start=2):
        AgendaItem.objects.create(meeting=meeting, order=order, title=payload[:200], body=payload)
    opinion = factories.make_opinion(meeting, world.member, texts)
    opinion.behalf_note = SHORT[1]
    opinion.save()
    for payload in SHORT:
        AuditEvent.objects.create(
            user=world.staff,
            council=world.council,
            action="pdf_download",
            target=payload,
            at=dt.datetime(2023, 12, 22, tzinfo=factories.SEOUL),
        )
    return HostileData(
        meeting=meeting,
        proposal_numbers=_make_proposals(world, meeting, opinion, texts),
        facility_codes=_make_facilities(world, texts),
    )
