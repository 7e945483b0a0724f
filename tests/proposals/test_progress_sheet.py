"""Commitment progress by spreadsheet: export, edit, upload and preview, all-or-nothing
apply, conflicts, row errors."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from proposals import commitment_services as services
from tests import factories
from tests.factories import make_closed_meeting, make_proposal

COLUMNS = {"status": 8, "reason": 9, "note_date": 10, "note_text": 11}


@pytest.fixture
def commitments(world):
    meeting = make_closed_meeting(world.council)
    first = make_proposal(meeting, headline="돌봄시설 확충", department=world.department)
    second = make_proposal(meeting, headline="운영 시간 연장", department=world.department)
    other = make_proposal(meeting, headline="다른 부서 건", department=world.other_department)
    return [
        factories.make_commitment(first, what="=신규 개소"),
        factories.make_commitment(second, what="야간돌봄 확대"),
        factories.make_commitment(other, what="학교 안내"),
    ]


def _export(client, department):
    response = client.get(reverse("proposals:commitment_export", args=["geumjeong", department.pk]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def _upload(client, wb):
    buffer = io.BytesIO()
    wb.save(buffer)
    return client.post(
        reverse("proposals:commitment_import", args=["geumjeong"]),
        {"file": SimpleUploadedFile("progress.xlsx", buffer.getvalue())},
    )


def _apply(client, **data):
    return client.post(
        reverse("proposals:commitment_import_apply", args=["geumjeong"]), data, follow=True
    )


def _set(ws, row: int, **values):
    for key, value in values.items():
        ws.cell(row=row, column=COLUMNS[key], value=value)


def test_it_exports_the_departments_commitments_safely(world, client, commitments):
    client.force_login(world.reviewer)
    ws = _export(client, world.department).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:11] == (
        "회의",
        "번호",
        "건의사항",
        "추진 계획",
        "완료 예정일",
        "현재 상태",
        "최근 추진 경과",
        "새 상태",
        "사유",
        "추진 경과 날짜",
        "추진 경과 내용",
    )
    assert [r[3] for r in rows[1:]] == ["'=신규 개소", "야간돌봄 확대"]  # not another's
    assert rows[1][0] == "2023년 하반기" and rows[1][4] == "2024. 6. 30."
    assert (
        client.get(
            reverse("proposals:commitment_export", args=["geumjeong", world.other_department.pk])
        ).status_code
        == 404
    )


def test_a_round_trip_previews_then_applies_all_rows(world, client, commitments):
    client.force_login(world.reviewer)
    wb = _export(client, world.department)
    ws = wb.active
    _set(ws, 2, status="추진 중", note_date="2024-03-04", note_text="공사 착공")
    _set(ws, 3, status="장기 검토", reason="예산 미확보")
    preview = _upload(client, wb).content.decode()
    assert "계획 → 추진 중" in preview and "공사 착공" in preview
    assert "계획 → 장기 검토" in preview
    assert commitments[0].notes.count() == 0  # nothing yet

    done = _apply(client).content.decode()
    assert "추진 현황 2건을 반영했습니다." in done
    for c in commitments:
        c.refresh_from_db()
    assert commitments[0].status.name == "추진 중"
    assert commitments[0].notes.get().text == "공사 착공"
    assert commitments[1].status.name == "장기 검토" and commitments[1].reason == "예산 미확보"
    assert commitments[2].status.name == "계획"  # the other department's stays
    # The re-export shows the new state; uploading it unchanged changes nothing.
    again = _upload(client, _export(client, world.department)).content.decode()
    assert "반영할 변경이 없습니다." in again


def test_a_bad_row_rejects_the_file_and_nothing_is_applied(world, client, commitments):
    client.force_login(world.staff)
    wb = _export(client, world.department)
    ws = wb.active
    _set(ws, 2, status="추진 중", note_text="좋은 행")
    _set(ws, 3, status="끝남")
    ws.cell(row=4, column=12, value=999999)  # an id that is not this department's
    ws.cell(row=4, column=13, value=1)
    body = _upload(client, wb).content.decode()
    assert "아무것도 반영하지 않았습니다" in body
    assert "3행 [새 상태]: 계획, 추진 중, 완료, 장기 검토, 추진 불가 중 하나여야 합니다." in body
    assert "4행 [ID]: 이 부서의 후속 조치가 아닙니다." in body
    assert "확인할 가져오기 자료가 없습니다" in _apply(client).content.decode()
    assert not commitments[0].notes.exists()


def test_a_row_changed_since_the_export_is_a_conflict(world, client, commitments):
    client.force_login(world.reviewer)
    wb = _export(client, world.department)
    services.record_progress(
        commitment=commitments[0],
        version=1,
        note_text="사무국 기록",
        user=world.staff,
        as_staff=True,
    )
    ws = wb.active
    _set(ws, 2, note_text="부서 기록")
    _set(ws, 3, note_text="둘째 기록")
    preview = _upload(client, wb).content.decode()
    assert "충돌: 내려받은 뒤 바뀜" in preview
    assert "아무것도 반영하지 않았습니다" in _apply(client).content.decode()
    assert not commitments[1].notes.exists()

    _upload(client, wb)
    assert "1건은 그대로 두었습니다" in _apply(client, skip_conflicts="1").content.decode()
    assert commitments[1].notes.get().text == "둘째 기록"
    assert list(commitments[0].notes.values_list("text", flat=True)) == ["사무국 기록"]
