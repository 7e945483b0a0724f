"""Facilities from the national open-data standards (공공데이터포털 표준데이터).

Two formats, each with a column preset (docs/OPEN_DATA.md names the source of
every column name):

- 전국지역아동센터표준데이터 — CSV, or the portal's JSON (`{"fields": […],
  "records": […]}`); every row is a 지역아동센터.
- 전국사회복지시설표준데이터 — CSV or JSON; only rows whose 시설종류 names a
  지역아동센터 or 다함께돌봄센터 are read, the rest are counted and skipped.

The national files hold every district: rows are kept when their 시도·시군구
is the council's (`GapSettings.region_name`, e.g. `부산광역시 금정구`, filled by
the population import). :func:`judge_open_data` is the dry run — new, changed,
unchanged, gone, conflicts, errors — and never writes; :func:`apply_open_data`
writes all of it or nothing. A field the district edited by hand (its value
is no longer what the last import wrote, `FacilitySource.imported_values`) is
never overwritten: it is shown as a conflict and left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.models import Council, Dong
from facilities.columns import to_text
from facilities.hours import parse_hours
from facilities.models import Facility, FacilityFigures, FacilitySource, GapSettings
from lib import imports
from lib.dates import korean_date
from lib.errors import Refused
from lib.imports import Action
from lib.textfiles import decode_upload, read_csv, read_upload
from lib.xlsx import RowError, UploadRejected, rejected_rows

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000  # the national 지역아동센터 file has about 4,000 rows
MAX_COLUMNS = 100
Format = FacilitySource.Format


@dataclass(frozen=True)
class Preset:
    """Our field → the column names that may carry it (the standard's own name first)."""

    format: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]


_COMMON = {
    "sido": ("시도명",),
    "sigungu": ("시군구명",),
    "road_address": ("소재지도로명주소",),
    "lot_address": ("소재지지번주소",),
    "phone": ("전화번호", "대표전화번호"),
    "hours": ("운영시간",),
    "data_date": ("데이터기준일자",),
    "provider_code": ("제공기관코드",),
    "provider_name": ("제공기관명",),
}
PRESETS = {
    Format.COMMUNITY_CENTER: Preset(
        Format.COMMUNITY_CENTER,
        {
            "name": ("센터명", "시설명", "지역아동센터명"),
            "code": ("센터코드", "시설코드"),
            "operator": ("운영주체명", "운영기관명", "운영주체", "설치주체"),
            "capacity": ("정원수", "이용정원", "아동정원", "정원"),
            "enrolled": ("현원수", "이용현원", "현원"),
            "opened_on": ("설치일자", "개소일자", "신고일자"),
            **_COMMON,
        },
        ("name",),
    ),
    Format.WELFARE_FACILITY: Preset(
        Format.WELFARE_FACILITY,
        {
            "name": ("시설명",),
            "code": ("시설코드",),
            "kind_name": ("시설종류명", "시설종류명(시설유형)", "시설유형"),
            "kind_detail": ("시설종류상세명", "시설종류상세명(시설종류)"),
            "operator": ("운영주체명", "운영기관명", "법인명", "설치주체"),
            "capacity": ("입소정원", "정원", "이용정원", "정원수"),
            "enrolled": ("입소현원", "현원", "이용현원", "현원수"),
            "opened_on": ("설치일자", "설립일자", "신고일자"),
            **_COMMON,
        },
        ("name", "kind_name"),
    ),
}
# Registry fields an import may write, with the text each came from.
FIELDS = (
    "name",
    "address",
    "phone",
    "operator",
    "opened_on",
    "opens_at",
    "closes_at",
    "vacation_opens_at",
    "vacation_closes_at",
)
FIELD_LABELS = {
    "name": gettext_lazy("기관명"),
    "address": gettext_lazy("주소"),
    "phone": gettext_lazy("전화번호"),
    "operator": gettext_lazy("운영 주체"),
    "opened_on": gettext_lazy("개소일"),
    "opens_at": gettext_lazy("학기 중 시작 시각"),
    "closes_at": gettext_lazy("학기 중 종료 시각"),
    "vacation_opens_at": gettext_lazy("방학 중 시작 시각"),
    "vacation_closes_at": gettext_lazy("방학 중 종료 시각"),
    "figures": gettext_lazy("정원·현원"),
}
_MAX_LENGTH = {"name": 100, "address": 200, "phone": 30, "operator": 100}


