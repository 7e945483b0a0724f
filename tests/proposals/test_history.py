"""The history page: who changed what, before and after."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import make_closed_meeting, make_proposal


def test_it_shows_who_changed_which_field_from_what_to_what(world, client):
    meeting = make_closed_meeting(world.council)
    proposal = make_proposal(meeting, headline="옛 제목", department=world.department)
    kwargs = {"council": world.council.slug, "meeting": meeting.slug, "number": 1}
    world.staff.first_name = "사무국"
    world.staff.save()
    client.force_login(world.staff)
    client.post(
        reverse("proposals:proposal_edit", kwargs=kwargs),
        {
            "version": 1,
            "category": proposal.category_id,
            "headline": "새 제목",
            "details": proposal.details,
            "department": world.department.pk,
        },
    )
    client.post(
        reverse("proposals:response_edit", kwargs=kwargs),
        {
            "version": 0,
            "state": "accepted",
            "lines": "반영하겠습니다.",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
            "save": "1",
        },
    )
    client.post(
        reverse("proposals:response_edit", kwargs=kwargs),
        {
            "version": 1,
            "state": "accepted",
            "lines": "내년에 반영하겠습니다.",
            "commitments-TOTAL_FORMS": "0",
            "commitments-INITIAL_FORMS": "0",
            "save": "1",
        },
    )
    body = client.get(reverse("proposals:proposal_history", kwargs=kwargs)).content.decode()
    proposal_part, response_part = body.split('<h2 class="h5 mt-4">부서 검토 의견</h2>')
    assert "옛 제목" in proposal_part and "새 제목" in proposal_part
    assert "사무국" in proposal_part
    assert "반영하겠습니다." in response_part and "내년에 반영하겠습니다." in response_part
    assert "→" in response_part
    assert proposal.response.history.count() == 2


def test_an_unchanged_detail_sent_back_by_a_browser_is_not_listed_as_changed(world, client):
    """Browsers send a textarea's line breaks as CRLF: saving only a new title must not
    list 세부 내용 as changed (issue 29)."""
    meeting = make_closed_meeting(world.council)
    proposal = make_proposal(meeting, headline="옛 제목", details="첫째 줄\n둘째 줄")
    kwargs = {"council": world.council.slug, "meeting": meeting.slug, "number": 1}
    client.force_login(world.staff)
    client.post(
        reverse("proposals:proposal_edit", kwargs=kwargs),
        {
            "version": 1,
            "category": proposal.category_id,
            "headline": "새 제목",
            "details": "첫째 줄\r\n둘째 줄",
            "department": "",
        },
    )
    proposal.refresh_from_db()
    assert proposal.headline == "새 제목"
    assert proposal.details == "첫째 줄\n둘째 줄"
    body = client.get(reverse("proposals:proposal_history", kwargs=kwargs)).content.decode()
    assert "제목" in body and "새 제목" in body
    assert "세부 내용" not in body.split("<h2")[1]
