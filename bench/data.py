"""A bench council that can be grown to N rows of every main object, and the main pages.

`make_world()` builds one council with a user per role and three meetings
(open, closed, published); `grow(world, n)` brings it to n members (invited, each
with a submitted opinion of two points in the open and the closed meeting),
n proposals with final department responses, each with a follow-up commitment
(one in three overdue), n/10 more closed past meetings with a proposal and a
commitment each, and n facilities with two dated figures each. Everything is
bulk-created so 1,000 rows take about a second.

`PAGES` lists the portal's main pages with the role that views them. A page
whose URL name does not resolve (its code has not landed) is reported as
missing, never silently skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

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
)
from facilities.models import Facility, FacilityFigures
from portal import world as builder
from proposals.models import (
    Commitment,
    CommitmentStatus,
    Department,
    DepartmentResponse,
    Proposal,
)
from reports.models import PublishedResult

SEOUL = ZoneInfo("Asia/Seoul")
UNUSABLE_PASSWORD = "!bench-no-login"  # a "!" prefix is Django's unusable-password marker


@dataclass
class World:
    council: Council
    categories: list[Category]
    dongs: list[Dong]
    department: Department
    staff: User
    reviewer: User
    member: Member
    open_meeting: Meeting
    closed_meeting: Meeting
    published_meeting: Meeting
    rows: int = 0
    extra: dict = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "member": self.member.user,
            "staff": self.staff,
            "reviewer": self.reviewer,
        }[role]


def _user(username: str) -> User:
    return builder.make_account(username)  # no usable password: the bench logs in by session


def make_world(slug: str = "bench") -> World:
    parts = builder.build_council(
        slug=slug,
        district="벤치구",
        dongs=("구서2동", "장전1동", "부곡3동"),
        departments=("아동청소년과",),
        statuses=True,
    )
    council = parts.council
    categories = list(parts.categories.values())
    dongs = list(parts.dongs.values())
    department = parts.departments["아동청소년과"]
    staff = builder.add_staff(council, _user(f"{slug}-staff"))
    reviewer = builder.add_reviewer(department, _user(f"{slug}-reviewer"))
    member = builder.add_member(
        council, _user(f"{slug}-member"), name="벤치위원", term_start=dt.date(2020, 1, 1)
    )
    today = timezone.localdate()

    def meeting(year: int, half: int, status: str, deadline: dt.datetime) -> Meeting:
        m = Meeting.objects.create(
            council=council,
            year=year,
            half=half,
            period_start=dt.date(year, 6 * half - 1, 1),
            period_end=dt.date(year, 6 * half - 1, 3),
            deadline=deadline,
            status=status,
            opened_at=deadline - dt.timedelta(days=3),
        )
        for order, (kind, title) in enumerate(
            [
                (AgendaItem.Kind.REPORT, "초등돌봄 기관별 현황"),
                (AgendaItem.Kind.REPORT, "돌봄사업 추진실적 보고"),
                (AgendaItem.Kind.DISCUSSION, "지역돌봄협의체 운영방향 논의"),
            ],
            start=1,
        ):
            AgendaItem.objects.create(meeting=m, order=order, kind=kind, title=title)
        Invitation.objects.create(meeting=m, member=member)
        return m

    far_future = dt.datetime(today.year + 1, 12, 31, 18, 0, tzinfo=SEOUL)
    open_meeting = meeting(today.year, 2, Meeting.Status.OPEN, far_future)
    closed_meeting = meeting(
        today.year - 1, 2, Meeting.Status.CLOSED, dt.datetime(today.year - 1, 11, 3, tzinfo=SEOUL)
    )
    published_meeting = meeting(
        today.year - 1,
        1,
        Meeting.Status.PUBLISHED,
        dt.datetime(today.year - 1, 5, 3, tzinfo=SEOUL),
    )
    PublishedResult.objects.create(
        meeting=published_meeting,
        version=1,
        published_at=dt.datetime(today.year - 1, 6, 1, tzinfo=SEOUL),
        published_by=staff,
        html="<p>bench</p>",
        pdf="published/bench.pdf",
        pdf_sha256="0" * 64,
        xlsx="published/bench.xlsx",
        xlsx_sha256="0" * 64,
    )
    # The bench member's own draft in the open meeting (the opinion form edits it).
    draft = Opinion.objects.create(
        meeting=open_meeting, member=member, entered_by=member.user, status=Opinion.Status.DRAFT
    )
    OpinionPoint.objects.create(opinion=draft, order=1, text="임시 저장한 의견입니다.")
    return World(
        council=council,
        categories=categories,
        dongs=dongs,
        department=department,
        staff=staff,
        reviewer=reviewer,
        member=member,
        open_meeting=open_meeting,
        closed_meeting=closed_meeting,
        published_meeting=published_meeting,
    )


def grow(world: World, n: int) -> World:
    """Bring the world to n members/opinions/proposals/facilities (never shrinks)."""
    start, world.rows = world.rows, max(world.rows, n)
    new = range(start, n)
    if not new:
        return world
    slug = world.council.slug
    users = User.objects.bulk_create(
        [User(username=f"{slug}-m{i:05d}", password=UNUSABLE_PASSWORD) for i in new]
    )
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("pk"))
    members = Member.objects.bulk_create(
        [
            Member(
                user=u,
                council=world.council,
                name=f"위원{i:04d}",
                affiliation=["다함께돌봄센터장", "초등학교 교사", "학부모", "전문가"][i % 4],
                term_start=dt.date(2020, 1, 1),
            )
            for i, u in zip(new, users, strict=True)
        ]
    )
    members = list(Member.objects.filter(user__in=users).order_by("pk"))
    meetings = [world.open_meeting, world.closed_meeting]
    Invitation.objects.bulk_create(
        [Invitation(meeting=m, member=mem) for m in meetings for mem in members]
    )
    submitted = dt.datetime(2023, 12, 21, 10, 0, tzinfo=SEOUL)
    Opinion.objects.bulk_create(
        [
            Opinion(
                meeting=m,
                member=mem,
                entered_by=mem.user,
                status=Opinion.Status.SUBMITTED,
                submitted_at=submitted,
            )
            for m in meetings
            for mem in members
        ]
    )
    opinions = list(Opinion.objects.filter(member__in=members, meeting__in=meetings).order_by("pk"))
    agenda = {m.pk: list(m.agenda_items.all()) for m in meetings}
    OpinionPoint.objects.bulk_create(
        [
            OpinionPoint(
                opinion=o,
                order=order,
                text=f"{o.member.name}의 의견 {order}: 돌봄 시설 운영 시간 연장이 필요함.",
                category=world.categories[(o.pk + order) % 3],
                agenda_item=agenda[o.meeting_id][order % 3],
            )
            for o in opinions
            for order in (1, 2)
        ]
    )
    closed_points = list(
        OpinionPoint.objects.filter(
            opinion__meeting=world.closed_meeting, opinion__member__in=members, order=1
        ).order_by("pk")
    )
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                meeting=world.closed_meeting,
                number=i + 1,
                category=world.categories[i % 3],
                headline=f"건의사항 {i + 1}: 학교 밖 돌봄시설 확충이 필요함",
                details="지역주민의 양육부담 완화\n방학 중 돌봄 공백 해소",
                department=world.department,
                due_date=dt.date(2030, 1, 31),
            )
            for i in new
        ]
    )
    proposals = list(
        Proposal.objects.filter(meeting=world.closed_meeting, number__gt=start).order_by("number")
    )
    Proposal.source_points.through.objects.bulk_create(
        [
            Proposal.source_points.through(proposal_id=p.pk, opinionpoint_id=pt.pk)
            for p, pt in zip(proposals, closed_points, strict=False)
        ]
    )
    DepartmentResponse.objects.bulk_create(
        [
            DepartmentResponse(
                proposal=p,
                department=world.department,
                state=DepartmentResponse.State.LONG_TERM,
                lines="수요를 파악하여 검토하겠음\n관계 기관과 협의 예정",
                status=DepartmentResponse.Status.FINAL,
                entered_by=world.staff,
                entered_by_staff=True,
                submitted_at=submitted,
            )
            for p in proposals
        ]
    )
    _grow_commitments(world, proposals, start, n)
    kinds = list(Facility.Kind)
    facilities = Facility.objects.bulk_create(
        [
            Facility(
                council=world.council,
                code=f"BN-{i:05d}",
                kind=kinds[i % 3],
                name=f"벤치 돌봄센터 {i:05d}",
                dong=world.dongs[i % len(world.dongs)],
                address="부산광역시 금정구 벤치로 1",
                operator="벤치 법인",
                opens_at=dt.time(13, 0),
                closes_at=dt.time(20, 0),
                night_care=i % 5 == 0,
                night_care_until=dt.time(22, 0) if i % 5 == 0 else None,
                opened_on=dt.date(2020, 3, 1),
                is_public=True,  # listed by the public finder
            )
            for i in new
        ]
    )
    facilities = list(
        Facility.objects.filter(council=world.council, code__in=[f.code for f in facilities])
    )
    FacilityFigures.objects.bulk_create(
        [
            FacilityFigures(facility=f, as_of=day, capacity=30, enrolled=20 + k, waiting=k)
            for f in facilities
            for k, day in enumerate([dt.date(2022, 12, 1), dt.date(2023, 12, 1)])
        ]
    )
    return world


def _grow_commitments(world: World, proposals: list[Proposal], start: int, n: int) -> None:
    """A commitment per new proposal, and n/10 more past meetings with one each."""
    statuses = list(CommitmentStatus.objects.filter(council=world.council))
    today = timezone.localdate()
    past = []
    for i in range(start // 10, n // 10):
        year, half = today.year - 3 - i // 2, 1 + i % 2
        past.append(
            Meeting(
                council=world.council,
                year=year,
                half=half,
                slug=f"{year}-h{half}",
                period_start=dt.date(year, 6 * half - 1, 1),
                period_end=dt.date(year, 6 * half - 1, 3),
                deadline=dt.datetime(year, 6 * half - 1, 3, 18, tzinfo=SEOUL),
                status=Meeting.Status.CLOSED,
            )
        )
    Meeting.objects.bulk_create(past)
    past = list(Meeting.objects.filter(council=world.council, slug__in=[m.slug for m in past]))
    Proposal.objects.bulk_create(
        Proposal(
            meeting=m,
            number=1,
            category=world.categories[0],
            headline="지난 회의 건의사항",
            department=world.department,
        )
        for m in past
    )
    old = list(Proposal.objects.filter(meeting__in=past))
    DepartmentResponse.objects.bulk_create(
        DepartmentResponse(
            proposal=p,
            department=world.department,
            state=DepartmentResponse.State.ACCEPTED,
            lines="추진하겠음",
            status=DepartmentResponse.Status.FINAL,
        )
        for p in old
    )
    responses = DepartmentResponse.objects.filter(proposal__in=[*proposals, *old]).order_by("pk")
    Commitment.objects.bulk_create(
        Commitment(
            response=r,
            order=1,
            what="다함께돌봄센터 신규 개소",
            department=world.department,
            # One in three is past its due date with no note: overdue.
            due_date=dt.date(2020, 1, 31) if r.pk % 3 == 0 else dt.date(2099, 1, 31),
            status=statuses[r.pk % 3],
        )
        for r in responses
    )


@dataclass(frozen=True)
class Page:
    label: str  # Korean-free English label used in the report
    name: str  # the URL name: a renamed page fails the query-budget test
    role: str
    kwargs: Callable[[World], dict]
    scaled: str  # what grows with N on this page


def _council(w: World) -> dict:
    return {"council": w.council.slug}


def _open(w: World) -> dict:
    return {"council": w.council.slug, "meeting": w.open_meeting.slug}


def _closed(w: World) -> dict:
    return {"council": w.council.slug, "meeting": w.closed_meeting.slug}


PAGES: list[Page] = [
    Page("member home", "council:my_meetings", "member", _council, "members, opinions"),
    Page("meeting page", "council:meeting_detail", "member", _open, "members, opinions"),
    Page("opinion form", "council:my_opinion", "member", _open, "members, opinions"),
    Page("staff dashboard", "portal:dashboard", "staff", _council, "members, opinions"),
    Page("submission tracker", "council:tracker", "staff", _open, "members, opinions"),
    Page("roster", "council:roster", "staff", _council, "members"),
    Page("facilities list", "facilities:list", "staff", _council, "facilities"),
    Page("facility report", "facilities:report", "staff", _council, "facilities"),
    Page("aggregation", "proposals:aggregate", "staff", _closed, "opinions, proposals"),
    Page("responses list", "proposals:response_list", "staff", _closed, "proposals"),
    Page("reviewer home", "proposals:review_home", "reviewer", _council, "proposals"),
    Page("result preview", "reports:preview", "staff", _closed, "proposals"),
    Page("archive", "archive:index", "anonymous", lambda w: {}, "proposals (published)"),
    Page("gap view", "facilities:gaps", "staff", _council, "facilities"),
    Page("public finder", "finder:index", "anonymous", _council, "facilities (public)"),
    Page(
        "public facility page",
        "finder:facility",
        "anonymous",
        lambda w: {"council": w.council.slug, "code": "BN-00000"},
        "facilities (public)",
    ),
    Page(
        "commitments board",
        "proposals:commitment_board",
        "staff",
        _council,
        "commitments, meetings",
    ),
    Page("trends", "reports:trends", "staff", _council, "commitments, meetings, proposals"),
    # Last year's rounds hold the world's commitments (the xlsx is built as the page is).
    Page(
        "plan results (xlsx)",
        "reports:plan_results_file",
        "staff",
        lambda w: {
            "council": w.council.slug,
            "year": w.closed_meeting.year,
            "fmt": "xlsx",
        },
        "commitments, meetings, proposals",
    ),
]


def resolve(page: Page, world: World) -> str:
    """The page's URL in this world (NoReverseMatch when the URL name is gone)."""
    return reverse(page.name, kwargs=page.kwargs(world))
