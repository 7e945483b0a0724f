"""The 돌봄 공백 현황 as a spreadsheet: ``(filename, content_type, bytes)``.

The same columns as the page (facilities.gaps), numbers as numbers, every text
cell through `lib.xlsx.safe_cell`.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from facilities.gaps import kind_columns, kind_values, main_columns, main_values, notes
from lib.xlsx import finish_workbook, safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
_BOLD = Font(bold=True)


def _sheet(workbook: Workbook, title: str, heading: str, columns: list[str], rows: list[list]):
    sheet = workbook.create_sheet(title)
    sheet.append([safe_cell(heading)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([safe_cell(c) for c in columns])
    for index, cell in enumerate(sheet[3], start=1):
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = 14
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.freeze_panes = "B4"
    return sheet


def gap_workbook(*, report: dict, slug: str) -> tuple[str, str, bytes]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    heading = _("%(council)s 돌봄 공백 현황 (시설 기준일 %(day)s, 인구 %(month)s)") % {
        "council": report["council"],
        "day": report["as_of"],
        "month": report["month"][:7] if report["month"] else "-",
    }
    total = {
        **report["total"],
        "flags": [],
        "figures_from": report["figures_from"],
        "figures_to": report["figures_to"],
    }
    main = _sheet(
        workbook,
        _("행정동별"),
        heading,
        main_columns(report),
        [[r["dong"], *main_values(r)] for r in report["rows"]]
        + [[_("구 전체"), *main_values(total)]],
    )
    main.append([])
    for line in notes(report):
        main.append([safe_cell(line)])
    _sheet(
        workbook,
        _("유형별"),
        heading,
        kind_columns(report),
        [[r["dong"], *kind_values(r)] for r in report["rows"]]
        + [[_("구 전체"), *kind_values(report["total"])]],
    )
    finish_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"care-gaps-{slug}-{report['as_of']}.xlsx", XLSX_TYPE, buffer.getvalue()
