"""What the seed document (금정구, 2023 하반기 서면회의 결과) says, as data: the
council, its roster, the meeting's agenda, points, proposals, responses and
commitments and their progress, and the current meeting's agenda and points.
Nothing here touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from council.models import (
    AgendaItem,
    Council,
    Member,
)

SEOUL = ZoneInfo("Asia/Seoul")
DEMO_PASSWORD = "dolbom-demo-2023"

COUNCIL = {
    "slug": "geumjeong",
    "name": "금정구 지역돌봄협의체",
    "kind": Council.Kind.CHILD_CARE,  # the 2023 kind: the seed result document keeps its words
    "sido": "부산광역시",
    "district": "금정구",
    "district_code": "26410",
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
