"""Demo data built from the seed document (금정구, 2023 하반기 서면회의 결과).

`load_demo()` is idempotent: every object is found by its natural key and
brought up to date, so running it twice leaves one copy of everything.
The proposals and responses carry the seed's exact text; the members, their
opinion points and the facilities are plausible, clearly-demo stand-ins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction

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
from facilities.models import Facility, FacilityFigures
from facilities.reports import status_report, status_tables
from proposals.models import Department, DepartmentResponse, FollowUp, Proposal, Reviewer

SEOUL = ZoneInfo("Asia/Seoul")
DEMO_PASSWORD = "dolbom-demo-2023"

COUNCIL = {
    "slug": "geumjeong",
    "name": "금정구 지역돌봄협의체",
    "district": "금정구",
    "purpose": "지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소",
}
CATEGORIES = ["시설 확충", "운영", "지역사회 연계"]
DEPARTMENT = "아동청소년과"
DONGS = [
    "서1동",
    "서2동",
    "서3동",
    "금사회동동",
    "부곡1동",
    "부곡2동",
    "부곡3동",
    "부곡4동",
    "장전1동",
    "장전2동",
    "선두구동",
    "청룡노포동",
    "남산동",
    "구서1동",
    "구서2동",
    "금성동",
]


@dataclass(frozen=True)
class DemoMember:
    username: str
    name: str
    role: str
    affiliation: str


MEMBERS = [
    DemoMember("gj-member01", "박정민", Member.Position.CHAIR, "아동복지 전문가(대학교수)"),
    DemoMember("gj-member02", "김서연", Member.Position.MEMBER, "다함께돌봄센터장"),
    DemoMember("gj-member03", "이도윤", Member.Position.MEMBER, "초등학교 교사"),
    DemoMember("gj-member04", "최하은", Member.Position.MEMBER, "학부모"),
    DemoMember("gj-member05", "정민준", Member.Position.MEMBER, "다함께돌봄센터장"),
    DemoMember("gj-member06", "강지우", Member.Position.MEMBER, "지역아동센터장"),
    DemoMember("gj-member07", "조수아", Member.Position.MEMBER, "학부모"),
    DemoMember("gj-member08", "윤예준", Member.Position.MEMBER, "지역아동센터장"),
    DemoMember("gj-member09", "장하린", Member.Position.MEMBER, "초등학교 교사"),
    DemoMember("gj-member10", "임시우", Member.Position.MEMBER, "사회복지 전문가"),
]

AGENDA = [
    (AgendaItem.Kind.REPORT, "금정구 초등돌봄 기관별 현황"),
    (AgendaItem.Kind.REPORT, "2023년 금정구 돌봄사업 추진실적 보고"),
    (AgendaItem.Kind.DISCUSSION, "지역돌봄협의체 운영방향 논의"),
]
SNAPSHOT_AS_OF = dt.date(2023, 12, 1)

# The members' points (username, category, agenda item index, text). They are
# the raw material of the six proposals; the last one was left out.
POINTS = [
    (
        "gj-member02",
        "시설 확충",
        0,
        "다함께돌봄센터의 확충을 위해 설치한 구서2동사 내 금빛아이 꿈마당이 설치되어 "
        "지역주민의 양육부담 완화가 기대됨.",
    ),
    (
        "gj-member03",
        "시설 확충",
        0,
        "초등학교 돌봄시설에서 수용하지 못하는 학생들이 다른 돌봄서비스를 이용할 수 있도록 "
        "적극적인 지원과 학교 밖 돌봄시설 확충이 필요함.",
    ),
    (
        "gj-member04",
        "운영",
        2,
        "긴급돌봄이 필요한 지역주민 누구나 어디서든 안심하고 돌봄서비스를 이용할 수 있도록 "
        "돌봄 시설 운영 시간 연장이 필요하며, 장기적으로는 24시간 시설 운영에 대한 대책이 "
        "수립되어야 할 것으로 봄.",
    ),
    (
        "gj-member05",
        "운영",
        2,
        "금정구 다함께돌봄센터가 연합하여 부모교육·체육대회·작품전시회 등을 개최하여 학부모가 "
        "아동들의 돌봄 프로그램 결과물을 직접 확인하고, 이용자 수요에 맞는 프로그램을 구성할 수 "
        "있는 계기를 만들고자 함.",
    ),
    (
        "gj-member06",
        "운영",
        2,
        "연 1회 다함께돌봄센터-지역아동센터 장 간의 만남의 장을 통해 각 센터별 우수한 프로그램 및 "
        "돌봄 노하우를 공유하여 금정구 공적 돌봄서비스 질을 높이고자 함.",
    ),
    (
        "gj-member07",
        "지역사회 연계",
        0,
        "방학기간 또는 학교 공사 등의 이유로 학교 내 돌봄교실 운영을 하지 않는 경우, 맞벌이 "
        "학부모가 돌봄공백으로 어려움을 겪고 있음.",
    ),
    (
        "gj-member03",
        "지역사회 연계",
        0,
        "학교 돌봄시설 공백에 대한 긴급 돌봄 수요 해결에 대한 지역연계 차원의 해결방법이 "
        "모색되어야 함",
    ),
    (
        "gj-member01",
        "지역사회 연계",
        2,
        "돌봄기관 이용 수요가 매년 증가하고 있으나, 학부모의 관심과 정보 부족으로 인해 "
        "초등돌봄교실에 이용이 편중되고 있으므로 다각적인 홍보가 필요함.",
    ),
    (
        "gj-member01",
        None,
        2,
        "협의체 회의 자료를 회의 시작 전에 미리 받아볼 수 있으면 검토에 도움이 되겠음.",
    ),
]

# The seed's six proposals: (category, headline, source point indexes, response lines).
# Each ▷ detail line is the text of a source point.
PROPOSALS = [
    (
        "시설 확충",
        "돌봄시설 확충",
        [0, 1],
        [
            "금사 도시재생어울림센터 내 다함께 돌봄센터가 2024년에 신규 개소 예정이며, "
            "차질없이 추진하기 위해 노력하겠음.",
            "지역 특성, 돌봄 수요, 인근 환경 등 다양한 요소들을 고려하여 적절한 신규 설치 공간을 "
            "지속적으로 찾도록 하겠음.",
        ],
    ),
    (
        "운영",
        "다함께돌봄센터나 지역아동센터의 돌봄 운영 시간 연장",
        [2],
        [
            "2023년부터 다함께돌봄센터 및 지역 아동센터에서는 학부모의 퇴근시간을 고려하여 "
            "운영시간을 20시까지로 학기 중 연장 중임.",
            "추가로 지역아동센터에서는 5개소가 야간돌봄사업으로 22시까지 운영중임",
            "이외에도 돌봄 사각지대 해소를 위한 대책을 모색하도록 하겠음.",
        ],
    ),
    (
        "운영",
        "다함께돌봄센터-학부모와의 만남 행사 개최 건의",
        [3],
        [
            "비슷한 일환으로 2022년에는 센터별 '학부모와의 날'을 개최하였으며, 2023년에는 "
            "'학부모 토크콘서트'를 개최하였음.",
            "다함께돌봄센터-학부모와의 행사 개최 시 구에서도 홍보·관련 부서 협조 요청·협업 간담회 "
            "개최 등 적극적으로 지원하도록 하겠음.",
        ],
    ),
    (
        "운영",
        "돌봄시설 간의 만남 건의",
        [4],
        [
            "돌봄시설 간 연계 필요시 구에서도 협조토록 하겠으며, 구 주관 회의·행사·간담회 시 "
            "다함께돌봄센터-지역아동센터 간 의사소통의 장을 가질 수 있도록 구에서도 방안을 "
            "모색하겠음.",
        ],
    ),
    (
        "지역사회 연계",
        "방학 중 돌봄서비스 수요에 대한 지역 연계 필요",
        [5, 6],
        [
            "지자체에서는 돌봄시설 확충을 위한 사업을 지속적으로 추진중이며,",
            "상시돌봄 외에도 여유인원이 있을 경우에는 일시돌봄도 시설별로 이용이 가능하므로, "
            "관내 학교에서의 홍보가 필요함.",
        ],
    ),
    (
        "지역사회 연계",
        "돌봄기관에 대한 적극적 홍보 필요",
        [7],
        [
            "금정구 내 돌봄 기관 관련 안내문, 홈페이지, SNS, 회의 자료 게재 및 관내 초등학교 "
            "홍보 협조 요청 예정",
        ],
    ),
]
FOLLOW_UP = ("금사 도시재생어울림센터 내 다함께돌봄센터 신규 개소", dt.date(2024, 12, 31))

# Demo facilities: (code, kind, name, dong, status, opened_on, closes_at, night_until,
# temporary_spare, figures as of 2023-06-30 and 2023-12-01 as (capacity, enrolled, waiting)).
T20 = dt.time(20, 0)
T22 = dt.time(22, 0)
FACILITIES = [
    (
        "GJ-DH-001",
        Facility.Kind.TOGETHER,
        "금빛아이 꿈마당 (구서2동 행정복지센터 내)",
        "구서2동",
        Facility.Status.OPERATING,
        dt.date(2023, 3, 2),
        T20,
        None,
        2,
        (25, 18, 0),
        (25, 24, 3),
    ),
    (
        "GJ-DH-002",
        Facility.Kind.TOGETHER,
        "금사 도시재생어울림센터 다함께돌봄센터",
        "금사회동동",
        Facility.Status.PLANNED,
        dt.date(2024, 3, 4),
        T20,
        None,
        0,
        # Planned places, with families already asking to be put down for them.
        (25, 0, 0),
        (25, 0, 8),
    ),
    (
        "GJ-DH-003",
        Facility.Kind.TOGETHER,
        "장전 다함께돌봄센터 (예시)",
        "장전1동",
        Facility.Status.OPERATING,
        dt.date(2020, 4, 1),
        T20,
        None,
        3,
        (30, 27, 2),
        (30, 29, 4),
    ),
    (
        "GJ-DH-004",
        Facility.Kind.TOGETHER,
        "부곡 다함께돌봄센터 (예시)",
        "부곡2동",
        Facility.Status.OPERATING,
        dt.date(2021, 9, 1),
        T20,
        None,
        0,
        (20, 20, 5),
        (20, 20, 6),
    ),
    (
        "GJ-JA-001",
        Facility.Kind.COMMUNITY,
        "서동 지역아동센터 (예시)",
        "서2동",
        Facility.Status.OPERATING,
        dt.date(2010, 5, 1),
        T20,
        T22,
        1,
        (29, 26, 0),
        (29, 27, 1),
    ),
    (
        "GJ-JA-002",
        Facility.Kind.COMMUNITY,
        "부곡 지역아동센터 (예시)",
        "부곡1동",
        Facility.Status.OPERATING,
        dt.date(2012, 3, 1),
        T20,
        T22,
        2,
        (29, 25, 0),
        (29, 26, 0),
    ),
    (
        "GJ-JA-003",
        Facility.Kind.COMMUNITY,
        "남산 지역아동센터 (예시)",
        "남산동",
        Facility.Status.OPERATING,
        dt.date(2014, 7, 1),
        T20,
        T22,
        0,
        (20, 19, 1),
        (20, 20, 2),
    ),
    (
        "GJ-JA-004",
        Facility.Kind.COMMUNITY,
        "구서 지역아동센터 (예시)",
        "구서1동",
        Facility.Status.OPERATING,
        dt.date(2015, 2, 1),
        T20,
        T22,
        3,
        (25, 21, 0),
        (25, 22, 0),
    ),
    (
        "GJ-JA-005",
        Facility.Kind.COMMUNITY,
        "장전 지역아동센터 (예시)",
        "장전2동",
        Facility.Status.OPERATING,
        dt.date(2016, 9, 1),
        T20,
        T22,
        1,
        (19, 17, 0),
        (19, 18, 1),
    ),
    (
        "GJ-JA-006",
        Facility.Kind.COMMUNITY,
        "금성 지역아동센터 (예시)",
        "금성동",
        Facility.Status.OPERATING,
        dt.date(2018, 4, 1),
        T20,
        None,
        2,
        (15, 11, 0),
        (15, 12, 0),
    ),
    (
        "GJ-CD-001",
        Facility.Kind.SCHOOL,
        "서곡초등학교 초등돌봄교실 (예시)",
        "서3동",
        Facility.Status.OPERATING,
        dt.date(2015, 3, 2),
        dt.time(17, 0),
        None,
        0,
        (40, 40, 8),
        (40, 40, 11),
    ),
    (
        "GJ-CD-002",
        Facility.Kind.SCHOOL,
        "구서초등학교 초등돌봄교실 (예시)",
        "구서2동",
        Facility.Status.OPERATING,
        dt.date(2014, 3, 3),
        dt.time(17, 0),
        None,
        0,
        (60, 58, 4),
        (60, 60, 9),
    ),
    (
        "GJ-CD-003",
        Facility.Kind.SCHOOL,
        "장전초등학교 초등돌봄교실 (예시)",
        "장전1동",
        Facility.Status.OPERATING,
        dt.date(2016, 3, 2),
        dt.time(18, 0),
        None,
        0,
        (44, 41, 2),
        (44, 44, 5),
    ),
    (
        "GJ-CD-004",
        Facility.Kind.SCHOOL,
        "부곡초등학교 초등돌봄교실 (예시)",
        "부곡3동",
        Facility.Status.OPERATING,
        dt.date(2013, 3, 4),
        dt.time(17, 0),
        None,
        0,
        (22, 19, 0),
        (22, 21, 1),
    ),
]
FIGURE_DATES = (dt.date(2023, 6, 30), dt.date(2023, 12, 1))


def _user(username: str, *, email: str, first_name: str, superuser: bool = False) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.email = email
    user.first_name = first_name
    user.is_superuser = user.is_staff = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create or refresh the demo council; return the demo logins (role, username, password)."""
    council, _ = Council.objects.update_or_create(
        slug=COUNCIL["slug"], defaults={k: v for k, v in COUNCIL.items() if k != "slug"}
    )
    categories = {}
    for order, name in enumerate(CATEGORIES, start=1):
        categories[name], _ = Category.objects.update_or_create(
            council=council, name=name, defaults={"order": order}
        )
    department, _ = Department.objects.get_or_create(council=council, name=DEPARTMENT)
    dongs = {}
    for order, name in enumerate(DONGS, start=1):
        dongs[name], _ = Dong.objects.update_or_create(
            council=council, name=name, defaults={"order": order}
        )

    _user("admin", email="admin@example.com", first_name="관리자", superuser=True)
    staff_user = _user("gj-staff", email="staff@example.com", first_name="한담당")
    Staff.objects.update_or_create(user=staff_user, defaults={"council": council, "name": "한담당"})
    reviewer_user = _user("gj-reviewer", email="reviewer@example.com", first_name="오검토")
    Reviewer.objects.update_or_create(
        user=reviewer_user, defaults={"department": department, "name": "오검토"}
    )
    members = {}
    for i, m in enumerate(MEMBERS, start=1):
        user = _user(m.username, email=f"member{i:02d}@example.com", first_name=m.name)
        members[m.username], _ = Member.objects.update_or_create(
            user=user,
            defaults={
                "council": council,
                "name": m.name,
                "role": m.role,
                "affiliation": m.affiliation,
                "term_start": dt.date(2023, 1, 1),
                "term_end": dt.date(2024, 12, 31),
            },
        )

    _load_facilities(council, dongs, staff_user)

    meeting, _ = Meeting.objects.update_or_create(
        council=council,
        year=2023,
        half=Meeting.Half.SECOND,
        defaults={
            "method": Meeting.Method.WRITTEN,
            "period_start": dt.date(2023, 12, 20),
            "period_end": dt.date(2023, 12, 22),
            "deadline": dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL),
            "status": Meeting.Status.CLOSED,
            "opened_at": dt.datetime(2023, 12, 20, 9, 0, tzinfo=SEOUL),
            "closed_at": dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL),
        },
    )
    agenda = []
    for order, (kind, title) in enumerate(AGENDA, start=1):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=meeting, order=order, defaults={"kind": kind, "title": title}
        )
        agenda.append(item)
    agenda[0].snapshot = status_tables(status_report(council=council, as_of=SNAPSHOT_AS_OF))
    agenda[0].snapshot_as_of = SNAPSHOT_AS_OF
    agenda[0].save()
    for member in members.values():
        Invitation.objects.get_or_create(meeting=meeting, member=member)

    points = _load_opinions(meeting, members, categories, agenda)
    _load_proposals(meeting, categories, department, points, staff_user)

    return demo_logins()


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo accounts (role, username, password) that `load_demo` creates."""
    logins = [("시스템 관리자", "admin", DEMO_PASSWORD)]
    logins.append(("구청 담당자", "gj-staff", DEMO_PASSWORD))
    logins.append((f"부서 담당자 ({DEPARTMENT})", "gj-reviewer", DEMO_PASSWORD))
    logins += [(f"위원 {m.name} ({m.affiliation})", m.username, DEMO_PASSWORD) for m in MEMBERS]
    return logins


def _load_facilities(council: Council, dongs: dict[str, Dong], staff_user: User) -> None:
    for (
        code,
        kind,
        name,
        dong,
        status,
        opened_on,
        closes_at,
        night_until,
        spare,
        first,
        second,
    ) in FACILITIES:
        facility, _ = Facility.objects.update_or_create(
            council=council,
            code=code,
            defaults={
                "kind": kind,
                "name": name,
                "dong": dongs[dong],
                "address": f"부산광역시 금정구 {dong} (예시 주소)",
                "operator": "금정구" if kind != Facility.Kind.SCHOOL else "부산광역시교육청",
                "status": status,
                "opened_on": opened_on,
                "opens_at": dt.time(13, 0),
                "closes_at": closes_at,
                "vacation_opens_at": dt.time(9, 0),
                "vacation_closes_at": dt.time(18, 0),
                "saturday_care": kind == Facility.Kind.COMMUNITY,
                "night_care": night_until is not None,
                "night_care_until": night_until,
                "temporary_care": kind == Facility.Kind.TOGETHER and spare > 0,
                "temporary_spare": spare if kind == Facility.Kind.TOGETHER else 0,
                "vacation_care": True,
                "notes": "데모 자료: 실제 기관의 수치가 아닙니다.",
                "updated_by": staff_user,
            },
        )
        for as_of, (capacity, enrolled, waiting) in zip(FIGURE_DATES, (first, second), strict=True):
            FacilityFigures.objects.update_or_create(
                facility=facility,
                as_of=as_of,
                defaults={
                    "capacity": capacity,
                    "enrolled": enrolled,
                    "waiting": waiting,
                    "recorded_by": staff_user,
                },
            )


def _load_opinions(meeting, members, categories, agenda) -> list[OpinionPoint]:
    submitted_at = dt.datetime(2023, 12, 21, 15, 0, tzinfo=SEOUL)
    opinions: dict[str, Opinion] = {}
    order_in_opinion: dict[str, int] = {}
    points = []
    for username, category, agenda_index, text in POINTS:
        if username not in opinions:
            opinions[username], _ = Opinion.objects.update_or_create(
                meeting=meeting,
                member=members[username],
                defaults={
                    "status": Opinion.Status.SUBMITTED,
                    "channel": Opinion.Channel.PORTAL,
                    "entered_by": members[username].user,
                    "submitted_at": submitted_at,
                },
            )
        order_in_opinion[username] = order_in_opinion.get(username, 0) + 1
        point, _ = OpinionPoint.objects.update_or_create(
            opinion=opinions[username],
            order=order_in_opinion[username],
            defaults={
                "text": text,
                "category": categories[category] if category else None,
                "agenda_item": agenda[agenda_index],
            },
        )
        points.append(point)
    return points


def _load_proposals(meeting, categories, department, points, staff_user) -> None:
    for number, (category, headline, point_indexes, response_lines) in enumerate(
        PROPOSALS, start=1
    ):
        details = "\n".join(points[i].text for i in point_indexes)
        proposal, _ = Proposal.objects.update_or_create(
            meeting=meeting,
            number=number,
            defaults={
                "category": categories[category],
                "headline": headline,
                "details": details,
                "department": department,
                "due_date": dt.date(2024, 1, 19),
            },
        )
        proposal.source_points.set([points[i] for i in point_indexes])
        response, _ = DepartmentResponse.objects.update_or_create(
            proposal=proposal,
            defaults={
                "department": department,
                "state": DepartmentResponse.State.PARTIAL,
                "lines": "\n".join(response_lines),
                "status": DepartmentResponse.Status.FINAL,
                "entered_by": staff_user,
                "entered_by_staff": True,
                "submitted_at": dt.datetime(2024, 1, 15, 10, 0, tzinfo=SEOUL),
            },
        )
        if number == 1:
            FollowUp.objects.update_or_create(
                response=response, text=FOLLOW_UP[0], defaults={"due_date": FOLLOW_UP[1]}
            )