# --- reading ---------------------------------------------------------------------------


def _records_from_json(text: str) -> list[dict]:
    try:
        # Integers stay text: Python refuses to convert more than 4,300 digits (and
        # a count is checked for its length before it is converted, in `_count`).
        data = json.loads(text, parse_int=str)
    except RecursionError:
        raise UploadRejected(
            _("JSON이 너무 깊이 겹쳐 있습니다. 공공데이터포털에서 내려받은 파일을 올려 주세요."),
            code="json_depth",
        ) from None
    except json.JSONDecodeError as exc:
        error = RowError(exc.lineno, "", _("JSON 형식이 아닙니다: %(msg)s") % {"msg": exc.msg})
        raise UploadRejected(
            _("JSON 파일을 읽을 수 없습니다. 파일이 잘렸거나 형식이 다릅니다: %(error)s")
            % {"error": error},
            [error],
            code="json",
        ) from None
    records: Any = data
    if isinstance(data, dict):
        for path in (("records",), ("data",), ("response", "body", "items", "item")):
            found: Any = data
            for key in path:
                found = found.get(key) if isinstance(found, dict) else None
            if isinstance(found, list):
                records = found
                break
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise UploadRejected(
            _("JSON에서 시설 목록(records)을 찾을 수 없습니다."), code="json_shape"
        )
    if len(records) > MAX_ROWS:
        raise UploadRejected(
            _("한 번에 %(max)s행까지 올릴 수 있습니다.") % {"max": f"{MAX_ROWS:,}"},
            code="rows_limit",
        )
    return records


def _header_map(preset: Preset, header: list[str]) -> dict[str, str]:
    """Our field → the file's column title, by the preset's names."""
    titles = {h.strip(): h for h in header}
    found = {}
    for key, names in preset.columns.items():
        for name in names:
            if name in titles:
                found[key] = titles[name]
                break
    missing = [preset.columns[k][0] for k in preset.required if k not in found]
    if missing:
        raise UploadRejected(
            _(
                "%(format)s 파일에 필요한 열이 없습니다: %(columns)s. 자료 형식을 맞게 "
                "골랐는지 확인해 주세요."
            )
            % {"format": Format(preset.format).label, "columns": ", ".join(missing)},
            code="headers",
        )
    return found


def _json_rows(preset: Preset, text: str) -> tuple[dict[str, str], list[dict]]:
    """The records' values as text; a list or an object where a value belongs is a row
    error (and is never turned into text)."""
    records = _records_from_json(text)
    header = list(dict.fromkeys(k for r in records[:50] for k in r))
    columns = _header_map(preset, header)
    rows, errors = [], []
    for number, record in enumerate(records, start=1):
        values = {}
        for key, title in columns.items():
            value = record.get(title)
            if isinstance(value, dict | list):
                errors.append(RowError(number, title, _("값이 글자나 숫자가 아닙니다.")))
                value = None
            values[key] = to_text(value)
        rows.append({"row": number, "values": values})
    if errors:
        raise rejected_rows(errors)
    return columns, rows


