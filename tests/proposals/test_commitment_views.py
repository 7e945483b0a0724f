"""The commitments' pages: the board, a commitment's progress form and conflicts,
attachments, and what members see and hear."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Meeting
from council.notices import worker
from proposals import commitment_services as services
from proposals.models import Commitment, CommitmentStatus
from tests import factories
from tests.factories import make_closed_meeting, make_points, make_proposal


def _board(client, user, **params):
    client.force_login(user)
    return client.get(reverse("proposals:commitment_board", args=["geumjeong"]), params)


def _detail_url(commitment):
    return reverse("proposals:commitment_detail", args=["geumjeong", commitment.pk])


@pytest.fixture
def meeting(world):
    return make_closed_meeting(world.council)


def test_the_board_lists_open_commitments_overdue_first(world, client, meeting):
    later = make_proposal(meeting, headline="나중 건", department=world.department)
    overdue = make_proposal(meeting, headline="늦은 건", department=world.department)
    factories.make_commitment(later, what="기한 넉넉함", due_date=dt.date(2099, 1, 1))
    factories.make_commitment(overdue, what="기한 지난 일", due_date=dt.date(2024, 1, 1))
    factories.make_commitment(overdue, what="끝난 일", due_date=dt.date(2024, 1, 1), status="완료")
    draft = make_proposal(meeting, headline="초안 건", department=world.department)
    factories.make_commitment(draft, what="초안 약속", response_status="draft")

    body = _board(client, world.staff).content.decode()
    assert body.index("기한 지난 일") < body.index("기한 넉넉함")
    assert "끝난 일" not in body  # closed: off the open board
    assert "초안 약속" not in body  # not made until the response is final
    closed = _board(client, world.staff, state="closed").content.decode()
    assert "끝난 일" in closed and "기한 넉넉함" not in closed
    only_overdue = _board(client, world.staff, overdue="on").content.decode()
    assert "기한 지난 일" in only_overdue and "기한 넉넉함" not in only_overdue


def test_a_reviewer_sees_only_their_departments_commitments(world, client, meeting):
    ours = make_proposal(meeting, department=world.department)
    theirs = make_proposal(meeting, department=world.other_department)
    factories.make_commitment(ours, what="우리 부서 일")
    other = factories.make_commitment(theirs, what="다른 부서 일")
    body = _board(client, world.reviewer).content.decode()
    assert "우리 부서 일" in body and "다른 부서 일" not in body
    assert client.get(_detail_url(other)).status_code == 404
    response = client.post(_detail_url(other), {"version": 1, "note_text": "몰래"})
    assert response.status_code == 404
    assert not other.notes.exists()


def test_the_board_costs_the_same_queries_however_many_commitments(world, client):
    client.force_login(world.staff)
    url = reverse("proposals:commitment_board", args=["geumjeong"])

    def grow(years) -> int:
        for year in years:
            meeting = make_closed_meeting(world.council, year=year)
            proposal = make_proposal(meeting, department=world.department)
            factories.make_commitment(proposal, due_date=dt.date(2021, 1, 1))
            factories.make_commitment(proposal, due_date=dt.date(2099, 1, 1), what="둘째")
            factories.make_note(proposal.response.commitments.first(), pdf=False)
        client.get(url)  # the session is saved once
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = grow(range(2020, 2021))
    large = grow(range(2021, 2027))
    assert small == large, (small, large)


def test_the_reviewer_records_progress_with_an_attachment(world, client, meeting):
    commitment = factories.make_commitment(make_proposal(meeting, department=world.department))
    status = CommitmentStatus.objects.get(council=world.council, name="추진 중")
    client.force_login(world.reviewer)
    pdf = SimpleUploadedFile("착공.pdf", factories.PDF_BYTES, content_type="application/pdf")
    response = client.post(
        _detail_url(commitment),
        {
            "version": 1,
            "status": status.pk,
            "note_date": "2024-03-04",
            "note_text": "리모델링 공사 착공",
            "attachment": pdf,
        },
        follow=True,
    )
    body = response.content.decode()
    assert "추진 현황을 기록했습니다." in body
    assert "리모델링 공사 착공" in body and "2024. 3. 4." in body
    note = commitment.notes.get()
    assert note.attachment_name == "착공.pdf" and not note.entered_by_staff
    download = client.get(
        reverse("proposals:note_file", args=["geumjeong", commitment.pk, note.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_it_refuses_an_attachment_that_is_not_what_it_claims(world, client, meeting):
    commitment = factories.make_commitment(make_proposal(meeting, department=world.department))
    client.force_login(world.reviewer)
    fake = SimpleUploadedFile("경과.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        _detail_url(commitment),
        {"version": 1, "status": commitment.status_id, "note_text": "첨부", "attachment": fake},
    )
    assert "파일 내용이 확장자(pdf)와 맞지 않습니다." in response.content.decode()
    assert not commitment.notes.exists()


def test_a_conflicting_save_shows_both_versions_and_keeps_what_was_typed(world, client, meeting):
    commitment = factories.make_commitment(make_proposal(meeting, department=world.department))
    services.record_progress(
        commitment=commitment,
        version=1,
        note_text="사무국이 먼저 적은 경과",
        user=world.staff,
        as_staff=True,
    )
    client.force_login(world.reviewer)
    response = client.post(
        _detail_url(commitment),
        {"version": 1, "status": commitment.status_id, "note_text": "부서가 늦게 적은 경과"},
    )
    body = response.content.decode()
    assert "다른 사람이 먼저 이 후속 조치를 바꿨습니다 (2번째 수정)" in body
    assert "지금 저장된 내용 (2번째 수정)" in body and "사무국이 먼저 적은 경과" in body
    assert "부서가 늦게 적은 경과" in body  # kept in the form
    assert list(commitment.notes.values_list("text", flat=True)) == ["사무국이 먼저 적은 경과"]


def test_members_who_fed_a_published_proposal_see_its_commitments(world, client, meeting):
    meeting.invitations.create(member=world.member)
    points = make_points(meeting, world.member, ["야간돌봄 확대가 필요함"])
    fed = make_proposal(meeting, department=world.department, points=points, headline="야간돌봄")
    other = make_proposal(meeting, department=world.department, headline="남의 건")
    c1 = factories.make_commitment(fed, what="야간돌봄 기관 확대 검토")
    factories.make_commitment(other, what="남의 약속")
    factories.make_note(c1, text="2개소 신청 접수", day=dt.date(2024, 5, 20), pdf=False)
    client.force_login(world.member.user)
    home = reverse("council:my_meetings", args=["geumjeong"])
    assert "야간돌봄 기관 확대 검토" not in client.get(home).content.decode()  # not published

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    body = client.get(home).content.decode()
    assert "내 의견이 반영된 건의사항의 추진 현황" in body
    assert "야간돌봄 기관 확대 검토" in body and "계획 (0%)" in body
    assert "2024. 5. 20. 2개소 신청 접수" in body
    assert "남의 약속" not in body
    page = client.get(reverse("proposals:member_follow_ups", args=["geumjeong"])).content
    assert "야간돌봄 기관 확대 검토" in page.decode() and "남의 약속" not in page.decode()
    client.force_login(world.other_member.user)
    assert "야간돌봄 기관 확대 검토" not in client.get(home).content.decode()


def test_members_who_opt_in_hear_of_a_status_change_by_email(
    world, client, meeting, django_capture_on_commit_callbacks
):
    meeting.invitations.create(member=world.member)
    meeting.invitations.create(member=world.other_member)
    fed = make_proposal(
        meeting,
        department=world.department,
        points=make_points(meeting, world.member, ["의견"])
        + make_points(meeting, world.other_member, ["다른 의견"]),
    )
    commitment = factories.make_commitment(fed)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    client.force_login(world.member.user)
    url = reverse("proposals:member_follow_ups", args=["geumjeong"])
    assert "알려 드립니다" in client.post(url, {"enabled": "on"}, follow=True).content.decode()

    client.force_login(world.reviewer)
    done = CommitmentStatus.objects.get(council=world.council, name="완료")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_detail_url(commitment), {"version": 1, "status": done.pk, "note_text": "개소"})
    worker.drain()  # the notice was queued with the change (council.notices)
    assert [m.to for m in mail.outbox] == [[world.member.user.email]]  # only who opted in
    assert "계획 (0%) → 완료 (100%)" in mail.outbox[0].body
    assert "/c/geumjeong/my/follow-ups/" in mail.outbox[0].body

    client.force_login(world.member.user)
    client.post(url, {})  # opt out
    mail.outbox.clear()
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _detail_url(commitment),
            {
                "version": 2,
                "status": CommitmentStatus.objects.get(name="추진 중").pk,
                "note_text": "보완",
            },
        )
    assert Commitment.objects.get(pk=commitment.pk).status.name == "추진 중"
    worker.drain()
    assert mail.outbox == []


def test_the_status_list_is_shown_then_made_edited_and_reordered(world, client):
    client.force_login(world.staff)
    url = reverse("proposals:commitment_statuses", args=["geumjeong"])
    body = client.get(url).content.decode()
    assert "기본 목록으로 만들어집니다" in body and "추진 중 (50%)" in body
    assert not CommitmentStatus.objects.exists()  # a GET writes nothing
    client.post(url, {"name": "착공", "progress": "30", "kind": "open"})
    names = list(CommitmentStatus.objects.values_list("name", flat=True))
    assert names == ["계획", "추진 중", "완료", "장기 검토", "추진 불가", "착공"]
    body = client.post(url, {"name": "착공", "progress": "30", "kind": "open"}).content
    assert "같은 이름의 추진 상태가 이미 있습니다." in body.decode()
    new = CommitmentStatus.objects.get(name="착공")
    for _ in range(4):
        client.post(
            reverse("proposals:commitment_status_move", args=["geumjeong", new.pk]),
            {"direction": "up"},
        )
    names = list(CommitmentStatus.objects.values_list("name", flat=True))
    assert names[:3] == ["계획", "착공", "추진 중"]


def test_the_reviewer_home_lists_open_commitments_overdue_first(world, client):
    meeting = make_closed_meeting(world.council)
    proposal = make_proposal(meeting, department=world.department)
    late = factories.make_commitment(proposal, what="늦은 약속", due_date=dt.date(2024, 1, 31))
    factories.make_commitment(proposal, what="여유 있는 약속", due_date=dt.date(2099, 1, 31))
    factories.make_commitment(
        proposal, what="끝난 약속", status="완료", due_date=dt.date(2024, 1, 1)
    )
    client.force_login(world.reviewer)
    html = client.get(reverse("proposals:review_home", args=["geumjeong"])).content.decode()
    assert "추진 중인 후속 조치" in html
    assert html.index("늦은 약속") < html.index("여유 있는 약속")  # overdue first
    assert "끝난 약속" not in html  # closed ones are not work to do
    assert reverse("proposals:commitment_detail", args=["geumjeong", late.pk]) in html
    client.force_login(world.other_reviewer)
    other = client.get(reverse("proposals:review_home", args=["geumjeong"])).content.decode()
    assert "늦은 약속" not in other  # another department's commitments are not theirs
