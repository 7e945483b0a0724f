"""The demo council, built from the seed document (금정구, 2023 하반기 서면회의 결과).

It is made the way a district would make it, through the portal's own services:
accounts and roster, the facility registry through its import, the seed's
meeting replayed from opening to the published result at its real dates, and
a meeting of the current half that is taking opinions now (whatever day the
demo is loaded). The proposals and responses carry the seed's exact text; the
members, their opinion points and the facilities are plausible, clearly-demo
stand-ins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from council.models import (
    AgendaItem,
    Attachment,
    Category,
    Council,
    Dong,
    Meeting,
    Member,
    OpinionPoint,
)
from council.services import agenda as agenda_services
from council.services import meetings as meeting_services
from council.services import opinions as opinion_services
from council.services import roster as roster_services
from facilities.models import Facility
from facilities.reports import status_report, status_tables
from facilities.services import apply_import
from lib.dates import korean_date, korean_datetime
from portal.demo_2026 import DEMO_2026_TOUR, demo_2026_logins, load_demo_2026
from proposals import commitment_services
from proposals import services as proposal_services
from proposals.models import Commitment, CommitmentStatus, Department, DepartmentResponse
from reports.services import publish_meeting

SEOUL = ZoneInfo("Asia/Seoul")
DEMO_PASSWORD = "dolbom-demo-2023"

COUNCIL = {
    "slug": "geumjeong",
    "name": "금정구 지역돌봄협의체",
    "kind": Council.Kind.CHILD_CARE,  # the 2023 kind: the seed result document keeps its words
    "district": "금정구",
    "purpose": "지역 맞춤형 돌봄체계 강화 및 돌봄사각지대 해소",
    # The secretariat members are told to contact (footer, early close, conflicts).
    "contact_name": "금정구청 아동청소년과 돌봄지원팀 (예시)",
    "contact_phone": "051-519-0000",
    "contact_email": "dolbom@example.com",
}
# The member whose term runs out soon, so the staff dashboard shows its warning.
TERM_ENDING = "gj-member10"
TERM_ENDING_IN_DAYS = 40
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
# The follow-up commitments written with the seed's responses (by proposal number):
# (what, department, due date). The second department has no reviewer account:
# staff record its progress on its behalf.
PARTNER_DEPARTMENT = "평생교육과"
COMMITMENTS = {
    1: [
        ("금사 도시재생어울림센터 내 다함께돌봄센터 신규 개소", DEPARTMENT, dt.date(2024, 3, 31)),
        ("부곡동 일대 다함께돌봄센터 추가 설치 공간 검토", DEPARTMENT, dt.date(2024, 12, 31)),
    ],
    2: [("야간돌봄(22시) 운영 지역아동센터 확대 검토", DEPARTMENT, dt.date(2024, 6, 30))],
    3: [("다함께돌봄센터-학부모 행사 홍보 및 협업 간담회 지원", DEPARTMENT, dt.date(2024, 11, 30))],
    4: [("다함께돌봄센터-지역아동센터 간 간담회 개최", DEPARTMENT, dt.date(2024, 10, 31))],
    5: [
        (
            "방학 중 일시돌봄 이용 안내 학교 가정통신문 발송",
            PARTNER_DEPARTMENT,
            dt.date(2024, 7, 15),
        )
    ],
    6: [
        (
            "관내 초등학교 돌봄기관 홍보 협조 요청 공문 발송",
            PARTNER_DEPARTMENT,
            dt.date(2024, 3, 31),
        )
    ],
}
# Their progress between the meetings: (proposal number, commitment index, date,
# status name or None, reason, note). Replayed in date order through the services,
# so the current meeting's document carries each one in its state now.
PROGRESS = [
    (1, 0, dt.date(2024, 2, 16), "추진 중", "", "리모델링 공사 준공, 돌봄 종사자 채용 공고"),
    (6, 0, dt.date(2024, 3, 8), "완료", "", "관내 초등학교 22개교에 협조 공문 발송"),
    (1, 0, dt.date(2024, 3, 4), "완료", "", "개소 (정원 25명), 개소식 개최"),
    (
        2,
        0,
        dt.date(2024, 5, 20),
        "추진 중",
        "",
        "지역아동센터 2개소 야간돌봄 추가 신청 접수, 시 보조금 협의 중",
    ),
    (
        5,
        0,
        dt.date(2024, 7, 1),
        "추진 불가",
        "교육청 협의 결과 학교 가정통신문 게재가 어려워 구 홈페이지·SNS 안내로 대체",
        "",
    ),
    (
        1,
        1,
        dt.date(2024, 9, 10),
        "장기 검토",
        "적합한 공공 유휴공간이 없어 공공시설 복합화 사업과 연계하여 검토",
        "부곡동 행정복지센터·주민센터 유휴공간 현장 확인",
    ),
    (
        3,
        0,
        dt.date(2024, 10, 12),
        "완료",
        "",
        "센터 연합 체육대회 개최 지원 (센터 4곳, 학부모 60명 참여)",
    ),
]

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


# The meeting the demo is "now" in: opened yesterday, deadline a few days ahead,
# some opinions submitted and some drafts, so every login has something to do.
CURRENT_AGENDA = [
    (AgendaItem.Kind.REPORT, "금정구 초등돌봄 기관별 현황"),
    (AgendaItem.Kind.REPORT, "지난 회의 건의사항 추진 현황 보고"),
    (AgendaItem.Kind.DISCUSSION, "방학 중 돌봄 공백 해소 방안 논의"),
]
# (username, category, agenda item index, text, submitted?)
CURRENT_POINTS = [
    (
        "gj-member02",
        "운영",
        2,
        "방학 중에는 오전 9시부터 운영해야 맞벌이 가정의 공백이 줄어듦. "
        "다함께돌봄센터의 방학 중 운영 시간을 학기 중과 따로 안내할 필요가 있음.",
        True,
    ),
    (
        "gj-member03",
        "지역사회 연계",
        2,
        "학교 돌봄교실이 방학 중 공사로 쉬는 기간을 미리 알려 주면 지역아동센터가 "
        "일시돌봄 자리를 준비할 수 있음.",
        True,
    ),
    (
        "gj-member04",
        "시설 확충",
        0,
        "부곡동 일대는 대기 아동이 계속 늘고 있어 다함께돌봄센터 추가 설치가 필요함.",
        True,
    ),
    (
        "gj-member05",
        "운영",
        1,
        "지난 회의에서 약속한 학부모 행사 추진 상황을 회의 자료로 함께 받아보고 싶음.",
        True,
    ),
    (
        "gj-member06",
        "지역사회 연계",
        2,
        "지역아동센터 야간돌봄 이용 안내를 학교 가정통신문으로 보내면 좋겠음.",
        False,
    ),
    (
        "gj-member07",
        None,
        2,
        "(작성 중) 방학 중 점심 제공 여부를 시설별로 정리해 주면",
        False,
    ),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """The demo accounts (role, username, password) that `load_demo` creates."""
    logins = [("시스템 관리자", "admin", DEMO_PASSWORD)]
    logins.append(("구청 담당자", "gj-staff", DEMO_PASSWORD))
    logins.append((f"부서 담당자 ({DEPARTMENT})", "gj-reviewer", DEMO_PASSWORD))
    logins += [(f"위원 {m.name} ({m.affiliation})", m.username, DEMO_PASSWORD) for m in MEMBERS]
    logins += demo_2026_logins(DEMO_PASSWORD)
    return logins


def demo_tour(today: dt.date | None = None) -> list[tuple[str, str]]:
    """What each demo login lands on (printed by `loaddemo` and told in the README)."""
    today = today or timezone.localdate()
    current = current_meeting_dates(today)
    ending = korean_date(today + dt.timedelta(days=TERM_ENDING_IN_DAYS))
    return [
        (
            "gj-staff",
            f"대시보드: {current['title']} 의견 접수 중 (위원 10명 중 4명 제출), "
            f"임기 만료 예정 1명 경고(임시우, {ending}, 연임 처리 링크), "
            "2023년 하반기 회의는 결과 공개",
        ),
        (
            "gj-reviewer",
            "검토 요청: 기한이 지난 후속 조치(추진 경과를 적을 것)와 2023년 하반기 건의사항 6건",
        ),
        (
            "gj-member01",
            f"내 회의: {current['title']} 의견서 작성 전 (마감 {current['deadline_text']}), "
            "2023년 하반기 회의 결과 보기와 내 의견이 취합된 건의사항",
        ),
        ("gj-member02…05", "의견서 제출 완료 (마감 전까지 고칠 수 있음)"),
        ("gj-member06, 07", "의견서 임시 저장 상태"),
        ("admin", "협의체 목록과 관리자 화면"),
        *DEMO_2026_TOUR,
    ]


def current_meeting_dates(today: dt.date) -> dict:
    """The open meeting's year, half and dates relative to the day the demo is loaded."""
    year, half = today.year, Meeting.Half.FIRST if today.month <= 6 else Meeting.Half.SECOND
    if (year, half) == (2023, Meeting.Half.SECOND):  # the seed's meeting holds that half
        year, half = 2024, Meeting.Half.FIRST
    start = today - dt.timedelta(days=1)
    end = today + dt.timedelta(days=3)
    deadline = dt.datetime.combine(end, dt.time(18, 0), tzinfo=SEOUL)
    half_label = "상반기" if half == Meeting.Half.FIRST else "하반기"
    return {
        "year": year,
        "half": half,
        "start": start,
        "end": end,
        "deadline": deadline,
        "deadline_text": korean_datetime(deadline, weekday=True),
        "title": f"{year}년 {half_label} 회의",
    }


