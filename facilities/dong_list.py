"""A district's 행정동 list with their 10-digit 행정기관코드, from a file.

Two files are read: the 주민등록 연령별 인구현황 CSV the district already
downloads from the statistics site (its `행정구역` cells carry every 동's name
and code, e.g. `부산광역시 금정구 구서2동 (2641069000)`; CP949/EUC-KR or UTF-8),
or a two-column CSV `행정동,행정기관코드`. A code's first five digits are the
시군구 code (`Council.district_code`): rows of other districts in a population
file (a whole 시도 downloaded) are skipped, a file with none of this district's
rows is refused naming the district it belongs to, and in a two-column file
another district's code is a row error. Apply writes only this council's 동,
all or nothing: a 동 found by code is renamed if its name changed, one found
by name gets its code, the rest are added at the end; 동 the file lacks are
kept (facilities point at them) and reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities.population import (
    _REGION_RE,
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    REGION_TITLE,
    _level,
)
from lib import imports
from lib.korean import particle
from lib.text import scrub
from lib.textfiles import decode_upload, read_csv, read_upload
from lib.xlsx import RowError, UploadRejected, rejected_rows

_CODE_RE = re.compile(r"^[0-9]{10}$")
NAME_MAX = Dong._meta.get_field("name").max_length
NAME_TITLE = "행정동"
CODE_TITLE = "행정기관코드"


@dataclass
class DongRow:
    line: int
    name: str
    code: str
    region: str = ""  # "부산광역시 금정구" when the file says it


@dataclass
class DongList:
    rows: list[DongRow]
    source: str  # "population" or "two_columns"
    skipped_other: int = 0
    other_regions: list[str] = field(default_factory=list)


def _name(line: int, raw: str, title: str, errors: list[RowError]) -> str | None:
    """A 동 name as stored: plain one-line text (control characters dropped) that fits
    the field; too long is a row error."""
    name = scrub(raw, multiline=False).strip()
    if len(name) > NAME_MAX:
        errors.append(
            RowError(
                line,
                title,
                _("행정동 이름은 %(max)s자까지입니다. 받은 값: ‘%(value)s…’")
                % {"max": NAME_MAX, "value": name[:20]},
            )
        )
        return None
    return name


def _population_rows(table, errors: list[RowError]) -> list[DongRow]:
    rows = []
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
        full, code = match.group(1).strip(), match.group(2)
        if _level(code) != "dong":  # a 시도 or 시군구 total, or a 리 below a 읍·면
            continue
        region_name, _sep, name = full.rpartition(" ")
        name = _name(line, name, REGION_TITLE, errors)
        if name is not None:
            rows.append(DongRow(line, name, code, scrub(region_name, multiline=False)[:60]))
    return rows


def _two_column_rows(table, errors: list[RowError]) -> list[DongRow]:
    rows = []
    for line, cells in table.rows:
        name = _name(line, cells[0], NAME_TITLE, errors)
        code = cells[1].strip() if len(cells) > 1 else ""
        if name is None:
            continue
        if not name:
            errors.append(RowError(line, NAME_TITLE, _("행정동 이름이 비어 있습니다.")))
            continue
        if not _CODE_RE.match(code):
            errors.append(
                RowError(
                    line,
                    CODE_TITLE,
                    _("행정기관코드는 숫자 10자리입니다(예: 2641069000). 받은 값: ‘%(value)s’")
                    % {"value": code[:20]},
                )
            )
            continue
        rows.append(DongRow(line, name, code))
    return rows


def parse_dong_list(text: str) -> DongList:
    """Every 동 row of either layout; UploadRejected with every row error."""
    table = read_csv(text, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)
    errors: list[RowError] = []
    if table.header[0] == REGION_TITLE:
        rows, source = _population_rows(table, errors), "population"
    elif table.header[:2] == [NAME_TITLE, CODE_TITLE]:
        rows, source = _two_column_rows(table, errors), "two_columns"
    else:
        raise UploadRejected(
            _(
                "첫 행이 ‘%(first)s’입니다. 주민등록 인구통계 파일(첫 열 ‘행정구역’)이나 "
                "두 열짜리 CSV(‘행정동,행정기관코드’)를 올려 주세요."
            )
            % {"first": ",".join(table.header[:2])[:60]},
            code="header",
        )
    if errors:
        raise rejected_rows(errors)
    return DongList(rows=rows, source=source)


def read_dong_list(uploaded_file: Any) -> DongList:
    data = read_upload(uploaded_file, max_bytes=MAX_BYTES, extensions=(".csv",))
    return parse_dong_list(decode_upload(data).text)


@dataclass
class DongPlan:
    """What applying the list would do (preview and command output)."""

    rows: list[DongRow]
    new: list[DongRow]
    renamed: list[tuple[Dong, str]]
    coded: list[tuple[Dong, str]]
    unchanged: int
    not_in_file: list[Dong]
    skipped_other: int
    other_regions: list[str]


def judge_dong_list(*, council: Council, parsed: DongList) -> DongPlan:
    """Keep this district's rows; refuse a file of another district, naming it."""
    if not council.district_code:
        raise UploadRejected(
            _(
                "이 협의체에 시군구 코드가 없어 파일이 이 구의 것인지 알 수 없습니다. "
                "시스템 관리자에게 시군구 코드(예: 금정구 26410)를 적어 달라고 하세요."
            ),
            code="no_district_code",
        )
    mine = [r for r in parsed.rows if r.code[:5] == council.district_code]
    others = [r for r in parsed.rows if r.code[:5] != council.district_code]
    if others and parsed.source == "two_columns":
        raise rejected_rows(
            [
                RowError(
                    r.line,
                    CODE_TITLE,
                    _(
                        "%(code)s%(p1)s 시군구 코드 %(district)s의 동입니다. "
                        "%(region)s%(p2)s %(mine)s입니다."
                    )
                    % {
                        "code": r.code,
                        "p1": particle(r.code, "은/는"),
                        "district": r.code[:5],
                        "region": council.region_name,
                        "p2": particle(council.region_name, "은/는"),
                        "mine": council.district_code,
                    },
                )
                for r in others
            ]
        )
    if not mine:
        regions = Counter(f"{r.region or '?'}({r.code[:5]})" for r in others)
        named = ", ".join(name for name, _n in regions.most_common(3))
        raise UploadRejected(
            _(
                "이 파일은 %(file)s의 행정동 목록입니다. %(region)s의 시군구 코드는 "
                "%(code)s%(ira)s 맞는 행이 없어 아무것도 바꾸지 않았습니다."
            )
            % {
                "file": named or "?",
                "region": council.region_name,
                "code": council.district_code,
                "ira": "이라" if particle(council.district_code, "이/가") == "이" else "라",
            },
            code="other_district",
        )
    errors: list[RowError] = []
    by_code: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for row in mine:
        for seen, key, title in ((by_code, row.code, CODE_TITLE), (by_name, row.name, NAME_TITLE)):
            if key in seen:
                errors.append(
                    RowError(
                        row.line,
                        title,
                        _("‘%(value)s’%(p)s %(row)s행에도 있습니다.")
                        % {"value": key, "p": particle(key, "이/가"), "row": seen[key]},
                    )
                )
            seen[key] = row.line
    if errors:
        raise rejected_rows(errors)
    existing = list(Dong.objects.filter(council=council))
    dong_by_code = {d.code: d for d in existing if d.code}
    dong_by_name = {d.name: d for d in existing}
    new, renamed, coded, unchanged, touched = [], [], [], 0, set()
    for row in mine:
        dong = dong_by_code.get(row.code)
        if dong is not None:
            if dong.name != row.name:
                renamed.append((dong, row.name))
            else:
                unchanged += 1
        elif (dong := dong_by_name.get(row.name)) is not None:
            coded.append((dong, row.code))
        else:
            new.append(row)
        if dong is not None:
            touched.add(dong.pk)
    return DongPlan(
        rows=mine,
        new=new,
        renamed=renamed,
        coded=coded,
        unchanged=unchanged,
        not_in_file=[d for d in existing if d.pk not in touched],
        skipped_other=len(others),
        other_regions=sorted({r.region for r in others if r.region}),
    )


