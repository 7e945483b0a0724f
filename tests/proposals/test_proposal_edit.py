"""Editing, reordering and deleting proposals; the conflicting-save refusal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from proposals import services
from proposals.models import Proposal
from tests.factories import make_closed_meeting, make_points, make_proposal


@pytest.fixture
def meeting(world):
    return make_closed_meeting(world.council)


def _kwargs(proposal):
    return {
        "council": proposal.meeting.council.slug,
        "meeting": proposal.meeting.slug,
        "number": proposal.number,
    }


def _form_data(proposal, **changes):
    data = {
        "version": proposal.version,
        "category": proposal.category_id,
        "headline": proposal.headline,
        "details": proposal.details,
        "department": proposal.department_id or "",
        "due_date": "2024-01-19",
    }
    data.update(changes)
    return data


def test_it_saves_an_edit_and_bumps_the_version(world, client, meeting):
    proposal = make_proposal(meeting)
    points = make_points(meeting, world.member, ["의견 하나"])
    client.force_login(world.staff)
    response = client.post(
        reverse("proposals:proposal_edit", kwargs=_kwargs(proposal)),
        _form_data(
            proposal,
            headline="새 제목",
            department=world.department.pk,
            source_points=[points[0].pk],
        ),
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.headline == "새 제목"
    assert proposal.department == world.department
    assert proposal.version == 2
    assert list(proposal.source_points.all()) == points


def test_an_empty_headline_gets_the_servers_korean_message_and_keeps_the_details(
    world, client, meeting
):
    proposal = make_proposal(meeting)
    client.force_login(world.staff)
    url = reverse("proposals:proposal_edit", kwargs=_kwargs(proposal))
    # The form leaves validation to the server, so every error reads the same way.
    assert "novalidate" in client.get(url).content.decode()
    response = client.post(url, _form_data(proposal, headline="", details="새로 적은 세부 내용"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "필수 항목입니다" in html
    assert "새로 적은 세부 내용" in html
    proposal.refresh_from_db()
    assert proposal.version == 1


def test_it_refuses_the_second_of_two_saves_loaded_at_the_same_version(world, client, meeting):
    proposal = make_proposal(meeting, headline="원래 제목")
    url = reverse("proposals:proposal_edit", kwargs=_kwargs(proposal))
    client.force_login(world.staff)
    first = _form_data(proposal, headline="첫 번째 사람의 제목")
    second = _form_data(proposal, headline="두 번째 사람의 제목")  # also loaded at v1
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    body = response.content.decode()
    assert response.status_code == 200
    assert "다른 사람이 먼저 이 건의사항을 고쳤습니다" in body
    assert "지금 저장된 내용 (2번째 수정)" in body
    assert "첫 번째 사람의 제목" in body  # theirs
    assert "두 번째 사람의 제목" in body  # yours, kept in the form
    proposal.refresh_from_db()
    assert proposal.headline == "첫 번째 사람의 제목"
    assert proposal.version == 2


def test_it_moves_proposals_up_and_down_keeping_numbers_1_to_n(world, client, meeting):
    a = make_proposal(meeting, headline="가")
    b = make_proposal(meeting, headline="나")
    c = make_proposal(meeting, headline="다")
    client.force_login(world.staff)
    client.post(reverse("proposals:proposal_move", kwargs=_kwargs(c)), {"direction": "up"})
    order = list(Proposal.objects.filter(meeting=meeting).order_by("number"))
    assert [p.headline for p in order] == ["가", "다", "나"]
    assert [p.number for p in order] == [1, 2, 3]
    a.refresh_from_db()
    client.post(reverse("proposals:proposal_move", kwargs=_kwargs(a)), {"direction": "down"})
    assert list(
        Proposal.objects.filter(meeting=meeting)
        .order_by("number")
        .values_list("headline", flat=True)
    ) == ["다", "가", "나"]
    b.refresh_from_db()
    response = client.post(
        reverse("proposals:proposal_move", kwargs=_kwargs(b)), {"direction": "down"}, follow=True
    )
    assert "더 이상 옮길 수 없습니다." in response.content.decode()


def test_a_move_is_in_the_history_and_outdates_forms_loaded_before_it(world, client, meeting):
    a = make_proposal(meeting, headline="가")
    b = make_proposal(meeting, headline="나")
    c = make_proposal(meeting, headline="다")
    client.force_login(world.staff)
    stale_form = _form_data(b, headline="옮기기 전에 연 화면에서 고친 제목")
    client.post(reverse("proposals:proposal_move", kwargs=_kwargs(b)), {"direction": "up"})

    a.refresh_from_db()
    b.refresh_from_db()
    c.refresh_from_db()
    assert (a.number, b.number, c.number) == (2, 1, 3)
    latest = b.history.first()
    assert latest.history_change_reason == "번호 변경"
    assert latest.history_user == world.staff
    assert latest.diff_against(latest.prev_record).changed_fields == ["number", "version"]
    assert a.history.first().number == 2
    assert c.history.count() == 1  # untouched: no new entry

    response = client.post(reverse("proposals:proposal_edit", kwargs=_kwargs(b)), stale_form)
    assert "다른 사람이 먼저 이 건의사항을 고쳤습니다" in response.content.decode()
    b.refresh_from_db()
    assert b.headline == "나"


def test_it_deletes_after_confirmation_and_renumbers(world, client, meeting):
    points = make_points(meeting, world.member, ["의견"])
    make_proposal(meeting, headline="가")
    b = make_proposal(meeting, headline="나", points=points)
    make_proposal(meeting, headline="다")
    client.force_login(world.staff)
    url = reverse("proposals:proposal_delete", kwargs=_kwargs(b))
    confirm = client.get(url)
    assert "2번 건의사항을 삭제할까요?" in confirm.content.decode()
    assert Proposal.objects.count() == 3
    client.post(url)
    assert list(
        Proposal.objects.filter(meeting=meeting)
        .order_by("number")
        .values_list("number", "headline")
    ) == [(1, "가"), (2, "다")]
    assert points[0].proposals.count() == 0


def test_it_numbers_new_proposals_after_the_last(world, meeting):
    points = make_points(meeting, world.member, ["하나", "둘"])
    first = services.create_proposal(meeting=meeting, points=[points[0]])
    second = services.create_proposal(meeting=meeting, points=[points[1]])
    assert (first.number, second.number) == (1, 2)
    assert first.headline == "하나"


def test_it_saves_on_purpose_after_the_user_has_seen_both_versions(world, client, meeting):
    proposal = make_proposal(meeting, headline="원래 제목")
    url = reverse("proposals:proposal_edit", kwargs=_kwargs(proposal))
    client.force_login(world.staff)
    client.post(url, _form_data(proposal, headline="먼저 저장"))
    refused = client.post(url, _form_data(proposal, headline="나중 저장"))
    # The re-shown form now carries the current version: saving again is deliberate.
    assert refused.context["form"].data["version"] == 2
    assert (
        client.post(url, _form_data(proposal, version=2, headline="나중 저장")).status_code == 302
    )
    proposal.refresh_from_db()
    assert (proposal.headline, proposal.version) == ("나중 저장", 3)
