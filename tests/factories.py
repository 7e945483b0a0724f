"""The tests' one set of factories: plain functions, each making one valid thing with
sensible defaults (override by keyword), and `make_world`, the council with one named
user per role that the `world` fixture (tests/conftest.py) hands to every test.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.core.files.base import ContentFile

from council.models import (
    AgendaItem,
    Attachment,
    AuditEvent,
    Category,
    Council,
    Dong,
    Invitation,
    Meeting,
    Member,
    Opinion,
    OpinionPoint,
)
from facilities.models import Facility, FacilityFigures
from portal import world as builder
from proposals.models import Department, DepartmentResponse, Proposal

SEOUL = ZoneInfo("Asia/Seoul")
PASSWORD = "test-password-123"
# The smallest files the attachment checks accept as a PDF and a PNG.


def _pdf_bytes() -> bytes:
    """A real one-page PDF (materials must parse as PDF)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png_bytes() -> bytes:
    """A real PNG (materials must decode as images)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = _pdf_bytes()
PNG_BYTES = _png_bytes()
_seq = itertools.count(1)

# --------------------------------------------------------------- people and councils


# The councils and people come from the one world builder (portal/world.py);
# these wrappers give them the tests' defaults.


def make_user(username: str | None = None, **fields) -> User:
    return builder.make_account(username or f"user{next(_seq)}", password=PASSWORD, **fields)


def make_council(
    slug: str = "geumjeong", district: str = "금정구", kind: str = Council.Kind.CHILD_CARE
) -> Council:
    """A council of the 2023 kind (the seed's), unless `kind` says otherwise."""
    return builder.build_council(
        slug=slug, district=district, kind=kind, dongs=("구서2동", "장전1동")
    ).council


def make_staff(council: Council, username: str | None = None) -> User:
    return builder.add_staff(council, make_user(username))


def make_department(council: Council, name: str = "아동청소년과") -> Department:
    return builder.add_department(council, name)


def make_reviewer(department: Department, username: str | None = None) -> User:
    return builder.add_reviewer(department, make_user(username))


def make_member(
    council: Council,
    username: str | None = None,
    *,
    name: str | None = None,
    term_start: dt.date = dt.date(2023, 1, 1),
    term_end: dt.date | None = None,
) -> Member:
    user = make_user(username)
    return builder.add_member(
        council, user, name=name or f"위원{user.pk}", term_start=term_start, term_end=term_end
    )


def make_members(
    council: Council, n: int, *, term_start: dt.date = dt.date(2023, 1, 1)
) -> list[Member]:
    return [make_member(council, term_start=term_start) for _ in range(n)]


# --------------------------------------------------------------- meetings and opinions


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


def make_draft_meeting(council: Council, **kwargs) -> Meeting:
    return make_meeting(council, status=Meeting.Status.DRAFT, **kwargs)


def make_open_meeting(council: Council, invite: list[Member], **kwargs) -> Meeting:
    return make_meeting(council, status=Meeting.Status.OPEN, invite=invite, **kwargs)


def make_closed_meeting(council: Council, **kwargs) -> Meeting:
    kwargs.setdefault("status", Meeting.Status.CLOSED)
    return make_meeting(council, **kwargs)


def make_attachment(meeting: Meeting, name: str = "현황자료.pdf") -> Attachment:
    """A small PDF attached to the meeting's first agenda item."""
    item = meeting.agenda_items.first() or AgendaItem.objects.create(
        meeting=meeting, order=1, title="안건"
    )
    return Attachment.objects.create(
        agenda_item=item,
        file=ContentFile(PDF_BYTES, name="upload"),
        original_name=name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )


def make_points(meeting: Meeting, member: Member, texts: list[str]) -> list[OpinionPoint]:
    """A member's submitted opinion with one point per text, the points in order."""
    opinion = make_opinion(meeting, member, texts)
    return list(opinion.points.order_by("order"))


# --------------------------------------------------------------- proposals and responses


def make_proposal(
    meeting: Meeting,
    number: int | None = None,
    *,
    headline: str = "돌봄센터 확충",
    details: str = "첫째 줄\n둘째 줄",
    department: Department | None = None,
    category: Category | None = None,
    due_date: dt.date | None = None,
    points: Sequence[OpinionPoint] = (),
) -> Proposal:
    """A proposal numbered last in the meeting (or `number`), in the council's first
    category, with no department and no response unless given."""
    if number is None:
        number = Proposal.objects.filter(meeting=meeting).count() + 1
    proposal = Proposal.objects.create(
        meeting=meeting,
        number=number,
        headline=headline,
        details=details,
        category=category
        or Category.objects.filter(council=meeting.council).order_by("order").first(),
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
    """The response of the proposal's department."""
    return DepartmentResponse.objects.create(
        proposal=proposal,
        department=proposal.department,
        status=status,
        lines=lines,
        state=state,
    )


def make_answered_proposal(
    meeting: Meeting,
    number: int | None = None,
    *,
    headline: str = "돌봄시설 확충",
    details: str = "다함께돌봄센터 확충이 필요함.",
    department: Department | None = None,
    response_lines: str | None = "차질없이 추진하겠음.",
    response_status: str = DepartmentResponse.Status.FINAL,
    **fields,
) -> Proposal:
    """A proposal routed to `department` (default: the council's first by name) with its response
    (final by default; none when `response_lines` is None), as the result document shows."""
    department = department or meeting.council.departments.first()
    proposal = make_proposal(
        meeting, number, headline=headline, details=details, department=department, **fields
    )
    if response_lines is not None:
        make_response(proposal, status=response_status, lines=response_lines, state="")
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
    """A meeting with `invited` members, `submitted` opinions (and one draft when someone
    is left), and `proposals` answered proposals across the categories."""
    if not council.departments.exists():
        make_department(council)
    members = [make_member(council) for _ in range(invited)]
    meeting = make_meeting(
        council,
        status=status,
        year=year,
        half=half,
        # An open meeting is still taking opinions: its deadline lies ahead.
        deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL)
        if status != Meeting.Status.OPEN
        else dt.datetime(2099, 12, 22, 18, 0, tzinfo=SEOUL),
        invite=members,
    )
    for member in members[:submitted]:
        make_opinion(meeting, member, ["위원 개인 의견: 비공개여야 함"])
    if invited > submitted:
        make_opinion(meeting, members[submitted], ["임시 저장"], status=Opinion.Status.DRAFT)
    categories = list(council.categories.order_by("order"))
    for number in range(1, proposals + 1):
        make_answered_proposal(meeting, number, category=categories[(number - 1) % len(categories)])
    return meeting


# --------------------------------------------------------------- facilities


def make_facility(
    council: Council,
    *,
    code: str | None = None,
    kind: str = Facility.Kind.TOGETHER,
    name: str | None = None,
    dong: Dong | None = None,
    status: str = Facility.Status.OPERATING,
    opened_on: dt.date | None = dt.date(2020, 3, 2),
    closes_at: dt.time | None = dt.time(19, 0),
    night_care_until: dt.time | None = None,
    temporary_spare: int = 0,
    **fields,
) -> Facility:
    """An operating 다함께돌봄센터 in the council's first 동, open 13:00-19:00."""
    n = next(_seq)
    return Facility.objects.create(
        council=council,
        code=code or f"T-{n:03d}",
        kind=kind,
        name=name or f"시험 돌봄센터 {n}",
        dong=dong or council.dongs.order_by("order").first(),
        status=status,
        opened_on=opened_on,
        opens_at=dt.time(13, 0) if closes_at else None,
        closes_at=closes_at,
        night_care=night_care_until is not None,
        night_care_until=night_care_until,
        temporary_care=temporary_spare > 0,
        temporary_spare=temporary_spare,
        **fields,
    )


def add_figures(
    facility: Facility,
    as_of: dt.date,
    capacity: int,
    enrolled: int,
    waiting: int = 0,
    reason: str = "",
) -> FacilityFigures:
    return FacilityFigures.objects.create(
        facility=facility,
        as_of=as_of,
        capacity=capacity,
        enrolled=enrolled,
        waiting=waiting,
        over_capacity_reason=reason,
    )


def start_survey(
    world: World,
    facilities: Sequence[Facility],
    *,
    today: dt.date | None = None,
    days: int = 7,
    title: str = "현황 조사",
    send: bool = False,
    base_url: str = "",
):
    """A 현황 조사 round started by the world's staff (facilities.surveys.start_round),
    기준일 today, closing `days` later; links queued in the outbox only with `send`."""
    from django.utils import timezone

    from facilities import surveys

    today = today or timezone.localdate()
    return surveys.start_round(
        council=world.council,
        user=world.staff,
        title=title,
        survey_date=today,
        closes_on=today + dt.timedelta(days=days),
        facilities=list(facilities),
        base_url=base_url,
        send=send,
    )


# --------------------------------------------------------------- the world


@dataclass
class World:
    """One council with a named user per role, and a second council with its own staff."""

    council: Council
    department: Department
    other_department: Department
    staff: User
    member: Member
    other_member: Member
    former_member: Member
    reviewer: User
    other_reviewer: User
    superuser: User
    other_council: Council
    other_council_staff: User

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "member": self.member.user,
            "other_member": self.other_member.user,
            "former_member": self.former_member.user,
            "reviewer": self.reviewer,
            "other_reviewer": self.other_reviewer,
            "staff": self.staff,
            "other_council_staff": self.other_council_staff,
            "superuser": self.superuser,
        }[role]


