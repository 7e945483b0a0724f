"""지난 회의 건의사항 추진 현황: which commitments the next meeting's document carries,
in what order, what it says about them, and the same content in every format."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from council.models import Meeting
from proposals import commitment_services as cs
from proposals import services as ps
from proposals.models import CommitmentStatus, DepartmentResponse
from reports.document import build_result_context, render_document_fragment
from reports.exporters import xlsx_from_context
from tests import factories
from tests.factories import make_result_meeting
from tests.reports.access_cases import _stored_version

SEOUL = factories.SEOUL


def _at(y, m, d, hour=10):
    return dt.datetime(y, m, d, hour, tzinfo=SEOUL)


def _publish(meeting: Meeting, when: dt.datetime) -> None:
    """A stored version at `when` (stand-in files: what matters here is its date)."""
    result = _stored_version(meeting)
    result.published_at = when
    result.save()
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)


def _respond(world, proposal, whats, when):
    existing = DepartmentResponse.objects.filter(proposal=proposal).first()
    response = ps.save_response(
        proposal=proposal,
        version=existing.version if existing else 0,
        state="partial",
        lines="추진하겠음.",
        final=True,
        user=world.staff,
        as_staff=True,
        commitments=[cs.CommitmentInput(w, world.department, dt.date(2024, 6, 30)) for w in whats],
        now=when,
    )
    return list(response.commitments.order_by("order"))


def _progress(world, commitment, status, when, note="", reason=""):
    commitment.refresh_from_db()
    cs.record_progress(
        commitment=commitment,
        version=commitment.version,
        status=CommitmentStatus.objects.get(council=world.council, name=status) if status else None,
        reason=reason,
        note_date=when.date(),
        note_text=note,
        user=world.reviewer,
        as_staff=False,
        now=when,
    )


@pytest.fixture
def history(world):
    """Three meetings: A (published 2024-01-22), B (published 2024-07-22), C (now)."""
    a = make_result_meeting(world.council, proposals=3, year=2023, half=2)
    b = make_result_meeting(world.council, proposals=1, year=2024, half=1)
    c = make_result_meeting(world.council, proposals=0, year=2024, half=2)
    for meeting in (a, b):
        meeting.proposals.update(department=world.department)
        meeting.refresh_from_db()
        for proposal in meeting.proposals.all():
            proposal.response.delete()
    pa = list(a.proposals.order_by("number"))
    a1, a2 = _respond(world, pa[0], ["센터 개소", "공간 검토"], _at(2024, 1, 15))
    (a3,) = _respond(world, pa[1], ["야간돌봄 확대"], _at(2024, 1, 15))
    (a4,) = _respond(world, pa[2], ["학교 홍보"], _at(2024, 1, 15))
    _progress(world, a1, "추진 중", _at(2024, 1, 18), "공사 착공")
    _progress(world, a2, "완료", _at(2024, 1, 19), "검토 끝")  # closed before A was published
    _publish(a, _at(2024, 1, 22))
    _progress(world, a1, "완료", _at(2024, 3, 4), "개소")  # finished between A and B
    _progress(world, a3, None, _at(2024, 5, 20), "신청 접수")
    # Added to A's response after A was published: open "then", so carried.
    a4.refresh_from_db()
    response = a4.response
    response.status = "returned"
    response.save()
    ps.save_response(
        proposal=pa[2],
        version=response.version,
        state="partial",
        lines="추진하겠음.",
        final=True,
        user=world.staff,
        as_staff=True,
        commitments=[
            cs.CommitmentInput("학교 홍보", world.department, dt.date(2024, 6, 30), a4.pk, 1),
            cs.CommitmentInput("가정통신문 발송", world.department, dt.date(2024, 9, 30)),
        ],
        now=_at(2024, 2, 1),
    )
    (pb,) = b.proposals.all()
    (b1,) = _respond(world, pb, ["돌봄 지도 제작"], _at(2024, 7, 10))
    _publish(b, _at(2024, 7, 22))
    _progress(world, a4, "추진 불가", _at(2024, 9, 1), reason="교육청 불허")  # since B
    return {"a": a, "b": b, "c": c, "a1": a1, "a3": a3, "a4": a4, "b1": b1}


def _rows(meeting, now):
    return build_result_context(meeting, final_only=True, now=now)["doc"]


def test_the_next_document_carries_what_was_open_in_order_with_its_changes(world, history):
    doc = _rows(history["b"], _at(2024, 7, 22))  # B's own document at its publication
    assert doc.carried_from == "2023년 하반기 금정구 지역돌봄협의체 회의"
    assert doc.carried_published_on == "2024. 1. 22."
    assert [(r.meeting, r.number, r.what, r.status_name, r.change) for r in doc.carried] == [
        ("2023년 하반기", 1, "센터 개소", "완료", "추진 중 → 완료 · 추진 경과 1건"),
        ("2023년 하반기", 2, "야간돌봄 확대", "계획", "상태 변동 없음 · 추진 경과 1건"),
        ("2023년 하반기", 3, "학교 홍보", "계획", "상태 변동 없음"),
        ("2023년 하반기", 3, "가정통신문 발송", "계획", "지난 회의 이후 등록"),
    ]
    # "공간 검토" was already 완료 when A was published: it is not carried.
    finished = doc.carried[0]
    assert finished.closed and finished.status == "완료 (100%)"
    assert (finished.latest_note_date, finished.latest_note) == ("2024. 3. 4.", "개소")
    assert finished.status_before == "추진 중"
    # Past the due date (6. 30.) with no note since: overdue, even with an earlier note.
    # (학교 홍보 was overdue on 7. 22. too, but it is closed today and the rule reads
    # today's status: a document remade for a past date does not flag it.)
    assert [r.overdue for r in doc.carried] == [False, True, False, False]
    assert _rows(history["c"], _at(2024, 12, 1)).carried[0].overdue  # 야간돌봄 확대, now


def test_a_closed_commitment_appears_once_more_then_leaves(world, history):
    doc = _rows(history["c"], _at(2024, 12, 1))
    assert doc.carried_from.startswith("2024년 상반기")
    assert [(r.meeting, r.number, r.what, r.status_name) for r in doc.carried] == [
        ("2023년 하반기", 2, "야간돌봄 확대", "계획"),
        ("2023년 하반기", 3, "학교 홍보", "추진 불가"),  # finished since B: once more
        ("2023년 하반기", 3, "가정통신문 발송", "계획"),
        ("2024년 상반기", 1, "돌봄 지도 제작", "계획"),
    ]
    # "센터 개소" was 완료 when B was published: it left after B's document.
    dropped = doc.carried[1]
    assert dropped.change == "계획 → 추진 불가 · 추진 경과 1건"  # the change is an entry
    assert dropped.reason == "교육청 불허" and dropped.closed
    assert dropped.latest_note == "교육청 불허"


def test_the_first_meeting_has_no_such_section(world, history):
    doc = _rows(history["a"], _at(2024, 1, 22))
    assert not doc.has_carried_section and doc.carried == []
    assert "지난 회의 건의사항 추진 현황" not in render_document_fragment(
        build_result_context(history["a"])
    )


def test_the_same_rows_are_in_the_html_and_the_spreadsheet(world, history):
    context = build_result_context(history["c"], final_only=True, now=_at(2024, 12, 1))
    html = render_document_fragment(context)
    assert "II. 지난 회의 건의사항 추진 현황" in html
    assert "2024년 상반기 금정구 지역돌봄협의체 회의 결과 공개(2024. 7. 22.)" in html
    for row in context["doc"].carried:
        assert row.what in html and row.change in html
    assert html.index("야간돌봄 확대") < html.index("돌봄 지도 제작")
    sheet = load_workbook(io.BytesIO(xlsx_from_context(context)))["지난 회의 추진 현황"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == (
        "회의",
        "번호",
        "건의사항",
        "추진 계획",
        "담당 부서",
        "완료 예정일",
        "지난 회의 때 상태",
        "추진 상태",
    )
    assert [(r[0], r[1], r[3], r[7], r[12]) for r in rows[1:]] == [
        (r.meeting, r.number, r.what, r.status_name, r.change) for r in context["doc"].carried
    ]


def test_the_carried_section_costs_a_fixed_number_of_queries(
    world, history, django_assert_num_queries
):
    with django_assert_num_queries(7):
        build_result_context(history["c"], now=_at(2024, 12, 1))
    more = make_result_meeting(world.council, proposals=4, year=2022, half=1)
    more.proposals.update(department=world.department)
    for proposal in more.proposals.all():
        proposal.response.delete()
        _respond(world, proposal, ["하나", "둘"], _at(2022, 7, 1))
    with django_assert_num_queries(7):
        doc = build_result_context(history["c"], now=_at(2024, 12, 1))["doc"]
    assert len(doc.carried) == 4 + 8
