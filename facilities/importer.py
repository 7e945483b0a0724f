"""The registry workbook import, on the one contract (lib.imports).

read: `read_rows` turns an uploaded file into plain text rows (what
lib.uploads keeps between preview and confirm); judge: `judge_rows` validates
them as the pages do — each cell through the page form's field, the rules of
facilities.rules, then the model's own validation — and never writes; apply:
`facilities.services.apply_import` writes them, all or nothing.
`FacilityImporter` ties the three to the upload and confirm pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from council.models import Council, Dong
from facilities import rules
from facilities.columns import (
    COLUMN_BY_FIELD,
    COLUMNS,
    DATE_EXAMPLE,
    kind_label,
    parse_bool,
    parse_date,
    status_label,
    support_label,
    to_text,
)
from facilities.forms import FacilityForm, FiguresForm
from facilities.models import KIND_FORMER_NAMES, Facility, FacilityFigures, FacilityKindOption
from lib import imports
from lib.imports import Action, RowError

MAX_ROWS = 10_000
SHEET_TITLE = "기관 목록"


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
    return imports.read_xlsx_rows(
        uploaded_file,
        COLUMNS,
        sheet_title=SHEET_TITLE,
        max_rows=MAX_ROWS,
        empty_message=_("파일에 기관 자료가 한 행도 없습니다."),
    )


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


def _error(column: str, message: str) -> RowError:
    """A problem in the row being judged; its row number is filled in by `judge_rows`."""
    return RowError(0, column, message)


def _choice_cell(column, text: str, tables: dict[str, dict[str, str]]) -> Any:
    table = tables[column.field]
    if text and text not in table and text not in table.values():
        raise ValidationError(
            _("‘%(value)s’은(는) 쓸 수 없는 값입니다. %(help)s 중에서 적어 주세요.")
            % {"value": text, "help": column.help}
        )
    return table.get(text, text)


def _dong_cell(column, text: str, dongs: dict[str, Dong]) -> Any:
    dong = dongs.get(text)
    if text and dong is None:
        raise ValidationError(
            _("‘%(value)s’은(는) 이 협의체의 행정동 목록에 없습니다.") % {"value": text}
        )
    return dong


def _other_kind_cell(column, text: str, other_kinds: dict[str, FacilityKindOption]) -> Any:
    option = other_kinds.get(text)
    if text and option is None:
        raise ValidationError(
            _("‘%(value)s’은(는) 이 협의체가 정한 시설 유형에 없습니다.") % {"value": text}
        )
    return option


def _bool_cell(column, text: str) -> Any:
    flag = parse_bool(text)
    if flag is None:
        raise ValidationError(_("‘예’ 또는 ‘아니오’로 적어 주세요."))
    return flag


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
    readers = {
        "choice": lambda column, text: _choice_cell(column, text, tables),
        "dong": lambda column, text: _dong_cell(column, text, dongs),
        "other_kind": lambda column, text: _other_kind_cell(column, text, other_kinds),
        "bool": _bool_cell,
    }
    data: dict[str, Any] = {}
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            continue
        text = values.get(column.field, "")
        reader = readers.get(column.kind)
        try:
            data[column.field] = reader(column, text) if reader else text
        except ValidationError as exc:
            errors.extend(_error(column.header, m) for m in exc.messages)
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
                _error(
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
            errors.extend(_error(_header(name), message) for message in exc.messages)
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
            errors.extend(_error(header, message) for message in messages)


# Foreign keys and fields the importer sets itself: left out of the model validation.
_FACILITY_NOT_VALIDATED = {"id", "council", "dong", "other_kind", "updated_by", "updated_at"}
_FIGURES_NOT_VALIDATED = {"id", "facility", "recorded_by", "recorded_at"}


class _Judge:
    """The registry as it is now, loaded once, and the check of one row against it."""

    def __init__(self, council: Council):
        self.council = council
        self.dongs = {d.name: d for d in Dong.objects.filter(council=council)}
        self.existing = {
            f.code.lower(): f
            for f in Facility.objects.filter(council=council).select_related("dong")
        }
        self.tables = _choice_tables()
        options = list(FacilityKindOption.objects.filter(council=council))
        self.other_by_name = {o.name: o for o in options}
        self.other_names = {o.pk: o.name for o in options}
        # The pages' form fields, built once: a form per row would deep-copy every field.
        self.facility_fields = dict(FacilityForm(council=council).fields)
        self.code_field = self.facility_fields.pop("code")
        self.dong_field = self.facility_fields.pop("dong")
        self.facility_fields.pop("other_kind")
        self.figures_fields = FiguresForm(facility=Facility(council=council)).fields
        self.seen: dict[str, int] = {}

    def _duplicate(self, code: str, row: int, errors: list[RowError]) -> None:
        if code.lower() in self.seen:
            errors.append(
                _error(
                    COLUMN_BY_FIELD["code"].header,
                    _("같은 기관 코드가 %(row)s행에도 있습니다.")
                    % {"row": self.seen[code.lower()]},
                )
            )
        elif code:
            self.seen[code.lower()] = row

    def _facility(self, code: str, errors: list[RowError]) -> Facility:
        """The saved facility of this code, or a new one whose code the page's field
        checked (its validators included). Codes already taken were matched first."""
        facility = self.existing.get(code.lower())
        if facility is not None:
            return facility
        try:
            code = self.code_field.clean(code)
        except ValidationError as exc:
            errors.extend(_error(_header("code"), m) for m in exc.messages)
        return Facility(council=self.council, code=code)

    def _cleaned(self, values: dict[str, str], errors: list[RowError]) -> dict[str, Any]:
        data = _cell_values(values, self.dongs, errors, self.tables, self.other_by_name)
        cleaned = _clean(self.facility_fields, data, errors)
        if "other_kind" in data:
            cleaned["other_kind"] = data["other_kind"]
        if "dong" in data:
            if data["dong"] is None:
                errors.append(_error(_header("dong"), self.dong_field.error_messages["required"]))
            else:
                cleaned["dong"] = data["dong"]
        return cleaned

    def _figures(self, values: dict[str, str], errors: list[RowError]) -> dict[str, Any] | None:
        if not any(values.get(f) for f in FacilityFigures.FIELDS):
            return None
        cells = {f: values.get(f, "") for f in FacilityFigures.FIELDS}
        figures = _clean(self.figures_fields, cells, errors)
        errors.extend(_error(_header(n), m) for n, m in rules.figures_errors(figures))
        return figures

    def row(self, raw: dict) -> RowResult:
        values = raw["values"]
        code = values.get("code", "")
        result = RowResult(row=raw["row"], code=code, name=values.get("name", ""))
        errors: list[RowError] = []
        self._duplicate(code, raw["row"], errors)
        values = _read_dates(values, errors)
        saved = self.existing.get(code.lower())
        result.old_values = _canonical_facility(saved, self.other_names) if saved else None
        cleaned = self._cleaned(values, errors)
        facility = self._facility(code, errors)
        errors.extend(_error(_header(n), m) for n, m in rules.facility_errors(cleaned))
        figures = self._figures(values, errors)
        if not errors:
            for name, value in cleaned.items():
                setattr(facility, name, value)
            _model_errors(facility, _FACILITY_NOT_VALIDATED, errors)
            if figures is not None:
                _model_errors(FacilityFigures(**figures), _FIGURES_NOT_VALIDATED, errors)
        if errors:
            result.errors = [replace(e, row=result.row) for e in _first_per_column(errors)]
            result.action = Action.ERROR
            return result
        result.facility = facility
        result.figures = figures
        _compare_facility(result, self.other_names)
        return result


def _compare_facility(result: RowResult, other_names: dict[int, str]) -> None:
    """New, or which facility cells differ from the saved facility."""
    if result.old_values is None:
        result.action = Action.NEW
        result.facility_changed = True
        result.figures_changed = result.figures is not None
        return
    new = _canonical_facility(result.facility, other_names)
    old = result.old_values
    for column in COLUMNS:
        if column.field in FacilityFigures.FIELDS:
            continue
        if old[column.field] != new[column.field]:
            result.changes.append(Change(column.header, old[column.field], new[column.field]))
            result.changed_fields.append(column.field)
    result.facility_changed = bool(result.changes)
    result.action = Action.CHANGED if result.changes else Action.UNCHANGED


def _compare_figures(council: Council, results: list[RowResult]) -> None:
    """Which figures differ from those recorded for the same facility and day (one query
    for the dates in the file)."""
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


def judge_rows(*, council: Council, rows: list[dict]) -> list[RowResult]:
    """Validate every row against the registry as it is now; nothing is saved.

    A fixed number of queries whatever the number of rows: the council's 동,
    its facilities and the figures of the dates in the file are loaded once,
    and each row is checked with the page forms' fields and rules in memory.
    """
    judge = _Judge(council)
    results = [judge.row(raw) for raw in rows]
    _compare_figures(council, results)
    return results


def summarize(results: list[RowResult]) -> dict[str, int]:
    counts = {action: 0 for action in Action.ALL}
    for result in results:
        counts[result.action] += 1
    return counts


class FacilityImporter(imports.Importer):
    """The registry workbook on the upload and confirm pages."""

    kind = "facilities_import"
    columns = COLUMNS

    def __init__(self, council: Council):
        self.council = council
        self.scope = council.slug

    def read(self, data) -> list[dict]:
        return read_rows(data["file"])

    def judge(self, payload: list[dict]) -> imports.Preview:
        results = judge_rows(council=self.council, rows=payload)
        # Rows with errors first, each group in file order.
        results.sort(key=lambda r: (r.action != Action.ERROR, r.row))
        return imports.Preview(rows=results, actions=[r.action for r in results])

    def apply(self, payload: list[dict], *, user, options) -> list[RowResult]:
        from facilities.services import apply_import

        return apply_import(council=self.council, user=user, rows=payload)

    def applied(self, result: list[RowResult]) -> tuple[str, str]:
        summary = summarize(result)
        message = _("가져오기를 반영했습니다: 새 기관 %(new)s곳, 바뀐 기관 %(changed)s곳.") % {
            "new": summary[Action.NEW],
            "changed": summary[Action.CHANGED],
        }
        return message, reverse("facilities:list", kwargs={"council": self.council.slug})