def make_world() -> World:
    council = make_council()
    department = make_department(council)
    other_department = make_department(council, "교육지원과")
    other_council = make_council("haeundae", "해운대구")
    return World(
        council=council,
        department=department,
        other_department=other_department,
        staff=make_staff(council, "staff"),
        member=make_member(council, "member", name="김위원"),
        other_member=make_member(council, "member2", name="이위원"),
        # Term ended before any of the tests' meetings (2023): invited to none of them.
        former_member=make_member(
            council,
            "former",
            name="박전위원",
            term_start=dt.date(2021, 1, 1),
            term_end=dt.date(2022, 12, 31),
        ),
        reviewer=make_reviewer(department, "reviewer"),
        other_reviewer=make_reviewer(other_department, "reviewer2"),
        superuser=make_user("root", is_superuser=True, is_staff=True),
        other_council=other_council,
        other_council_staff=make_staff(other_council, "staff_hd"),
    )


@dataclass
class HostileData:
    meeting: Meeting
    proposal_numbers: list[int] = field(default_factory=list)
    facility_codes: list[str] = field(default_factory=list)


def make_hostile_council(
    world: World, *, status: str = Meeting.Status.OPEN, texts: list[str] | None = None
) -> HostileData:
    """Hostile `texts` (default: every payload of tests/hostile/payloads.py) in every
    free-text field of `world.council`: members, agenda, an opinion, proposals with
    responses, facilities and audit events."""
    from tests.hostile.payloads import ALL, SHORT

    texts = list(texts or ALL)
    members = [world.member]
    for index, payload in enumerate(p for p in texts if len(p) <= 50):
        members.append(make_member(world.council, f"hostile{index}", name=payload))
    Member.objects.filter(pk=world.member.pk).update(affiliation=SHORT[0])
    meeting = make_meeting(world.council, status=status, invite=members)
    for order, payload in enumerate(texts, start=2):
        AgendaItem.objects.create(meeting=meeting, order=order, title=payload[:200], body=payload)
    opinion = make_opinion(meeting, world.member, texts)
    opinion.behalf_note = SHORT[1]
    opinion.save()
    for payload in SHORT:
        AuditEvent.objects.create(
            user=world.staff,
            council=world.council,
            action="result_preview_pdf",
            target=payload,
            at=dt.datetime(2023, 12, 22, tzinfo=SEOUL),
        )
    points = list(opinion.points.all())
    category = world.council.categories.first()
    numbers = []
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
        commitment = make_commitment(
            proposal,
            what=payload[:300],
            status="장기 검토",
            reason=texts[-number],
            due_date=dt.date(2024, 1, 31),
        )
        make_note(commitment, text=payload, pdf=False)
        numbers.append(number)
    codes = []
    dong = world.council.dongs.first()
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
    return HostileData(meeting=meeting, proposal_numbers=numbers, facility_codes=codes)


def make_population(council: Council, rows: list, *, month: int = 10):
    """Import a population month for `council` through the real importer.

    `rows` are ((행정구역 name, 10-digit code), 101 counts) as tests.gaps.files builds them.
    """
    from facilities import population
    from tests.gaps.files import population_csv, upload

    parsed, encoding = population.read_population(upload(population_csv(rows, month=month)))
    payload = population.to_payload(parsed, source_name="population.csv", encoding=encoding)
    return population.apply_population(council=council, user=None, payload=payload)


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