def read_open_data(uploaded_file: Any, fmt: str) -> dict:
    """The file's rows as plain text by our field names (what the preview keeps).

    ``{"format", "encoding", "columns": {field: title}, "rows": [{"row": n,
    "values": {field: text}}]}``; the row number is the line in a CSV and the
    record number in a JSON file.
    """
    preset = PRESETS[Format(fmt)]
    name = str(getattr(uploaded_file, "name", "") or "").lower()
    data = read_upload(uploaded_file, max_bytes=MAX_BYTES, extensions=(".csv", ".json"))
    decoded = decode_upload(data)
    if name.endswith(".json"):
        columns, rows = _json_rows(preset, decoded.text)
    else:
        table = read_csv(decoded.text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
        columns = _header_map(preset, table.header)
        index = {h: i for i, h in enumerate(table.header)}
        rows = [
            {"row": line, "values": {k: cells[index[t]].strip() for k, t in columns.items()}}
            for line, cells in table.rows
        ]
    if not rows:
        raise UploadRejected(_("파일에 시설 행이 없습니다."), code="no_rows")
    return {
        "format": preset.format,
        "encoding": decoded.encoding_label,
        "columns": columns,
        "rows": rows,
    }


# --- judging ---------------------------------------------------------------------------


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class OpenDataRow:
    row: int
    name: str
    source_key: str
    action: str = Action.UNCHANGED
    kind: str = ""
    facility: Facility | None = None
    source: FacilitySource | None = None
    values: dict[str, str] = field(default_factory=dict)  # registry field → incoming text
    changes: list[Change] = field(default_factory=list)  # written on apply
    conflicts: list[Change] = field(default_factory=list)  # edited by hand: kept
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dong_candidates: list[Dong] = field(default_factory=list)
    figures: tuple[dt.date, int, int] | None = None
    add_figures: bool = False
    hours_text: str = ""
    hours_unparsed: bool = False
    data_date: dt.date | None = None
    provider_code: str = ""
    provider_name: str = ""
    chosen_dong: int | None = None  # the 동 a new facility goes to (staff may change it)

    @property
    def value_items(self) -> list[tuple[str, str]]:
        items = [(str(FIELD_LABELS[k]), v) for k, v in self.values.items() if v]
        if self.figures:
            day, capacity, enrolled = self.figures
            items.append(
                (str(FIELD_LABELS["figures"]), f"{capacity} / {enrolled} ({korean_date(day)})")
            )
        return items


@dataclass
class OpenDataPreview:
    format: str
    rows: list[OpenDataRow]
    gone: list[FacilitySource]
    other_region_rows: int
    other_kind_rows: int
    region_name: str
    region_guessed: bool
    columns: dict[str, str]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def conflicts(self) -> int:
        return sum(len(r.conflicts) for r in self.rows)

    @property
    def has_errors(self) -> bool:
        return any(r.action == Action.ERROR for r in self.rows)


_DATE_RE = re.compile(r"^(\d{4})[-./]?(\d{1,2})[-./]?(\d{1,2})\.?$")
_SPACES = re.compile(r"\s+")


def _date(text: str) -> dt.date | None:
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(text)
    return dt.date(*(int(g) for g in match.groups()))


MAX_DIGITS = 9  # no facility counts a billion children; longer numbers are refused unread


def _count(text: str) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("0 이상의 숫자가 아닙니다."))
    if len(text) > MAX_DIGITS:
        raise ValueError(_("숫자가 너무 큽니다 (%(digits)s자리).") % {"digits": f"{len(text):,}"})
    return int(text)


def _count_cell(row: OpenDataRow, values: dict[str, str], key: str) -> int | None:
    try:
        return _count(values.get(key, ""))
    except ValueError as exc:
        row.errors.append(RowError(row.row, key, str(exc)))
        return None


def _normal(text: str) -> str:
    return _SPACES.sub("", text or "").lower()


def source_key(values: dict[str, str]) -> str:
    """The row's identity across imports: the file's own code, else name and address."""
    if values.get("code"):
        return f"code:{values['code'].strip()}"
    address = values.get("road_address") or values.get("lot_address") or ""
    return f"name:{_normal(values.get('name', ''))}|{_normal(address)}"[:300]


