"""Spreadsheets of the registry: the import template, the registry as of a date, the report.

Each exporter returns ``(filename, content_type, bytes)``; views only check
access, record the download and send the file.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from council.models import Council, Dong
from facilities.columns import COLUMNS, facility_row
from facilities.importer import MAX_ROWS, SHEET_TITLE
from facilities.models import Facility, FacilityFigures, FacilityKindOption
from lib.xlsx import (
    NO,
    YES,
    date_value,
    finish_workbook,
    fit_to_page,
    safe_cell,
    write_only_row,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
_BOLD = Font(bold=True)
# Rows fetched per round trip when streaming the registry: bounds the rows held at once.
EXPORT_CHUNK = 500


def _save(workbook: Workbook, **finish) -> bytes:
    # A temporary file rather than a BytesIO: the zip is built on disk and read
    # back once, so the file is held in memory once (the bytes the caller gets).
    finish_workbook(workbook, **finish)
    with tempfile.TemporaryFile() as spool:
        workbook.save(spool)
        spool.seek(0)
        return spool.read()


def _header(sheet, titles: list[str]) -> None:
    """Bold, shaded first row, column widths and frozen header (normal worksheets)."""
    sheet.append([safe_cell(t) for t in titles])
    for index, _title in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "A2"


def _cell(sheet, value, *, font: Font = _BOLD, fill: PatternFill | None = None, wrap=False):
    """A styled cell for a write-only sheet (the only way to style one)."""
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    cell.font = font
    if fill is not None:
        cell.fill = fill
    if wrap:
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    return cell


def _registry_sheet(workbook: Workbook, dongs: list[str]):
    """The 기관 목록 sheet of a write-only workbook, up to its header row.

    Column widths and the frozen header are written before the first row (a
    write-only sheet cannot change them afterwards); the drop-downs are
    written after the rows, when the workbook is saved.
    """
    sheet = workbook.create_sheet(SHEET_TITLE)
    fit_to_page(sheet)
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16
    sheet.freeze_panes = "A2"
    lists = {
        "choice:kind": [str(label) for _v, label in Facility.Kind.choices],
        "choice:status": [str(label) for _v, label in Facility.Status.choices],
        "choice:support_kind": [str(label) for _v, label in Facility.SupportKind.choices],
        "bool": [YES, NO],
        "dong": dongs,
    }
    for index, column in enumerate(COLUMNS, start=1):
        key = f"choice:{column.field}" if column.kind == "choice" else column.kind
        options = lists.get(key)
        if not options or len(",".join(options)) > 250:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list", formula1='"' + ",".join(options) + '"', allow_blank=True
        )
        # As many rows as one upload may hold.
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)
    sheet.append([_cell(sheet, c.header, fill=_HEADER_FILL, wrap=True) for c in COLUMNS])
    return sheet


def _instructions_sheet(workbook: Workbook, council: Council, dongs: list[str]) -> None:
    sheet = workbook.create_sheet(_("작성 방법"))
    fit_to_page(sheet)
    for letter, width in (("A", 22), ("B", 8), ("C", 50)):
        sheet.column_dimensions[letter].width = width
    title = _("%(council)s 돌봄시설 등록 양식 작성 방법") % {"council": council.name}
    sheet.append([_cell(sheet, title, font=Font(bold=True, size=13))])
    for line in (
        _(
            "‘기관 목록’ 시트의 첫 행(제목)은 바꾸지 마세요. 둘째 행부터 한 행에 한 기관을 적습니다."
        ),
        _("기관 코드가 이미 등록된 기관이면 그 기관의 정보를 고치고, 없으면 새로 등록합니다."),
        _(
            "빈칸은 빈 값으로 반영됩니다. 지금 등록부를 ‘엑셀로 내보내기’로 받아 고치는 것이 안전합니다."
        ),
        _(
            "시설을 지우는 기능은 없습니다. 문을 닫은 시설은 운영 상태를 ‘폐지’로, 폐지일을 적어 주세요."
        ),
        _("기준일·정원·현원을 적으면 그 날짜의 정원·현원 기록이 추가되거나 고쳐집니다."),
        _(
            "올리면 먼저 미리보기가 나오고, 확인해야 반영됩니다. 한 행이라도 오류가 있으면 아무것도 반영되지 않습니다."
        ),
        _("엑셀 통합 문서(.xlsx)로 저장해 주세요. 매크로 파일(.xlsm)은 받지 않습니다."),
    ):
        sheet.append([line])
    sheet.append([""])  # a blank row (one empty cell: readers still see a row)
    sheet.append(
        [_cell(sheet, t, fill=_HEADER_FILL) for t in (_("열 제목"), _("필수"), _("적는 방법"))]
    )
    for column in COLUMNS:
        sheet.append([column.header, _("필수") if column.required else "", column.help])
    sheet.append([""])
    sheet.append([_cell(sheet, _("행정동 목록"))])
    for name in dongs:
        sheet.append([safe_cell(name)])


def _dong_names(council: Council) -> list[str]:
    return list(Dong.objects.filter(council=council).values_list("name", flat=True))


def template_workbook(*, council: Council) -> tuple[str, str, bytes]:
    """An empty registry sheet with Korean headers, drop-downs and an instructions sheet."""
    workbook = Workbook(write_only=True)
    dongs = _dong_names(council)
    _registry_sheet(workbook, dongs)
    _instructions_sheet(workbook, council, dongs)
    return f"{council.slug}-facilities-template.xlsx", XLSX_TYPE, _save(workbook)


def _end_of_day(day: dt.date) -> dt.datetime:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _in_registry_order(facilities, day: dt.date):
    """Annotate (live or historical) facilities with their latest figures on or before
    `day` and order them as the registry is read: kind, dong, name, code.

    Correlated subqueries rather than a second query over the figures, so the
    rows can be streamed in this order with one query whatever their number.
    """
    latest = FacilityFigures.objects.filter(facility_id=OuterRef("id"), as_of__lte=day).order_by(
        "-as_of"
    )
    figures = {
        f"export_{name}": Subquery(latest.values(name)[:1]) for name in FacilityFigures.FIELDS
    }
    kind_order = Case(
        *[When(kind=value, then=Value(i)) for i, (value, _l) in enumerate(Facility.Kind.choices)],
        default=Value(9),
        output_field=IntegerField(),
    )
    # A subquery, not a join: a past version may point at a dong deleted since.
    dong_order = Coalesce(
        Subquery(Dong.objects.filter(pk=OuterRef("dong_id")).values("order")[:1]), Value(0)
    )
    return facilities.annotate(
        **figures, export_kind_order=kind_order, export_dong_order=dong_order
    ).order_by("export_kind_order", "export_dong_order", "name", "code")


def _figures_of(facility) -> FacilityFigures | None:
    if facility.export_as_of is None:
        return None
    return FacilityFigures(
        facility_id=facility.id,
        **{name: getattr(facility, f"export_{name}") for name in FacilityFigures.FIELDS},
    )


def registry_as_of(
    *, council: Council, as_of: dt.date
) -> Iterator[tuple[object, FacilityFigures | None]]:
    """Every facility as it was recorded at the end of `as_of`, with its latest figures then.

    Today (or later) reads the live registry; a past day reads the change history
    (then the facility is a historical record, with the same field attributes).
    Streamed from one ordered query in chunks, so memory does not grow with the
    number of facilities.
    """
    dongs = {d.pk: d for d in Dong.objects.filter(council=council)}
    if as_of >= timezone.localdate():
        facilities = Facility.objects.filter(council=council)
    else:
        facilities = Facility.history.as_of(_end_of_day(as_of)).filter(council_id=council.pk)
    for facility in _in_registry_order(facilities, as_of).iterator(chunk_size=EXPORT_CHUNK):
        facility.dong = dongs.get(facility.dong_id)
        yield facility, _figures_of(facility)


def registry_workbook(*, council: Council, as_of: dt.date) -> tuple[str, str, bytes]:
    """The registry as of `as_of` in the template's columns (export → import changes nothing).

    A write-only workbook: each row goes to a temporary file as it is appended,
    so memory stays flat however many facilities the council has.
    """
    workbook = Workbook(write_only=True)
    dongs = _dong_names(council)
    sheet = _registry_sheet(workbook, dongs)
    other_kinds = dict(FacilityKindOption.objects.filter(council=council).values_list("pk", "name"))
    # Dates as real dates (shown 2024. 3. 31.); the importer reads them back as the same day.
    dates = {i for i, column in enumerate(COLUMNS) if column.kind == "date"}
    for facility, figures in registry_as_of(council=council, as_of=as_of):
        row = facility_row(facility, figures, on=as_of, other_kinds=other_kinds)
        sheet.append(
            write_only_row(sheet, (date_value(v) if i in dates else v for i, v in enumerate(row)))
        )
    _instructions_sheet(workbook, council, dongs)
    return f"{council.slug}-facilities-{as_of.isoformat()}.xlsx", XLSX_TYPE, _save(workbook)


def report_workbook(*, report: dict, slug: str) -> tuple[str, str, bytes]:
    """The 기관별 현황 report (see facilities.reports.status_report) as a spreadsheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("유형별 현황")
    sheet.append(
        [
            safe_cell(
                _("%(council)s 기관별 현황 (기준일 %(day)s)")
                % {"council": report["council"], "day": report["as_of"]}
            )
        ]
    )
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    titles = [
        "유형",
        "기관 수",
        "정원",
        "현원",
        "이용률(%)",
        "20시 이후 운영",
        "야간돌봄",
        "일시돌봄",
    ]
    sheet.append(titles)
    for cell in sheet[3]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    keys = [
        "facilities",
        "capacity",
        "enrolled",
        "occupancy",
        "open_after_20",
        "night_care",
        "temporary_care",
    ]
    for row in report["by_kind"]:
        sheet.append([safe_cell(row["label"])] + [row[k] for k in keys])
    sheet.append([_("합계")] + [report["total"][k] for k in keys])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for index in range(1, len(titles) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 16

    dong_sheet = workbook.create_sheet(_("행정동별 현황"))
    _header(dong_sheet, [_("행정동")] + list(report["kinds"]) + [_("합계")])
    for row in report["by_dong"]:
        dong_sheet.append([safe_cell(row["dong"])] + list(row["counts"]) + [row["total"]])
    totals = [sum(r["counts"][i] for r in report["by_dong"]) for i in range(len(report["kinds"]))]
    dong_sheet.append([_("합계")] + totals + [sum(totals)])
    for cell in dong_sheet[dong_sheet.max_row]:
        cell.font = _BOLD
    return (
        f"{slug}-facility-report-{report['as_of']}.xlsx",
        XLSX_TYPE,
        _save(workbook, header_rows={sheet.title: 3}),  # title, blank row, headings
    )
