"""Members reach the published result (issue 14, item 9): from 내 회의 and the meeting
page, and next to each of their own points, which proposal it went into and the
department's answer. Before publication they see none of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council.models import Meeting
from proposals.models import DepartmentResponse
from tests.factories import make_closed_meeting, make_points, make_proposal, make_response


@pytest.fixture
def round_(world):
    meeting = make_closed_meeting(world.council, invite=[world.member])
    used, unused = make_points(meeting, world.member, ["야간돌봄 확대", "쓰이지 않은 의견"])
    proposal = make_proposal(
        meeting, headline="야간돌봄 운영 확대", department=world.department, points=[used]
    )
    make_response(
        proposal,
        status=DepartmentResponse.Status.FINAL,
        lines="2024년 2개소 야간 연장 운영\n수요 조사 후 확대",
        state=DepartmentResponse.State.PARTIAL,
    )
    return meeting


def _opinion_page(client, meeting):
    return client.get(reverse("council:my_opinion", args=["geumjeong", meeting.slug]))


def test_before_publication_members_see_no_proposal_or_answer(client, world, round_):
    client.force_login(world.member.user)
    html = _opinion_page(client, round_).content.decode()
    assert "야간돌봄 확대" in html
    assert "야간돌봄 운영 확대" not in html and "2개소 야간 연장" not in html
    assert (
        "회의 결과 보기"
        not in client.get(reverse("council:my_meetings", args=["geumjeong"])).content.decode()
    )


def test_once_published_each_point_shows_its_proposal_and_the_answer(client, world, round_):
    Meeting.objects.filter(pk=round_.pk).update(status=Meeting.Status.PUBLISHED)
    client.force_login(world.member.user)
    html = _opinion_page(client, round_).content.decode()
    assert "1번 건의사항으로 취합" in html and "야간돌봄 운영 확대" in html
    assert "부분 반영" in html
    assert "○ 2024년 2개소 야간 연장 운영" in html and "○ 수요 조사 후 확대" in html
    assert "건의사항으로 취합되지 않음" in html  # the other point
    result = reverse("archive:detail", args=["geumjeong", round_.slug])
    home = client.get(reverse("council:my_meetings", args=["geumjeong"])).content.decode()
    assert f'href="{result}"' in home and "회의 결과 보기" in home
    assert "내 의견이 취합된 곳" in home
    page = client.get(round_.get_absolute_url()).content.decode()
    assert f'href="{result}"' in page and "내 의견이 취합된 곳 보기" in page


def test_a_pdf_material_opens_in_the_browser_with_download_beside_it(client, world):
    from tests.factories import make_attachment, make_open_meeting

    meeting = make_open_meeting(world.council, invite=[world.member])
    attachment = make_attachment(meeting, name="현황자료.pdf")
    client.force_login(world.member.user)
    url = reverse("council:attachment_download", args=["geumjeong", meeting.slug, attachment.pk])
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{url}?view=1">현황자료.pdf</a>' in html
    assert f'href="{url}">내려받기' in html
    shown = client.get(url + "?view=1")
    assert shown["Content-Disposition"].startswith("inline;")
    assert client.get(url)["Content-Disposition"].startswith("attachment;")
