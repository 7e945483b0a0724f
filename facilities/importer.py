"""Read a registry workbook and judge each row: new, changed, unchanged or error.

The importer never writes. `read_rows` turns an uploaded file into plain
text rows (what lib.uploads keeps between preview and confirm), and
`judge_rows` validates them as the pages do: each cell through the page form's
field, the rules of facilities.rules, then the model's own validation.
`facilities.services.apply_import` writes them, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities import rules
from facilities.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DATE_EXAMPLE,
    headers_to_fields,
    kind_label,
    parse_bool,
    parse_date,
    status_label,
    support_label,
    to_text,
)
from facilities.forms import FacilityForm, FiguresForm
from facilities.models import KIND_FORMER_NAMES, Facility, FacilityFigures, FacilityKindOption
from lib.xlsx import UploadRejected, read_table

MAX_ROWS = 10_000
SHEET_TITLE = "기관 목록"


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
    facility: Facility | None = None  # the row's values on the saved facility, or a new one
    figures: dict[str, Any] | None = None  # the row's figures (FacilityFigures.FIELDS), cleaned
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
    columns are read (lib.xlsx.read_table).
    """
    table = read_table(
        uploaded_file,
        headers=headers_to_fields(),
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


def _canonical_facility(facility: Facility, other_kinds: dict[int, str]) -> dict[str, str]:
    values = {}
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            continue
        if column.field == "kind":
            values["kind"] = kind_label(facility.kind)
        elif column.field == "other_kind":
            values["other_kind"] = other_kinds.get(facility.other_kind_id, "")
        elif column.field == "support_kind":
            values["support_kind"] = support_label(facility.support_kind)
        elif column.field == "status":
            values["status"] = status_label(facility.status)
        elif column.field == "dong":
            values["dong"] = facility.dong.name if facility.dong_id else ""
        else:
            values[column.field] = to_text(getattr(facility, column.field))
    return values


def _choice_tables() -> dict[str, dict[str, str]]:
    kinds = {str(label): value for value, label in Facility.Kind.choices}
    for value, renames in KIND_FORMER_NAMES.items():
        for _until, former in renames:
            kinds.setdefault(former, value)  # a file of before the rename still imports
    return {
        "kind": kinds,
        "status": {str(label): value for value, label in Facility.Status.choices},
        "support_kind": {str(label): value for value, label in Facility.SupportKind.choices},
    }


def _cell_values(
    values: dict[str, str],
    dongs: dict[str, Dong],
    errors: list[RowError],
    tables: dict[str, dict[str, str]],
    other_kinds: dict[str, FacilityKindOption],
) -> dict[str, Any]:
    """The row's facility cells as the form fields take them: kinds and statuses by their
    value, 예/아니오 as booleans, the 동 as the council's Dong, a council's own kind as its
    FacilityKindOption. A cell that cannot be read is reported here and left out."""
    data: dict[str, Any] = {}
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            continue
        text = values.get(column.field, "")
        if column.kind == "other_kind":
            option = other_kinds.get(text)
            if text and option is None:
                errors.append(
                    RowError(
                        column.header,
                        _("‘%(value)s’은(는) 이 협의체가 정한 시설 유형에 없습니다.")
                        % {"value": text},
                    )
                )
                continue
            data[column.field] = option
        elif column.kind == "choice":
            table = tables[column.field]
            if text and text not in table and text not in table.values():
                errors.append(
                    RowError(
                        column.header,
                        _("‘%(value)s’은(는) 쓸 수 없는 값입니다. %(help)s 중에서 적어 주세요.")
                        % {"value": text, "help": column.help},
                    )
                )
                continue
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
                continue
            data[column.field] = dong
        elif column.kind == "bool":
            flag = parse_bool(text)
            if flag is None:
                errors.append(RowError(column.header, _("‘예’ 또는 ‘아니오’로 적어 주세요.")))
                continue
            data[column.field] = flag
        else:
            data[column.field] = text
    return data


def _first_per_column(errors: list[RowError]) -> list[RowError]:
    """One message per cell: the first thing wrong with it (a date that cannot be read
    is not then also "missing" to the rules that need it)."""
    seen: set[str] = set()
    first = []
    for error in errors:
        if error.column and error.column in seen:
            continue
        seen.add(error.column)
        first.append(error)
    return first


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


def _header(name: str) -> str:
    return COLUMN_BY_FIELD[name].header if name in COLUMN_BY_FIELD else ""


def _clean(fields: dict, data: dict[str, Any], errors: list[RowError]) -> dict[str, Any]:
    """Each value through its form field's clean(); a field that fails is reported and left out."""
    cleaned = {}
    for name, form_field in fields.items():
        if name not in data:
            continue
        try:
            cleaned[name] = form_field.clean(data[name])
        except ValidationError as exc:
            errors.extend(RowError(_header(name), message) for message in exc.messages)
    return cleaned


def _model_errors(instance, exclude: set[str], errors: list[RowError]) -> None:
    """The model's own validation of a row's instance. The queries it would make (foreign
    keys, unique codes, one record a day) are left to the importer's data loaded once
    and to the database."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            header = "" if name == NON_FIELD_ERRORS else _header(name)
            errors.extend(RowError(header, message) for message in messages)


# Foreign keys and fields the importer sets itself: left out of the model validation.
_FACILITY_NOT_VALIDATED = {"id", "council", "dong", "other_kind", "updated_by", "updated_at"}
_FIGURES_NOT_VALIDATED = {"id", "facility", "recorded_by", "recorded_at"}


def judge_rows(*, council: Council, rows: list[dict]) -> list[RowResult]:
    """Validate every row against the registry as it is now; nothing is saved.

    A fixed number of queries whatever the number of rows: the council's 동,
    its facilities and the figures of the dates in the file are loaded once,
    and each row is checked with the page forms' fields and rules in memory.
    """
    dongs = {d.name: d for d in Dong.objects.filter(council=council)}
    existing = {
        f.code.lower(): f for f in Facility.objects.filter(council=council).select_related("dong")
    }
    tables = _choice_tables()
    options = list(FacilityKindOption.objects.filter(council=council))
    other_by_name = {o.name: o for o in options}
    other_names = {o.pk: o.name for o in options}
    # The pages' form fields, built once: a form per row would deep-copy every field.
    facility_fields = dict(FacilityForm(council=council).fields)
    code_field = facility_fields.pop("code")
    dong_field = facility_fields.pop("dong")
    facility_fields.pop("other_kind")
    figures_fields = FiguresForm(facility=Facility(council=council)).fields
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
        facility = existing.get(code.lower())
        result.old_values = _canonical_facility(facility, other_names) if facility else None
        data = _cell_values(values, dongs, errors, tables, other_by_name)
        cleaned = _clean(facility_fields, data, errors)
        if "other_kind" in data:
            cleaned["other_kind"] = data["other_kind"]
        if "dong" in data:
            if data["dong"] is None:
                errors.append(RowError(_header("dong"), dong_field.error_messages["required"]))
            else:
                cleaned["dong"] = data["dong"]
        if facility is None:
            # A new facility's code, checked by the page's field (its validators included);
            # a saved facility keeps its own. Codes already taken were matched above.
            try:
                code = code_field.clean(code)
            except ValidationError as exc:
                errors.extend(RowError(_header("code"), m) for m in exc.messages)
            facility = Facility(council=council, code=code)
        errors.extend(RowError(_header(n), m) for n, m in rules.facility_errors(cleaned))
        has_figures = any(values.get(f) for f in FacilityFigures.FIELDS)
        figures = None
        if has_figures:
            cells = {f: values.get(f, "") for f in FacilityFigures.FIELDS}
            figures = _clean(figures_fields, cells, errors)
            errors.extend(RowError(_header(n), m) for n, m in rules.figures_errors(figures))
        if errors:
            result.errors = _first_per_column(errors)
            result.action = Action.ERROR
            continue
        for name, value in cleaned.items():
            setattr(facility, name, value)
        _model_errors(facility, _FACILITY_NOT_VALIDATED, errors)
        if figures is not None:
            _model_errors(FacilityFigures(**figures), _FIGURES_NOT_VALIDATED, errors)
        if errors:
            result.action = Action.ERROR
            continue
        result.facility = facility
        result.figures = figures
        if result.old_values is None:
            result.action = Action.NEW
            result.facility_changed = True
            result.figures_changed = has_figures
            continue
        new = _canonical_facility(facility, other_names)
        old = result.old_values
        for column in COLUMNS:
            if column.field in FacilityFigures.FIELDS:
                continue
            if old[column.field] != new[column.field]:
                result.changes.append(Change(column.header, old[column.field], new[column.field]))
                result.changed_fields.append(column.field)
        result.facility_changed = bool(result.changes)
        result.action = Action.CHANGED if result.changes else Action.UNCHANGED

    # The recorded figures of the existing facilities, for the dates in the file only.
    pending = [r for r in results if r.action != Action.ERROR and r.figures and r.old_values]
    days = {r.figures["as_of"] for r in pending}
    recorded = (
        {
            (f.facility_id, f.as_of): f
            for f in FacilityFigures.objects.filter(facility__council=council, as_of__in=days)
        }
        if days
        else {}
    )
    for result in pending:
        figures = result.figures
        current = recorded.get((result.facility.pk, figures["as_of"]))
        result.existing_figures = current
        for name in FacilityFigures.VALUE_FIELDS:
            before = to_text(getattr(current, name)) if current else ""
            after = to_text(figures[name])
            if before != after:
                result.figures_changed = True
                result.changed_figures.append(name)
                header = f"{COLUMN_BY_FIELD[name].header} ({figures['as_of'].isoformat()})"
                result.changes.append(Change(header, before, after))
        result.action = Action.CHANGED if result.changes else Action.UNCHANGED
    return results


def summarize(results: list[RowResult]) -> dict[str, int]:
    counts = {Action.NEW: 0, Action.CHANGED: 0, Action.UNCHANGED: 0, Action.ERROR: 0}
    for result in results:
        counts[result.action] += 1
    return counts
