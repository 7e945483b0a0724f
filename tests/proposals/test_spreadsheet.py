"""The xlsx round trip: export, upload, preview, all-or-nothing apply, conflicts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from council.models import AuditEvent
from lib.xlsx import DATE_FORMAT
from proposals.models import DepartmentResponse
from tests.factories import make_closed_meeting, make_proposal, make_response

DUE = dt.date(2024, 1, 19)


@pytest.fixture
def meeting(world):
    meeting = make_closed_meeting(world.council)
    first = make_proposal(meeting, headline='=HYPERLINK("x")', department=world.department)
    first.due_date = DUE
    first.save(update_fields=["due_date"])
    make_response(first, lines="처음 의견")
    make_proposal(meeting, headline="두 번째 건의", department=world.department)
    make_proposal(meeting, headline="다른 부서 건", department=world.other_department)
    return meeting


def _kwargs(meeting, **extra):
    return {"council": meeting.council.slug, "meeting": meeting.slug, **extra}


def _export(client, meeting, department):
    response = client.get(
        reverse("proposals:export_xlsx", kwargs=_kwargs(meeting, department=department.pk))
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(wb, name="responses.xlsx"):
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_it_exports_the_departments_proposals_safely(world, client, meeting):
    client.force_login(world.staff)
    ws = _export(client, meeting, world.department).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "회의",
        "번호",
        "건의사항",
        "세부 내용",
        "검토 결과",
        "검토 의견",
        "상태",
        "회신 기한",
        "ID",
        "검토 의견 버전",
    ]
    assert [r[1] for r in rows[1:]] == [1, 2]  # not the other department's proposal
    assert rows[1][2] == '\'=HYPERLINK("x")'  # formula neutralised
    assert rows[1][5] == "처음 의견" and rows[1][9] == 1
    # The letter's 회신 기한 per proposal, a real date (none set for the second).
    assert rows[1][7] == dt.datetime.combine(DUE, dt.time()) and rows[2][7] is None
    assert ws["H2"].number_format == DATE_FORMAT
    assert ws.column_dimensions["I"].hidden and ws.column_dimensions["J"].hidden
    assert ws.protection.sheet and ws["H2"].protection.locked  # for reading, not editing
    assert AuditEvent.objects.filter(action="proposals_xlsx_export", user=world.staff).exists()


def test_it_round_trips_with_a_preview_and_a_conflict_row(world, client, meeting):
    client.force_login(world.reviewer)
    wb = _export(client, meeting, world.department)
    ws = wb.active
    ws["E2"], ws["F2"] = "반영", "파일에서 고친 의견"
    ws["E3"], ws["F3"], ws["G3"] = "부분 반영", "새 의견 한 줄", "최종 제출"
    # Meanwhile staff change proposal 1's response: row 2 becomes a conflict.
    first = DepartmentResponse.objects.get(proposal__number=1, proposal__meeting=meeting)
    first.lines = "사무국이 그새 고친 의견"
    first.version = 2
    first.save()
    url = reverse("proposals:import_xlsx", kwargs=_kwargs(meeting))
    preview = client.post(url, {"file": _upload(wb)})
    body = preview.content.decode()
    assert "충돌: 내려받은 뒤 바뀜" in body
    assert "새 의견 한 줄" in body and "1건 반영하기" in body
    assert "충돌한 건은 그대로 두고 나머지만 반영합니다." in body
    assert not DepartmentResponse.objects.filter(proposal__number=2).exists()  # preview only
    apply_url = reverse("proposals:import_apply", kwargs=_kwargs(meeting))
    # All or nothing: while a row conflicts, nothing is applied unless the user chooses so.
    refused = client.post(apply_url, follow=True).content.decode()
    assert "내려받은 뒤 바뀐 검토 의견이 있어 아무것도 반영하지 않았습니다." in refused
    assert not DepartmentResponse.objects.filter(proposal__number=2).exists()
    client.post(url, {"file": _upload(wb)})
    response = client.post(apply_url, {"skip_conflicts": "1"}, follow=True)
    assert (
        "검토 의견 1건을 반영했습니다. 바뀐 1건은 그대로 두었습니다." in response.content.decode()
    )
    second = DepartmentResponse.objects.get(proposal__number=2, proposal__meeting=meeting)
    assert second.lines == "새 의견 한 줄"
    assert second.status == DepartmentResponse.Status.FINAL
    assert second.entered_by == world.reviewer and not second.entered_by_staff
    first.refresh_from_db()
    assert first.lines == "사무국이 그새 고친 의견"


def test_it_changes_nothing_for_a_malformed_file(world, client, meeting):
    client.force_login(world.staff)
    wb = _export(client, meeting, world.department)
    ws = wb.active
    ws["F3"] = "좋은 행"
    ws["E2"] = "아무 말"  # not a state
    url = reverse("proposals:import_xlsx", kwargs=_kwargs(meeting))
    body = client.post(url, {"file": _upload(wb)}).content.decode()
    assert "2행 [검토 결과]: 반영, 부분 반영, 중장기 검토, 반영 곤란 중 하나여야 합니다." in body
    assert "반영하기" not in body
    apply = client.post(reverse("proposals:import_apply", kwargs=_kwargs(meeting)), follow=True)
    assert "확인할 가져오기 자료가 없습니다. 파일을 다시 올려 주세요." in apply.content.decode()
    assert DepartmentResponse.objects.count() == 1
    assert DepartmentResponse.objects.get().lines == "처음 의견"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("responses.xlsm", b"PK", "(.xlsx) 파일만"),
        ("responses.xlsx", b"not a zip at all", "올바른 xlsx 파일이 아닙니다"),
    ],
)
def test_it_rejects_files_that_are_not_plain_xlsx(world, client, meeting, name, content, message):
    client.force_login(world.staff)
    url = reverse("proposals:import_xlsx", kwargs=_kwargs(meeting))
    body = client.post(url, {"file": SimpleUploadedFile(name, content)}).content.decode()
    assert message in body
    assert DepartmentResponse.objects.count() == 1


def test_it_rejects_a_header_that_was_changed(world, client, meeting):
    client.force_login(world.staff)
    wb = _export(client, meeting, world.department)
    wb.active["F1"] = "다른 제목"
    url = reverse("proposals:import_xlsx", kwargs=_kwargs(meeting))
    body = client.post(url, {"file": _upload(wb)}).content.decode()
    assert "첫 행에 필요한 열 제목이 없습니다: 검토 의견." in body


def test_it_refuses_rows_of_another_department_for_a_reviewer(world, client, meeting):
    client.force_login(world.staff)
    wb = _export(client, meeting, world.other_department)
    wb.active["F2"] = "남의 부서 답"
    client.force_login(world.reviewer)
    url = reverse("proposals:import_xlsx", kwargs=_kwargs(meeting))
    body = client.post(url, {"file": _upload(wb)}).content.decode()
    assert "이 회의·부서의 건의사항이 아닙니다." in body
    assert DepartmentResponse.objects.count() == 1


def test_it_lets_staff_apply_rows_as_entered_on_behalf(world, client, meeting):
    client.force_login(world.staff)
    wb = _export(client, meeting, world.department)
    wb.active["F3"] = "부서 공문 내용"
    client.post(reverse("proposals:import_xlsx", kwargs=_kwargs(meeting)), {"file": _upload(wb)})
    client.post(reverse("proposals:import_apply", kwargs=_kwargs(meeting)))
    saved = DepartmentResponse.objects.get(proposal__number=2, proposal__meeting=meeting)
    assert saved.lines == "부서 공문 내용"
    assert saved.entered_by_staff and saved.status == DepartmentResponse.Status.DRAFT


def test_it_round_trips_formula_like_text_unchanged(world, client, meeting):
    response = DepartmentResponse.objects.get(proposal__number=1, proposal__meeting=meeting)
    response.lines = "-예산 확보 후 추진"
    response.save()
    client.force_login(world.staff)
    wb = _export(client, meeting, world.department)
    assert wb.active["F2"].value == "'-예산 확보 후 추진"
    body = client.post(
        reverse("proposals:import_xlsx", kwargs=_kwargs(meeting)), {"file": _upload(wb)}
    ).content.decode()
    assert "0건 반영하기" in body
