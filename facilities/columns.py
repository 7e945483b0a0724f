"""The registry's spreadsheet columns, shared by the template, the exporter and the importer.

Cells travel as text in one canonical form (dates YYYY-MM-DD, times HH:MM,
yes/no as 예/아니오, kinds and statuses by their Korean label), so that an
exported file imported again changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from facilities.models import Facility, FacilityFigures

YES, NO = "예", "아니오"
_YES_WORDS = {"예", "y", "yes", "o", "true", "1", "네", "있음", "○"}
_NO_WORDS = {"아니오", "아니요", "n", "no", "x", "false", "0", "없음", ""}


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str  # text, choice, dong, date, time, bool, int
    required: bool = False
    help: str = ""


def _title(model, field: str) -> str:
    """A column's title: the model field's Korean name (verbose_name)."""
    return str(model._meta.get_field(field).verbose_name)


COLUMNS: list[Column] = [
    Column("code", _title(Facility, "code"), "text", True, "바뀌지 않는 고유 코드. 예: GJ-DH-001"),
    Column(
        "kind",
        _title(Facility, "kind"),
        "choice",
        True,
        "다함께돌봄센터 / 지역아동센터 / 초등돌봄교실",
    ),
    Column("name", _title(Facility, "name"), "text", True, ""),
    Column("dong", _title(Facility, "dong"), "dong", True, "협의체의 행정동 이름. 예: 구서2동"),
    Column("address", _title(Facility, "address"), "text"),
    Column("operator", _title(Facility, "operator"), "text"),
    Column("phone", _title(Facility, "phone"), "text"),
    Column("status", _title(Facility, "status"), "choice", True, "운영 / 개소 예정 / 휴지 / 폐지"),
    Column(
        "opened_on", _title(Facility, "opened_on"), "date", False, "예: 2024-03-01, 2024. 3. 1."
    ),
    Column(
        "closed_on", _title(Facility, "closed_on"), "date", False, "폐지일 때만. 예: 2024-03-01"
    ),
    Column("opens_at", _title(Facility, "opens_at"), "time", False, "HH:MM. 예: 13:00"),
    Column("closes_at", _title(Facility, "closes_at"), "time", False, "HH:MM. 예: 20:00"),
    Column("vacation_opens_at", _title(Facility, "vacation_opens_at"), "time", False, "HH:MM"),
    Column("vacation_closes_at", _title(Facility, "vacation_closes_at"), "time", False, "HH:MM"),
    Column("saturday_care", _title(Facility, "saturday_care"), "bool", False, "예 / 아니오"),
    Column("night_care", _title(Facility, "night_care"), "bool", False, "예 / 아니오"),
    Column(
        "night_care_until",
        _title(Facility, "night_care_until"),
        "time",
        False,
        "야간돌봄일 때. 예: 22:00",
    ),
    Column("temporary_care", _title(Facility, "temporary_care"), "bool", False, "예 / 아니오"),
    Column("temporary_spare", _title(Facility, "temporary_spare"), "int", False, "숫자"),
    Column("vacation_care", _title(Facility, "vacation_care"), "bool", False, "예 / 아니오"),
    Column("notes", _title(Facility, "notes"), "text"),
    Column(
        "as_of",
        _title(FacilityFigures, "as_of"),
        "date",
        False,
        "정원·현원의 기준일. 예: 2024-03-01",
    ),
    Column("capacity", _title(FacilityFigures, "capacity"), "int", False, "기준일을 적으면 필수"),
    Column("enrolled", _title(FacilityFigures, "enrolled"), "int", False, "기준일을 적으면 필수"),
    Column("waiting", _title(FacilityFigures, "waiting"), "int", False, "숫자"),
    Column(
        "over_capacity_reason",
        _title(FacilityFigures, "over_capacity_reason"),
        "text",
        False,
        "현원이 정원보다 많을 때 필수",
    ),
    # The public finder's columns (after the figures, so older files keep their layout).
    Column("grade_min", _title(Facility, "grade_min"), "int", False, "1~6. 비우면 1학년부터"),
    Column("grade_max", _title(Facility, "grade_max"), "int", False, "1~6. 비우면 6학년까지"),
    Column("how_to_apply", _title(Facility, "how_to_apply"), "text", False, "시설 찾기에 나옵니다"),
    Column(
        "is_public", _title(Facility, "is_public"), "bool", False, "예 / 아니오 (시설 찾기 공개)"
    ),
    # The English finder's columns (last, so older files keep their layout).
    Column(
        "address_en",
        _title(Facility, "address_en"),
        "text",
        False,
        "공식 영문 주소. 예: 1 Seobu-ro, Geumjeong-gu, Busan",
    ),
    Column(
        "how_to_apply_en",
        _title(Facility, "how_to_apply_en"),
        "text",
        False,
        "영어 시설 찾기에 나옵니다",
    ),
]
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}


def kind_label(value: str) -> str:
    return str(Facility.Kind(value).label) if value else ""


def status_label(value: str) -> str:
    return str(Facility.Status(value).label) if value else ""


def to_text(value) -> str:
    """A cell or model value in the canonical text form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def facility_row(facility, figures: FacilityFigures | None) -> list[str]:
    """One registry row in column order (facility may be a historical instance)."""
    values = []
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            value = getattr(figures, column.field) if figures is not None else None
        elif column.field == "kind":
            value = kind_label(facility.kind)
        elif column.field == "status":
            value = status_label(facility.status)
        elif column.field == "dong":
            value = facility.dong.name
        else:
            value = getattr(facility, column.field)
        values.append(to_text(value))
    return values


def parse_bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    return None


# The dates people type: 2024-03-01, 2024.3.1, 2024. 3. 1., 2024/3/1, 2024년 3월 1일,
# 20240301; and a date cell read as a number (days since 1899-12-30, the spreadsheet
# epoch) when its column was formatted as a number.
_DATE_PARTS = re.compile(
    r"^\s*(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:[-./]|월)\s*(\d{1,2})\s*(?:[./]|일)?\s*$"
)
_DATE_DIGITS = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")
_SERIAL = re.compile(r"^\s*(\d{5})(?:\.0+)?\s*$")
SPREADSHEET_EPOCH = dt.date(1899, 12, 30)
DATE_EXAMPLE = "2024-03-01 또는 2024. 3. 1."


def parse_date(text: str) -> dt.date | None:
    """A date from the ways people write one in a cell; None if it is not one."""
    match = _DATE_PARTS.match(text) or _DATE_DIGITS.match(text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    serial = _SERIAL.match(text)
    if serial:
        day = SPREADSHEET_EPOCH + dt.timedelta(days=int(serial.group(1)))
        if dt.date(1950, 1, 1) <= day <= dt.date(2100, 12, 31):
            return day
    return None