def _kind_of(fmt: str, values: dict[str, str]) -> str | None:
    if fmt == Format.COMMUNITY_CENTER:
        return Facility.Kind.COMMUNITY
    text = f"{values.get('kind_name', '')} {values.get('kind_detail', '')}"
    if "지역아동센터" in text:
        return Facility.Kind.COMMUNITY
    if "다함께돌봄" in text:
        return Facility.Kind.TOGETHER
    return None


def _in_region(values: dict[str, str], region: str, district: str) -> bool:
    place = _normal(f"{values.get('sido', '')}{values.get('sigungu', '')}")
    address = _normal(values.get("road_address") or values.get("lot_address") or "")
    if region:
        wanted = _normal(region)
        return place == wanted or (not place.strip() and address.startswith(wanted))
    wanted = _normal(district)
    if values.get("sigungu", "").strip():
        return _normal(values["sigungu"]) == wanted
    return wanted in address[:20]


_LEGAL_DONG_RE = re.compile(r"\(([^),]+?동)\s*[,)]")


def dong_candidates(values: dict[str, str], dongs: list[Dong]) -> list[Dong]:
    """The council's 동 the address points at: a 행정동 named in it, else the 행정동
    whose name starts with the legal 동 of the address (구서동 → 구서1동, 구서2동)."""
    road = values.get("road_address", "")
    lot = values.get("lot_address", "")
    text = f"{road} {lot}"
    named = [d for d in dongs if re.search(rf"(^|\s|\(){re.escape(d.name)}(\s|,|\)|$)", text)]
    if named:
        return named
    legal = [m.group(1) for m in _LEGAL_DONG_RE.finditer(road)]
    legal += [w for w in lot.split() if w.endswith("동")][:1]
    candidates: list[Dong] = []
    for name in legal:
        stem = re.sub(r"\d+", "", name)[:-1]
        if not stem:
            continue
        candidates += [d for d in dongs if re.sub(r"\d+", "", d.name).startswith(stem)]
    return list(dict.fromkeys(candidates))


def _incoming(row: OpenDataRow, values: dict[str, str]) -> None:
    """Turn the file's text into registry values (as canonical text), with row errors."""
    columns = row.values
    address = values.get("road_address") or values.get("lot_address") or ""
    for key, text in (
        ("name", values.get("name", "")),
        ("address", address),
        ("phone", values.get("phone", "")),
        ("operator", values.get("operator", "")),
    ):
        columns[key] = text.strip()[: _MAX_LENGTH[key]]
    if values.get("opened_on"):
        try:
            columns["opened_on"] = _date(values["opened_on"]).isoformat()
        except ValueError:
            row.errors.append(RowError(row.row, "opened_on", _("날짜를 알아볼 수 없습니다.")))
    hours = values.get("hours", "").strip()
    row.hours_text = hours[:300]
    if hours:
        parsed = parse_hours(hours)
        if parsed.parsed:
            columns["opens_at"], columns["closes_at"] = (to_text(t) for t in parsed.term)
            if parsed.vacation:
                columns["vacation_opens_at"], columns["vacation_closes_at"] = (
                    to_text(t) for t in parsed.vacation
                )
        else:
            row.hours_unparsed = True
            row.notes.append(
                _("운영시간을 해석할 수 없어 원문만 보관합니다: ‘%(text)s’") % {"text": hours[:80]}
            )
    try:
        row.data_date = _date(values["data_date"]) if values.get("data_date") else None
    except ValueError:
        row.errors.append(RowError(row.row, "data_date", _("날짜를 알아볼 수 없습니다.")))
    capacity = _count_cell(row, values, "capacity")
    enrolled = _count_cell(row, values, "enrolled")
    if capacity is not None and enrolled is not None and row.data_date:
        row.figures = (row.data_date, capacity, enrolled)
    row.provider_code = values.get("provider_code", "")[:20]
    row.provider_name = values.get("provider_name", "")[:100]


