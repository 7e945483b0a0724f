"""The staff preview page and its downloads."""

from __future__ import annotations

import io

from django.urls import reverse
from openpyxl import load_workbook

from council.models import AuditEvent
from proposals.models import DepartmentResponse
from tests.factories import make_answered_proposal, make_result_meeting


def test_it_previews_the_document_marking_non_final_responses(world, client):
    meeting = make_result_meeting(world.council, proposals=0)
    make_answered_proposal(meeting, 1, headline="<b>굵게</b> 확충", response_lines="최종 의견")
    make_answered_proposal(
        meeting, 2, response_lines="초안 의견", response_status=DepartmentResponse.Status.DRAFT
    )
    client.force_login(world.staff)

    response = client.get(reverse("reports:preview", args=[world.council.slug, meeting.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "2023년 하반기 금정구 지역돌봄협의체 회의 결과" in page
    assert "&lt;b&gt;굵게&lt;/b&gt; 확충" in page
    assert "초안 의견" in page and "미확정" in page
    assert "부서 검토 의견 1건이 아직 최종 제출되지 않았습니다." in page
    assert "결과 공개하기" in page


def test_it_downloads_the_preview_xlsx_and_logs_it(world, client):
    meeting = make_result_meeting(world.council, proposals=2)
    client.force_login(world.staff)

    response = client.get(
        reverse("reports:preview_file", args=[world.council.slug, meeting.slug, "xlsx"])
    )

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["건의사항"].max_row == 3
    event = AuditEvent.objects.get()
    assert event.user == world.staff and event.action == "result_preview_xlsx"


def test_it_refuses_unknown_formats(world, client):
    meeting = make_result_meeting(world.council, proposals=1)
    client.force_login(world.staff)

    response = client.get(
        reverse("reports:preview_file", args=[world.council.slug, meeting.slug, "docx"])
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.exists()
