"""The xlsx and HTML exporters (the PDF has its own module)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from proposals.models import DepartmentResponse
from reports.exporters import XLSX_TYPE, render_html_export, render_xlsx_export
from tests.factories import make_answered_proposal, make_result_meeting
from tests.reports.test_document import MARKUP


def test_it_exports_an_overview_and_a_proposals_sheet(world):
    meeting = make_result_meeting(world.council, proposals=0, invited=4, submitted=3)
    make_answered_proposal(
        meeting,
        1,
        headline="돌봄시설 확충",
        details="첫째 줄\n둘째 줄",
        response_lines="검토함\n추진함",
    )
    make_answered_proposal(
        meeting, 2, response_lines="초안", response_status=DepartmentResponse.Status.RETURNED
    )

    filename, content_type, content = render_xlsx_export(meeting, final_only=True)

    assert filename == "geumjeong-2023-h2-result.xlsx"
    assert content_type == XLSX_TYPE
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["개요", "건의사항", "추진 계획", "지난 회의 추진 현황"]
    overview = {row[0]: row[1] for row in workbook["개요"].iter_rows(values_only=True)}
    assert overview["제목"] == "2023년 하반기 금정구 지역돌봄협의체 회의 결과"
    assert overview["기간"] == "2023. 12. 20.(수) ~ 12. 22.(금)"
    assert overview["참석"] == "위원 4명 ▷ 의견제출 3명"
    assert overview["건의사항"] == "총 2건 (시설 확충 2건)"
    rows = list(workbook["건의사항"].iter_rows(values_only=True))
    assert rows[0] == ("번호", "분야", "취합 결과", "부서 검토 의견", "담당 부서", "검토 결과")
    assert rows[1] == (
        1,
        "시설 확충",
        "○ 돌봄시설 확충\n▷ 첫째 줄\n▷ 둘째 줄",
        "○ 검토함\n○ 추진함",
        world.council.departments.first().name,
        None,
    )
    # A response sent back for revision is not published.
    assert rows[2][3] in (None, "")


def test_it_keeps_markup_as_text_and_neutralises_formulas_in_xlsx(world):
    meeting = make_result_meeting(world.council, proposals=0)
    meeting.agenda_items.update(title='=HYPERLINK("http://example.com","클릭")')
    make_answered_proposal(
        meeting,
        1,
        headline="+SUM(1,2)",
        details="\n".join(MARKUP),
        response_lines="\n".join(MARKUP),
    )

    _name, _type, content = render_xlsx_export(meeting, final_only=True)

    workbook = load_workbook(io.BytesIO(content))
    overview = {row[0]: row[1] for row in workbook["개요"].iter_rows(values_only=True)}
    assert overview["내용"].startswith("'=HYPERLINK(")
    number, _category, proposal, response, *_rest = next(
        workbook["건의사항"].iter_rows(min_row=2, values_only=True)
    )
    assert proposal.startswith("○ +SUM(1,2)")
    for raw in MARKUP:
        assert f"▷ {raw}" in proposal
        assert f"○ {raw}" in response
    # No cell is a formula.
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate


def test_it_exports_a_standalone_html_file_marking_preview_rows(world):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(
        meeting, 1, headline=MARKUP[0], response_status=DepartmentResponse.Status.DRAFT
    )

    filename, content_type, content = render_html_export(meeting, final_only=False)

    html = content.decode()
    assert filename == "geumjeong-2023-h2-result-preview.html"
    assert content_type.startswith("text/html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<style>" in html and "@page" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "미확정" in html