class _Judge:
    """The council's registry and provenance, loaded once (four queries), and the
    judgement of one row of the file against them."""

    def __init__(self, council: Council, fmt: str, titles: dict[str, str]):
        self.fmt = fmt
        self.titles = titles
        self.dongs = list(Dong.objects.filter(council=council))
        self.sources = {
            s.source_key: s
            for s in FacilitySource.objects.filter(council=council, format=fmt).select_related(
                "facility", "facility__dong"
            )
        }
        linked = {s.facility_id for s in self.sources.values()}
        self.unlinked: dict[tuple[str, str], Facility] = {}
        for facility in Facility.objects.filter(council=council).select_related("dong"):
            if facility.pk not in linked:
                self.unlinked.setdefault((facility.kind, _normal(facility.name)), facility)
        self.existing_figures = {
            (f.facility_id, f.as_of): f
            for f in FacilityFigures.objects.filter(facility__council=council)
        }
        self.seen: dict[str, int] = {}

    def _checked(self, raw: dict, kind: str) -> OpenDataRow:
        values = raw["values"]
        row = OpenDataRow(row=raw["row"], name=values.get("name", ""), source_key="", kind=kind)
        row.source_key = source_key(values)
        if not row.name.strip():
            row.errors.append(RowError(row.row, "name", _("기관명이 비어 있습니다.")))
        if row.source_key in self.seen:
            row.errors.append(
                RowError(
                    row.row,
                    "name",
                    _("같은 시설이 %(row)s행에도 있습니다.") % {"row": self.seen[row.source_key]},
                )
            )
        self.seen.setdefault(row.source_key, row.row)
        _incoming(row, values)
        return row

    def row(self, raw: dict, kind: str) -> OpenDataRow:
        row = self._checked(raw, kind)
        if row.errors:
            row.errors = [
                RowError(e.row, self.titles.get(e.column, e.column), e.message) for e in row.errors
            ]
            row.action = Action.ERROR
            return row
        source = self.sources.get(row.source_key)
        facility = source.facility if source else self.unlinked.pop((kind, _normal(row.name)), None)
        row.source, row.facility = source, facility
        if facility is None:
            self._new(row, raw["values"])
            return row
        _field_changes(row, facility, source.imported_values if source else {})
        self._figure_changes(row, facility)
        provenance_changed = source is None or (
            source.data_date != row.data_date
            or source.provider_name != row.provider_name
            or source.hours_text != row.hours_text
        )
        row.action = Action.CHANGED if row.changes or provenance_changed else Action.UNCHANGED
        return row

    def _new(self, row: OpenDataRow, values: dict[str, str]) -> None:
        row.action = Action.NEW
        row.dong_candidates = dong_candidates(values, self.dongs)
        if len(row.dong_candidates) == 1:
            row.chosen_dong = row.dong_candidates[0].pk
        row.add_figures = row.figures is not None
        if not row.values.get("opened_on"):
            row.notes.append(_("개소일이 없어 비워 둡니다. 시설 화면에서 적어 주세요."))

    def _figure_changes(self, row: OpenDataRow, facility: Facility) -> None:
        if not row.figures:
            return
        day, capacity, enrolled = row.figures
        label = str(FIELD_LABELS["figures"])
        incoming = f"{capacity} / {enrolled} ({korean_date(day)})"
        recorded = self.existing_figures.get((facility.pk, day))
        if recorded is None:
            row.add_figures = True
            row.changes.append(Change("figures", label, "", incoming))
        elif (recorded.capacity, recorded.enrolled) != (capacity, enrolled):
            old = f"{recorded.capacity} / {recorded.enrolled} ({korean_date(day)})"
            row.conflicts.append(Change("figures", label, old, incoming))


