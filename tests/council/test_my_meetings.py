"""Member home: open meetings with the time left, past ones below; flat query count."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from council.models import Meeting
from tests import factories
from tests.factories import SEOUL, make_open_meeting

HOME = reverse("council:my_meetings", args=["geumjeong"])


def test_it_lists_open_meetings_with_the_time_left_and_a_link_to_my_opinion(client, world):
    deadline = dt.datetime(2030, 6, 20, 18, 0, tzinfo=SEOUL)
    meeting = make_open_meeting(world.council, invite=[world.member], deadline=deadline)
    factories.make_meeting(world.council, year=2022, status=Meeting.Status.PUBLISHED)
    factories.make_meeting(world.council, year=2031, status=Meeting.Status.DRAFT)
    with time_machine.travel(deadline - dt.timedelta(days=2, hours=3), tick=False):
        client.force_login(world.member.user)
        html = client.get(HOME).content.decode()
    assert "의견 접수 중" in html
    assert "2일" in html and "남음" in html
    assert reverse("council:my_opinion", args=["geumjeong", meeting.slug]) in html
    assert "지난 회의" in html and "2022년" in html
    assert "2031년" not in html  # drafts are not shown to members


def test_it_shows_an_empty_state(client, world):
    client.force_login(world.member.user)
    assert "지금 의견을 받는 회의가 없습니다" in client.get(HOME).content.decode()


@pytest.mark.parametrize("n", [3, 40])
def test_its_query_count_does_not_grow(client, world, n, django_assert_num_queries):
    members = [world.member] + [factories.make_member(world.council) for _ in range(n)]
    for year in range(2000, 2000 + n):
        meeting = factories.make_meeting(
            world.council, year=year, status=Meeting.Status.CLOSED, invite=members
        )
        factories.make_opinion(meeting, world.member)
    client.force_login(world.member.user)
    with django_assert_num_queries(8):
        response = client.get(HOME)
    assert response.content.decode().count("내 의견서 제출 완료") == n


def test_past_rounds_say_whether_my_opinion_was_submitted(client, world):
    """Each past round says 제출 완료 or 미제출, on its own line (no stray `·` leading a
    wrapped line on a phone) (issue 29)."""
    answered = factories.make_meeting(
        world.council, year=2021, status=Meeting.Status.CLOSED, invite=[world.member]
    )
    factories.make_opinion(answered, world.member)
    factories.make_meeting(
        world.council, year=2022, status=Meeting.Status.CLOSED, invite=[world.member]
    )
    client.force_login(world.member.user)
    html = client.get(HOME).content.decode()
    assert html.count("내 의견서 제출 완료") == 1
    assert html.count("내 의견서 미제출") == 1
    assert '<span class="small text-body-secondary">·' not in html
    assert '<div class="small text-body-secondary">마감 · 내 의견서 미제출</div>' in html
