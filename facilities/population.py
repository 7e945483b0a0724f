"""The 주민등록 연령별 인구현황 CSV: read, judge against the council's 동, apply.

The file is what the Ministry of the Interior's statistics site exports
(행정안전부 주민등록 인구통계, 연령별 인구현황, 1세 단위): a `행정구역` column such
as `부산광역시 금정구 구서2동 (2641069000)`, then per month and sex
(`계`/`남`/`여`) the columns `2026년10월_계_총인구수`, `…_계_0세` … `…_계_100세 이상`,
numbers with thousands separators, in CP949 (EUC-KR) or UTF-8.

Rows are matched to the council's 동 by the 10-digit 행정기관코드 (`Dong.code`),
never by name: names change when a 동 splits or merges. Rows of the 시도 and
시군구 themselves are totals and are skipped. Reading never writes; the parsed
rows wait in `lib.uploads` between preview and confirm, and
:func:`apply_population` writes them all or none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities.models import GapSettings, PopulationDataset, PopulationFigure
from lib import imports
from lib.dates import korean_month
from lib.errors import Refused
from lib.textfiles import decode_upload, read_csv, read_upload
from lib.xlsx import RowError, UploadRejected, rejected_rows

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 1_300  # four months of 계/남/여 × (총인구수, 연령구간인구수, 0…100세 이상)
AGES = 101  # 0 … 99세 and "100세 이상"

REGION_TITLE = "행정구역"
_COLUMN_RE = re.compile(r"^(\d{4})년\s*(\d{1,2})월_(계|남|여)_(.+)$")
_AGE_RE = re.compile(r"^(\d{1,3})세(\s*이상)?$")
_REGION_RE = re.compile(r"^(.*?)\s*\(\s*(\d{10})\s*\)\s*$")
_NUMBER_RE = re.compile(r"^\d+$")
MAX_DIGITS = 9


@dataclass
class PopulationRow:
    line: int
    code: str
    name: str  # the 행정구역 text without the code, e.g. "부산광역시 금정구 구서2동"
    total: int
    ages: list[int]

    @property
    def district(self) -> str:
        """The 시도·시군구 part of the name ("부산광역시 금정구")."""
        return self.name.rsplit(" ", 1)[0] if " " in self.name else self.name


@dataclass
class ParsedPopulation:
    month: dt.date
    months_in_file: list[dt.date]
    rows: list[PopulationRow]  # 동-level rows only
    totals_skipped: int  # 시도 / 시군구 total rows


def _level(code: str) -> str:
    if code[2:] == "00000000":
        return "sido"
    if code[5:] == "00000":
        return "sigungu"
    if code[8:] != "00":
        return "ri"
    return "dong"


def _column_key(title: str) -> tuple[dt.date, str, str] | None:
    """`2026년10월_계_7세` → (2026-10-01, "계", "7"); "total" for 총인구수; None otherwise."""
    match = _COLUMN_RE.match(title.strip())
    if not match:
        return None
    year, month, sex, label = match.groups()
    try:
        day = dt.date(int(year), int(month), 1)
    except ValueError:
        return None
    label = label.strip()
    if label == "총인구수":
        return day, sex, "total"
    age = _AGE_RE.match(label)
    return (day, sex, str(int(age.group(1)))) if age else None


def _columns(header: list[str]) -> tuple[dt.date, list[dt.date], dict[str, list[int]]]:
    """The latest month in the header and, for it, the column indexes to add up for the
    total and for each age (계, or 남 + 여 when 계 is missing)."""
    if not header or header[0] != REGION_TITLE:
        raise UploadRejected(
            _(
                "첫 열 제목이 ‘행정구역’이 아닙니다. 행정안전부 주민등록 인구통계의 "
                "‘연령별 인구현황’(1세 단위) CSV 파일인지 확인해 주세요."
            ),
            code="header",
        )
    found: dict[tuple[dt.date, str, str], int] = {}
    for index, title in enumerate(header[1:], start=1):
        column = _column_key(title)
        if column is not None:
            found.setdefault(column, index)
    months = sorted({day for day, _sex, _key in found}, reverse=True)
    if not months:
        raise UploadRejected(
            _(
                "‘2026년10월_계_7세’ 같은 나이별 열이 없습니다. 주민등록 인구통계에서 "
                "‘연령별 인구현황’을 1세 단위로 내려받은 CSV를 올려 주세요."
            ),
            code="header",
        )
    month = months[0]
    counts = sorted(index for (day, _sex, _key), index in found.items() if day == month)
    wanted = ["total", *[str(a) for a in range(AGES)]]
    plan: dict[str, list[int]] = {}
    missing = []
    for key in wanted:
        if (month, "계", key) in found:
            plan[key] = [found[(month, "계", key)]]
        elif (month, "남", key) in found and (month, "여", key) in found:
            plan[key] = [found[(month, "남", key)], found[(month, "여", key)]]
        else:
            missing.append(_("총인구수") if key == "total" else f"{key}세")
    if missing:
        raise UploadRejected(
            _(
                "%(month)s 자료에 필요한 열이 없습니다: %(columns)s. 1세 단위(0세~100세 이상)로 "
                "내려받은 파일이어야 합니다."
            )
            % {
                "month": f"{month.year}년 {month.month}월",
                "columns": ", ".join(missing[:5]) + (" …" if len(missing) > 5 else ""),
            },
            code="header",
        )
    plan["_all"] = counts
    return month, months, plan


def _count(cell: str, line: int, column: str, errors: list[RowError]) -> int | None:
    text = cell.strip().replace(",", "")
    if _NUMBER_RE.match(text) and len(text) <= MAX_DIGITS:
        return int(text)
    if not text:
        message = _("값이 비어 있습니다.")
    elif _NUMBER_RE.match(text):
        # Converted only when short: Python refuses past 4,300 digits, and no 동 has
        # a billion people.
        message = _("숫자가 너무 큽니다 (%(digits)s자리).") % {"digits": f"{len(text):,}"}
    elif text.startswith("-") and _NUMBER_RE.match(text[1:]):
        message = _("인구수는 음수일 수 없습니다: ‘%(value)s’") % {"value": cell.strip()}
    else:
        message = _("숫자가 아닙니다: ‘%(value)s’") % {"value": cell.strip()[:30]}
    errors.append(RowError(line, column, message))
    return None


def parse_population(text: str) -> ParsedPopulation:
    """Every 동 row of the file's latest month; UploadRejected with every row error."""
    table = read_csv(text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    header = table.header
    month, months, plan = _columns(header)
    total_title = header[plan["total"][0]]
    errors: list[RowError] = []
    rows: list[PopulationRow] = []
    seen: dict[str, int] = {}
    totals_skipped = 0
    for line, cells in table.rows:
        region = cells[0].strip()
        match = _REGION_RE.match(region)
        if not match:
            errors.append(
                RowError(
                    line,
                    REGION_TITLE,
                    _("‘%(value)s’에서 괄호 안의 10자리 행정기관코드를 찾을 수 없습니다.")
                    % {"value": region[:60]},
                )
            )
            continue
        name, code = match.group(1).strip(), match.group(2)
        level = _level(code)
        if level in ("sido", "sigungu"):
            totals_skipped += 1
            continue
        if level == "ri":
            continue  # 리 rows below a 읍·면: the 읍·면 row carries them
        if code in seen:
            errors.append(
                RowError(
                    line,
                    REGION_TITLE,
                    _("같은 행정동(%(code)s)이 %(row)s행에도 있습니다.")
                    % {"code": code, "row": seen[code]},
                )
            )
            continue
        seen[code] = line
        before = len(errors)
        # Every count of the month is checked (계, 남, 여), not only those added up:
        # an empty or broken cell anywhere means the row cannot be trusted.
        numbers = {i: _count(cells[i], line, header[i], errors) for i in plan["_all"]}
        if len(errors) > before:
            continue
        values = {
            key: sum(numbers[i] for i in indexes) for key, indexes in plan.items() if key != "_all"
        }
        ages = [values[str(a)] for a in range(AGES)]
        if sum(ages) != values["total"]:
            errors.append(
                RowError(
                    line,
                    total_title,
                    _("나이별 인구의 합(%(sum)s)이 총인구수(%(total)s)와 다릅니다.")
                    % {"sum": f"{sum(ages):,}", "total": f"{values['total']:,}"},
                )
            )
            continue
        rows.append(PopulationRow(line, code, name, values["total"], ages))
    if errors:
        raise rejected_rows(errors)
    if not rows:
        raise UploadRejected(
            _("파일에 행정동 행이 없습니다. 읍면동 단위까지 펼쳐서 내려받은 파일을 올려 주세요."),
            code="no_rows",
        )
    return ParsedPopulation(month, months, rows, totals_skipped)


def read_population(uploaded_file: Any) -> tuple[ParsedPopulation, str]:
    """Parse an uploaded file; returns the parsed rows and the encoding's label."""
    data = read_upload(uploaded_file, max_bytes=MAX_BYTES, extensions=(".csv",))
    decoded = decode_upload(data)
    return parse_population(decoded.text), decoded.encoding_label


@dataclass
class Preview:
    """What applying the file would do, for the preview page and the command."""

    month: dt.date
    matched: list[tuple[PopulationRow, Dong]]
    other_districts: list[str]  # districts of rows that are not this council's
    other_rows: int
    missing_dongs: list[Dong]  # the council's coded 동 the file lacks
    uncoded_dongs: list[Dong]  # the council's 동 without a code (cannot be matched)
    replaces: PopulationDataset | None
    months_in_file: list[dt.date]
    totals_skipped: int
    region_name: str
    notes: list[str] = field(default_factory=list)


def judge_population(*, council: Council, parsed: ParsedPopulation) -> Preview:
    """Match rows to the council's 동 by code. Refuses a file with none of them,
    naming the district(s) the file belongs to. Two queries."""
    dongs = list(Dong.objects.filter(council=council))
    by_code = {d.code: d for d in dongs if d.code}
    if not by_code:
        raise UploadRejected(
            _(
                "이 협의체의 행정동에 행정기관코드가 없어 파일의 행과 맞출 수 없습니다. "
                "먼저 ‘행정동 코드’ 화면에서 10자리 코드를 적어 주세요."
            ),
            code="no_codes",
        )
    matched = [(row, by_code[row.code]) for row in parsed.rows if row.code in by_code]
    others = [row for row in parsed.rows if row.code not in by_code]
    districts = [name for name, _n in Counter(r.district for r in others).most_common()]
    if not matched:
        raise UploadRejected(
            _(
                "이 파일은 %(districts)s의 인구 자료입니다. %(council)s의 행정동 코드와 맞는 "
                "행이 하나도 없어 아무것도 가져오지 않았습니다."
            )
            % {
                "districts": ", ".join(districts[:3])
                + (_(" 외 %(n)s곳") % {"n": len(districts) - 3} if len(districts) > 3 else ""),
                "council": council.district,
            },
            code="other_district",
        )
    present = {row.code for row, _dong in matched}
    region_counts = Counter(row.district for row, _dong in matched)
    replaces = PopulationDataset.objects.filter(council=council, month=parsed.month).first()
    return Preview(
        month=parsed.month,
        matched=sorted(matched, key=lambda pair: (pair[1].order, pair[1].name)),
        other_districts=districts,
        other_rows=len(others),
        missing_dongs=[d for d in dongs if d.code and d.code not in present],
        uncoded_dongs=[d for d in dongs if not d.code],
        replaces=replaces,
        months_in_file=parsed.months_in_file,
        totals_skipped=parsed.totals_skipped,
        region_name=region_counts.most_common(1)[0][0],
    )


def to_payload(parsed: ParsedPopulation, *, source_name: str, encoding: str) -> dict:
    """Plain JSON for lib.uploads (what confirm applies)."""
    return {
        "month": parsed.month.isoformat(),
        "months_in_file": [m.isoformat() for m in parsed.months_in_file],
        "totals_skipped": parsed.totals_skipped,
        "source_name": source_name[:255],
        "encoding": encoding,
        "rows": [
            {"line": r.line, "code": r.code, "name": r.name, "total": r.total, "ages": r.ages}
            for r in parsed.rows
        ],
    }


def from_payload(payload: dict) -> ParsedPopulation:
    return ParsedPopulation(
        month=dt.date.fromisoformat(payload["month"]),
        months_in_file=[dt.date.fromisoformat(m) for m in payload["months_in_file"]],
        rows=[PopulationRow(**row) for row in payload["rows"]],
        totals_skipped=payload["totals_skipped"],
    )


@transaction.atomic
def apply_population(*, council: Council, user: User | None, payload: dict) -> PopulationDataset:
    """Write the month's figures for the council's 동, replacing that month if imported
    before; all or nothing. The rows are judged again against the 동 as they are now."""
    Council.objects.select_for_update().filter(pk=council.pk).first()
    try:
        parsed = from_payload(payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(_("가져오기 자료가 손상되었습니다. 파일을 다시 올려 주세요.")) from exc
    preview = judge_population(council=council, parsed=parsed)
    PopulationDataset.objects.filter(council=council, month=parsed.month).delete()
    dataset = PopulationDataset.objects.create(
        council=council,
        month=parsed.month,
        region_name=preview.region_name,
        source_name=payload.get("source_name", ""),
        encoding=payload.get("encoding", ""),
        imported_by=user,
    )
    PopulationFigure.objects.bulk_create(
        [
            PopulationFigure(
                dataset=dataset,
                dong=dong,
                code=row.code,
                name_in_file=row.name[:100],
                total=row.total,
                ages=row.ages,
            )
            for row, dong in preview.matched
        ],
        batch_size=500,
    )
    # The file names the district as the statistics office does ("부산광역시 금정구"):
    # the open-data import uses it to pick this district's rows from national files.
    settings_row = GapSettings.for_council(council)
    if not settings_row.region_name:
        settings_row.region_name = preview.region_name[:60]
        settings_row.save()
    return dataset


class PopulationImporter(imports.Importer):
    """The 주민등록 연령별 인구현황 CSV on the upload and confirm pages (lib.imports)."""

    kind = "population_import"

    def __init__(self, council: Council):
        self.council = council
        self.scope = council.slug

    def read(self, data) -> dict:
        upload = data["file"]
        parsed, encoding = read_population(upload)
        return to_payload(parsed, source_name=upload.name, encoding=encoding)

    def judge(self, payload: dict) -> imports.Preview:
        preview = judge_population(council=self.council, parsed=from_payload(payload))
        return imports.Preview(rows=preview.matched, changes=len(preview.matched), detail=preview)

    def apply(self, payload: dict, *, user, options) -> PopulationDataset:
        return apply_population(council=self.council, user=user, payload=payload)

    def applied(self, result: PopulationDataset) -> tuple[str, str]:
        message = _("%(month)s 주민등록 인구를 가져왔습니다 (행정동 %(count)s곳).") % {
            "month": korean_month(result.month),
            "count": result.figures.count(),
        }
        return message, reverse("facilities:gaps", kwargs={"council": self.council.slug})
