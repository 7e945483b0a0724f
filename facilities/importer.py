"""Read a registry workbook and judge each row: new, changed, unchanged or error.

The importer never writes. `read_rows` turns an uploaded file into plain
text rows (what the session keeps between preview and confirm), and
`judge_rows` validates them with the same forms as the pages.
`facilities.services.apply_import` writes them, all or nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Council, Dong
from council.xlsx import load_xlsx_upload, unsafe_cell
from facilities.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    FIGURES_COLUMNS,
    kind_label,
    parse_bool,
    status_label,
    to_text,
)
from facilities.forms import FacilityForm, FiguresForm
from facilities.models import Facility, FacilityFigures

MAX_ROWS = 10_000
SHEET_TITLE = "기관 목록"
HEADER_ROW = 1


class Action:
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowError:
    column: str  # the Korean header, "" for a row-level problem
    message: str


@dataclass
class Change:
    column: str
    old: str
    new: str


@dataclass
class RowResult:
    row: int
    code: str
    name: str
    action: str = Action.UNCHANGED
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    facility_form: FacilityForm | None = None
    figures_form: FiguresForm | None = None
    facility_changed: bool = False
    figures_changed: bool = False
    existing_figures: FacilityFigures | None = None
    old_values: dict[str, str] | None = None  # the saved facility's cells, if any
    changed_fields: list[str] = field(default_factory=list)  # facility fields that differ
    changed_figures: list[str] = field(default_factory=list)  # and recorded figures that do


def read_rows(uploaded_file) -> list[dict]:
    """The workbook's data rows as ``{"row": n, "values": {field: text}}``.

    Raises ValidationError (Korean) for a file that fails the upload guard,
    lacks the required headers or has too many rows.
    """
    workbook = load_xlsx_upload(uploaded_file)
    try:
        sheet = (
            workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        )
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions: dict[str, int] = {}
        by_header = {c.header: c.field for c in COLUMNS}
        for index, title in enumerate(header):
            name = to_text(title)
            if name in by_header:
                positions[by_header[name]] = index
        missing = [c.header for c in COLUMNS if c.required and c.field not in positions]
        if missing:
            raise ValidationError(
                _("첫 행에 필요한 제목이 없습니다: %(columns)s. 양식 파일을 내려받아 쓰세요.")
                % {"columns": ", ".join(missing)}
            )
        result = []
        for number, cells in enumerate(rows, start=HEADER_ROW + 1):
            values = {
                f: to_text(unsafe_cell(cells[i])) if i < len(cells) else ""
                for f, i in positions.items()
            }
            if not any(values.values()):
                continue
            if len(result) >= MAX_ROWS:
                raise ValidationError(
                    _("한 번에 %(max)s행까지 올릴 수 있습니다.") % {"max": MAX_ROWS}
                )
            result.append({"row": number, "values": values})
    finally:
        workbook.close()
    if not result:
        raise ValidationError(_("파일에 기관 자료가 한 행도 없습니다."))
    return result


def _canonical_facility(facility: Facility) -> dict[str, str]:
    values = {}
    for column in COLUMNS:
        if column.field in FIGURES_COLUMNS:
            continue
        if column.field == "kind":
            values["kind"] = kind_label(facility.kind)
        elif column.field == "status":
            values["status"] = status_label(facility.status)
        elif column.field == "dong":
            values["dong"] = facility.dong.name if facility.dong_id else ""
        else:
            values[column.field] = to_text(getattr(facility, column.field))
    return values


def _choice_tables() -> tuple[dict[str, str], dict[str, str]]:
    kinds = {str(label): value for value, label in Facility.Kind.choices}
    statuses = {str(label): value for value, label in Facility.Status.choices}
    return kinds, statuses


def _form_data(
    values: dict[str, str],
    dongs: dict[str, Dong],
    errors: list[RowError],
    tables: tuple[dict[str, str], dict[str, str]],
) -> dict:
    kinds, statuses = tables
    data: dict[str, str] = {}
    for column in COLUMNS:
        text = values.get(column.field, "")
        if column.kind == "choice":
            table = kinds if column.field == "kind" else statuses
            if text and text not in table and text not in table.values():
                errors.append(
                    RowError(
                        column.header,
                        _("‘%(value)s’은(는) 쓸 수 없는 값입니다. %(help)s 중에서 적어 주세요.")
                        % {"value": text, "help": column.help},
                    )
                )
            data[column.field] = table.get(text, text)
        elif column.kind == "dong":
            dong = dongs.get(text)
            if text and dong is None:
                errors.append(
                    RowError(
                        column.header,
                        _("‘%(value)s’은(는) 이 협의체의 행정동 목록에 없습니다.")
                        % {"value": text},
                    )
                )
            data[column.field] = str(dong.pk) if dong else ""
        elif column.kind == "bool":
            flag = parse_bool(text)
            if flag is None:
                errors.append(RowError(column.header, _("‘예’ 또는 ‘아니오’로 적어 주세요.")))
            elif flag:
                data[column.field] = "on"
        else:
            data[column.field] = text
    return data


def _form_errors(form, errors: list[RowError], skip: set[str]) -> None:
    for name, messages in form.errors.items():
        if name in skip:
            continue
        header = COLUMN_BY_FIELD[name].header if name in COLUMN_BY_FIELD else ""
        for message in messages:
            errors.append(RowError(header, str(message)))


def judge_rows(*, council: Council, rows: list[dict]) -> list[RowResult]:
    """Validate every row against the registry as it is now; nothing is saved.

    A fixed number of queries whatever the number of rows: the council's 동,
    its facilities and the figures of the dates in the file are loaded once,
    and each row is checked with the page forms' rules in memory.
    """
    dongs = {d.name: d for d in Dong.objects.filter(council=council)}
    dongs_by_pk = {str(d.pk): d for d in dongs.values()}
    existing = {
        f.code.lower(): f for f in Facility.objects.filter(council=council).select_related("dong")
    }
    tables = _choice_tables()
    # Unbound template forms; each row gets a cheap copy bound to its values.
    templates: dict[bool, FacilityForm] = {}

    def facility_form(data: dict, facility: Facility | None) -> FacilityForm:
        saved = facility is not None
        if saved not in templates:
            templates[saved] = FacilityForm(
                instance=facility if saved else Facility(council=council),
                council=council,
                check_code_unique=False,
                dongs=dongs_by_pk,
            )
        return templates[saved].for_row(data, instance=facility or Facility(council=council))

    figures_template = FiguresForm(allow_existing_day=True)
    seen: dict[str, int] = {}
    results = []
    for raw in rows:
        values = raw["values"]
        code = values.get("code", "")
        result = RowResult(row=raw["row"], code=code, name=values.get("name", ""))
        results.append(result)
        errors = result.errors
        if code.lower() in seen:
            errors.append(
                RowError(
                    COLUMN_BY_FIELD["code"].header,
                    _("같은 기관 코드가 %(row)s행에도 있습니다.") % {"row": seen[code.lower()]},
                )
            )
        elif code:
            seen[code.lower()] = raw["row"]
        data = _form_data(values, dongs, errors, tables)
        facility = existing.get(code.lower())
        result.old_values = _canonical_facility(facility) if facility else None
        form = facility_form(data, facility)
        # Columns already reported by _form_data are not repeated from the form.
        reported = {c.field for c in COLUMNS if any(e.column == c.header for e in errors)} - {
            "code"
        }
        form_ok = form.is_valid()
        _form_errors(form, errors, reported)
        result.facility_form = form
        has_figures = any(values.get(f) for f in FIGURES_COLUMNS)
        figures_ok = True
        if has_figures:
            figures_form = figures_template.for_row(
                {f: values.get(f, "") for f in FIGURES_COLUMNS}, instance=FacilityFigures()
            )
            figures_form.facility = facility
            figures_ok = figures_form.is_valid()
            _form_errors(figures_form, errors, set())
            result.figures_form = figures_form
        if errors or not form_ok or not figures_ok:
            if not errors:
                errors.append(RowError("", _("이 행을 확인해 주세요.")))
            result.action = Action.ERROR
            continue
        if facility is None:
            result.action = Action.NEW
            result.facility_changed = True
            result.figures_changed = has_figures
            continue
        new = _canonical_facility(form.instance)
        old = result.old_values
        for column in COLUMNS:
            if column.field in FIGURES_COLUMNS:
                continue
            if old[column.field] != new[column.field]:
                result.changes.append(Change(column.header, old[column.field], new[column.field]))
                result.changed_fields.append(column.field)
        result.facility_changed = bool(result.changes)
        result.action = Action.CHANGED if result.changes else Action.UNCHANGED

    # The recorded figures of the existing facilities, for the dates in the file only.
    pending = [r for r in results if r.action != Action.ERROR and r.figures_form and r.old_values]
    days = {r.figures_form.cleaned_data["as_of"] for r in pending}
    figures = (
        {
            (f.facility_id, f.as_of): f
            for f in FacilityFigures.objects.filter(facility__council=council, as_of__in=days)
        }
        if days
        else {}
    )
    for result in pending:
        cleaned = result.figures_form.cleaned_data
        current = figures.get((result.facility_form.instance.pk, cleaned["as_of"]))
        result.existing_figures = current
        for name in ("capacity", "enrolled", "waiting", "over_capacity_reason"):
            before = to_text(getattr(current, name)) if current else ""
            after = to_text(cleaned[name])
            if before != after:
                result.figures_changed = True
                result.changed_figures.append(name)
                header = f"{COLUMN_BY_FIELD[name].header} ({cleaned['as_of'].isoformat()})"
                result.changes.append(Change(header, before, after))
        result.action = Action.CHANGED if result.changes else Action.UNCHANGED
    return results


PENDING_DIR = "facility-imports"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def save_pending(rows: list[dict]) -> str:
    """Keep parsed rows between preview and confirm in private storage; returns a token.

    Thousands of rows are megabytes: in the session they would be re-encoded
    and re-written on every request until the import is confirmed.
    """
    storage = storages["default"]
    _sweep_pending(storage)
    token = secrets.token_urlsafe(24)
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    storage.save(f"{PENDING_DIR}/{token}.json", ContentFile(payload))
    return token


def load_pending(token: str | None) -> list[dict] | None:
    if not token or not _TOKEN_RE.match(token):
        return None
    storage = storages["default"]
    name = f"{PENDING_DIR}/{token}.json"
    if not storage.exists(name):
        return None
    with storage.open(name, "rb") as handle:
        return json.loads(handle.read())


def drop_pending(token: str | None) -> None:
    if token and _TOKEN_RE.match(token):
        storages["default"].delete(f"{PENDING_DIR}/{token}.json")


def _sweep_pending(storage) -> None:
    """Forget previews nobody confirmed within a session's lifetime."""
    cutoff = timezone.now() - dt.timedelta(seconds=max(settings.SESSION_COOKIE_AGE, 3600))
    try:
        _dirs, files = storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        try:
            if storage.get_modified_time(path) < cutoff:
                storage.delete(path)
        except FileNotFoundError:
            pass


def summarize(results: list[RowResult]) -> dict[str, int]:
    counts = {Action.NEW: 0, Action.CHANGED: 0, Action.UNCHANGED: 0, Action.ERROR: 0}
    for result in results:
        counts[result.action] += 1
    return counts
