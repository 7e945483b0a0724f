"""Every exported workbook holds real dates shown as `2024. 3. 31.` and prints on A4,
header row repeated, fitted to the page width (issue 25, item 5)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from lib.xlsx import DATE_FORMAT, DATETIME_FORMAT, date_value
from proposals.progress_sheet import export_department
from reports.document import build_result_context
from reports.exporters import xlsx_from_context
from tests.factories import make_answered_proposal, make_commitment, make_result_meeting


def _assert_printable(workbook) -> None:
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == "9", sheet.title  # A4
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        if sheet.max_row > 1:
            assert sheet.print_title_rows == "$1:$1", sheet.title


def test_the_result_workbook_has_real_dates_and_prints(world):
    meeting = make_result_meeting(world.council, proposals=0)
    proposal = make_answered_proposal(meeting, 1)
    make_commitment(proposal, due_date=dt.date(2024, 3, 31))
    workbook = load_workbook(io.BytesIO(xlsx_from_context(build_result_context(meeting))))
    _assert_printable(workbook)
    plans = workbook["추진 계획"]
    due = plans.cell(row=2, column=4)
    assert due.value == dt.datetime(2024, 3, 31) and due.number_format == DATE_FORMAT
    overview = workbook["개요"]
    starts = {row[0].value: row[1] for row in overview.iter_rows()}
    assert starts["기간 시작일"].value == dt.datetime.combine(meeting.period_start, dt.time())
    assert starts["기간 시작일"].number_format == DATE_FORMAT
    # The wide sheets print landscape, the two-column overview portrait.
    assert workbook["건의사항"].page_setup.orientation == "landscape"
    assert overview.page_setup.orientation == "portrait"


def test_the_progress_sheet_has_real_dates_and_prints(world):
    meeting = make_result_meeting(world.council, proposals=0)
    proposal = make_answered_proposal(meeting, 1, department=world.department)
    make_commitment(proposal, due_date=dt.date(2024, 6, 30))
    name, _type, content = export_department(council=world.council, department=world.department)
    # Two councils' sheets for one department never share a file name.
    assert name.startswith(f"{world.council.name}-{world.department.name}-추진현황-")
    workbook = load_workbook(io.BytesIO(content))
    _assert_printable(workbook)
    sheet = workbook.active
    due = sheet.cell(row=2, column=5)
    assert due.value == dt.datetime(2024, 6, 30) and due.number_format == DATE_FORMAT
    assert sheet.page_setup.orientation == "landscape"


def test_text_dates_become_dates_and_other_text_stays():
    assert date_value("2024. 3. 31.") == dt.date(2024, 3, 31)
    assert date_value("2024-03-31") == dt.date(2024, 3, 31)
    assert date_value("2024. 13. 1.") == "2024. 13. 1."
    assert date_value("돌봄 2024") == "돌봄 2024"


def test_every_function_that_makes_a_workbook_finishes_it():
    """Each function of the apps that creates an openpyxl `Workbook()` calls
    `finish_workbook` (real dates, A4 print setup), itself or through a function of its
    module (facilities.exporter's `_save`). The 연차별 시행결과, the 현황 조사 results and
    the roster template had slipped through: only two workbooks were tested."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    makers: list[str] = []
    unfinished: list[str] = []
    for app in ("council", "facilities", "proposals", "reports", "portal", "lib"):
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            functions = {
                node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
            }

            def called(node) -> set[str]:
                return {
                    call.func.id if isinstance(call.func, ast.Name) else call.func.attr
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name | ast.Attribute)
                }

            for name, function in functions.items():
                calls = called(function)
                if "Workbook" not in calls:
                    continue
                makers.append(f"{path.relative_to(root)}:{name}")
                helpers = calls & functions.keys()
                if "finish_workbook" not in calls and not any(
                    "finish_workbook" in called(functions[h]) for h in helpers
                ):
                    unfinished.append(f"{path.relative_to(root)}:{name}")
    assert len(makers) >= 10, makers  # the check sees the exports it is about
    assert unfinished == []


