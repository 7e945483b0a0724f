"""The demo's facility registry (through its own import), the population file
(through the population importer) and the public finder's settings."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from council.models import (
    Council,
    Dong,
)
from facilities.models import Facility
from facilities.services import apply_import
from lib.dates import korean_time

# Demo facilities, one a line: (code, kind, name, dong, status, opened_on, closes_at,
# night_until, temporary_spare, figures as of 2023-06-30 and 2023-12-01 as
# (capacity, enrolled, waiting)). GJ-DH-002 is planned: its places are empty and
# families already ask to be put down for them.
DH, JA, CD = Facility.Kind.TOGETHER, Facility.Kind.COMMUNITY, Facility.Kind.SCHOOL
OPEN, PLANNED = Facility.Status.OPERATING, Facility.Status.PLANNED
T17, T18, T20, T22 = dt.time(17, 0), dt.time(18, 0), dt.time(20, 0), dt.time(22, 0)
# fmt: off
FACILITIES = [
    ("GJ-DH-001", DH, "금빛아이 꿈마당 (구서2동 행정복지센터 내)", "구서2동", OPEN, dt.date(2023, 3, 2), T20, None, 2, (25, 18, 0), (25, 24, 3)),
    ("GJ-DH-002", DH, "금사 도시재생어울림센터 다함께돌봄센터", "금사회동동", PLANNED, dt.date(2024, 3, 4), T20, None, 0, (25, 0, 0), (25, 0, 8)),
    ("GJ-DH-003", DH, "장전 다함께돌봄센터 (예시)", "장전1동", OPEN, dt.date(2020, 4, 1), T20, None, 3, (30, 27, 2), (30, 29, 4)),
    ("GJ-DH-004", DH, "부곡 다함께돌봄센터 (예시)", "부곡2동", OPEN, dt.date(2021, 9, 1), T20, None, 0, (20, 20, 5), (20, 20, 6)),
    ("GJ-JA-001", JA, "서동 지역아동센터 (예시)", "서2동", OPEN, dt.date(2010, 5, 1), T20, T22, 1, (29, 26, 0), (29, 27, 1)),
    ("GJ-JA-002", JA, "부곡 지역아동센터 (예시)", "부곡1동", OPEN, dt.date(2012, 3, 1), T20, T22, 2, (29, 25, 0), (29, 26, 0)),
    ("GJ-JA-003", JA, "남산 지역아동센터 (예시)", "남산동", OPEN, dt.date(2014, 7, 1), T20, T22, 0, (20, 19, 1), (20, 20, 2)),
    ("GJ-JA-004", JA, "구서 지역아동센터 (예시)", "구서1동", OPEN, dt.date(2015, 2, 1), T20, T22, 3, (25, 21, 0), (25, 22, 0)),
    ("GJ-JA-005", JA, "장전 지역아동센터 (예시)", "장전2동", OPEN, dt.date(2016, 9, 1), T20, T22, 1, (19, 17, 0), (19, 18, 1)),
    ("GJ-JA-006", JA, "금성 지역아동센터 (예시)", "금성동", OPEN, dt.date(2018, 4, 1), T20, None, 2, (15, 11, 0), (15, 12, 0)),
    ("GJ-CD-001", CD, "서곡초등학교 초등돌봄교실 (예시)", "서3동", OPEN, dt.date(2015, 3, 2), T17, None, 0, (40, 40, 8), (40, 40, 11)),
    ("GJ-CD-002", CD, "구서초등학교 초등돌봄교실 (예시)", "구서2동", OPEN, dt.date(2014, 3, 3), T17, None, 0, (60, 58, 4), (60, 60, 9)),
    ("GJ-CD-003", CD, "장전초등학교 초등돌봄교실 (예시)", "장전1동", OPEN, dt.date(2016, 3, 2), T18, None, 0, (44, 41, 2), (44, 44, 5)),
    ("GJ-CD-004", CD, "부곡초등학교 초등돌봄교실 (예시)", "부곡3동", OPEN, dt.date(2013, 3, 4), T17, None, 0, (22, 19, 0), (22, 21, 1)),
]
# fmt: on
FIGURE_DATES = (dt.date(2023, 6, 30), dt.date(2023, 12, 1))


def load_facilities(council: Council, staff_user: User) -> None:
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
                "closes_at": korean_time(closes_at),
                "vacation_opens_at": "09:00",
                "vacation_closes_at": "18:00",
                "saturday_care": "예" if kind == Facility.Kind.COMMUNITY else "아니오",
                "night_care": "예" if night_until else "아니오",
                "night_care_until": korean_time(night_until) if night_until else "",
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


def load_population(council: Council, today: dt.date) -> None:
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

    codes_file = Path(__file__).resolve().parent.parent / "demo_data" / "geumjeong-dong-codes.csv"
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


def load_finder_settings(council: Council) -> None:
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
