"""The response workflow: staff on the department's behalf, reviewer draft/final, returned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from proposals.models import DepartmentResponse
from tests.factories import make_closed_meeting, make_proposal, make_response


@pytest.fixture
def proposal(world):
    meeting = make_closed_meeting(world.council)
    return make_proposal(meeting, department=world.department, due_date=dt.date(2024, 1, 19))


def _url(proposal, name="proposals:response_edit"):
    return reverse(
        name,
        kwargs={
            "council": proposal.meeting.council.slug,
            "meeting": proposal.meeting.slug,
            "number": proposal.number,
        },
    )


def _data(version=0, department=None, **extra):
    data = {
        "version": version,
        "state": "partial",
        "lines": "2024년 다함께돌봄센터 1개소 추가 개소 예정\n운영 시간 확대 검토",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "20",
        # A commitment row only when a test names its department (else a blank row).
        "commitments-0-what": "다함께돌봄센터 개소" if department else "",
        "commitments-0-department": str(department.pk) if department else "",
        "commitments-0-due_date": "2024-06-30" if department else "",
    }
    data.update(extra)
    return data


def test_it_records_staff_entering_on_the_departments_behalf(world, client, proposal):
    client.force_login(world.staff)
    response = client.post(_url(proposal), _data(submit="1", department=world.department))
    assert response.status_code == 302
    saved = DepartmentResponse.objects.get(proposal=proposal)
    assert saved.status == DepartmentResponse.Status.FINAL
    assert saved.department == world.department
    assert saved.entered_by == world.staff and saved.entered_by_staff
    assert saved.response_lines == [
        "2024년 다함께돌봄센터 1개소 추가 개소 예정",
        "운영 시간 확대 검토",
    ]
    assert [(c.what, c.department, c.due_date, c.status.name) for c in saved.commitments.all()] == [
        ("다함께돌봄센터 개소", world.department, dt.date(2024, 6, 30), "계획")
    ]
    assert saved.commitments.get().entered_by_staff
    page = client.get(_url(proposal)).content.decode()
    assert "최종 제출" in page and "구청 담당자 대리 입력" in page


def test_it_lets_the_reviewer_save_a_draft_then_submit(world, client, proposal):
    client.force_login(world.reviewer)
    client.post(_url(proposal), _data(save="1"))
    saved = DepartmentResponse.objects.get(proposal=proposal)
    assert saved.status == DepartmentResponse.Status.DRAFT
    assert saved.entered_by == world.reviewer and not saved.entered_by_staff
    client.post(_url(proposal), _data(version=saved.version, submit="1"))
    saved.refresh_from_db()
    assert saved.status == DepartmentResponse.Status.FINAL
    assert saved.submitted_at is not None
    # Final: the reviewer can no longer rewrite it.
    page = client.get(_url(proposal)).content.decode()
    assert "보완 요청이 필요합니다" in page
    refused = client.post(
        _url(proposal), _data(version=saved.version, lines="다시 쓴 의견", save="1")
    )
    body = refused.content.decode()
    assert "최종 제출된 검토 의견은 구청 담당자가 보완 요청한 뒤에 고칠 수 있습니다." in body
    assert "다시 쓴 의견" in body  # what the reviewer typed is shown back, not lost
    saved.refresh_from_db()
    assert saved.status == DepartmentResponse.Status.FINAL and "다시 쓴 의견" not in saved.lines


def test_it_refuses_a_final_submission_without_lines(world, client, proposal):
    client.force_login(world.reviewer)
    response = client.post(_url(proposal), _data(lines="", submit="1"))
    assert "검토 의견을 한 줄 이상 적으세요" in response.content.decode()
    assert not DepartmentResponse.objects.exists()


def test_it_returns_a_final_response_with_a_comment_the_reviewer_sees(world, client, proposal):
    make_response(proposal, status=DepartmentResponse.Status.FINAL)
    client.force_login(world.staff)
    client.post(
        _url(proposal, "proposals:response_return"), {"comment": "추진 일정을 적어 주세요."}
    )
    saved = DepartmentResponse.objects.get(proposal=proposal)
    assert saved.status == DepartmentResponse.Status.RETURNED
    client.force_login(world.reviewer)
    page = client.get(_url(proposal)).content.decode()
    assert "추진 일정을 적어 주세요." in page
    client.post(_url(proposal), _data(version=saved.version, submit="1"))
    saved.refresh_from_db()
    assert saved.status == DepartmentResponse.Status.FINAL
    assert saved.return_comment == ""


def test_it_refuses_the_second_of_two_response_saves(world, client, proposal):
    existing = make_response(proposal, lines="처음 의견")
    client.force_login(world.staff)
    assert (
        client.post(_url(proposal), _data(version=1, lines="사무국 입력", save="1")).status_code
        == 302
    )
    client.force_login(world.reviewer)
    response = client.post(_url(proposal), _data(version=1, lines="부서 입력", save="1"))
    body = response.content.decode()
    assert "다른 사람이 먼저 이 검토 의견을 저장했습니다" in body
    assert "사무국 입력" in body and "부서 입력" in body
    assert "partial" not in body.split("저장되지 않았습니다")[1].split("</section>")[0]
    existing.refresh_from_db()
    assert existing.lines == "사무국 입력"
    assert existing.version == 2


def test_it_lists_responses_with_overdue_ones_highlighted(world, client, proposal):
    make_proposal(proposal.meeting, headline="두 번째", department=world.other_department)
    client.force_login(world.staff)
    url = reverse(
        "proposals:response_list",
        kwargs={"council": world.council.slug, "meeting": proposal.meeting.slug},
    )
    body = client.get(url).content.decode()
    assert "기한이 지났는데 최종 제출되지 않은 건의사항이 1건 있습니다." in body
    assert _url(proposal) in body and "미작성" in body


def test_it_shows_members_only_final_responses(world, client, proposal):
    meeting = proposal.meeting
    meeting.status = "published"
    meeting.save()
    make_response(proposal, status=DepartmentResponse.Status.DRAFT, lines="초안 내용 비공개")
    client.force_login(world.member.user)
    url = _url(proposal, "proposals:proposal_detail")
    body = client.get(url).content.decode()
    assert "초안 내용 비공개" not in body
    DepartmentResponse.objects.filter(proposal=proposal).update(status="final")
    assert "초안 내용 비공개" in client.get(url).content.decode()


def test_it_hides_other_departments_proposals_from_a_reviewer(world, client, proposal):
    client.force_login(world.other_reviewer)
    assert client.get(_url(proposal)).status_code == 404
    assert client.post(_url(proposal), _data(save="1")).status_code == 404
    assert not DepartmentResponse.objects.exists()


def test_it_shows_the_reviewer_home_with_overdue_highlighted(world, client, proposal):
    make_proposal(proposal.meeting, headline="남의 부서 건", department=world.other_department)
    client.force_login(world.reviewer)
    body = client.get(
        reverse("proposals:review_home", kwargs={"council": world.council.slug})
    ).content.decode()
    assert proposal.headline in body
    assert "남의 부서 건" not in body
    assert "기한 지남" in body
    assert _url(proposal) in body


def test_it_explains_a_half_filled_follow_up(world, client, proposal):
    client.force_login(world.staff)
    response = client.post(
        _url(proposal),
        _data(department=world.department, **{"commitments-0-due_date": "", "save": "1"}),
    )
    assert "완료 예정일을 적으세요." in response.content.decode()
    assert not DepartmentResponse.objects.exists()


def test_the_reviewer_list_has_one_heading_per_meeting(world, client, proposal):
    """Two meetings each number their proposals from 1: the reviewer's list puts each
    meeting's proposals under its own heading (issue 29)."""
    later = make_closed_meeting(world.council, year=2024, half=1)
    make_proposal(later, headline="다음 회의 1번 건", department=world.department)
    client.force_login(world.reviewer)
    body = client.get(reverse("proposals:review_home", args=["geumjeong"])).content.decode()
    first, second = later.title, proposal.meeting.title
    assert f">{first}</h3>" in body and f">{second}</h3>" in body
    assert body.index(first) < body.index("다음 회의 1번 건") < body.index(second)
    assert body.index(second) < body.index(proposal.headline)


def test_the_reviewer_sees_the_follow_up_promised_on_the_finalized_response(
    world, client, proposal
):
    client.force_login(world.reviewer)
    response = client.post(
        _url(proposal), _data(department=world.department, submit="1"), follow=True
    )
    assert DepartmentResponse.objects.get().status == DepartmentResponse.Status.FINAL
    page = client.get(_url(proposal)).content.decode()
    assert "다함께돌봄센터 개소" in page
    assert "2024. 6. 30." in page
    assert response.status_code == 200
