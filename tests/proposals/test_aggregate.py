"""The aggregation page: points side by side, filters, create/add, trace, left out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import Category, Meeting
from proposals.models import Proposal
from tests import factories
from tests.factories import make_closed_meeting, make_points, make_proposal


@pytest.fixture
def setup(world, client):
    meeting = make_closed_meeting(world.council)
    points = make_points(meeting, world.member, ["야간 돌봄을 늘려 주세요.", "방학 중 급식 지원"])
    other = make_points(meeting, world.other_member, ["센터 간 연계 강화"])
    client.force_login(world.staff)
    kwargs = {"council": world.council.slug, "meeting": meeting.slug}
    return meeting, points, other, kwargs


def test_it_shows_every_submitted_point_with_member(setup, client, world):
    meeting, points, other, kwargs = setup
    draft_member = factories.make_member(world.council, name="박초안")
    factories.make_opinion(meeting, draft_member, ["아직 제출 안 한 의견"], status="draft")
    response = client.get(reverse("proposals:aggregate", kwargs=kwargs))
    assert response.status_code == 200
    body = response.content.decode()
    assert "야간 돌봄을 늘려 주세요." in body
    assert "센터 간 연계 강화" in body
    assert "김위원" in body and "이위원" in body
    assert "아직 제출 안 한 의견" not in body


def test_it_creates_a_proposal_from_selected_points(setup, client):
    meeting, points, other, kwargs = setup
    response = client.post(
        reverse("proposals:aggregate_action", kwargs=kwargs),
        {"points": [points[0].pk, other[0].pk], "action": "create", "headline": "야간 돌봄 확대"},
    )
    proposal = Proposal.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "proposals:proposal_edit", kwargs={**kwargs, "number": 1}
    )
    assert proposal.number == 1
    assert proposal.headline == "야간 돌봄 확대"
    assert proposal.detail_lines == ["야간 돌봄을 늘려 주세요.", "센터 간 연계 강화"]
    assert set(proposal.source_points.all()) == {points[0], other[0]}


def test_it_adds_points_to_an_existing_proposal(setup, client):
    meeting, points, other, kwargs = setup
    proposal = make_proposal(meeting, points=[points[0]])
    client.post(
        reverse("proposals:aggregate_action", kwargs=kwargs),
        {"points": [points[1].pk], "action": "add", "proposal": proposal.pk},
    )
    proposal.refresh_from_db()
    assert set(proposal.source_points.all()) == {points[0], points[1]}
    assert "방학 중 급식 지원" in proposal.details
    assert proposal.version == 2


def test_it_shows_the_trace_and_left_out_points(setup, client):
    meeting, points, other, kwargs = setup
    make_proposal(meeting, headline="야간 돌봄 확대", points=[points[0]])
    body = client.get(reverse("proposals:aggregate", kwargs=kwargs)).content.decode()
    # The used point links to proposal 1; the two others are listed as left out.
    assert reverse("proposals:proposal_edit", kwargs={**kwargs, "number": 1}) in body
    left_out = body.split("취합되지 않은 의견")[1]
    assert "방학 중 급식 지원" in left_out and "센터 간 연계 강화" in left_out
    assert "야간 돌봄을 늘려 주세요." not in left_out
    # The proposal's own trace back to the member's point.
    proposals_part = body.split('id="proposals"')[1].split("취합되지 않은 의견")[0]
    assert "원 의견 1건" in proposals_part and "김위원" in proposals_part


def test_it_filters_by_member_category_and_unused(setup, client, world):
    meeting, points, other, kwargs = setup
    category = Category.objects.get(council=world.council, name="운영")
    points[1].category = category
    points[1].save()
    make_proposal(meeting, points=[points[0]])
    url = reverse("proposals:aggregate", kwargs=kwargs)
    body = client.get(url, {"member": world.other_member.pk}).content.decode()
    table = body.split("</table>")[0]
    assert "센터 간 연계 강화" in table and "방학 중 급식 지원" not in table
    table = client.get(url, {"category": category.pk}).content.decode().split("</table>")[0]
    assert "방학 중 급식 지원" in table and "센터 간 연계 강화" not in table
    table = client.get(url, {"unused": "on"}).content.decode().split("</table>")[0]
    assert "야간 돌봄을 늘려 주세요." not in table and "센터 간 연계 강화" in table


def test_it_refuses_to_aggregate_an_open_meeting(world, client):
    meeting = factories.make_meeting(world.council, status=Meeting.Status.OPEN)
    points = make_points(meeting, world.member, ["의견"])
    client.force_login(world.staff)
    kwargs = {"council": world.council.slug, "meeting": meeting.slug}
    response = client.post(
        reverse("proposals:aggregate_action", kwargs=kwargs),
        {"points": [points[0].pk], "action": "create"},
        follow=True,
    )
    assert (
        "의견 접수가 마감된 뒤, 결과를 공개하기 전까지만 건의사항을 만들고 고칠 수 있습니다."
        in response.content.decode()
    )
    assert not Proposal.objects.exists()


def test_it_forbids_reviewers_and_members_to_aggregate(setup, client, world):
    meeting, points, other, kwargs = setup
    for user in (world.reviewer, world.member.user):
        client.force_login(user)
        response = client.post(
            reverse("proposals:aggregate_action", kwargs=kwargs),
            {"points": [points[0].pk], "action": "create"},
        )
        assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_it_shows_a_published_meeting_read_only(world, client):
    meeting = make_closed_meeting(world.council)
    points = make_points(meeting, world.member, ["공개 후 의견"])
    make_proposal(meeting, points=points)
    meeting.status = Meeting.Status.PUBLISHED
    meeting.save()
    client.force_login(world.staff)
    kwargs = {"council": world.council.slug, "meeting": meeting.slug}
    body = client.get(reverse("proposals:aggregate", kwargs=kwargs)).content.decode()
    assert "결과가 공개된 회의입니다. 취합 결과를 볼 수만 있습니다." in body
    assert 'name="points"' not in body
    response = client.post(
        reverse("proposals:aggregate_action", kwargs=kwargs),
        {"points": [points[0].pk], "action": "create"},
    )
    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_it_asks_to_select_points(setup, client):
    meeting, points, other, kwargs = setup
    response = client.post(
        reverse("proposals:aggregate_action", kwargs=kwargs), {"action": "create"}, follow=True
    )
    assert "건의사항으로 만들 의견을 하나 이상 선택하세요." in response.content.decode()
    assert not Proposal.objects.exists()
