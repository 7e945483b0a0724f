"""The staff dashboard: meetings, submissions and what is left of the department responses."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.models import Meeting
from tests import factories
from tests.factories import make_answered_proposal


def _dashboard(client, world):
    client.force_login(world.staff)
    return client.get(reverse("portal:dashboard", args=["geumjeong"]))


def test_it_counts_submissions_and_unfinished_responses_per_meeting(client, world):
    meeting = factories.make_meeting(
        world.council,
        status=Meeting.Status.CLOSED,
        invite=[world.member, world.other_member],
    )
    factories.make_opinion(meeting, world.member)
    make_answered_proposal(meeting, 1)  # final response
    make_answered_proposal(meeting, 2, response_lines="검토 중", response_status="draft")
    overdue = make_answered_proposal(meeting, 3, response_lines=None)
    overdue.due_date = dt.date(2020, 1, 1)
    overdue.save()

    html = _dashboard(client, world).content.decode()
    assert "1 / 2" in html
    assert "2건 미확정" in html
    assert "기한 지남 1건" in html
    assert reverse("proposals:response_list", args=["geumjeong", meeting.slug]) in html
    assert reverse("council:meeting_create", args=["geumjeong"]) in html


def test_it_says_all_final_when_every_response_is_final(client, world):
    meeting = factories.make_meeting(world.council, status=Meeting.Status.CLOSED)
    make_answered_proposal(meeting, 1)
    assert "모두 확정" in _dashboard(client, world).content.decode()


def test_its_query_count_does_not_grow_with_meetings(client, world):
    def add_meetings(years):
        for year in years:
            meeting = factories.make_meeting(world.council, year=year, status="closed")
            make_answered_proposal(meeting, 1)

    add_meetings([2001, 2002])
    client.force_login(world.staff)
    url = reverse("portal:dashboard", args=["geumjeong"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_meetings(range(2003, 2023))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_it_shows_the_latest_meetings_and_links_to_the_rest(client, world):
    from portal.views import DASHBOARD_MEETINGS

    for year in range(2015, 2015 + DASHBOARD_MEETINGS + 2):
        factories.make_meeting(world.council, year=year, half=1, status=Meeting.Status.PUBLISHED)
    client.force_login(world.staff)
    html = client.get(reverse("portal:dashboard", args=["geumjeong"])).content.decode()
    assert "2022년 상반기" in html and "2015년 상반기" not in html  # the oldest are on the list
    assert reverse("council:meeting_list", args=["geumjeong"]) in html
    assert "지난 회의 모두 보기" in html


def test_it_counts_overdue_follow_ups_and_links_to_them(client, world):
    meeting = factories.make_meeting(world.council, status=Meeting.Status.PUBLISHED)
    factories.make_commitment(make_answered_proposal(meeting, 1), due_date=dt.date(2020, 1, 31))
    factories.make_commitment(make_answered_proposal(meeting, 2), due_date=dt.date(2999, 1, 31))
    html = _dashboard(client, world).content.decode()
    assert "완료 예정일이 지난 후속 조치 1건" in html
    board = reverse("proposals:commitment_board", args=["geumjeong"])
    assert f'href="{board}?overdue=on"' in html


def test_it_says_nothing_of_follow_ups_when_none_is_overdue(client, world):
    assert "완료 예정일이 지난 후속 조치" not in _dashboard(client, world).content.decode()