def _field_changes(row: OpenDataRow, facility: Facility, imported: dict[str, str]) -> None:
    """The fields the file would change: written when the registry still holds what an
    earlier file brought (or nothing); a conflict when someone edited it by hand."""
    for name in FIELDS:
        new = row.values.get(name, "")
        if not new:
            continue  # the file does not say: never blank a registry field
        old = to_text(getattr(facility, name))
        if new == old:
            continue
        change = Change(name, str(FIELD_LABELS[name]), old, new)
        if not old or (name in imported and imported[name] == old):
            row.changes.append(change)
        else:
            row.conflicts.append(change)


def judge_open_data(*, council: Council, parsed: dict) -> OpenDataPreview:
    """The dry run: every kept row as new / changed / unchanged / error, with the fields
    it would write, the conflicts it leaves alone, and the linked facilities the file no
    longer lists (gone). Four queries whatever the number of rows."""
    fmt = parsed["format"]
    region = GapSettings.for_council(council).region_name.strip()
    judge = _Judge(council, fmt, parsed["columns"])
    rows: list[OpenDataRow] = []
    other_region = other_kind = 0
    for raw in parsed["rows"]:
        if not _in_region(raw["values"], region, council.district):
            other_region += 1
            continue
        kind = _kind_of(fmt, raw["values"])
        if kind is None:
            other_kind += 1
            continue
        rows.append(judge.row(raw, kind))
    present = {r.source_key for r in rows}
    gone = [s for key, s in judge.sources.items() if key not in present]
    if not rows and not other_kind:
        raise UploadRejected(
            _(
                "이 파일에는 %(region)s의 시설이 없습니다(다른 지역 %(n)s행). 지역 이름이 "
                "맞는지 ‘돌봄 공백 기준’에서 시도·시군구 이름을 확인해 주세요."
            )
            % {"region": region or council.district, "n": f"{other_region:,}"},
            code="other_region",
        )
    return OpenDataPreview(
        format=fmt,
        rows=rows,
        gone=gone,
        other_region_rows=other_region,
        other_kind_rows=other_kind,
        region_name=region or council.district,
        region_guessed=not region,
        columns=parsed["columns"],
    )


def row_errors(preview: OpenDataPreview) -> list[RowError]:
    return [e for r in preview.rows for e in r.errors]


# --- applying --------------------------------------------------------------------------


def _new_code(row: OpenDataRow, taken: set[str]) -> str:
    digest = hashlib.sha1(row.source_key.encode(), usedforsecurity=False).hexdigest()[:8]
    base = f"OD-{digest.upper()}"
    code, n = base, 1
    while code.lower() in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code.lower())
    return code


def _set(facility: Facility, name: str, text: str) -> None:
    if name == "opened_on":
        value: Any = dt.date.fromisoformat(text)
    elif name in ("opens_at", "closes_at", "vacation_opens_at", "vacation_closes_at"):
        value = dt.time.fromisoformat(text)
    else:
        value = text
    setattr(facility, name, value)


def _new_facility(row: OpenDataRow, council: Council, dong: Dong, taken: set[str]) -> Facility:
    facility = Facility(
        council=council,
        code=_new_code(row, taken),
        kind=row.kind,
        dong=dong,
        status=Facility.Status.OPERATING,
    )
    for name in FIELDS:
        if row.values.get(name):
            _set(facility, name, row.values[name])
    facility.vacation_care = bool(row.values.get("vacation_opens_at"))
    return facility


def _add_figures(facility: Facility, figures: tuple[dt.date, int, int], user: User) -> None:
    day, capacity, enrolled = figures
    FacilityFigures.objects.create(
        facility=facility,
        as_of=day,
        capacity=capacity,
        enrolled=enrolled,
        over_capacity_reason=_("공공데이터 값") if enrolled > capacity else "",
        recorded_by=user,
    )


