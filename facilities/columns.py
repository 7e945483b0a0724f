"""The registry's spreadsheet columns, shared by the template, the exporter and the importer.

Cells travel as text in one canonical form (dates YYYY-MM-DD, times HH:MM,
yes/no as 예/아니오, kinds and statuses by their Korean label), so that an
exported file imported again changes nothing. The export writes the date columns
as real dates (shown 2024. 3. 31.), which the importer reads as the same days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilities.models import Facility, FacilityFigures, kind_name
from lib.dates import DATE_EXAMPLE, parse_date  # noqa: F401  (imported from here)
from lib.xlsx import to_text

_YES_WORDS = {"예", "y", "yes", "o", "true", "1", "네", "있음", "○"}
_NO_WORDS = {"아니오", "아니요", "n", "no", "x", "false", "0", "없음", ""}


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str  # text, choice, dong, date, time, bool, int
    required: bool = False
    help: str = ""
    # Headers older files used for this column, still read on import.
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The name lib.imports reads the column under."""
        return self.field


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
        "학교 돌봄 / 온동네 돌봄·교육센터 / 다함께돌봄센터 / 지역아동센터 / 기타 "
        "(예전 이름 초등돌봄교실도 받습니다)",
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
    # Hours under the 표준데이터's names (평일운영시작시각 …); the older titles still import.
    Column(
        "opens_at",
        "평일운영시작시각",
        "time",
        False,
        "학기 중 평일. HH:MM. 예: 13:00",
        (_title(Facility, "opens_at"),),
    ),
    Column(
        "closes_at",
        "평일운영종료시각",
        "time",
        False,
        "학기 중 평일. HH:MM. 예: 20:00",
        (_title(Facility, "closes_at"),),
    ),
    Column(
        "vacation_opens_at",
        "방학중운영시작시각",
        "time",
        False,
        "HH:MM",
        (_title(Facility, "vacation_opens_at"),),
    ),
    Column(
        "vacation_closes_at",
        "방학중운영종료시각",
        "time",
        False,
        "HH:MM",
        (_title(Facility, "vacation_closes_at"),),
    ),
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
    # 2026's columns (after the finder's, so older files keep their layout).
    Column(
        "other_kind",
        _title(Facility, "other_kind"),
        "other_kind",
        False,
        "유형이 ‘기타’일 때 협의체가 정한 유형 이름",
    ),
    Column("saturday_opens_at", "토요일운영시작시각", "time", False, "HH:MM"),
    Column("saturday_closes_at", "토요일운영종료시각", "time", False, "HH:MM"),
    Column("holiday_opens_at", "공휴일운영시작시각", "time", False, "일요일·공휴일. HH:MM"),
    Column("holiday_closes_at", "공휴일운영종료시각", "time", False, "일요일·공휴일. HH:MM"),
    Column("monthly_fee", "월이용료", "int", False, "원 단위 숫자. 무료면 0"),
    Column(
        "support_kind",
        "운영비지원구분",
        "choice",
        False,
        " / ".join(str(label) for _v, label in Facility.SupportKind.choices),
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


def kind_label(value: str, on: dt.date | None = None) -> str:
    """A kind's name as the registry showed it on `on` (today when not given)."""
    return kind_name(value, on=on)


def support_label(value: str) -> str:
    return str(Facility.SupportKind(value).label) if value else ""


def status_label(value: str) -> str:
    return str(Facility.Status(value).label) if value else ""


def facility_row(
    facility,
    figures: FacilityFigures | None,
    *,
    on: dt.date | None = None,
    other_kinds: dict[int, str] | None = None,
) -> list[str]:
    """One registry row in column order (facility may be a historical instance): kinds by
    their name on `on`, a council's own kind by its name in `other_kinds` ({pk: name})."""
    values = []
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            value = getattr(figures, column.field) if figures is not None else None
        elif column.field == "kind":
            value = kind_label(facility.kind, on)
        elif column.field == "other_kind":
            value = (other_kinds or {}).get(facility.other_kind_id, "")
        elif column.field == "support_kind":
            value = support_label(facility.support_kind)
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


# parse_date and DATE_EXAMPLE live in lib.dates (the roster import reads dates too).
