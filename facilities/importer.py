"""Read a registry workbook and judge each row: new, changed, unchanged or error.

The importer never writes. `read_rows` turns an uploaded file into plain
text rows (what council.uploads keeps between preview and confirm), and
`judge_rows` validates them with the same forms as the pages.
`facilities.services.apply_import` writes them, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from council.models import Council, Dong
from council.xlsx import UploadRejected, read_table
from facilities.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DATE_EXAMPLE,
    FIGURES_COLUMNS,
    kind_label,
    parse_bool,
    parse_date,
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

    Raises UploadRejected (Korean) for a file that fails the upload guard,
    lacks the required headers or has too many rows. Only the registry's own
    columns are read (council.xlsx.read_table).
    """
    table = read_table(
        uploaded_file,
        headers={c.header: c.field for c in COLUMNS},
        required={c.field for c in COLUMNS if c.required},
        sheet_title=SHEET_TITLE,
        max_rows=MAX_ROWS,
    )
    result = [
        {"row": number, "values": {f: to_text(v) for f, v in values.items()}}
        for number, values in table.rows
    ]
    result = [r for r in result if any(r["values"].values())]
    if not result:
        raise UploadRejected(_("파일에 기관 자료가 한 행도 없습니다."), code="no_rows")
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


def _read_dates(values: dict[str, str], errors: list[RowError]) -> dict[str, str]:
    """The row with its date cells in the canonical YYYY-MM-DD, whichever way they
    were typed (columns.parse_date); a cell that is no date gets an error that
    shows the expected form."""
    values = dict(values)
    for column in COLUMNS:
        text = values.get(column.field, "")
        if column.kind != "date" or not text:
            continue
        day = parse_date(text)
        if day is None:
            errors.append(
                RowError(
                    column.header,
                    _("‘%(value)s’은(는) 날짜로 읽을 수 없습니다. %(example)s처럼 적어 주세요.")
                    % {"value": text, "example": DATE_EXAMPLE},
                )
            )
        else:
            values[column.field] = day.isoformat()
    return values


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
        values = _read_dates(values, errors)
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
            _form_errors(figures_form, errors, reported)
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


def summarize(results: list[RowResult]) -> dict[str, int]:
    counts = {Action.NEW: 0, Action.CHANGED: 0, Action.UNCHANGED: 0, Action.ERROR: 0}
    for result in results:
        counts[result.action] += 1
    return counts
