"""The demo's 2026 story: beside the 2023 seed council, 금정구's 지역 초등돌봄·교육 협의체.

Built through the portal's own services like the rest of the demo (portal/demo/__init__.py calls
`load_demo_2026` with one line): the council of the 2026 kind with its default
categories and purpose, members by affiliation (교육지원청 among them), a round open
now (opened yesterday, due in three days), 학교 돌봄 and 온동네 돌봄·교육센터 with
hours per time band and the grades they take, and the population file so the
grade-aware gap view has figures. Current on any day it is loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db.models import Q

from council import seats
from council.categories import start_council_of_kind
from council.kinds import Affiliation
from council.models import AgendaItem, Category, Council, Dong, Meeting, Member
from council.services import agenda as agenda_services
from council.services import meetings, opinions, roster
from facilities.gaps import gap_report, gap_tables
from facilities.models import Facility, FacilityFigures, GapSettings
from proposals import services as proposal_services

SEOUL = ZoneInfo("Asia/Seoul")
SLUG = "geumjeong-edu"
COUNCIL_2026 = {
    "slug": SLUG,
    "name": "금정구 지역 초등돌봄·교육 협의체",
    "sido": "부산광역시",
    "district": "금정구",
    "district_code": "26410",
    "kind": Council.Kind.ELEMENTARY,
    "purpose": "",  # the kind's purpose line (council/kinds.py)
    "contact_name": "금정구청 아동청소년과 온동네돌봄팀 (예시)",
    "contact_phone": "051-519-0000",
    "contact_email": "ondongne@example.com",
}
STAFF_USERNAME = "gj-edustaff"
SHARED_MEMBER = "gj-member03"  # 이도윤 of the seed council, also on this one
SHARED_STAFF = "gj-staff"  # the seed council's staff, who also run this one
DEPARTMENTS = ["아동청소년과", "교육협력과"]


@dataclass(frozen=True)
class Seat:
    username: str
    name: str
    role: str
    sector: str
    affiliation: str


MEMBERS_2026 = [
    Seat("gj-edu01", "서민호", Member.Position.CHAIR, Affiliation.GU_OFFICE, "금정구 부구청장"),
    Seat(
        "gj-edu02",
        "문지혜",
        Member.Position.MEMBER,
        Affiliation.EDUCATION_OFFICE,
        "동래교육지원청 초등교육지원과장",
    ),
    Seat(
        "gj-edu03",
        "배성우",
        Member.Position.MEMBER,
        Affiliation.EDUCATION_OFFICE,
        "동래교육지원청 온동네 돌봄·교육 장학사",
    ),
    Seat("gj-edu04", "홍은비", Member.Position.MEMBER, Affiliation.SCHOOL, "서곡초등학교 교감"),
    Seat(
        "gj-edu05", "유태준", Member.Position.MEMBER, Affiliation.SCHOOL, "구서초등학교 돌봄전담사"
    ),
    Seat("gj-edu06", "신아름", Member.Position.MEMBER, Affiliation.SCHOOL, "장전초등학교 교사"),
    Seat(
        "gj-edu07",
        "남궁현",
        Member.Position.MEMBER,
        Affiliation.CARE_PROVIDER,
        "금정 온동네 돌봄·교육센터장",
    ),
    Seat("gj-edu08", "오하람", Member.Position.MEMBER, Affiliation.PARENT, "학부모 (초3)"),
    Seat("gj-edu09", "권도현", Member.Position.MEMBER, Affiliation.EXPERT, "아동학과 교수"),
]

T = dt.time
# (code, kind, name, 동, grades, term, vacation, saturday, holiday, fee, support, 정원, 현원)
FACILITIES_2026 = [
    (
        "ED-SC-01",
        Facility.Kind.SCHOOL,
        "서곡초등학교 학교 돌봄 (예시)",
        "서2동",
        (1, 2),
        (T(13), T(17)),
        (T(9), T(15)),
        None,
        None,
        0,
        Facility.SupportKind.EDUCATION,
        40,
        38,
    ),
    (
        "ED-SC-02",
        Facility.Kind.SCHOOL,
        "구서초등학교 학교 돌봄 (예시)",
        "구서2동",
        (1, 2),
        (T(13), T(18)),
        (T(9), T(16)),
        None,
        None,
        0,
        Facility.SupportKind.EDUCATION,
        60,
        57,
    ),
    (
        "ED-SC-03",
        Facility.Kind.SCHOOL,
        "장전초등학교 학교 돌봄 (예시)",
        "장전1동",
        (1, 3),
        (T(13), T(19)),
        (T(9), T(17)),
        None,
        None,
        0,
        Facility.SupportKind.EDUCATION,
        40,
        40,
    ),
    (
        "ED-ON-01",
        Facility.Kind.ONDONGNE,
        "금정 온동네 돌봄·교육센터 (예시)",
        "부곡2동",
        (1, 6),
        (T(13), T(20)),
        (T(9), T(18)),
        (T(9), T(14)),
        None,
        0,
        Facility.SupportKind.EDUCATION,
        35,
        33,
    ),
    (
        "ED-ON-02",
        Facility.Kind.ONDONGNE,
        "서동 온동네 돌봄·교육센터 (예시)",
        "서3동",
        (3, 6),
        (T(14), T(21)),
        (T(9), T(19)),
        (T(10), T(15)),
        (T(10), T(15)),
        0,
        Facility.SupportKind.EDUCATION,
        30,
        24,
    ),
    (
        "ED-DH-01",
        Facility.Kind.TOGETHER,
        "남산동 다함께돌봄센터 (예시)",
        "남산동",
        (1, 6),
        (T(12), T(19)),
        (T(9), T(18)),
        (T(9), T(13)),
        None,
        50_000,
        Facility.SupportKind.LOCAL,
        25,
        25,
    ),
    (
        "ED-JA-01",
        Facility.Kind.COMMUNITY,
        "부곡 지역아동센터 (예시)",
        "부곡3동",
        (3, 6),
        (T(14), T(20)),
        (T(10), T(19)),
        None,
        None,
        0,
        Facility.SupportKind.BASIC,
        29,
        27,
    ),
]

AGENDA_2026 = [
    (AgendaItem.Kind.REPORT, "금정구 학년군·시간대별 돌봄 공백 현황"),
    (AgendaItem.Kind.REPORT, "2026년 온동네 초등돌봄·교육 추진 방안 공유 (교육부, 2026. 2. 3.)"),
    (AgendaItem.Kind.DISCUSSION, "학교 돌봄과 지역 돌봄기관 연계 방안"),
]
ROUND_POINTS = [
    (
        "gj-edu02",
        0,
        "학교 돌봄 초1–2 무료 프로그램 이후(15시~) 지역 센터로 이어지는 동선 안내가 필요함.",
    ),
    (
        "gj-edu08",
        2,
        "초3은 방과후 이용권만 있어 18시 이후 맡길 곳이 부족함. 부곡·서동 권역 저녁 돌봄 확충 요청.",
    ),
    (
        "gj-edu07",
        2,
        "온동네 돌봄·교육센터 토요일 운영 인력 지원 필요(현재 오전만 운영).",
    ),
]


DEMO_2026_TOUR = [
    (
        STAFF_USERNAME,
        "금정구 지역 초등돌봄·교육 협의체: 의견 접수 중인 회의, 위원 구성 (교육지원청 2, 학교 4 …), "
        "돌봄 공백의 학년군·시간대별 표 (초3, 18시 이후)",
    ),
    ("gj-edu02", "교육지원청 위원: 의견서 제출 완료 (마감 전까지 고칠 수 있음)"),
    (
        "gj-member03",
        "두 협의체의 위원 (한 로그인): ‘내 협의체’에서 두 협의체의 의견 접수 중인 회의를 "
        "한 화면에 보고 옮겨 감",
    ),
]


def demo_2026_logins(password: str) -> list[tuple[str, str, str]]:
    logins = [("구청 담당자 (초등돌봄·교육 협의체)", STAFF_USERNAME, password)]
    logins += [(f"위원 {s.name} ({s.affiliation})", s.username, password) for s in MEMBERS_2026]
    return logins


def _remove() -> None:
    council = Council.objects.filter(slug=SLUG).first()
    if council is None:
        return
    Meeting.objects.filter(council=council).delete()
    Facility.objects.filter(council=council).delete()
    # The council's accounts, seats of other logins included (they are remade).
    User.objects.filter(Q(member__council=council) | Q(staff__council=council)).delete()
    council.delete()


def _round_dates(today: dt.date) -> tuple[int, int]:
    return today.year, Meeting.Half.FIRST if today.month <= 6 else Meeting.Half.SECOND


def load_demo_2026(
    *,
    today: dt.date,
    dongs: list[str],
    set_password: Callable[[User], None],
    load_population: Callable[[Council, dt.date], None],
) -> Council:
    """Build (or rebuild) the 2026 council as of `today`."""
    _remove()
    council = Council.objects.create(**COUNCIL_2026)
    start_council_of_kind(council)
    for order, name in enumerate(dongs, start=1):
        Dong.objects.create(council=council, name=name, order=order)
    for name in DEPARTMENTS:
        proposal_services.add_department(council=council, name=name)
    staff_user, _created = User.objects.get_or_create(username=STAFF_USERNAME)
    staff_user.email, staff_user.first_name = "edu-staff@example.com", "정담당"
    staff_user.save()
    set_password(staff_user)
    roster.add_staff(council=council, user=staff_user, name="정담당")
    members = {}
    for number, seat in enumerate(MEMBERS_2026, start=1):
        User.objects.filter(username=seat.username).delete()
        member = roster.add_member(
            council=council,
            name=seat.name,
            email=f"edu{number:02d}@example.com",
            role=seat.role,
            affiliation=seat.affiliation,
            sector=seat.sector,
            term_start=dt.date(2026, 3, 1) if today >= dt.date(2026, 3, 1) else today,
            term_end=dt.date(today.year + 2, 2, 28),
            username=seat.username,
            base_url="",
            send_link=False,
        )
        set_password(member.user)
        members[seat.username] = member
    # One person, two councils: the seed council's teacher sits on this one too, and the
    # seed council's staff also run it (council.seats: one login, a seat per council).
    teacher = seats.add_member_for_login(
        council=council,
        login_username=SHARED_MEMBER,
        name="이도윤",
        role=Member.Position.MEMBER,
        affiliation="초등학교 교사 (지역돌봄협의체 위원 겸임)",
        sector=Affiliation.SCHOOL,
        term_start=dt.date(2026, 3, 1) if today >= dt.date(2026, 3, 1) else today,
        term_end=dt.date(today.year + 2, 2, 28),
    )
    members[SHARED_MEMBER] = teacher
    seats.add_staff_for_login(council=council, login_username=SHARED_STAFF, name="한담당")
    _facilities(council, today)
    load_population(council, today)
    GapSettings.for_council(council).save()  # the policy settings shown on the gap page
    _open_round(council, members, today)
    return council


def _facilities(council: Council, today: dt.date) -> None:
    dong_by_name = {d.name: d for d in Dong.objects.filter(council=council)}
    as_of = today - dt.timedelta(days=1)
    for (
        code,
        kind,
        name,
        dong,
        grades,
        term,
        vacation,
        saturday,
        holiday,
        fee,
        support,
        capacity,
        enrolled,
    ) in FACILITIES_2026:
        facility = Facility.objects.create(
            council=council,
            code=code,
            kind=kind,
            name=name,
            dong=dong_by_name[dong],
            opened_on=dt.date(2026, 3, 2) if today >= dt.date(2026, 3, 2) else as_of,
            grade_min=grades[0],
            grade_max=grades[1],
            opens_at=term[0],
            closes_at=term[1],
            vacation_opens_at=vacation[0],
            vacation_closes_at=vacation[1],
            vacation_care=True,
            saturday_care=saturday is not None,
            saturday_opens_at=saturday[0] if saturday else None,
            saturday_closes_at=saturday[1] if saturday else None,
            holiday_opens_at=holiday[0] if holiday else None,
            holiday_closes_at=holiday[1] if holiday else None,
            monthly_fee=fee,
            support_kind=support,
            phone="051-000-2026",
        )
        FacilityFigures.objects.create(
            facility=facility, as_of=as_of, capacity=capacity, enrolled=enrolled
        )


def _open_round(council: Council, members: dict[str, Member], today: dt.date) -> Meeting:
    year, half = _round_dates(today)
    start, end = today - dt.timedelta(days=1), today + dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        council=council,
        year=year,
        half=half,
        method=Meeting.Method.WRITTEN,
        period_start=start,
        period_end=end,
        deadline=dt.datetime.combine(end, dt.time(18, 0), tzinfo=SEOUL),
    )
    agenda = [
        agenda_services.save_agenda_item(item=AgendaItem(meeting=meeting, kind=kind, title=title))
        for kind, title in AGENDA_2026
    ]
    # The grade-aware gap view, frozen as the first item's material.
    report = gap_report(council=council, as_of=today)
    agenda_services.attach_snapshot(item=agenda[0], snapshot=gap_tables(report), as_of=today)
    opened = dt.datetime.combine(start, dt.time(9, 0), tzinfo=SEOUL)
    meetings.open_meeting(meeting=meeting, now=opened)
    categories = list(Category.objects.filter(council=council).order_by("order"))
    for hours, (username, category, text) in enumerate(ROUND_POINTS, start=2):
        opinions.save_opinion(
            meeting=meeting,
            member=members[username],
            points=[opinions.PointInput(text=text, category=categories[category])],
            submit=True,
            entered_by=members[username].user,
            send_copy=False,
            now=opened + dt.timedelta(hours=hours),
        )
    return meeting