def _save_source(
    row: OpenDataRow, council: Council, facility: Facility, fmt: str, user: User, now
) -> None:
    """The row's provenance: where the facility's values came from, and when."""
    source = row.source or FacilitySource(council=council, facility=facility, format=fmt)
    source.source_key = row.source_key
    source.data_date = row.data_date
    source.provider_code = row.provider_code
    source.provider_name = row.provider_name
    source.hours_text = row.hours_text
    source.hours_unparsed = row.hours_unparsed
    source.imported_values = {
        **source.imported_values,
        **{k: v for k, v in row.values.items() if v},
    }
    source.imported_at = now
    source.imported_by = user
    source.save()


@transaction.atomic
def apply_open_data(
    *, council: Council, user: User, parsed: dict, dong_choices: dict[int, int]
) -> OpenDataPreview:
    """Write the dry run: new facilities (in the 동 staff chose), changed fields,
    figures of the 데이터기준일자, and the provenance of every row. Conflicts are
    left as they are. All or nothing; the rows are judged again first."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    preview = judge_open_data(council=council, parsed=parsed)
    errors = row_errors(preview)
    if errors:
        raise rejected_rows(errors)
    dongs = {d.pk: d for d in Dong.objects.filter(council=council)}
    missing = [
        r.row
        for r in preview.rows
        if r.action == Action.NEW and dong_choices.get(r.row) not in dongs
    ]
    if missing:
        raise Refused(
            _("새 시설의 행정동을 골라 주세요 (%(rows)s행).")
            % {"rows": ", ".join(str(m) for m in missing[:10])}
        )
    now = timezone.now()
    taken = {
        c.lower() for c in Facility.objects.filter(council=council).values_list("code", flat=True)
    }
    for row in preview.rows:
        if row.action not in (Action.NEW, Action.CHANGED):
            continue
        if row.facility is None:
            facility = _new_facility(row, council, dongs[dong_choices[row.row]], taken)
        else:
            facility = row.facility
            for change in row.changes:
                if change.field != "figures":
                    _set(facility, change.field, change.new)
        if facility.pk is None or any(c.field != "figures" for c in row.changes):
            facility.updated_by = user
            facility._change_reason = _("공공데이터 가져오기")
            facility.save()
        if row.add_figures and row.figures:
            _add_figures(facility, row.figures, user)
        _save_source(row, council, facility, preview.format, user, now)
    return preview


class OpenDataImporter(imports.Importer):
    """표준데이터 JSON/CSV on the upload and confirm pages (lib.imports). The confirm form
    carries the 동 staff chose for each new facility (`options`)."""

    kind = "open_data_import"

    def __init__(self, council: Council):
        self.council = council
        self.scope = council.slug

    def read(self, data) -> dict:
        parsed = read_open_data(data["file"], data["format"])
        parsed["source_name"] = data["file"].name[:255]
        return parsed

    def judge(self, payload: dict) -> imports.Preview:
        preview = judge_open_data(council=self.council, parsed=payload)
        return imports.Preview(
            rows=preview.rows,
            errors=row_errors(preview),
            actions=[r.action for r in preview.rows],
            conflicts=preview.conflicts,
            detail=preview,
        )

    def options(self, post) -> dict:
        choices = {}
        for key, value in post.items():
            if key.startswith("dong-") and key[5:].isdigit() and value.isdigit():
                choices[int(key[5:])] = int(value)
        return {"dong_choices": choices}

    def apply(self, payload: dict, *, user, options) -> OpenDataPreview:
        return apply_open_data(
            council=self.council, user=user, parsed=payload, dong_choices=options["dong_choices"]
        )

    def applied(self, result: OpenDataPreview) -> tuple[str, str]:
        message = _(
            "공공데이터를 반영했습니다: 새 시설 %(new)s곳, 바뀐 시설 %(changed)s곳, "
            "그대로 둔 충돌 %(conflicts)s건."
        ) % {
            "new": result.count(Action.NEW),
            "changed": result.count(Action.CHANGED),
            "conflicts": result.conflicts,
        }
        return message, reverse("facilities:list", kwargs={"council": self.council.slug})