def _header_of(sheet, row: int = 1) -> dict:
    return {cell.value: cell.column for cell in sheet[row] if cell.value}


def test_the_facility_registry_has_real_dates_and_prints(world):
    from facilities.exporter import registry_workbook, template_workbook
    from facilities.importer import SHEET_TITLE
    from tests.factories import add_figures, make_facility

    facility = make_facility(
        world.council, code="P-1", opened_on=dt.date(2024, 3, 31), closed_on=None
    )
    add_figures(facility, dt.date(2025, 6, 30), 30, 25)
    _name, _type, content = registry_workbook(council=world.council, as_of=dt.date.today())
    workbook = load_workbook(io.BytesIO(content))
    _assert_printable(workbook)
    sheet = workbook[SHEET_TITLE]
    columns = _header_of(sheet)
    opened = sheet.cell(row=2, column=columns["개소일"])
    assert opened.value == dt.datetime(2024, 3, 31) and opened.number_format == DATE_FORMAT
    as_of = sheet.cell(row=2, column=columns["기준일"])
    assert as_of.value == dt.datetime(2025, 6, 30) and as_of.number_format == DATE_FORMAT
    assert sheet.cell(row=2, column=columns["폐지일"]).value is None
    assert sheet.cell(row=2, column=columns["기관 코드"]).value == "P-1"  # text stays text
    assert sheet.page_setup.orientation == "landscape"  # 30-odd columns
    assert workbook["작성 방법"].page_setup.orientation == "portrait"
    # (tests/facilities/test_export.py: importing this export again changes nothing.)
    # The empty template prints the same way.
    _assert_printable(load_workbook(io.BytesIO(template_workbook(council=world.council)[2])))


def test_the_facility_report_repeats_its_heading_rows(world):
    from facilities.exporter import report_workbook
    from facilities.reports import status_report

    report = status_report(council=world.council, as_of=dt.date.today())
    workbook = load_workbook(io.BytesIO(report_workbook(report=report, slug="x")[2]))
    _printable_with_titles(workbook, {"유형별 현황": "$1:$3", "행정동별 현황": "$1:$1"})


def _printable_with_titles(workbook, titles: dict) -> None:
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert str(setup.paperSize) == "9", sheet.title
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        if sheet.max_row > 1:
            assert sheet.print_title_rows == titles[sheet.title], sheet.title


def test_the_survey_results_have_real_times_and_print(world):
    from facilities import surveys
    from tests.factories import add_figures, make_facility, start_survey

    facility = make_facility(world.council, code="P-3")
    add_figures(facility, dt.date(2025, 6, 30), 30, 25)
    today = dt.date.today()
    survey = start_survey(world, [facility], today=today)
    surveys.confirm_unchanged(survey.requests.get(), message="", today=today)
    workbook = load_workbook(io.BytesIO(surveys.results_workbook(survey)[2]))
    _printable_with_titles(workbook, {"현황 조사": "$1:$2"})
    sheet = workbook.active
    submitted = sheet.cell(row=3, column=_header_of(sheet, 2)["제출 시각"])
    assert isinstance(submitted.value, dt.datetime)
    assert submitted.value.date() == today
    assert submitted.number_format == DATETIME_FORMAT
    assert sheet.page_setup.orientation == "landscape"


def test_the_roster_template_has_real_example_dates_and_prints(world):
    from council.roster_import import template_workbook

    workbook = load_workbook(io.BytesIO(template_workbook(council=world.council)[2]))
    _assert_printable(workbook)
    sheet = workbook.active
    columns = _header_of(sheet)
    start = sheet.cell(row=2, column=columns["임기 시작일"])
    assert start.value == dt.datetime(2026, 3, 1) and start.number_format == DATE_FORMAT
