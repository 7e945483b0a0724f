"""The district's facility registry as open data: CSV (UTF-8) and JSON at stable public URLs.

What is published is exactly what the public finder shows (`finder.public_facilities`),
public fields only, one row per facility, in the 표준데이터 column names and order
(`COLUMNS`; the names are those the national 지역아동센터·사회복지시설 standard files
use, so the portal's own open-data import reads the file back: `tests/gaps/
test_publish.py`). Each figure carries its 기준일 (`정원현원기준일자`); the file's
`데이터기준일자` is the day of the last change. Licence: 공공누리 제1유형 (출처표시).

Cost: three queries whatever the number of facilities (council, thresholds for the
region name, the facilities with their latest figures and last change as subqueries).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from council.models import Council
from facilities.finder import public_facilities
from facilities.models import Facility, FacilityFigures, GapSettings
from lib.dates import korean_time

LICENCE = "공공누리 제1유형: 출처표시 (KOGL Type 1: Attribution)"
LICENCE_URL = "https://www.kogl.or.kr/info/licenseType1.do"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
YES, NO = "Y", "N"

# 표준데이터 column names, in their order: identity, place, contact, operation, figures,
# then the standard's closing provenance columns.
COLUMNS = (
    "시설코드",
    "시설명",
    "시설종류명",
    "시도명",
    "시군구명",
    "행정동명",
    "소재지도로명주소",
    "전화번호",
    "운영주체명",
    "운영상태",
    "개소일자",
    "운영시간",
    "토요돌봄여부",
    "야간돌봄여부",
    "야간돌봄종료시각",
    "방학중돌봄여부",
    "일시돌봄여부",
    "대상학년",
    "월이용료",
    "정원수",
    "현원수",
    "대기인원수",
    "정원현원기준일자",
    "신청방법",
    "데이터기준일자",
    "제공기관코드",
    "제공기관명",
)


@dataclass(frozen=True)
class Dataset:
    council: Council
    rows: list[dict[str, str]]
    last_modified: dt.datetime  # aware; the latest change to any published row

    @property
    def data_date(self) -> dt.date:
        return timezone.localtime(self.last_modified).date()


def _yes(value: bool) -> str:
    return YES if value else NO


def _time(value: dt.time | None) -> str:
    return korean_time(value) if value else ""


def _hours(facility: Facility) -> str:
    """운영시간 as the national files write it: "학기중: 13:00~20:00 방학중: 09:00~18:00",
    then 토요일 and 공휴일 (일요일·공휴일) when the facility opens then."""
    parts = []
    if facility.opens_at and facility.closes_at:
        parts.append(f"학기중: {_time(facility.opens_at)}~{_time(facility.closes_at)}")
    if facility.vacation_care and facility.vacation_opens_at and facility.vacation_closes_at:
        parts.append(
            f"방학중: {_time(facility.vacation_opens_at)}~{_time(facility.vacation_closes_at)}"
        )
    for label, opens, closes in (
        ("토요일", facility.saturday_opens_at, facility.saturday_closes_at),
        ("공휴일", facility.holiday_opens_at, facility.holiday_closes_at),
    ):
        if opens and closes:
            parts.append(f"{label}: {_time(opens)}~{_time(closes)}")
    return " ".join(parts)


def _region(council: Council) -> tuple[str, str]:
    """(시도명, 시군구명) from the thresholds' region name ("부산광역시 금정구")."""
    region = GapSettings.for_council(council).region_name.split()
    if len(region) >= 2:
        return region[0], " ".join(region[1:])
    return "", council.district


def dataset(council: Council, *, today: dt.date) -> Dataset:
    """The council's published facilities as 표준데이터 rows (three queries)."""
    latest_change = (
        FacilityFigures.objects.filter(facility=OuterRef("pk"))
        .values("facility")
        .annotate(latest=Max("recorded_at"))
        .values("latest")
    )
    facilities = (
        public_facilities(council, today=today)
        .with_figures_as_of(today)
        .annotate(figures_changed_at=Subquery(latest_change[:1]))
        .select_related("dong", "other_kind")
        .order_by("dong__order", "dong__name", "name", "pk")
    )
    sido, sigungu = _region(council)
    provider = f"{sido} {sigungu}".strip()
    rows: list[dict[str, str]] = []
    changes: list[dt.datetime] = []
    for f in facilities:
        changes.append(f.updated_at)
        if f.figures_changed_at:
            changes.append(f.figures_changed_at)
        grade_from, grade_to = f.grade_min or 1, f.grade_max or 6
        rows.append(
            {
                "시설코드": f.code,
                "시설명": f.name,
                "시설종류명": f.kind_name(today),
                "시도명": sido,
                "시군구명": sigungu,
                "행정동명": f.dong.name,
                "소재지도로명주소": f.address,
                "전화번호": f.phone,
                "운영주체명": f.operator,
                "운영상태": str(f.get_status_display()),
                "개소일자": f.opened_on.isoformat() if f.opened_on else "",
                "운영시간": _hours(f),
                "토요돌봄여부": _yes(f.saturday_care),
                "야간돌봄여부": _yes(f.night_care),
                "야간돌봄종료시각": _time(f.night_care_until) if f.night_care else "",
                "방학중돌봄여부": _yes(f.vacation_care),
                "일시돌봄여부": _yes(f.temporary_care),
                "대상학년": f"{grade_from}~{grade_to}",
                "월이용료": "" if f.monthly_fee is None else str(f.monthly_fee),
                "정원수": "" if f.capacity is None else str(f.capacity),
                "현원수": "" if f.enrolled is None else str(f.enrolled),
                "대기인원수": "" if f.waiting is None else str(f.waiting),
                "정원현원기준일자": f.figures_as_of.isoformat() if f.figures_as_of else "",
                "신청방법": f.how_to_apply,
            }
        )
    last_modified = max(changes) if changes else _epoch()
    data_date = timezone.localtime(last_modified).date().isoformat()
    for row in rows:
        row.update({"데이터기준일자": data_date, "제공기관코드": "", "제공기관명": provider})
    return Dataset(council=council, rows=rows, last_modified=last_modified)


def _epoch() -> dt.datetime:
    return dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (=, +, -, @ first: quoted)."""
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def to_csv(data: Dataset) -> bytes:
    """UTF-8 with a BOM (so spreadsheet programs read the Hangul), header row first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in data.rows:
        writer.writerow([_cell(row[column]) for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(data: Dataset, *, url: str) -> bytes:
    """The data portal's shape: {"fields": [...], "records": [...]}, with provenance."""
    document = {
        "title": f"{data.council.district} 돌봄시설 현황",
        "source": url,
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "last_modified": data.last_modified.isoformat(),
        "fields": [{"id": column} for column in COLUMNS],
        "records": [{column: row[column] for column in COLUMNS} for row in data.rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