@transaction.atomic
def apply_dong_list(*, council: Council, plan: DongPlan) -> DongPlan:
    """Write the plan to this council's 동 (and no other council's), all or nothing."""
    for dong, name in plan.renamed:
        dong.name = name
        dong.save(update_fields=["name"])
    for dong, code in plan.coded:
        dong.code = code
        dong.save(update_fields=["code"])
    order = Dong.objects.filter(council=council).aggregate(m=Max("order"))["m"] or 0
    Dong.objects.bulk_create(
        Dong(council=council, name=row.name, code=row.code, order=order + index)
        for index, row in enumerate(plan.new, start=1)
    )
    return plan


class DongListImporter(imports.Importer):
    """The same files as `import_dongs` on the staff's upload and confirm pages
    (lib.imports): read and parse, judge against this council's 동, keep the parsed rows
    in the pending store, apply all or nothing after judging again."""

    kind = "dong_list_import"

    def __init__(self, council: Council):
        self.council = council
        self.scope = council.slug

    def read(self, data) -> dict:
        parsed = read_dong_list(data["file"])
        return {
            "source": parsed.source,
            "rows": [[r.line, r.name, r.code, r.region] for r in parsed.rows],
        }

    @staticmethod
    def _parsed(payload: dict) -> DongList:
        return DongList(rows=[DongRow(*row) for row in payload["rows"]], source=payload["source"])

    def judge(self, payload: dict) -> imports.Preview:
        plan = judge_dong_list(council=self.council, parsed=self._parsed(payload))
        changes = len(plan.new) + len(plan.renamed) + len(plan.coded)
        return imports.Preview(rows=plan.rows, changes=changes, detail=plan)

    @transaction.atomic
    def apply(self, payload: dict, *, user, options) -> DongPlan:
        # Judged again under the council's lock: the list may have changed since the preview.
        Council.objects.select_for_update().filter(pk=self.council.pk).first()
        plan = judge_dong_list(council=self.council, parsed=self._parsed(payload))
        return apply_dong_list(council=self.council, plan=plan)

    def applied(self, result: DongPlan) -> tuple[str, str]:
        message = _(
            "행정동 목록을 반영했습니다: 새로 %(new)s곳, 이름 바뀜 %(renamed)s곳, "
            "코드 채움 %(coded)s곳."
        ) % {"new": len(result.new), "renamed": len(result.renamed), "coded": len(result.coded)}
        return message, reverse("facilities:dong_codes", kwargs={"council": self.council.slug})
