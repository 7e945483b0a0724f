"""Small data files built in the tests, in the layouts the statistics site and the open-data
portal use, so every encoding and every broken shape can be tried."""

from __future__ import annotations

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile

GUSEO2 = ("부산광역시 금정구 구서2동", "2641069000")
JANGJEON1 = ("부산광역시 금정구 장전1동", "2641060000")
GEUMJEONG_TOTAL = ("부산광역시 금정구", "2641000000")
BUSAN_TOTAL = ("부산광역시", "2600000000")
HAEUNDAE_U1 = ("부산광역시 해운대구 우1동", "2635051000")
HAEUNDAE_JUNG1 = ("부산광역시 해운대구 중1동", "2635052000")


def ages(per_age: int = 10, *, school: int | None = None) -> list[int]:
    """101 counts (0 … 99세, 100세 이상); ages 7–12 get `school` each if given."""
    counts = [per_age] * 101
    if school is not None:
        for age in range(7, 13):
            counts[age] = school
    return counts


def population_header(year: int = 2026, month: int = 10, *, sexes: bool = True) -> list[str]:
    header = ["행정구역"]
    for sex in ("계", "남", "여") if sexes else ("계",):
        prefix = f"{year}년{month:02d}월_{sex}_"
        header += [f"{prefix}총인구수", f"{prefix}연령구간인구수"]
        header += [f"{prefix}{age}세" for age in range(100)] + [f"{prefix}100세 이상"]
    return header


def population_row(region: tuple[str, str], counts: list[int], *, sexes: bool = True) -> list[str]:
    name, code = region
    total = sum(counts)
    cells = [f"{name} ({code})", f"{total:,}", f"{total:,}", *[f"{n:,}" for n in counts]]
    if sexes:
        male = [n // 2 for n in counts]
        female = [n - m for n, m in zip(counts, male, strict=True)]
        for part in (male, female):
            cells += [f"{sum(part):,}", f"{sum(part):,}", *[f"{n:,}" for n in part]]
    return cells


def population_csv(
    rows: list[tuple[tuple[str, str], list[int]]],
    *,
    year: int = 2026,
    month: int = 10,
    totals: bool = True,
    sexes: bool = True,
) -> str:
    """A 주민등록 연령별 인구현황 CSV as the statistics site writes it (every cell quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(population_header(year, month, sexes=sexes))
    if totals:
        whole = [sum(c[i] for _r, c in rows) for i in range(101)]
        writer.writerow(population_row(GEUMJEONG_TOTAL, whole, sexes=sexes))
    for region, counts in rows:
        writer.writerow(population_row(region, counts, sexes=sexes))
    return buffer.getvalue()


def upload(text: str | bytes, encoding: str = "cp949", name: str = "population.csv"):
    data = text if isinstance(text, bytes) else text.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


COMMUNITY_HEADER = [
    "센터명",
    "시도명",
    "시군구명",
    "소재지도로명주소",
    "소재지지번주소",
    "위도",
    "경도",
    "운영주체명",
    "정원수",
    "현원수",
    "운영시간",
    "전화번호",
    "데이터기준일자",
    "제공기관코드",
    "제공기관명",
]


def community_record(name: str, **overrides) -> dict[str, str]:
    record = {
        "센터명": name,
        "시도명": "부산광역시",
        "시군구명": "금정구",
        "소재지도로명주소": "부산광역시 금정구 서동로 10 (구서동)",
        "소재지지번주소": "부산광역시 금정구 구서동 100-1",
        "위도": "35.24",
        "경도": "129.09",
        "운영주체명": "사회복지법인 시험",
        "정원수": "29",
        "현원수": "27",
        "운영시간": "학기중: 13:00~19:00 방학중: 09:00~18:00",
        "전화번호": "051-000-0000",
        "데이터기준일자": "2026-09-30",
        "제공기관코드": "3360000",
        "제공기관명": "부산광역시 금정구",
    }
    record.update(overrides)
    return record


def community_csv(records: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COMMUNITY_HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def community_json(records: list[dict[str, str]]) -> str:
    """The portal's JSON download: the field list and the records."""
    return json.dumps(
        {"fields": [{"id": h} for h in COMMUNITY_HEADER], "records": records},
        ensure_ascii=False,
    )
