"""Every exported workbook holds real dates shown as `2024. 3. 31.` and prints on A4,
header row repeated, fitted to the page width (issue 25, item 5)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from lib.xlsx import DATE_FORMAT, date_value
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
    _name, _type, content = export_department(council=world.council, department=world.department)
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