def _set_password(user: User) -> None:
    # Demo accounts get a known password directly: it is not a good password, and
    # it is not meant to pass the validators real users face.
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])


def _account(username: str, *, email: str, first_name: str, superuser: bool = False) -> User:
    user, _created = User.objects.get_or_create(username=username)
    user.email = email
    user.first_name = first_name
    user.is_superuser = user.is_staff = superuser
    user.save()
    _set_password(user)
    return user


def _remove_demo_council() -> None:
    """Start from nothing: the demo council and everything it holds (accounts stay)."""
    council = Council.objects.filter(slug=COUNCIL["slug"]).first()
    if council is None:
        return
    # Protected references first (opinions and invitations name members, proposals
    # name categories and departments, facilities name 동), then the council.
    for meeting in Meeting.objects.filter(council=council):
        for result in meeting.publications.all():
            for field_file in result.stored_files():
                field_file.storage.delete(field_file.name)
        for attachment in Attachment.objects.filter(agenda_item__meeting=meeting):
            attachment.file.storage.delete(attachment.file.name)
        meeting.delete()
    Facility.objects.filter(council=council).delete()
    council.delete()


@transaction.atomic
def load_demo(*, today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """Build the demo council from scratch through the portal's own services.

    The seed's 2023 second-half meeting is replayed as it happened (opened,
    opinions submitted, closed, aggregated, answered, published) at its real
    dates; then a meeting of the current half is opened yesterday with a
    deadline three days ahead. Running it again rebuilds the demo council as
    of that day. Returns the demo logins (role, username, password).
    """
    today = today or timezone.localdate()
    _remove_demo_council()
    council = Council.objects.create(**COUNCIL)
    for name in CATEGORIES:
        agenda_services.add_category(council=council, name=name)
    categories = {c.name: c for c in Category.objects.filter(council=council)}
    for order, name in enumerate(DONGS, start=1):
        Dong.objects.create(council=council, name=name, order=order)
    department = proposal_services.add_department(council=council, name=DEPARTMENT)
    proposal_services.add_department(council=council, name=PARTNER_DEPARTMENT)

    _account("admin", email="admin@example.com", first_name="관리자", superuser=True)
    staff_user = _account("gj-staff", email="staff@example.com", first_name="한담당")
    roster_services.add_staff(council=council, user=staff_user, name="한담당")
    reviewer_user = _account("gj-reviewer", email="reviewer@example.com", first_name="오검토")
    proposal_services.add_reviewer(department=department, user=reviewer_user, name="오검토")
    members = {}
    for i, m in enumerate(MEMBERS, start=1):
        User.objects.filter(username=m.username).delete()  # add_member makes the account
        member = roster_services.add_member(
            council=council,
            name=m.name,
            email=f"member{i:02d}@example.com",
            role=m.role,
            affiliation=m.affiliation,
            term_start=dt.date(2023, 1, 1),
            # Terms run past the current meeting, whatever day the demo is loaded.
            term_end=dt.date(today.year + 1, 12, 31),
            username=m.username,
            base_url="",
            send_link=False,
        )
        _set_password(member.user)
        members[m.username] = member

    _load_facilities(council, staff_user)
    seed_meeting = _replay_seed_meeting(council, members, categories, department, staff_user)
    _load_commitments(seed_meeting, staff_user, reviewer_user)
    _open_current_meeting(council, members, categories, today)
    # One term ends in a few weeks (after the open meeting's deadline): the
    # dashboard warns and offers the renewal (연임) page.
    roster_services.end_term(
        member=members[TERM_ENDING], term_end=today + dt.timedelta(days=TERM_ENDING_IN_DAYS)
    )
    _load_population(council, today)
    _load_finder_settings(council)
    load_demo_2026(
        today=today, dongs=DONGS, set_password=_set_password, load_population=_load_population
    )
    return demo_logins()


def _load_facilities(council: Council, staff_user: User) -> None:
    """Through the registry's own import: the June figures first, then December's."""
    for figures_index, as_of in enumerate(FIGURE_DATES):
        rows = []
        for number, facility in enumerate(FACILITIES, start=2):
            code, kind, name, dong, status, opened_on, closes_at, night_until, spare = facility[:9]
            capacity, enrolled, waiting = facility[9 + figures_index]
            values = {
                "code": code,
                "kind": str(Facility.Kind(kind).label),
                "name": name,
                "dong": dong,
                "address": f"부산광역시 금정구 {dong} (예시 주소)",
                "operator": "금정구" if kind != Facility.Kind.SCHOOL else "부산광역시교육청",
                "phone": f"051-519-{4000 + number:04d}",
                "status": str(Facility.Status(status).label),
                "opened_on": opened_on.isoformat(),
                "opens_at": "13:00",
                "closes_at": closes_at.strftime("%H:%M"),
                "vacation_opens_at": "09:00",
                "vacation_closes_at": "18:00",
                "saturday_care": "예" if kind == Facility.Kind.COMMUNITY else "아니오",
                "night_care": "예" if night_until else "아니오",
                "night_care_until": night_until.strftime("%H:%M") if night_until else "",
                "temporary_care": "예" if kind == Facility.Kind.TOGETHER and spare else "아니오",
                "temporary_spare": str(spare if kind == Facility.Kind.TOGETHER else 0),
                "vacation_care": "예",
                "notes": "데모 자료: 실제 기관의 수치가 아닙니다.",
                "as_of": as_of.isoformat(),
                "capacity": str(capacity),
                "enrolled": str(enrolled),
                "waiting": str(waiting),
            }
            rows.append({"row": number, "values": values})
        apply_import(council=council, user=staff_user, rows=rows)


def _agenda(meeting: Meeting, items, *, snapshot_as_of: dt.date) -> list[AgendaItem]:
    agenda = [
        agenda_services.save_agenda_item(item=AgendaItem(meeting=meeting, kind=kind, title=title))
        for kind, title in items
    ]
    report = status_report(council=meeting.council, as_of=snapshot_as_of)
    agenda_services.attach_snapshot(
        item=agenda[0], snapshot=status_tables(report), as_of=snapshot_as_of
    )
    return agenda


def _replay_seed_meeting(council, members, categories, department, staff_user) -> Meeting:
    """The seed's written meeting, from opening to the published result, at its real dates."""
    meeting = Meeting.objects.create(
        council=council,
        year=2023,
        half=Meeting.Half.SECOND,
        method=Meeting.Method.WRITTEN,
        period_start=dt.date(2023, 12, 20),
        period_end=dt.date(2023, 12, 22),
        deadline=dt.datetime(2023, 12, 22, 18, 0, tzinfo=SEOUL),
    )
    agenda = _agenda(meeting, AGENDA, snapshot_as_of=SNAPSHOT_AS_OF)
    meeting_services.open_meeting(
        meeting=meeting, now=dt.datetime(2023, 12, 20, 9, 0, tzinfo=SEOUL)
    )
    points_by_member: dict[str, list] = {}
    for username, category, agenda_index, text in POINTS:
        points_by_member.setdefault(username, []).append(
            opinion_services.PointInput(
                text=text,
                category=categories[category] if category else None,
                agenda_item=agenda[agenda_index],
            )
        )
    for username, point_inputs in points_by_member.items():
        opinion_services.save_opinion(
            meeting=meeting,
            member=members[username],
            points=point_inputs,
            submit=True,
            entered_by=members[username].user,
            send_copy=False,  # no mail from the demo
            now=dt.datetime(2023, 12, 21, 15, 0, tzinfo=SEOUL),
        )
    meeting_services.close_meeting(meeting=meeting, now=meeting.deadline)
    meeting.refresh_from_db()

    # The points in the order they were given above (POINTS indexes refer to it).
    saved = {
        (p.opinion.member.user.username, p.text): p
        for p in OpinionPoint.objects.filter(opinion__meeting=meeting).select_related(
            "opinion__member__user"
        )
    }
    points = [saved[(username, text)] for username, _c, _a, text in POINTS]
    for category, headline, point_indexes, response_lines in PROPOSALS:
        proposal = proposal_services.create_proposal(
            meeting=meeting,
            points=[points[i] for i in point_indexes],
            headline=headline,
            category=categories[category],
        )
        proposal = proposal_services.update_proposal(
            proposal=proposal,
            version=proposal.version,
            category=proposal.category,
            headline=proposal.headline,
            details=proposal.details,
            department=department,
            due_date=dt.date(2024, 1, 19),
            source_points=proposal.source_points.all(),
        )
        departments = {d.name: d for d in Department.objects.filter(council=council)}
        commitments = [
            commitment_services.CommitmentInput(
                what=what, department=departments[name], due_date=due_date
            )
            for what, name, due_date in COMMITMENTS.get(proposal.number, [])
        ]
        proposal_services.save_response(
            proposal=proposal,
            version=0,
            state=DepartmentResponse.State.PARTIAL,
            lines="\n".join(response_lines),
            commitments=commitments,
            final=True,
            user=staff_user,
            as_staff=True,
            now=dt.datetime(2024, 1, 15, 10, 0, tzinfo=SEOUL),
        )
    publish_meeting(
        meeting=meeting, user=staff_user, now=dt.datetime(2024, 1, 22, 10, 0, tzinfo=SEOUL)
    )
    return meeting


def _load_commitments(meeting: Meeting, staff_user: User, reviewer_user: User) -> None:
    """The seed meeting's commitments move on between the meetings: notes and status
    changes at their real dates, by the department's reviewer or (for a department
    without one) by staff on its behalf."""
    statuses = {s.name: s for s in CommitmentStatus.objects.filter(council=meeting.council)}
    for number, index, day, status_name, reason, note in sorted(PROGRESS, key=lambda p: p[2]):
        commitment = Commitment.objects.filter(response__proposal__meeting=meeting).get(
            response__proposal__number=number, order=index + 1
        )
        as_staff = commitment.department.name != DEPARTMENT
        commitment_services.record_progress(
            commitment=commitment,
            version=commitment.version,
            status=statuses[status_name] if status_name else None,
            reason=reason,
            note_date=day,
            note_text=note,
            user=staff_user if as_staff else reviewer_user,
            as_staff=as_staff,
            now=dt.datetime.combine(day, dt.time(16, 0), tzinfo=SEOUL),
        )


def _open_current_meeting(council, members, categories, today: dt.date) -> Meeting:
    dates = current_meeting_dates(today)
    meeting = Meeting.objects.create(
        council=council,
        year=dates["year"],
        half=dates["half"],
        method=Meeting.Method.WRITTEN,
        period_start=dates["start"],
        period_end=dates["end"],
        deadline=dates["deadline"],
    )
    agenda = _agenda(meeting, CURRENT_AGENDA, snapshot_as_of=today)
    opened = dt.datetime.combine(dates["start"], dt.time(9, 0), tzinfo=SEOUL)
    meeting_services.open_meeting(meeting=meeting, now=opened)
    for hours, (username, category, agenda_index, text, submit) in enumerate(
        CURRENT_POINTS, start=2
    ):
        opinion_services.save_opinion(
            meeting=meeting,
            member=members[username],
            points=[
                opinion_services.PointInput(
                    text=text,
                    category=categories[category] if category else None,
                    agenda_item=agenda[agenda_index],
                )
            ],
            submit=submit,
            entered_by=members[username].user,
            send_copy=False,  # no mail from the demo
            now=opened + dt.timedelta(hours=hours),
        )
    return meeting


def _load_population(council: Council, today: dt.date) -> None:
    """The 16 동's official 행정기관코드 (demo_data/geumjeong-dong-codes.csv) and a
    plausible population file for the current month, imported through the real
    importer (CP949 like the statistics site's), so the 돌봄 공백 view has figures.
    The counts are made up (seeded, so every run gives the same file)."""
    import csv
    import io
    import random
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from facilities import population

    codes_file = Path(__file__).resolve().parent / "demo_data" / "geumjeong-dong-codes.csv"
    with codes_file.open(encoding="utf-8") as handle:
        codes = {row["행정동"]: row["행정기관코드"] for row in csv.DictReader(handle)}
    for dong in Dong.objects.filter(council=council):
        if dong.code != codes.get(dong.name):
            dong.code = codes.get(dong.name)
            dong.save(update_fields=["code"])
    month = today.replace(day=1)
    prefix = f"{month.year}년{month.month:02d}월_계_"
    header = ["행정구역", f"{prefix}총인구수", f"{prefix}연령구간인구수"]
    header += [f"{prefix}{age}세" for age in range(100)] + [f"{prefix}100세 이상"]
    rng = random.Random(2641)
    lines = []
    for name, code in codes.items():
        size = rng.randint(9_000, 32_000)
        young = rng.uniform(0.6, 1.4)  # some 동 have many more families than others
        ages = [
            max(0, round(size * (0.0075 * young if age < 20 else 0.0135) * rng.uniform(0.85, 1.15)))
            for age in range(100)
        ]
        ages.append(round(size * 0.001))
        total = sum(ages)
        lines.append(
            [f"부산광역시 금정구 {name} ({code})", f"{total:,}", f"{total:,}"]
            + [f"{n:,}" for n in ages]
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(lines)
    upload = SimpleUploadedFile("demo-population.csv", buffer.getvalue().encode("cp949"))
    parsed, encoding = population.read_population(upload)
    payload = population.to_payload(parsed, source_name=upload.name, encoding=encoding)
    population.apply_population(council=council, user=None, payload=payload)


# The public finder (facilities/finder.py): which 동 border which (roughly, for the demo),
# how each kind takes applications, and the district's map service and notice.
DEMO_NEIGHBOURS = [
    ("서1동", "서2동"),
    ("서1동", "서3동"),
    ("서2동", "서3동"),
    ("서3동", "금사회동동"),
    ("금사회동동", "부곡4동"),
    ("부곡1동", "부곡2동"),
    ("부곡2동", "부곡3동"),
    ("부곡3동", "부곡4동"),
    ("부곡1동", "장전1동"),
    ("장전1동", "장전2동"),
    ("장전1동", "구서2동"),
    ("장전2동", "금성동"),
    ("구서1동", "구서2동"),
    ("구서1동", "남산동"),
    ("남산동", "청룡노포동"),
    ("청룡노포동", "선두구동"),
]
DEMO_HOW_TO_APPLY = {
    Facility.Kind.TOGETHER: (
        "전화 상담 후 방문 신청 (재학증명서, 보호자 취업 확인 서류). 빈자리가 없으면 대기 등록"
    ),
    Facility.Kind.COMMUNITY: "전화 상담 후 방문 신청. 이용 자격은 센터에서 안내",
    Facility.Kind.SCHOOL: "다니는 학교에 신청 (학기 초 모집, 빈자리가 생기면 수시 모집)",
}


def _load_finder_settings(council: Council) -> None:
    council.map_url_template = "https://map.kakao.com/?q={address}"
    council.finder_notice = (
        "문의: 금정구청 아동청소년과 (데모 자료: 시설과 연락처는 실제가 아닙니다)"
    )
    council.save(update_fields=["map_url_template", "finder_notice"])
    dongs = {dong.name: dong for dong in Dong.objects.filter(council=council)}
    for a, b in DEMO_NEIGHBOURS:
        dongs[a].neighbours.add(dongs[b])
    for number, facility in enumerate(
        Facility.objects.filter(council=council).order_by("code"), start=1
    ):
        facility.is_public = True
        facility.how_to_apply = DEMO_HOW_TO_APPLY[facility.kind]
        facility.phone = facility.phone or f"051-000-{number:04d}"
        if facility.kind == Facility.Kind.SCHOOL:
            facility.grade_min, facility.grade_max = 1, 2
        facility.save(
            update_fields=["is_public", "how_to_apply", "phone", "grade_min", "grade_max"]
        )
